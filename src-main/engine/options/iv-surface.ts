/**
 * Implied-volatility surface with stress feedback (MODEL.md §5: "implied volatility rises with
 * realised stress; higher IV raises option margins").
 *
 * The model, per strike K, spot S and time to expiry T (years):
 *
 *   σ(K, S, T) = clamp( base + stress · (T_ref / max(T, T_min))^termPower + skew · (−ln(K/S)),
 *                       floor, cap )
 *
 * - base: the calm at-the-money level (flat term structure in calm markets — a stated simplification).
 * - skew: vol points per unit of log-moneyness; positive skew makes low strikes (OTM puts) richer,
 *   as equity-index and crypto surfaces have been since 1987.
 * - stress: a state variable that jumps with realised stress and relaxes slowly:
 *     v_t      = λ·v_{t−1} + (1 − λ)·r_t² / Δt           (EWMA of squared log returns over
 *                                                        Δt = returnIntervalSeconds, annualised,
 *                                                        λ = ½^(Δt / realisedHalfLife))
 *     target_t = β · max(0, √v_t − calmVol)              (excess realised vol over a calm level)
 *     stress_t = max(target_t, stress_{t−1} · ½^(Δt / relaxHalfLife))
 *   so IV reprices at once when the market moves and bleeds back with a half-life afterwards.
 * - term shape of the shock: short expiries move most, by (T_ref/T)^termPower — the shape of
 *   Deribit's older IV-shock rule, (30/DTE)^0.3 (anchors.md §1.14), with T_ref = 30 days.
 *
 * With `feedback` off, the state is still tracked (it is reported) but σ ignores it: IV stays at
 * base + skew, which is the counterfactual "margins do not reprice volatility".
 */
import { asDoubles } from '../double-fields.ts';

export interface IvSurfaceParams {
  /** Calm ATM implied volatility, annualised. */
  baseVol: number;
  /** Vol per unit of −ln(K/S): positive → OTM puts richer. */
  skew: number;
  /** IV points added per point of realised vol above calmVol. */
  stressBeta: number;
  /** Realised vol (annualised) regarded as calm: no stress below it. */
  calmVol: number;
  /** Half-life of the EWMA of squared returns, seconds. */
  realisedHalfLifeSeconds: number;
  /** Half-life with which the stress state relaxes once realised vol calms, seconds. */
  relaxHalfLifeSeconds: number;
  /** Exponent of the term shape of the stress shock (Deribit's 0.3). */
  termPower: number;
  /**
   * Returns are measured over this interval, seconds (0 or less than a step: every step). Hourly
   * returns keep the estimate off tick-level noise, as risk desks do.
   */
  returnIntervalSeconds?: number;
  /** Lowest and highest IV the surface quotes, annualised. */
  floor: number;
  cap: number;
}

const SECONDS_PER_YEAR = 365 * 86_400;
const T_REF_YEARS = 30 / 365;
/** Below one day the term factor stops growing (it would diverge at expiry). */
const T_MIN_YEARS = 1 / 365;

export class IvSurface {
  /** Annualised realised variance estimate (EWMA). */
  private variance: number;
  /** IV points added at T_ref by stress (the state variable). */
  private stressState = 0;
  private lastPrice: number | null = null;
  private readonly lambda: number;
  private readonly relax: number;
  private readonly stepYears: number;
  /** Steps per measured return, and steps since the last one. */
  private readonly sampleSteps: number;
  private sinceSample = 0;

  constructor(
    readonly params: IvSurfaceParams,
    stepSeconds: number,
    /** When false, σ stays at base + skew whatever happens (the feedback counterfactual). */
    readonly feedback: boolean,
  ) {
    asDoubles(this, ['stressState']);
    if (!(stepSeconds > 0)) throw new RangeError('stepSeconds must be positive');
    if (!(params.cap >= params.floor)) throw new RangeError('iv.cap must be ≥ iv.floor');
    this.sampleSteps = Math.max(1, Math.round((params.returnIntervalSeconds ?? 0) / stepSeconds));
    this.stepYears = (this.sampleSteps * stepSeconds) / SECONDS_PER_YEAR;
    this.lambda = Math.pow(0.5, (this.sampleSteps * stepSeconds) / params.realisedHalfLifeSeconds);
    this.relax = Math.pow(0.5, stepSeconds / params.relaxHalfLifeSeconds);
    this.variance = params.calmVol * params.calmVol;
  }

  /** Feeds one step's price (USD). The first call only records it. */
  update(price: number): void {
    if (!(price > 0) || !Number.isFinite(price)) return;
    if (this.lastPrice !== null) {
      if (++this.sinceSample < this.sampleSteps) return;
      this.sinceSample = 0;
      const r = Math.log(price / this.lastPrice);
      this.variance = this.lambda * this.variance + ((1 - this.lambda) * r * r) / this.stepYears;
      const target = this.params.stressBeta * Math.max(0, Math.sqrt(this.variance) - this.params.calmVol);
      this.stressState = Math.max(target, this.stressState * this.relax);
    }
    this.lastPrice = price;
  }

  /** Realised volatility estimate, annualised. */
  realisedVol(): number {
    return Math.sqrt(this.variance);
  }

  /** The stress state: IV points added at the 30-day tenor (reported even when feedback is off). */
  stress(): number {
    return this.stressState;
  }

  /** Implied volatility for strike K at spot S with `years` to expiry. */
  vol(strike: number, spot: number, years: number): number {
    const p = this.params;
    const m = spot > 0 && strike > 0 ? -Math.log(strike / spot) : 0;
    let v = p.baseVol + p.skew * m;
    if (this.feedback && this.stressState > 0) {
      v += this.stressState * Math.pow(T_REF_YEARS / Math.max(years, T_MIN_YEARS), p.termPower);
    }
    return Math.min(p.cap, Math.max(p.floor, v));
  }

  /** At-the-money IV for `years` to expiry. */
  atmVol(years: number): number {
    return this.vol(1, 1, years);
  }
}
