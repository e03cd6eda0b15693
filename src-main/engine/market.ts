/**
 * Venues and price impact. Each venue's price is P_v = F · exp(I_v) where F is the exogenous
 * (fundamental) price and I_v = permanent + transient impact built from forced and hedging flows.
 *
 * Square-root venues: transient impact follows the square-root law of each step's flow; the permanent
 * part is linear in volume, so splitting a sale into slices does not change its lasting effect.
 *
 * Timing (MODEL.md §7): the net flow of step t moves the price in step t; every fill on a venue in
 * step t executes at the geometric midpoint of the venue's pre- and post-impact price, i.e.
 * P_pre · exp(ΔI/2). Sells are routed across an asset's venues in proportion to their current
 * (stress-thinned) depth.
 */
import type { AssetSpec } from './scenario.ts';

export const IMPACT_LINEAR = 0;
export const IMPACT_SQRT = 1;
export const IMPACT_CPMM = 2;

/** Depth USD → virtual USD reserve of a constant-product pool whose price moves 1% for that flow. */
const CPMM_RESERVE_PER_DEPTH = 1 / (1 / Math.sqrt(0.99) - 1);

/**
 * Log-price change caused by a net flow of `flowUsd` (negative = net selling) on a venue with
 * `depthUsd` (USD that moves the price 1%). Monotone in the flow, and smaller in size for more depth.
 */
export function impactLog(model: number, flowUsd: number, depthUsd: number): number {
  if (flowUsd === 0) return 0;
  if (model === IMPACT_LINEAR) return (0.01 * flowUsd) / depthUsd;
  if (model === IMPACT_SQRT) {
    const m = 0.01 * Math.sqrt(Math.abs(flowUsd) / depthUsd);
    return flowUsd < 0 ? -m : m;
  }
  // Constant product: selling a of the asset into reserves (x, y) moves the price by (x/(x+a))².
  const reserve = depthUsd * CPMM_RESERVE_PER_DEPTH;
  if (flowUsd < 0) return -2 * Math.log1p(-flowUsd / reserve);
  return -2 * Math.log1p(-Math.min(flowUsd / reserve, 0.9));
}

export class AssetMarket {
  readonly venueCount: number;
  readonly names: string[];
  private readonly model: Uint8Array;
  private readonly depth0: Float64Array;
  private readonly permanentFraction: Float64Array;
  private readonly transientDecay: Float64Array;
  private readonly elasticity: Float64Array;
  private readonly floor: Float64Array;
  /** Static depth weights used for the composite price and arbitrage target. */
  readonly weight: Float64Array;
  readonly permanent: Float64Array;
  readonly transient: Float64Array;
  /** Current stress-thinned depth per venue, USD per 1%. */
  readonly depth: Float64Array;
  private peakLogF = -Infinity;
  private readonly arbFraction: number;
  private readonly arbCapital: number;
  private readonly arbHalfGas: number;

  constructor(spec: AssetSpec, stepSeconds: number, depthScale = 1) {
    const n = spec.venues.length;
    this.venueCount = n;
    this.names = spec.venues.map((v) => v.name);
    this.model = new Uint8Array(n);
    this.depth0 = new Float64Array(n);
    this.permanentFraction = new Float64Array(n);
    this.transientDecay = new Float64Array(n);
    this.elasticity = new Float64Array(n);
    this.floor = new Float64Array(n);
    this.weight = new Float64Array(n);
    this.permanent = new Float64Array(n);
    this.transient = new Float64Array(n);
    this.depth = new Float64Array(n);
    let total = 0;
    spec.venues.forEach((v, i) => {
      this.model[i] = v.impact === 'linear' ? IMPACT_LINEAR : v.impact === 'sqrt' ? IMPACT_SQRT : IMPACT_CPMM;
      this.depth0[i] = v.depthUsd * depthScale;
      this.permanentFraction[i] = v.permanentFraction;
      this.transientDecay[i] = Math.pow(0.5, stepSeconds / v.transientHalfLifeSeconds);
      this.elasticity[i] = v.stress.elasticity;
      this.floor[i] = v.stress.floor;
      total += this.depth0[i]!;
    });
    for (let i = 0; i < n; i++) this.weight[i] = this.depth0[i]! / total;
    const half = spec.arbitrage.gapHalfLifeSeconds;
    this.arbFraction = half === null ? 0 : 1 - Math.pow(0.5, stepSeconds / half);
    this.arbCapital = spec.arbitrage.capitalUsdPerSecond * stepSeconds * depthScale;
    this.arbHalfGas = spec.arbitrage.halfCapacityGasGwei;
  }

