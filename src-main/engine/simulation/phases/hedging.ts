/**
 * Phase 6: hedging flows. Options (engine/options): writers' margin and liquidations, dealers' delta
 * hedges, portfolio insurers' rules, all valued at the market's pre-flow price; their trades join
 * this step's net flow. None for lending and perpetual populations.
 */
import { SRC_HEDGING, SRC_INSURANCE, SRC_LIQUIDATION } from '../orders.ts';
import { marketClosed } from '../market-hours.ts';
import type { World } from '../world.ts';
import type { Phase } from './phase.ts';

export const hedgingFlows: Phase = {
  name: '6. hedging flows',
  reads: ['now', 'derivatives'],
  writes: ['derivatives', 'orders'],
  run(w: World): void {
    const layer = w.layer;
    if (!layer) return;
    const { tSec, ref } = w.now;
    layer.beginStep(tSec, ref);
    // A closed market: writers, dealers and insurers trade at the next open.
    if (marketClosed(w, w.now.t)) return;
    layer.marginAndLiquidations(tSec, ref);
    const hf = layer.hedgingFlows(tSec, ref);
    const units = w.orders.sourceUnits;
    units[SRC_HEDGING]! += hf.hedging;
    units[SRC_INSURANCE]! += hf.insurance;
    units[SRC_LIQUIDATION]! += hf.liquidation;
  },
};
