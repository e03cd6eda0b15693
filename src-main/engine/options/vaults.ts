/**
 * Automated covered-call vaults (DeFi option vaults; MODEL.md §3): they hold the underlying and, every
 * `rollDays`, sell one call per unit at `callMoneyness` × spot, expiring at the next roll; an expiring
 * call is cash-settled out of the vaults' units and the next one is written at the new spot. The buyers
 * are market makers, who delta-hedge the calls they bought with the dealers' hedging policy: long
 * gamma, they buy on a fall and sell on a rise. The market makers' premium and P&L are in the dealers'
 * cash.
 */
import { asDoubles } from '../double-fields.ts';
import { bsDelta, bsPrice } from './black-scholes.ts';
import type { DealerBook } from './dealers.ts';
import type { IvSurface } from './iv-surface.ts';
import { SECONDS_PER_YEAR } from './layer-types.ts';
import type { HedgePolicy, OptionsSpec } from './spec.ts';

type VaultsSpec = NonNullable<OptionsSpec['vaults']>;

export class CoveredCallVaults {
  /** Units held, at the start, and paid out at expiries. */
  units: number;
  readonly initialUnits: number;
  paidUnits = 0;
  /** Calls written (short), their strike (USD) and expiry (epoch seconds). */
  calls = 0;
  strike = 0;
  expiry = Infinity;
  /** Market makers' hedge of the calls they bought, units, and this step's target. */
  hedge = 0;
  hedgeTarget = 0;
  private lastHedge: number;
  /** Rolled this step (the market makers re-hedge at once). */
  private rolled = false;
  /** Expiry of the calls last narrated. */
  lastRollLogged = -1;

  /** The first calls are written at the start, and hedged at once. */
  constructor(
    private readonly spec: VaultsSpec,
    s0: number,
    startTime: number,
    private readonly surface: IvSurface,
    private readonly rate: number,
    private readonly dealers: DealerBook,
  ) {
    asDoubles(this, ['hedge', 'hedgeTarget']);
    this.units = spec.units;
    this.initialUnits = spec.units;
    this.roll(startTime, s0);
    this.rolled = false;
    this.hedge = -this.callDelta(s0, startTime);
    this.hedgeTarget = this.hedge;
    this.lastHedge = startTime;
  }

  /** Market makers' delta from the calls they hold (long). */
  callDelta(price: number, t: number): number {
    if (this.calls <= 0 || t >= this.expiry) return 0;
    const years = (this.expiry - t) / SECONDS_PER_YEAR;
    return (
      this.calls *
      bsDelta(true, price, this.strike, years, this.rate, this.surface.vol(this.strike, price, years))
    );
  }

  /** Expired calls by t are cash-settled out of the vaults' units at `price`; the next ones are written. */
  settleExpiry(t: number, price: number): void {
    if (this.expiry > t) return;
    const give = Math.min(this.units, (this.calls * Math.max(0, price - this.strike)) / price);
    this.units -= give;
    this.paidUnits += give;
    this.dealers.cash += give * price;
    this.roll(t, price);
  }

  /**
   * §7 step 6: the market makers' re-hedge under the dealers' policy (at once after a roll). Returns
   * the units they sell (+) or buy (−), or null when they do not trade. `enabled` false: the hedge
   * stays as it is.
   */
  rehedge(price: number, t: number, policy: HedgePolicy, enabled: boolean): number | null {
    let units: number | null = null;
    if (enabled && this.calls > 0) {
      const optDelta = this.callDelta(price, t);
      const due =
        this.rolled ||
        (policy.kind === 'band'
          ? Math.abs(optDelta + this.hedge) > policy.bandDelta * this.calls
          : t - this.lastHedge >= policy.seconds - 1e-9);
      if (due) {
        this.hedgeTarget = -optDelta;
        units = this.hedge - this.hedgeTarget;
        this.lastHedge = t;
      } else this.hedgeTarget = this.hedge;
    } else this.hedgeTarget = this.hedge;
    this.rolled = false;
    return units;
  }

  /** Writes the next calls at the spot `price` (premium from the surface, paid by the market makers). */
  private roll(t: number, price: number): void {
    this.calls = this.units;
    this.strike = this.spec.callMoneyness * price;
    this.expiry = t + this.spec.rollDays * 86_400;
    const years = (this.expiry - t) / SECONDS_PER_YEAR;
    const premium = bsPrice(
      true,
      price,
      this.strike,
      years,
      this.rate,
      this.surface.vol(this.strike, price, years),
    );
    this.dealers.cash -= this.calls * premium;
    this.rolled = true;
  }
}
