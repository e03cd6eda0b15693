/**
 * Black–Scholes for European options on a non-dividend asset, with a continuously compounded
 * risk-free rate r. This is the price and risk model of the whole options layer: writers' marks,
 * dealers' hedge ratios, portfolio insurers' synthetic puts and the scenario grids of portfolio
 * margin all use these functions, so they must never return NaN.
 *
 * Units: spot and strike in USD per unit of the underlying, time to expiry in years, r and σ
 * annualised (0.2 = 20%). Vega is per 1.00 of σ (divide by 100 for "per vol point"), theta per year
 * (divide by 365 for "per day"). All values are per one unit of the underlying.
 *
 * Robustness: when σ√T is tiny (at or after expiry, or σ = 0) the option is worth its discounted
 * intrinsic value, delta is a step (½ exactly at the money), gamma and vega are 0. Deep in or out of
 * the money the normal tails are taken from a double-precision CDF, so N(d) underflows cleanly to 0
 * or 1 and put–call parity holds to rounding.
 */

export type OptionRight = 'call' | 'put';

export interface OptionRisk {
  /** Value, USD per unit of the underlying. */
  price: number;
  /** ∂price/∂S, units of the underlying per option unit (call ∈ [0, 1], put ∈ [−1, 0]). */
  delta: number;
  /** ∂²price/∂S², per USD. */
  gamma: number;
  /** ∂price/∂σ, USD per 1.00 of volatility. */
  vega: number;
  /** ∂price/∂t (calendar time passing), USD per year; usually negative. */
  theta: number;
}

/** Below this σ√T an option is valued at its discounted intrinsic value (no time value left). */
const MIN_SIGMA_SQRT_T = 1e-10;
const INV_SQRT_2PI = 0.3989422804014327;

