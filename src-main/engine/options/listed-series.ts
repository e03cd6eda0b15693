/**
 * The listed option series writers hold (strike grid × expiry × right): the Black–Scholes work is done
 * once per series per price (value, per-position charge, or the portfolio grid's scenario changes), so
 * each writer costs a few multiply-adds. Values are cached for one price until the next step.
 */
import { bsPrice } from './black-scholes.ts';
import type { IvSurface } from './iv-surface.ts';
import { SECONDS_PER_YEAR } from './layer-types.ts';
import { optionScenarioChanges, shortOptionCharge, type Grid } from './portfolio-margin.ts';
import type { OptionsDesign } from './spec.ts';

/** expired: 0 open, 2 expiring at this step, 1 settled. */
export const SERIES_OPEN = 0;
export const SERIES_SETTLED = 1;
export const SERIES_EXPIRING = 2;

export class ListedSeries {
  readonly count: number;
  readonly isCall: Uint8Array;
  /** USD. */
  readonly strike: Float64Array;
  /** Epoch seconds. */
  readonly expiry: Float64Array;
  readonly expired: Uint8Array;
  /** Mark of one option, USD, at the cached price. */
  readonly value: Float64Array;
  /** Per-position charge of one short option, USD (per-position margin). */
  readonly charge: Float64Array;
  /** Value changes of one option per grid scenario (portfolio margin), series-major. */
  readonly changes: Float64Array;
  private cachePrice = NaN;

  constructor(
    isCall: number[],
    strike: number[],
    expiry: number[],
    private readonly grid: Grid | null,
  ) {
    this.count = isCall.length;
    this.isCall = Uint8Array.from(isCall);
    this.strike = Float64Array.from(strike);
    this.expiry = Float64Array.from(expiry);
    this.expired = new Uint8Array(this.count);
    this.value = new Float64Array(this.count);
    this.charge = new Float64Array(this.count);
    this.changes = new Float64Array(this.count * (grid?.size ?? 0));
  }

  /** A new step: values must be recomputed. */
  invalidate(): void {
    this.cachePrice = NaN;
  }

  /** Values, charges and grid changes at `price` (USD) and time t (epoch seconds), unless cached for this price. */
  refresh(
    price: number,
    t: number,
    surface: IvSurface,
    rate: number,
    mm: OptionsDesign['marginModel'],
  ): void {
    if (price === this.cachePrice) return;
    this.cachePrice = price;
    const grid = this.grid;
    const G = grid?.size ?? 0;
    const changes = new Float64Array(G);
    for (let si = 0; si < this.count; si++) {
      if (this.expired[si] === SERIES_SETTLED) {
        this.value[si] = 0;
        this.charge[si] = 0;
        continue;
      }
      const isCall = this.isCall[si] === 1;
      const K = this.strike[si]!;
      const years = Math.max(0, (this.expiry[si]! - t) / SECONDS_PER_YEAR);
      const sigma = surface.vol(K, price, years);
      if (grid !== null) {
        this.value[si] = optionScenarioChanges(isCall, K, years, price, rate, sigma, grid, changes);
        this.changes.set(changes, si * G);
      } else {
        this.value[si] = bsPrice(isCall, price, K, years, rate, sigma);
        if (mm.kind === 'per-position') this.charge[si] = shortOptionCharge(isCall, K, price, mm);
      }
    }
  }

  /** Marks the series expiring by t; returns whether any is. */
  markExpiring(t: number): boolean {
    let any = false;
    for (let si = 0; si < this.count; si++) {
      if (this.expired[si] === SERIES_OPEN && this.expiry[si]! <= t) {
        this.expired[si] = SERIES_EXPIRING;
        any = true;
      }
    }
    return any;
  }

  /** The expiring series are settled. */
  finishExpiring(): void {
    for (let si = 0; si < this.count; si++)
      if (this.expired[si] === SERIES_EXPIRING) this.expired[si] = SERIES_SETTLED;
  }

  /** Intrinsic value of one option of series si at `price`, USD. */
  intrinsic(si: number, price: number): number {
    const K = this.strike[si]!;
    return this.isCall[si] === 1 ? Math.max(0, price - K) : Math.max(0, K - price);
  }
}