  /** Step start, part 1: transient impact decays. */
  decay(): void {
    for (let v = 0; v < this.venueCount; v++) this.transient[v]! *= this.transientDecay[v]!;
  }

  /** Step start, part 2: depth thins with the drawdown of F from its running peak. */
  setFundamental(logF: number): void {
    if (logF > this.peakLogF) this.peakLogF = logF;
    const drawdown = 1 - Math.exp(logF - this.peakLogF);
    for (let v = 0; v < this.venueCount; v++) {
      this.depth[v] = this.depth0[v]! * Math.max(this.floor[v]!, 1 - this.elasticity[v]! * drawdown);
    }
  }

  /** Impact state of venue v (log). */
  impact(v: number): number {
    return this.permanent[v]! + this.transient[v]!;
  }

  /** Depth-weighted composite impact (log). Exactly 0 when no venue carries impact. */
  compositeImpact(): number {
    let s = 0;
    for (let v = 0; v < this.venueCount; v++)
      s += this.weight[v]! * (this.permanent[v]! + this.transient[v]!);
    return s;
  }

  /**
   * Applies a net sale of `units` of the asset at pre-flow prices `F·exp(I_v)`, routed by current
   * depth. Returns the average fill price (USD per unit) across venues. Negative `units` is a net
   * purchase (buyers pay above the pre-flow price). 0 does nothing and returns the depth-weighted
   * pre-flow price.
   */
  applySale(units: number, priceF: number): number {
    let totalDepth = 0;
    for (let v = 0; v < this.venueCount; v++) totalDepth += this.depth[v]!;
    let avgFill = 0;
    for (let v = 0; v < this.venueCount; v++) {
      const share = this.depth[v]! / totalDepth;
      const pre = priceF * Math.exp(this.impact(v));
      if (units === 0) {
        avgFill += share * pre;
        continue;
      }
      const flowUsd = -units * share * pre;
      const model = this.model[v]!;
      const depth = this.depth[v]!;
      const phi = this.permanentFraction[v]!;
      // Square-root venues follow Almgren–Chriss: the transient part obeys the square-root law,
      // the permanent part is linear in volume. (A permanent square root summed over many small
      // steps would grow with the number of slices, not with the size of the order.)
      const dPermanent =
        phi *
        (model === IMPACT_SQRT ? impactLog(IMPACT_LINEAR, flowUsd, depth) : impactLog(model, flowUsd, depth));
      const dTransient = (1 - phi) * impactLog(model, flowUsd, depth);
      const d = dPermanent + dTransient;
      this.permanent[v]! += dPermanent;
      this.transient[v]! += dTransient;
      avgFill += share * pre * Math.exp(d / 2);
    }
    return avgFill;
  }

  /**
   * Arbitrage: each venue's impact moves toward the depth-weighted mean by 1 − 0.5^(step/`gapHalfLifeSeconds`) of the
   * gap, scaled down when the USD needed exceeds arbitrage capital (which congestion halves at
   * `halfCapacityGasGwei`). Returns the USD the arbitrageurs traded (one side).
   */
  arbitrage(gasGwei: number): number {
    if (this.venueCount < 2 || this.arbFraction === 0) return 0;
    const target = this.compositeImpact();
    let needUsd = 0;
    for (let v = 0; v < this.venueCount; v++) {
      needUsd += Math.abs(target - this.impact(v)) * 100 * this.depth[v]!;
    }
    needUsd = (needUsd * this.arbFraction) / 2;
    if (needUsd === 0) return 0;
    const capital = this.arbCapital / (1 + gasGwei / this.arbHalfGas);
    const alpha = needUsd > capital ? (this.arbFraction * capital) / needUsd : this.arbFraction;
    for (let v = 0; v < this.venueCount; v++) {
      const gap = target - this.impact(v);
      // Arbitrage moves are treated as permanent: they relocate impact, they do not create it.
      this.permanent[v]! += alpha * gap;
    }
    return Math.min(needUsd, capital);
  }
}
