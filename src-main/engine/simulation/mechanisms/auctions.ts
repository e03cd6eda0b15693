/**
 * What English (flip) and Dutch (clip) auctions share (MODEL.md §6): a kick opens an auction for a lot
 * of the account's collateral and the same share of its debt, plus the penalty (the tab); proceeds
 * repay the auction's debt first and the rest is penalty income; a lot covered before it is sold goes
 * back to the account; what the proceeds never cover is bad debt. Auctions live in the AuctionBook's
 * columns (auction-book.ts). Owner of the book and of the collateral and debt held in auctions.
 */
import { noteChanged, STATUS_ACTIVE, STATUS_CLOSED } from '../../accounts.ts';
import {
  AuctionBook,
  OPEN_DEBT,
  OPEN_LOT,
  OPEN_MARKET,
  OPEN_ORACLE,
  OPEN_TAB,
  OPEN_TOP,
} from '../../auction-book.ts';
import type { DutchAuctionDesign, EnglishAuctionDesign } from '../../design.ts';
import { SRC_AUCTION } from '../orders.ts';
import type { World } from '../world.ts';
import { takeKickTx } from './keeper-actions.ts';
import { MechanismBase } from './mechanism.ts';
import { asDoubles } from '../../double-fields.ts';
import { countedUnits, describeKeeperLiquidations } from './narration.ts';

export abstract class AuctionMechanism extends MechanismBase {
  readonly book: AuctionBook;
  /** Collateral in open auctions, units, and the debt they still have to cover, USD. */
  lots = 0;
  debt = 0;

  constructor(
    protected readonly w: World,
    protected readonly spec: EnglishAuctionDesign | DutchAuctionDesign,
  ) {
    super();
    this.book = new AuctionBook(spec.kind === 'english-auction' ? 'english' : 'dutch', 1024, w.columns);
    asDoubles(this, ['lots', 'debt']);
  }

  override get auctionLots(): number {
    return this.lots;
  }
  override get auctionDebt(): number {
    return this.debt;
  }
  override auctionBook(): AuctionBook {
    return this.book;
  }

  override beginStep(): void {
    super.beginStep();
    this.book.beginStep();
  }

  /** Opens an auction for a lot of account i's collateral (and the same share of its debt). Returns 0, or −1 if it cannot. */
  liquidate(i: number): number {
    const { w, spec, book } = this;
    const { acc, now } = w;
    const c = acc.collateral[i]!;
    const d = acc.debt[i]!;
    const lot = Math.min(spec.lotSize, c, w.modifiers.maxUnits(now.ref));
    const debtPart = lot >= c ? d : (d * lot) / c;
    if (!this.hasRoomFor(debtPart) || !takeKickTx(w.keepers, now, this.kickIncentive(debtPart))) {
      w.deferredLiq.push(i);
      return -1;
    }
    acc.collateral[i] = c - lot;
    acc.debt[i] = d - debtPart;
    noteChanged(acc, i);
    if (lot >= c) w.closeAccount(i);
    w.health.retrigger(i);
    if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0) w.deferredLiq.push(i);
    const tab = debtPart * (1 + spec.penalty);
    const o = book.opening;
    o[OPEN_LOT] = lot;
    o[OPEN_DEBT] = debtPart;
    o[OPEN_TAB] = tab;
    o[OPEN_ORACLE] = now.price;
    o[OPEN_MARKET] = now.ref;
    o[OPEN_TOP] = this.startPrice(now.price);
    const au = book.open(i, now.t, this.endOf(now.t));
    this.opened(au, tab);
    this.lots += lot;
    this.debt += debtPart;
    w.noteKick(lot);
    w.logAuction(i, au + 1);
    return 0;
  }

  /** Phase 5b: the auctions' bids, takes and settlement; the run's auction totals. */
  override advance(): void {
    this.advanceAuctions();
    const { totals, tally, now } = this.w;
    totals.auctionsSettled += tally.auctionsSettled;
    totals.zeroBidAuctions += tally.zeroBids;
    totals.zeroBidCollateralUsd += tally.zeroBidUnits * now.ref;
  }

  describeLiquidations(): string {
    return describeKeeperLiquidations(this.w, countedUnits(this.w, 'auction', 'opened for'));
  }

  /** Steps in `seconds` (at least one). */
  protected stepsOf(seconds: number): number {
    return Math.max(1, Math.round(seconds / this.w.dt));
  }

  /** Counts an auction settled this step: zero bids and the bad debt it realised. */
  protected countSettled(au: number): void {
    const tally = this.w.tally;
    tally.auctionsSettled++;
    if (this.book.zeroBid.at(au) === 1) {
      tally.zeroBids++;
      tally.zeroBidUnits += this.book.lotUnits.at(au);
    }
    tally.auctionBadDebtUsd += this.book.shortfallUsd.at(au);
  }

  /** Closes auction `au` at step t: what its proceeds did not cover is bad debt. */
  protected closeAuction(au: number, t: number): void {
    const book = this.book;
    const s = book.slot.at(au);
    this.lots -= book.lot[s]!;
    const left = book.debtLeft[s]!;
    this.debt -= left;
    book.endStep.set(au, t);
    book.settled(au);
    if (left > 0) {
      book.shortfallUsd.set(au, left);
      this.w.ledger.badDebt(left, t);
      book.debtLeft[s] = 0;
    }
  }

  /** Applies `usd` received by the protocol: first repays the auction's debt, the rest is penalty income. */
  protected receive(au: number, usd: number): void {
    const { book, w } = this;
    const s = book.slot.at(au);
    const repay = Math.min(usd, book.debtLeft[s]!);
    book.debtLeft[s]! -= repay;
    this.debt -= repay;
    w.totals.repaid += repay;
    w.ledger.credit(usd - repay);
    w.totals.penaltyIncome += usd - repay;
    book.proceedsUsd.add(au, usd);
    w.totals.proceedsUsd += usd;
  }

  /** Hands collateral from auction `au` back to its account (its debt is covered). */
  protected returnLot(au: number, units: number): void {
    if (units <= 0) return;
    const { acc, health } = this.w;
    const i = this.book.account.at(au);
    acc.collateral[i] = acc.collateral[i]! + units;
    this.w.waiting.grew(i);
    this.book.returnedUnits.add(au, units);
    // A closed account gets its collateral back but owes nothing: it stays closed for liquidation.
    if (!(acc.status[i] === STATUS_CLOSED && acc.debt[i]! <= 0)) health.retrigger(i);
  }

  /** Queues a keeper's sale of won collateral (k = −1: sold inside a flash take, nobody's to settle). */
  protected sellForKeeper(k: number, units: number): void {
    this.w.orders.push(SRC_AUCTION, k, units, 0);
    this.w.totals.collateralOut += units;
  }

  /** Can a new auction of this much debt open now (Maker's `hole`)? */
  protected abstract hasRoomFor(debtPart: number): boolean;
  /** What a kick pays the keeper, USD (a paid kick lands at any gas). */
  protected abstract kickIncentive(debtPart: number): number;
  /** Step an auction kicked at t ends (English), or 0. */
  protected abstract endOf(t: number): number;
  /** Starting price of a Dutch auction at the oracle `price`, or 0. */
  protected abstract startPrice(price: number): number;
  /** A new auction was opened with this tab. */
  protected abstract opened(au: number, tab: number): void;
  /** Phase 5b: every open auction's step. */
  protected abstract advanceAuctions(): void;
}