/** Standard normal density. */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal CDF, double precision (Hart 1968, algorithm 5666, as given by G. West, "Better
 * approximations to cumulative normal functions", 2005): absolute error below 1e-14. Symmetric by
 * construction, N(−x) = 1 − N(x), which keeps put–call parity exact to rounding.
 */
export function normCdf(x: number): number {
  const z = Math.abs(x);
  let c: number;
  if (!(z <= 37)) {
    c = 0; // also NaN-safe: a NaN input is treated as ±∞ (callers never pass one)
  } else {
    const e = Math.exp(-0.5 * z * z);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      c = (e * n) / d;
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/**
 * Price only (the hot path: margin grids call this hundreds of times per step). `isCall` selects
 * the right; arguments as in {@link blackScholes}.
 */
export function bsPrice(
  isCall: boolean,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  sigma: number,
): number {
  const t = years > 0 ? years : 0;
  const df = Math.exp(-rate * t);
  if (!(spot > 0)) return isCall ? 0 : strike * df;
  const sst = sigma > 0 ? sigma * Math.sqrt(t) : 0;
  if (sst < MIN_SIGMA_SQRT_T) {
    const fwdIntrinsic = spot - strike * df;
    return isCall ? Math.max(fwdIntrinsic, 0) : Math.max(-fwdIntrinsic, 0);
  }
  const d1 = (Math.log(spot / strike) + rate * t) / sst + 0.5 * sst;
  const d2 = d1 - sst;
  return isCall
    ? spot * normCdf(d1) - strike * df * normCdf(d2)
    : strike * df * normCdf(-d2) - spot * normCdf(-d1);
}

/** Delta only, units of the underlying per option unit. */
export function bsDelta(
  isCall: boolean,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  sigma: number,
): number {
  const t = years > 0 ? years : 0;
  if (!(spot > 0)) return isCall ? 0 : -1;
  const sst = sigma > 0 ? sigma * Math.sqrt(t) : 0;
  if (sst < MIN_SIGMA_SQRT_T) {
    const fwdIntrinsic = spot - strike * Math.exp(-rate * t);
    const step = fwdIntrinsic > 0 ? 1 : fwdIntrinsic < 0 ? 0 : 0.5;
    return isCall ? step : step - 1;
  }
  const d1 = (Math.log(spot / strike) + rate * t) / sst + 0.5 * sst;
  return isCall ? normCdf(d1) : normCdf(d1) - 1;
}

/** Gamma only, per USD (the same for a call and a put). 0 at expiry. */
export function bsGamma(spot: number, strike: number, years: number, rate: number, sigma: number): number {
  const t = years > 0 ? years : 0;
  if (!(spot > 0)) return 0;
  const sst = sigma > 0 ? sigma * Math.sqrt(t) : 0;
  if (sst < MIN_SIGMA_SQRT_T) return 0;
  const d1 = (Math.log(spot / strike) + rate * t) / sst + 0.5 * sst;
  return normPdf(d1) / (spot * sst);
}

/**
 * Price and greeks of a European option.
 * @param right 'call' or 'put'
 * @param spot underlying price, USD (> 0; ≤ 0 is treated as a worthless underlying)
 * @param strike strike, USD (> 0)
 * @param years time to expiry, years (≤ 0: expired, valued at intrinsic)
 * @param rate continuously compounded risk-free rate per year
 * @param sigma implied volatility, annualised (0.2 = 20%)
 */
export function blackScholes(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  sigma: number,
): OptionRisk {
  const isCall = right === 'call';
  const t = years > 0 ? years : 0;
  const df = Math.exp(-rate * t);
  const sst = sigma > 0 && spot > 0 ? sigma * Math.sqrt(t) : 0;
  if (sst < MIN_SIGMA_SQRT_T) {
    const price = bsPrice(isCall, spot, strike, t, rate, sigma);
    const delta = bsDelta(isCall, spot, strike, t, rate, sigma);
    // With no time value the option is a discounted forward when in the money: its value still
    // accrues interest on the strike leg.
    const itm = isCall ? spot > strike * df : spot < strike * df;
    const theta = itm && spot > 0 ? (isCall ? -rate * strike * df : rate * strike * df) : 0;
    return { price, delta, gamma: 0, vega: 0, theta };
  }
  const sqrtT = Math.sqrt(t);
  const d1 = (Math.log(spot / strike) + rate * t) / sst + 0.5 * sst;
  const d2 = d1 - sst;
  const pdf = normPdf(d1);
  const gamma = pdf / (spot * sst);
  const vega = spot * pdf * sqrtT;
  const decay = (-spot * pdf * sigma) / (2 * sqrtT);
  if (isCall) {
    const nd2 = normCdf(d2);
    return {
      price: spot * normCdf(d1) - strike * df * nd2,
      delta: normCdf(d1),
      gamma,
      vega,
      theta: decay - rate * strike * df * nd2,
    };
  }
  const nmd2 = normCdf(-d2);
  return {
    price: strike * df * nmd2 - spot * normCdf(-d1),
    delta: normCdf(d1) - 1,
    gamma,
    vega,
    theta: decay + rate * strike * df * nmd2,
  };
}

/**
 * Coin-margined ("inverse", Deribit-style) view of an option: the same Black–Scholes USD value,
 * expressed in units of the underlying, V/S. Its sensitivity to S is not the USD delta: a coin-
 * margined writer's collateral and liability both move with S, so
 *   ∂(V/S)/∂S = (Δ − V/S) / S   (asset units per USD).
 * A short put paid for in coin therefore loses twice as S falls: the put gains value in USD and
 * every USD of it costs more coin.
 */
export function inverseValue(valueUsd: number, spotUsd: number): number {
  throwIfNotPositive(spotUsd, 'spotUsd');
  return valueUsd / spotUsd;
}

/** Full inverse greeks: value in asset units and its derivative in S, from the USD price and delta. */
export function inverseRisk(
  risk: OptionRisk,
  spotUsd: number,
): { valueAsset: number; deltaAssetPerUsd: number } {
  throwIfNotPositive(spotUsd, 'spotUsd');
  const valueAsset = risk.price / spotUsd;
  return { valueAsset, deltaAssetPerUsd: (risk.delta - valueAsset) / spotUsd };
}

function throwIfNotPositive(x: number, name: string): void {
  if (!(x > 0) || !Number.isFinite(x)) {
    throw new RangeError(`${name} must be a positive finite price in USD (got ${x})`);
  }
}
