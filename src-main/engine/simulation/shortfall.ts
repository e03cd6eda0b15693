/**
 * The shortfall waterfall (MODEL.md §6): bad debt is covered by the protocol's surplus buffer first,
 * then by minting the governance token in a debt auction, or socialised. Owner of `surplus` and of the
 * waterfall's totals (surplusUsed, debtAuction, govTokensMinted, socialised, firstDeficitStep, badDebt).
 */
import type { Design } from '../design.ts';
import type { Totals } from './types.ts';

export class Waterfall {
  /** Protocol surplus left, USD. */
  surplus: number;

  constructor(
    private readonly spec: Design['shortfall'],
    private readonly totals: Totals,
  ) {
    this.surplus = spec.surplusBufferUsd;
  }

  /** A protocol cost of `usd` at step t (bad debt, keeper incentives): surplus first, then the backstop. */
  charge(usd: number, t: number): void {
    if (usd <= 0) return;
    const totals = this.totals;
    const fromSurplus = Math.min(this.surplus, usd);
    this.surplus -= fromSurplus;
    totals.surplusUsed += fromSurplus;
    const rest = usd - fromSurplus;
    if (rest > 0) {
      if (totals.firstDeficitStep < 0) totals.firstDeficitStep = t;
      if (this.spec.then === 'debt-auction') {
        totals.debtAuction += rest;
        totals.govTokensMinted += rest / (this.spec.govTokenPriceUsd * (1 - this.spec.debtAuctionDiscount));
      } else totals.socialised += rest;
    }
  }

  /** Income of the protocol (liquidation penalties), USD: it refills the surplus. */
  credit(usd: number): void {
    if (usd > 0) this.surplus += usd;
  }

  /** Bad debt of `usd` realised at step t: counted, then charged down the waterfall. */
  badDebt(usd: number, t: number): void {
    this.totals.badDebt += usd;
    this.charge(usd, t);
  }
}
