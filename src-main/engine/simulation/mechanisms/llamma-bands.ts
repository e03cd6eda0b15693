/**
 * The band arithmetic of soft liquidation as in crvUSD's LLAMMA (Curve, AMM.vy / Controller.vy; the
 * facts are Curve's, this code is ours). Pure functions of a few numbers, so they can be checked by hand.
 *
 * A borrower's collateral is deposited in N bands of equal collateral y = c / N, each band a price
 * range [p↓, p↑] with p↓ = p↑ · (A − 1) / A (width 1/A): in log price, band n spans
 * [T − (n + 1)Δ, T − nΔ] with Δ = ln(A / (A − 1)) and T the log of the top band's upper price.
 *
 * All borrowers share one AMM and so one AMM price. With the oracle at log price o, LLAMMA moves each
 * band's AMM price range with the cube of the oracle: band n trades between 3o − 2 ln p↑ and
 * 3o − 2 ln p↓ (the whitepaper's p_cd = p_o³ / p↑², p_cu = p_o³ / p↓²), and inside it the share held as
 * stablecoin grows linearly in the log of the AMM price (a modelling choice with LLAMMA's end points;
 * the contract's invariant is close to it over a band of width 1 %). The AMM's state is then one
 * number, `u` = log AMM price − 3o, and a borrower's converted bands are w = (u + 2T) / (2Δ), clamped
 * to [0, N]: when AMM price and oracle are both at o, w = (T − o) / Δ — nothing converted above the
 * top band, everything below the bottom one. When the oracle falls the bands' AMM prices fall three
 * times as fast, the AMM offers collateral below the market, and arbitrageurs buy it and sell it on
 * the venues: the conversion is a forced sale, and the gap is the borrower's loss.
 */

export interface BandParams {
  /** Band width factor A (band width 1/A). */
  readonly A: number;
  /** Bands per borrower, N. */
  readonly bands: number;
  /** Loan discount: the borrower's bands are placed so that (1 − loanDiscount) × their value = debt. */
  readonly loanDiscount: number;
  /** Liquidation discount: health = (1 − liquidationDiscount) × value / debt − 1. */
  readonly liquidationDiscount: number;
}

/** Log width of a band, Δ = ln(A / (A − 1)). */
export function bandLogWidth(A: number): number {
  return Math.log(A / (A - 1));
}

/**
 * USD a borrower's collateral yields when converted down through all its bands with AMM price and
 * oracle together (each unit at its band's price): y · e^T · (1 − e^(−NΔ)) / Δ, from band `from` on.
 */
export function bandsValue(y: number, top: number, bands: number, delta: number, from = 0): number {
  return (y * Math.exp(top) * (Math.exp(-from * delta) - Math.exp(-bands * delta))) / delta;
}

/**
 * Log of the top band's upper price for collateral c and debt d (crvUSD's rule for a new loan: the
 * collateral converted through the bands, less the loan discount, covers the debt). A loan the
 * population holds beyond crvUSD's maximum at N bands (its top above the current price `logPrice`)
 * starts its bands at the current price.
 */
export function topBandLog(c: number, d: number, p: BandParams, logPrice: number): number {
  const delta = bandLogWidth(p.A);
  const y = c / p.bands;
  const unit = bandsValue(y, 0, p.bands, delta);
  const top = Math.log(d / ((1 - p.loanDiscount) * unit));
  return Math.min(top, logPrice);
}

/** Bands converted, w ∈ [0, N], of a borrower whose top is `top`, at AMM state u. */
export function bandsConverted(u: number, top: number, bands: number, delta: number): number {
  const w = (u + 2 * top) / (2 * delta);
  return w < 0 ? 0 : w > bands ? bands : w;
}

/**
 * Stablecoin the borrower's bands receive (+) or pay (−) when the AMM state moves from u0 to u1 with
 * the oracle at log price o: along the AMM's curve, each unit at the AMM price e^(u + 3o),
 * y / (2Δ) · e^(3o) · (e^(b) − e^(a)) over the part [a, b] of the move inside the bands.
 */
export function stableFromMove(
  u0: number,
  u1: number,
  o: number,
  y: number,
  top: number,
  bands: number,
  delta: number,
): number {
  const lo = -2 * top;
  const hi = 2 * bands * delta - 2 * top;
  const a = u0 < lo ? lo : u0 > hi ? hi : u0;
  const b = u1 < lo ? lo : u1 > hi ? hi : u1;
  if (a === b) return 0;
  return (y / (2 * delta)) * (Math.exp(b + 3 * o) - Math.exp(a + 3 * o));
}

/**
 * Health as crvUSD's Controller counts it: (stablecoin in the bands + the rest converted down through
 * its remaining bands) × (1 − liquidation discount) / debt − 1. It does not fall with the price while
 * the price is in or below the bands — only through the conversion's losses.
 */
export function bandHealth(
  stable: number,
  y: number,
  top: number,
  converted: number,
  debt: number,
  p: BandParams,
): number {
  if (debt <= 0) return Infinity;
  const delta = bandLogWidth(p.A);
  const value = stable + bandsValue(y, top, p.bands, delta, converted);
  return ((1 - p.liquidationDiscount) * value) / debt - 1;
}

/**
 * The AMM state after arbitrage: the AMM price e^(u + 3o) is brought to the market price m within the
 * AMM fee (an arbitrageur trades only when the gap beats the fee).
 */
export function arbitragedState(u: number, o: number, logMarket: number, fee: number): number {
  const phi = Math.log(1 + fee);
  const x = u + 3 * o;
  if (x < logMarket - phi) return logMarket - phi - 3 * o;
  if (x > logMarket + phi) return logMarket + phi - 3 * o;
  return u;
}
