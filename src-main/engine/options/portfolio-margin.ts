/**
 * Margin for option portfolios, two ways (MODEL.md §5):
 *
 * 1. Per-position ("strategy-based") margin, the CBOE naked-option rule that Deribit's standard
 *    margin also follows in shape: each short option needs
 *        max(a·S − OTM amount, b·X) per unit,   X = K for a put, S for a call
 *    (CBOE: a = 20%, b = 10%; Deribit standard maintenance: a ≈ 15%, b ≈ 10%). The option's own
 *    mark is not part of the requirement: it already lowers the account's equity. Long options need
 *    nothing beyond their premium; futures/perps need `futuresMaintenance`·|q|·S; long spot needs
 *    nothing (short spot is margined like a future). Positions never offset each other.
 *
 * 2. Risk-based portfolio margin: the worst loss of the whole account (options, futures/perps and
 *    spot, in cross mode — collateral held in the underlying is a spot position) over a grid of
 *    price and implied-vol moves. Two layouts:
 *    - 'span' (CME SPAN, anchors.md §1.14/§3.9): 16 scenarios — price unchanged, ±⅓, ±⅔, ±1 of the
 *      price scan range, each with vol up and vol down by the vol scan range (14), plus two extreme
 *      moves of ±`extremeMoveMultiple` × the scan range at unchanged vol whose loss counts only
 *      `extremeCoverFraction` (CME: 3× and 35%). Vol moves are relative here: σ·(1 ± volScanRange).
 *    - 'deribit-pm' (Deribit portfolio margin): price moves spread evenly over ±`priceRange`
 *      (±16% in 9 buckets: −16%, −12%, …, +16%) × vol up / unchanged / down. Vol shocks follow
 *      Deribit's older rule with its term shape: σ·(1 ± shock·(30/DTE)^termPower), DTE ≥ 1 day.
 *    The requirement is max(0, worst weighted loss), and at least `shortOptionMinimum`·S per unit
 *    of net short options (SPAN's short-option minimum: deep OTM shorts are never free).
 *    Not modelled: SPAN's intra/inter-commodity spread charges and one-day look-ahead, Deribit's
 *    extended table and contingency add-ons (state them as limits when comparing with real margins).
 *
 * Scenario vols are shocks around each option's current surface vol, σ = market.vol(K, T).
 */
import { bsPrice, type OptionRight } from './black-scholes.ts';

export type GridSpec =
  | {
      kind: 'span';
      /** Price scan range, fraction of spot (S&P in 1987 terms: ~0.1). */
      priceScanRange: number;
      /** Relative vol move, fraction of σ (CME example: 0.35). */
      volScanRange: number;
      /** Extreme moves, multiples of the scan range (CME: 3). */
      extremeMoveMultiple: number;
      /** Share of the extreme-move loss counted (CME: 0.35). */
      extremeCoverFraction: number;
    }
  | {
      kind: 'deribit-pm';
      /** Largest price move, fraction of spot (Deribit: 0.16). */
      priceRange: number;
      /** Number of price points from −range to +range inclusive (Deribit: 9). */
      buckets: number;
      /** Relative vol shock up and down at 30 days to expiry. */
      volUpShock: number;
      volDownShock: number;
      /** Exponent of the term shape (30/DTE)^p (Deribit: 0.3). */
      termPower: number;
    };

/** A grid expanded into parallel arrays: scenario s moves spot to S·(1 + priceMove[s]). */
export interface Grid {
  readonly spec: GridSpec;
  readonly size: number;
  readonly priceMove: Float64Array;
  /** −1 vol down, 0 unchanged, +1 vol up. */
  readonly volDir: Int8Array;
  /** Share of the scenario's loss counted (1 except SPAN's extreme moves). */
  readonly weight: Float64Array;
}

/** Expands a grid spec into its scenarios (order as CME numbers SPAN's 16). */
export function buildGrid(spec: GridSpec): Grid {
  const moves: number[] = [];
  const dirs: number[] = [];
  const weights: number[] = [];
  const add = (m: number, d: number, w: number) => {
    moves.push(m);
    dirs.push(d);
    weights.push(w);
  };
  if (spec.kind === 'span') {
    const r = spec.priceScanRange;
    add(0, 1, 1);
    add(0, -1, 1);
    for (const f of [1 / 3, 2 / 3, 1]) {
      add(f * r, 1, 1);
      add(f * r, -1, 1);
      add(-f * r, 1, 1);
      add(-f * r, -1, 1);
    }
    add(spec.extremeMoveMultiple * r, 0, spec.extremeCoverFraction);
    add(-spec.extremeMoveMultiple * r, 0, spec.extremeCoverFraction);
  } else {
    const n = Math.max(2, Math.round(spec.buckets));
    for (let i = 0; i < n; i++) {
      const m = -spec.priceRange + (2 * spec.priceRange * i) / (n - 1);
      for (const d of [1, 0, -1]) add(m, d, 1);
    }
  }
  return {
    spec,
    size: moves.length,
    priceMove: Float64Array.from(moves),
    volDir: Int8Array.from(dirs),
    weight: Float64Array.from(weights),
  };
}

/** The implied vol of scenario direction `dir` around base σ for an option with `years` left. */
export function shockedVol(spec: GridSpec, sigma: number, years: number, dir: number): number {
  if (dir === 0) return sigma;
  if (spec.kind === 'span') return Math.max(0, sigma * (1 + dir * spec.volScanRange));
  const dte = Math.max(1, years * 365);
  const term = Math.pow(30 / dte, spec.termPower);
  const shock = (dir > 0 ? spec.volUpShock : spec.volDownShock) * term;
  return Math.max(0, sigma * (1 + dir * shock));
}

