/**
 * An exchange's insurance fund (MODEL.md §6): liquidation fees flow in; negative equity of closed
 * positions (longs and shorts) is paid out until it is empty. Zero for designs without one.
 */
import type { Totals } from '../types.ts';

export class InsuranceFund {
  constructor(
    /** Balance, USD. */
    public balance: number,
    private readonly totals: Totals,
  ) {}

  /** A liquidation fee of `usd` paid in. */
  receiveFee(usd: number): void {
    this.balance += usd;
    this.totals.insuranceFees += usd;
  }

  /** Pays what it can of a deficit; returns the USD it paid. */
  draw(deficitUsd: number): number {
    const paid = Math.min(this.balance, deficitUsd);
    this.balance -= paid;
    this.totals.insurancePaid += paid;
    return paid;
  }
}
