/**
 * Phase 7: net flow → impact → new venue prices; arbitrage across venues. What the mechanism holds
 * (a stability pool's or vault's collateral) and tiered lots release this step's sales first. Sales
 * and the buy-backs of liquidated shorts net out; every fill of the step executes at the venues'
 * average fill (market.ts). This step's sales show in the next step's pre-flow prices.
 */
import type { World } from '../world.ts';
import type { Phase } from './phase.ts';

export const impactAndArbitrage: Phase = {
  name: '7. impact and arbitrage',
  reads: ['orders', 'path', 'now'],
  writes: ['mechanism', 'modifiers', 'orders', 'markets', 'ledger', 'now', 'tally'],
  run(w: World): void {
    w.mechanism.release();
    w.modifiers.releaseSlices(w.orders);
    const { now, basket, orders, tally } = w;
    tally.flowUnits.set(orders.sourceUnits);
    tally.boughtUnits = orders.boughtUnits();
    // Attribution's counterfactual: the flows fill at the pre-flow prices and move nothing.
    const off = w.opts.impactOffFromStep;
    const units = off !== undefined && now.t >= off ? 0 : orders.netUnits(tally.boughtUnits);
    // A basket sells units × q_a on each asset's own market; the fill is per basket unit.
    now.fill = basket
      ? basket.applySale(w.markets, units, w.path.stepLogF, now.gas)
      : w.market.applySale(units, now.F);
    if (!basket) w.market.arbitrage(now.gas);
  },
};