/**
 * Change in value of one LONG option unit in each scenario, USD (V_s − V_0), written into `out`
 * (length ≥ grid.size). A short position of q units loses q·out[s].
 */
export function optionScenarioChanges(
  isCall: boolean,
  strike: number,
  years: number,
  spot: number,
  rate: number,
  sigma: number,
  grid: Grid,
  out: Float64Array,
): number {
  const v0 = bsPrice(isCall, spot, strike, years, rate, sigma);
  for (let s = 0; s < grid.size; s++) {
    const sv = shockedVol(grid.spec, sigma, years, grid.volDir[s]!);
    out[s] = bsPrice(isCall, spot * (1 + grid.priceMove[s]!), strike, years, rate, sv) - v0;
  }
  return v0;
}

export type Position =
  /** `quantity` units of the underlying: + long, − short. `years` to expiry. */
  | { kind: 'option'; right: OptionRight; strike: number; years: number; quantity: number }
  /** Linear future or perpetual, USD-settled: P&L = quantity·(S − entry). */
  | { kind: 'future'; quantity: number; entryPrice: number }
  /** Spot holding in the underlying (e.g. same-asset collateral), units. */
  | { kind: 'spot'; quantity: number };

export interface MarketView {
  spot: number;
  rate: number;
  /** Implied vol for a strike and time to expiry (the surface). */
  vol: (strike: number, years: number) => number;
}

/** Mark-to-market of a position, USD (options at Black–Scholes on the surface). */
export function positionValue(p: Position, m: MarketView): number {
  if (p.kind === 'option') {
    return (
      p.quantity * bsPrice(p.right === 'call', m.spot, p.strike, p.years, m.rate, m.vol(p.strike, p.years))
    );
  }
  if (p.kind === 'future') return p.quantity * (m.spot - p.entryPrice);
  return p.quantity * m.spot;
}

export interface PortfolioMarginResult {
  /** Collateral the account must hold in equity, USD (≥ 0). */
  requirement: number;
  /** Weighted loss per scenario, USD (positive = loss), in grid order. */
  losses: Float64Array;
  /** Index of the worst scenario. */
  worst: number;
}

/**
 * Risk-based (SPAN / Deribit PM) requirement of a cross-margined account: the worst weighted loss
 * over the grid, at least `shortOptionMinimum`·S per unit of net short options.
 */
export function portfolioMargin(
  positions: readonly Position[],
  market: MarketView,
  grid: Grid,
  shortOptionMinimum = 0,
): PortfolioMarginResult {
  const losses = new Float64Array(grid.size);
  const changes = new Float64Array(grid.size);
  let netShortOptions = 0;
  for (const p of positions) {
    if (p.kind === 'option') {
      optionScenarioChanges(
        p.right === 'call',
        p.strike,
        p.years,
        market.spot,
        market.rate,
        market.vol(p.strike, p.years),
        grid,
        changes,
      );
      for (let s = 0; s < grid.size; s++) losses[s]! -= p.quantity * changes[s]!;
      netShortOptions -= p.quantity;
    } else {
      // Futures and spot both change by quantity·ΔS.
      for (let s = 0; s < grid.size; s++) losses[s]! -= p.quantity * market.spot * grid.priceMove[s]!;
    }
  }
  let worst = 0;
  for (let s = 0; s < grid.size; s++) {
    losses[s]! *= grid.weight[s]!;
    if (losses[s]! > losses[worst]!) worst = s;
  }
  const minimum = shortOptionMinimum * Math.max(0, netShortOptions) * market.spot;
  return { requirement: Math.max(0, losses[worst]!, minimum), losses, worst };
}

export interface PerPositionParams {
  /** a: share of spot in the short-option charge (CBOE 0.20, Deribit ≈ 0.15). */
  shortOptionBase: number;
  /** b: floor of the short-option charge, share of K (puts) or S (calls) (CBOE/Deribit 0.10). */
  shortOptionFloor: number;
  /** Maintenance share of notional for futures/perps and short spot. */
  futuresMaintenance: number;
}

/** Per-unit requirement of a SHORT option (USD): max(a·S − OTM, b·X). */
export function shortOptionCharge(
  isCall: boolean,
  strike: number,
  spot: number,
  params: PerPositionParams,
): number {
  const otm = isCall ? Math.max(0, strike - spot) : Math.max(0, spot - strike);
  const floor = params.shortOptionFloor * (isCall ? spot : strike);
  return Math.max(params.shortOptionBase * spot - otm, floor);
}

/** Per-position requirement of one position, USD (no offsets between positions). */
export function perPositionMargin(p: Position, market: MarketView, params: PerPositionParams): number {
  if (p.kind === 'option') {
    if (p.quantity >= 0) return 0;
    return -p.quantity * shortOptionCharge(p.right === 'call', p.strike, market.spot, params);
  }
  if (p.kind === 'future') return params.futuresMaintenance * Math.abs(p.quantity) * market.spot;
  return p.quantity < 0 ? params.futuresMaintenance * -p.quantity * market.spot : 0;
}

/** Sum of per-position requirements, USD. */
export function perPositionMarginTotal(
  positions: readonly Position[],
  market: MarketView,
  params: PerPositionParams,
): number {
  let total = 0;
  for (const p of positions) total += perPositionMargin(p, market, params);
  return total;
}
