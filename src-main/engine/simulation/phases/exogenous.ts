/**
 * Phase 1: the exogenous move F_t, transient impact decays, venue prices before the step's flows.
 * Anchored (calibration's construction pass), F is whatever makes the population asset's pre-flow
 * price equal the observed one: F_t = observed_t − I_t, with I_t built from earlier steps' flows.
 */
import type { Basket } from '../../basket.ts';
import type { AssetMarket } from '../../market.ts';
import type { World } from '../world.ts';
import type { Phase } from './phase.ts';

/**
 * The market price before the step's flows: a basket's Σ q_a F_a exp(I_a), else F · exp(I) with
 * `F` and `preImpact` the population asset's.
 */
export function preFlowPrice(
  basket: Basket | null,
  markets: readonly AssetMarket[],
  stepLogF: Float64Array,
  F: number,
  preImpact: number,
): number {
  return basket ? basket.marketPrice(stepLogF, markets) : F * Math.exp(preImpact);
}

export const exogenousMove: Phase = {
  name: '1. exogenous move and decay',
  reads: ['path', 'markets'],
  writes: ['path', 'markets', 'now'],
  run(w: World): void {
    const { markets, path, now, opts } = w;
    const anchor = opts.anchorLog ?? null;
    for (let a = 0; a < markets.length; a++) {
      const m = markets[a]!;
      m.decay();
      const lf =
        anchor && a === w.assetIdx ? anchor[now.t]! - m.compositeImpact() : opts.fundamentalLog[a]![now.t]!;
      path.stepLogF[a] = lf;
      m.setFundamental(lf);
      const vp = path.assetVenuePrices[a]!;
      const Fa = Math.exp(lf);
      for (let v = 0; v < m.venueCount; v++) vp[v] = Fa * Math.exp(m.impact(v));
    }
    const logF = path.stepLogF[w.assetIdx]!;
    path.fundamentalLog[now.t] = logF;
    now.F = w.basket ? w.basket.fundamental(path.stepLogF) : Math.exp(logF);
    path.venuePrices.set(path.assetVenuePrices[w.assetIdx]!);
    now.preImpact = w.market.compositeImpact();
    now.ref = preFlowPrice(w.basket, markets, path.stepLogF, now.F, now.preImpact);
    now.gas = w.timeline.gasGwei[now.t]!;
  },
};
