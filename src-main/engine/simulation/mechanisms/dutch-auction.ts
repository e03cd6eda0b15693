/**
 * Dutch auction (Maker 2021 "clip"; MODEL.md §6): the price starts at `startBuffer` × the oracle and
 * decays on a curve; a keeper takes (part of) the lot once the price is below its valuation, paying
 * with its capital or, with flash liquidity, through a DEX inside the take. The auction resets after
 * `resetAfterSeconds` or a fall below `resetBelowRatio` of its start, paying the keeper incentive
 * again. No new auction opens while the tabs of active ones exceed `maxActiveTabUsd` (Maker's `hole`).
 */
import { asDoubles } from '../../double-fields.ts';
import type { Design, DutchAuctionDesign } from '../../design.ts';
import { IntList } from '../../id-list.ts';
import type { World } from '../world.ts';
import { AuctionMechanism } from './auctions.ts';
import { kicksLeft, noTxLeft, useTx } from './keeper-actions.ts';

/** Price multiplier of a Dutch auction after `sec` seconds. */
export function decayFactor(
  decay: Extract<Design['liquidation'], { kind: 'dutch-auction' }>['decay'],
  sec: number,
): number {
  switch (decay.kind) {
    case 'stairstep-exponential':
      return Math.pow(decay.cut, Math.floor(sec / decay.stepSeconds));
    case 'linear':
      return Math.max(0, 1 - sec / decay.durationSeconds);
    case 'exponential':
      return Math.pow(0.5, sec / decay.halfLifeSeconds);
  }
}

export class DutchAuction extends AuctionMechanism {
  private active = new IntList();
  private nextActive = new IntList();
  /** Debt + penalty of the auctions still running, USD (Maker's `Dirt`). */
  private activeTab = 0;
  /** Price multipliers by whole steps since the (re)start, up to the reset time. */
  private readonly decayTable: Float64Array;

  constructor(
    w: World,
    private readonly dutch: DutchAuctionDesign,
  ) {
    super(w, dutch);
    this.decayTable = Float64Array.from(
      { length: Math.min(1_000_000, Math.ceil(dutch.resetAfterSeconds / w.dt) + 2) },
      (_, k) => decayFactor(dutch.decay, k * w.dt),
    );
    asDoubles(this, ['activeTab']);
  }

  override get openAuctions(): number {
    return this.active.size;
  }

  /** Every kick left (kicks pay an incentive, so they land at any gas when it covers it). */
  capacity(): number {
    return kicksLeft(this.w.keepers, this.w.now.gas, false);
  }

  protected hasRoomFor(debtPart: number): boolean {
    const d = this.dutch;
    return !(this.activeTab + debtPart * (1 + d.penalty) > d.maxActiveTabUsd && this.activeTab > 0);
  }
  protected kickIncentive(debtPart: number): number {
    return this.dutch.keeperTipUsd + this.dutch.keeperChip * debtPart * (1 + this.dutch.penalty);
  }
  protected endOf(t: number): number {
    return t;
  }
  protected startPrice(price: number): number {
    return price * this.dutch.startBuffer;
  }
  protected opened(au: number, tab: number): void {
    const { totals, ledger, now } = this.w;
    const incentive = this.dutch.keeperTipUsd + this.dutch.keeperChip * tab;
    totals.keeperIncentives += incentive;
    ledger.charge(incentive, now.t);
    this.active.push(au);
    this.activeTab += tab;
  }

  protected advanceAuctions(): void {
    if (this.active.size === 0) return;
    const t = this.w.now.t;
    const { keepers } = this.w;
    const { book } = this;
    const active = this.active;
    const next = this.nextActive;
    next.clear();
    for (let j = 0; j < active.size; j++) {
      const au = active.items[j]!;
      const s = book.slot.at(au);
      // Once no keeper has a transaction left, no reset or take can land: a running auction stays.
      if (noTxLeft(keepers) && book.lot[s]! > 0 && book.tabLeft[s]! > 0) next.push(au);
      else if (this.stepAuction(au, t)) this.countSettled(au);
      else next.push(au);
    }
    this.active = next;
    this.nextActive = active;
  }

