/**
 * A counterfactual with the impact switched off (`impactOffFromStep`, attribution), stepped on a copy
 * of the venues alone.
 *
 * With the impact off, the step's flows fill at the pre-flow prices and move nothing, so the
 * counterfactual's price no longer depends on the accounts, the auctions or anyone's flows: only on
 * the venues' state at its start (impact, depth, the running peak of F), on the exogenous path F and
 * gas, and on arbitrage, which relocates impact between venues whatever the flows. Phase 1 (decay,
 * depth, the pre-flow price) and phase 7 (a sale of nothing, arbitrage) are all that moves it; no
 * other phase writes a venue, and phases 1–6 of the first step are the pass's own (phase 7 alone
 * reads `impactOffFromStep`). So a copy of the venues taken once phase 6 of that step has run — a few
 * numbers per venue, where a copy of the whole world is ~200 B per account — gives exactly the
 * prices a whole pass with the impact off would. fork.test.ts checks it against such passes, and
 * wave-forks.test.ts for every built-in scenario (baskets and option layers among them).
 */
import type { Basket } from '../basket.ts';
import type { AssetMarket } from '../market.ts';
import { preFlowPrice } from './phases/exogenous.ts';
import { impactAndArbitrage, tradeOnVenues } from './phases/impact.ts';
import { PIPELINE } from './step.ts';
import type { World } from './world.ts';

/** Index in PIPELINE of the first phase a counterfactual changes (phase 7, impact). */
export const IMPACT_PHASE = PIPELINE.indexOf(impactAndArbitrage);

/**
 * A wave's counterfactual: the world's venues as they were once phase 6 of the wave's first step
 * had run, stepped with the impact off (phase 1's decay, depth and pre-flow price; phase 7's sale of
 * nothing and arbitrage).
 */
export class VenueCounterfactual {
  private readonly markets: AssetMarket[];
  private readonly market: AssetMarket;
  private readonly basket: Basket | null;
  private readonly stepLogF: Float64Array;

  /**
   * `anchor`: null to read the population asset's F as the pass recorded it (its construction pass
   * included); a construction pass's observed log to anchor F as such a pass of its own would, on
   * the copy's impact.
   */
  constructor(
    private readonly w: World,
    /** A structural copy (fork.ts's `WorldForker.copyOf`). */
    copyOf: <T>(value: T) => T,
    private readonly anchor: Float64Array | null,
  ) {
    const [markets, basket] = copyOf([w.markets, w.basket] as const);
    this.markets = markets;
    this.market = markets[w.assetIdx]!;
    this.basket = basket;
    this.stepLogF = w.path.stepLogF.slice();
  }

  /** Phase 7 of the wave's first step (phase 8 moves no venue): the flows fill and move nothing. */
  firstStep(): void {
    const { now } = this.w;
    tradeOnVenues(this.markets, this.market, this.basket, 0, this.stepLogF, now.F, now.gas);
  }

  /** Step t (after the pass's own): its price before the step's flows. */
  step(t: number): number {
    const { w, markets, stepLogF } = this;
    // Phase 1 (the pass has stepped t already: its F of the step is recorded).
    const anchor = this.anchor;
    for (let a = 0; a < markets.length; a++) {
      const m = markets[a]!;
      m.decay();
      const lf =
        a !== w.assetIdx
          ? w.opts.fundamentalLog[a]![t]!
          : anchor
            ? anchor[t]! - m.compositeImpact()
            : w.path.fundamentalLog[t]!;
      stepLogF[a] = lf;
      m.setFundamental(lf);
    }
    const F = this.basket ? this.basket.fundamental(stepLogF) : Math.exp(stepLogF[w.assetIdx]!);
    const price = preFlowPrice(this.basket, markets, stepLogF, F, this.market.compositeImpact());
    // Phase 7 with the impact off.
    tradeOnVenues(markets, this.market, this.basket, 0, stepLogF, F, w.timeline.gasGwei[t]!);
    return price;
  }
}
