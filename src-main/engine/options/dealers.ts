/**
 * Delta-hedging dealers (MODEL.md §3): one aggregate book of options (net short or long gamma) plus a
 * hedge in the underlying. They hedge to zero delta when their net delta leaves a band (a fraction of
 * their option notional) or on a fixed interval: short-gamma dealers sell as the price falls. Their
 * cash also carries the market makers' side of the covered-call vaults (vaults.ts).
 */
import { asDoubles } from '../double-fields.ts';
import { bsDelta, bsGamma } from './black-scholes.ts';
import type { IvSurface } from './iv-surface.ts';
import { SECONDS_PER_YEAR } from './layer-types.ts';
import type { HedgePolicy, OptionsSpec } from './spec.ts';

export class DealerBook {
  private readonly isCall: Uint8Array;
  private readonly strike: Float64Array;
  /** Signed option quantity per leg, units (− = short). */
  private readonly qty: Float64Array;
  /** Epoch seconds. */
  private readonly expiry: number;
  private expired = false;
  /** Option notional, units (Σ |qty|). */
  readonly notional: number;
  /** Hedge in the underlying, units, and what this step's hedging makes it. */
  hedge = 0;
  hedgeTarget = 0;
  /** USD. */
  cash = 0;
  private lastHedge: number;

  constructor(
    d: OptionsSpec['dealers'],
    s0: number,
    startTime: number,
    private readonly surface: IvSurface,
    private readonly rate: number,
  ) {
    asDoubles(this, ['hedge', 'hedgeTarget', 'cash']);
    const legs: { isCall: number; strike: number; qty: number }[] = [];
    const total = d.strikes.reduce((a, b) => a + b.weight, 0);
    const sign = d.gamma === 'short' ? -1 : 1;
    if (d.units > 0 && total > 0) {
      for (const k of d.strikes) {
        const q = (sign * d.units * k.weight) / total;
        if (q === 0) continue;
        if (d.right !== 'call') legs.push({ isCall: 0, strike: k.moneyness * s0, qty: q });
        if (d.right !== 'put') legs.push({ isCall: 1, strike: k.moneyness * s0, qty: q });
      }
    }
    this.isCall = Uint8Array.from(legs.map((l) => l.isCall));
    this.strike = Float64Array.from(legs.map((l) => l.strike));
    this.qty = Float64Array.from(legs.map((l) => l.qty));
    this.expiry = startTime + Math.round(d.expiryDays * 86_400);
    this.notional = legs.reduce((a, l) => a + Math.abs(l.qty), 0);
    this.hedge = -this.optionDelta(s0, startTime);
    this.hedgeTarget = this.hedge;
    this.lastHedge = startTime;
  }

  /** The options' delta (without the hedge), units, at `price` and time t. */
  optionDelta(price: number, t: number): number {
    if (this.expired || t >= this.expiry) return 0;
    const years = (this.expiry - t) / SECONDS_PER_YEAR;
    let delta = 0;
    for (let k = 0; k < this.qty.length; k++) {
      const K = this.strike[k]!;
      delta +=
        this.qty[k]! *
        bsDelta(this.isCall[k] === 1, price, K, years, this.rate, this.surface.vol(K, price, years));
    }
    return delta;
  }

  /** Gamma as units of hedge per 1% move at `price` (negative = short gamma). */
  gammaUnits(price: number, t: number): number {
    if (this.expired || t >= this.expiry) return 0;
    const years = (this.expiry - t) / SECONDS_PER_YEAR;
    let g = 0;
    for (let k = 0; k < this.qty.length; k++) {
      const K = this.strike[k]!;
      g += this.qty[k]! * bsGamma(price, K, years, this.rate, this.surface.vol(K, price, years));
    }
    return g * price * 0.01;
  }

  /**
   * §7 step 6: whether the policy calls for a re-hedge at `price` and time t; if so the target is zero
   * net delta. Returns the units to sell (+) or buy (−). `enabled` false: the hedge stays as it is.
   */
  rehedge(price: number, t: number, policy: HedgePolicy, enabled: boolean): number {
    if (!enabled) {
      this.hedgeTarget = this.hedge;
      return 0;
    }
    if (!(this.notional > 0 || this.hedge !== 0)) return 0;
    const optDelta = this.optionDelta(price, t);
    const net = optDelta + this.hedge;
    const due =
      policy.kind === 'band'
        ? Math.abs(net) > policy.bandDelta * this.notional || (this.expired && this.hedge !== 0)
        : t - this.lastHedge >= policy.seconds - 1e-9;
    if (!due) {
      this.hedgeTarget = this.hedge;
      return 0;
    }
    this.hedgeTarget = -optDelta;
    this.lastHedge = t;
    return this.hedge - this.hedgeTarget;
  }

  /** The options are cash-settled at `price` once expired by t. */
  settleExpiry(t: number, price: number): void {
    if (this.expired || this.expiry > t) return;
    for (let k = 0; k < this.qty.length; k++) {
      const K = this.strike[k]!;
      const intrinsic = this.isCall[k] === 1 ? Math.max(0, price - K) : Math.max(0, K - price);
      this.cash += this.qty[k]! * intrinsic;
    }
    this.expired = true;
  }
}