  /** One step of auction `au`: reset if due, then takes. Returns true when it finished this step. */
  private stepAuction(au: number, t: number): boolean {
    const { book } = this;
    const s = book.slot.at(au);
    const p = this.currentPrice(au, t);
    if (p < 0) return false;
    const { keepers, now } = this.w;
    // Above every keeper's price: nothing can happen to this auction this step.
    if (p > now.ref * (1 - keepers.minMargin)) return false;
    this.takes(au, p);
    if (book.tabLeft[s]! <= 0 || book.lot[s]! <= 0) {
      this.activeTab -= book.tabLeft[s]!;
      const left = book.lot[s]!;
      book.lot[s] = 0;
      this.lots -= left;
      this.returnLot(au, left);
      this.closeAuction(au, t);
      return true;
    }
    return false;
  }

  /** The auction's price now, after a reset if one is due; −1 when a reset is due but no keeper can send it. */
  private currentPrice(au: number, t: number): number {
    const s = this.book.slot.at(au);
    const d = this.dutch;
    const { book } = this;
    const elapsed = t - book.startStep[s]!;
    const elapsedSec = elapsed * this.w.dt;
    let top = book.top[s]!;
    const table = this.decayTable;
    let p = top * (elapsed < table.length ? table[elapsed]! : decayFactor(d.decay, elapsedSec));
    if (elapsedSec > d.resetAfterSeconds || p / top < d.resetBelowRatio) {
      const { keepers, now, totals, ledger, oracle } = this.w;
      const incentive = d.keeperTipUsd + d.keeperChip * book.tabLeft[s]!;
      let k = 0;
      while (k < keepers.count && !useTx(keepers, now, k, incentive)) k++;
      if (k >= keepers.count) return -1;
      top = oracle.value * d.startBuffer;
      book.top[s] = top;
      book.startStep[s] = t;
      book.resets.add(au, 1);
      totals.keeperIncentives += incentive;
      ledger.charge(incentive, t);
      p = top;
    }
    return p;
  }

  /** Keepers take at price p, most aggressive first, until the lot or the tab is gone. */
  private takes(au: number, p: number): void {
    const { book } = this;
    const s = book.slot.at(au);
    const { keepers, now, env } = this.w;
    const d = this.dutch;
    const refPrice = now.ref;
    const lotUnits = book.lotUnits.at(au);
    const tabUsd = book.tabUsd.at(au);
    for (let j = 0; j < keepers.count && book.lot[s]! > 0 && book.tabLeft[s]! > 0; j++) {
      const k = keepers.byMargin[j]!;
      if (p > refPrice * (1 - keepers.margin[k]!)) break; // sorted by margin: nobody further will take
      const lot = book.lot[s]!;
      const tabLeft = book.tabLeft[s]!;
      const budget = d.flashLiquidity ? env.maxTakeUsd : keepers.capital[k]!;
      let units = Math.min(lot, tabLeft / p, budget / p);
      if (units <= 0) continue;
      if (lot - units < 1e-12 * lotUnits) units = lot;
      const pay = Math.min(units * p, tabLeft);
      if (!useTx(keepers, now, k, units * (refPrice - p))) continue;
      if (!d.flashLiquidity) keepers.capital[k]! -= pay;
      book.lot[s] = lot - units;
      this.lots -= units;
      let left = tabLeft - pay;
      this.activeTab -= pay;
      if (left < 1e-9 * tabUsd) {
        this.activeTab -= left;
        left = 0;
      }
      book.tabLeft[s] = left;
      this.receive(au, pay);
      book.winner.set(au, k);
      // Settled through a DEX inside the take, the keeper keeps only its profit (no sale of its own).
      this.sellForKeeper(d.flashLiquidity ? -1 : k, units);
    }
  }
}
