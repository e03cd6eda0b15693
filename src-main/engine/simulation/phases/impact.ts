/**
 * Phase 7: net flow → impact → new venue prices; arbitrage across venues. What the mechanism holds
 * (a stability pool's or vault's collateral) and tiered lots release this step's sales first. Sales
 * and the buy-backs of liquidated shorts net out; every fill of the step executes at the venues'
 * average fill (market.ts). This step's sales show in the next step's pre-flow prices.
 */
import type { Basket } from '../../basket.ts';
import type { AssetMarket } from '../../market.ts';
import type { World } from '../world.ts';
import type { Phase } from './phase.ts';

/**
 * Phase 7 on the venues: a net sale of `units` of the population asset (negative: a purchase; 0
 * moves nothing) at pre-flow prices, then arbitrage. Returns the average fill (per basket unit for
 * a basket, which sells on each asset's own venues).
 */
export function tradeOnVenues(
  markets: readonly AssetMarket[],
  market: AssetMarket,
  basket: Basket | null,
  units: number,
  stepLogF: Float64Array,
  F: number,
  gas: number,
): number {
  const fill = basket ? basket.applySale(markets, units, stepLogF, gas) : market.applySale(units, F);
  if (!basket) market.arbitrage(gas);
  return fill;
}

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
    now.fill = tradeOnVenues(w.markets, w.market, basket, units, w.path.stepLogF, now.F, now.gas);
  },
};
