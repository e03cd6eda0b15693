/**
 * Auctions and liquidation records as growable struct-of-arrays columns: at a million accounts a
 * run opens hundreds of thousands of auctions, and scanning the live ones every step must stay
 * cache-friendly. Records for reports are materialised on demand (`AuctionRecord` objects).
 */
import { FRESH_COLUMNS, grown } from './buffer-pool.ts';
import type { Columns } from './buffer-pool.ts';
import { IntList } from './id-list.ts';
import { PAGE, PagedColumn } from './paged-column.ts';

export interface AuctionRecord {
  id: number;
  account: number;
  kind: 'english' | 'dutch';
  kickStep: number;
  /** Step it settled, or −1 if still open at the end. */
  endStep: number;
  lotUnits: number;
  debtUsd: number;
  tabUsd: number;
  /** Numeraire the protocol received. */
  proceedsUsd: number;
  /** Collateral handed back to the account after the debt was covered. */
  returnedUnits: number;
  shortfallUsd: number;
  zeroBid: boolean;
  /** Oracle price at the kick, USD per unit. */
  oracleAtKick: number;
  marketAtKick: number;
  winner: number;
  resets: number;
}

export interface LiquidationRecord {
  account: number;
  step: number;
  /** Collateral sent to liquidation, asset units, and its market value at the time. */
  units: number;
  valueUsd: number;
  debtUsd: number;
  /** Auction id, or −1 for a market sale. */
  auction: number;
}

type F64 = Float64Array<ArrayBuffer>;
type I32 = Int32Array<ArrayBuffer>;

export class AuctionBook {
  /**
   * Watchers of books as they are created: the account autopsy's re-run watches one account's
   * auctions step by step through it (bids are live state, not records). Read-only by contract; no
   * ordinary run registers one, and a watcher cannot change what the engine computes.
   */
  static readonly #watchers = new Set<(book: AuctionBook) => void>();

  /** Calls `watch` with every book created until the answered function is called. */
  static watchNew(watch: (book: AuctionBook) => void): () => void {
    AuctionBook.#watchers.add(watch);
    return () => {
      AuctionBook.#watchers.delete(watch);
    };
  }

  size = 0;
  // Record columns (index: the auction), paged: they grow without copying (paged-column.ts).
  readonly account: PagedColumn;
  readonly kickStep: PagedColumn;
  readonly endStep: PagedColumn;
  readonly lotUnits: PagedColumn;
  readonly debtUsd: PagedColumn;
  readonly tabUsd: PagedColumn;
  readonly proceedsUsd: PagedColumn;
  readonly returnedUnits: PagedColumn;
  readonly shortfallUsd: PagedColumn;
  readonly zeroBid: PagedColumn;
  readonly oracleAtKick: PagedColumn;
  readonly marketAtKick: PagedColumn;
  readonly winner: PagedColumn;
  readonly resets: PagedColumn;
  /**
   * Each auction's slot in the live-state columns below: at a million accounts a run opens hundreds
   * of thousands of auctions, a few thousand open at a time, and a settled auction's slot serves a
   * later one. A mechanism reads `book.lot[book.slot.at(au)]`. A slot is free again from the step after
   * its auction settled (`beginStep`), so what settled is still readable at the end of its step (the
   * account autopsy reads it).
   */
  readonly slot: PagedColumn;
  private liveCap: number;
  private slotsUsed = 0;
  private readonly freeSlots = new IntList();
  private readonly settledSlots = new IntList();
  private readonly recordColumns: PagedColumn[];
  // Live state (index: the slot).
  lot: F64;
  debtLeft: F64;
  tabLeft: F64;
  bid: F64;
  bidder: I32;
  bidExpiry: I32;
  end: I32;
  top: F64;
  startStep: I32;

  /**
   * `initial`: slots of live state to start with (the records grow page by page); `columns`: a
   * pool's reused buffers in a run that has one (a sweep's).
   */
  constructor(
    readonly kind: 'english' | 'dutch',
    initial = 1024,
    private readonly columns: Columns = FRESH_COLUMNS,
  ) {
    this.liveCap = initial;
    const f = (): F64 => columns.f64(initial);
    const i = (): I32 => columns.i32(initial);
    const pf = (): PagedColumn => PagedColumn.f64(columns);
    const pi = (): PagedColumn => PagedColumn.i32(columns);
    this.account = pi();
    this.kickStep = pi();
    this.endStep = pi();
    this.lotUnits = pf();
    this.debtUsd = pf();
    this.tabUsd = pf();
    this.proceedsUsd = pf();
    this.returnedUnits = pf();
    this.shortfallUsd = pf();
    this.zeroBid = PagedColumn.u8(columns);
    this.oracleAtKick = pf();
    this.marketAtKick = pf();
    this.winner = pi();
    this.resets = pi();
    this.slot = pi();
    this.recordColumns = [
      this.account,
      this.kickStep,
      this.endStep,
      this.lotUnits,
      this.debtUsd,
      this.tabUsd,
      this.proceedsUsd,
      this.returnedUnits,
      this.shortfallUsd,
      this.zeroBid,
      this.oracleAtKick,
      this.marketAtKick,
      this.winner,
      this.resets,
      this.slot,
    ];
    this.lot = f();
    this.debtLeft = f();
    this.tabLeft = f();
    this.bid = f();
    this.bidder = i();
    this.bidExpiry = i();
    this.end = i();
    this.top = f();
    this.startStep = i();
    for (const watch of AuctionBook.#watchers) watch(this);
  }

  /**
   * The doubles of the next auction `open` starts, written by the caller just before: lot (units),
   * debt and tab (USD), oracle and market price at the kick, top (starting price of a Dutch auction).
   * Not arguments: doubles passed to a call V8 does not inline are boxed, and at the kick, inlined
   * three calls deep, `open` often is not (six heap numbers a kick, 33.5 MB in a 1 M replay).
   */
  readonly opening = new Float64Array(6);

  /** Opens an auction (its doubles in `opening`) and returns its index (its record id is index + 1). */
  open(account: number, step: number, end: number): number {
    const o = this.opening;
    const lot = o[OPEN_LOT]!;
    const debt = o[OPEN_DEBT]!;
    const tab = o[OPEN_TAB]!;
    const oracle = o[OPEN_ORACLE]!;
    const market = o[OPEN_MARKET]!;
    const top = o[OPEN_TOP]!;
    const a = this.size++;
    if (a % PAGE === 0) this.growRecords(a);
    const l = this.freeSlots.size > 0 ? this.freeSlots.pop() : this.newSlot();
    this.slot.set(a, l);
    this.account.set(a, account);
    this.kickStep.set(a, step);
    this.endStep.set(a, -1);
    this.lotUnits.set(a, lot);
    this.debtUsd.set(a, debt);
    this.tabUsd.set(a, tab);
    this.oracleAtKick.set(a, oracle);
    this.marketAtKick.set(a, market);
    this.winner.set(a, -1);
    // Every live field: the slot may have served a settled auction before.
    this.lot[l] = lot;
    this.debtLeft[l] = debt;
    this.tabLeft[l] = tab;
    this.bid[l] = 0;
    this.bidder[l] = -1;
    this.bidExpiry[l] = 0;
    this.end[l] = end;
    this.top[l] = top;
    this.startStep[l] = step;
    return a;
  }

  /**
   * A page more of every record column. Kept out of `open` so that its bytecode stays small enough
   * for V8 to inline it at the kick (its six doubles are then not boxed for a call).
   */
  private growRecords(a: number): void {
    for (const c of this.recordColumns) c.grow(a);
  }

  record(a: number): AuctionRecord {
    return {
      id: a + 1,
      account: this.account.at(a),
      kind: this.kind,
      kickStep: this.kickStep.at(a),
      endStep: this.endStep.at(a),
      lotUnits: this.lotUnits.at(a),
      debtUsd: this.debtUsd.at(a),
      tabUsd: this.tabUsd.at(a),
      proceedsUsd: this.proceedsUsd.at(a),
      returnedUnits: this.returnedUnits.at(a),
      shortfallUsd: this.shortfallUsd.at(a),
      zeroBid: this.zeroBid.at(a) === 1,
      oracleAtKick: this.oracleAtKick.at(a),
      marketAtKick: this.marketAtKick.at(a),
      winner: this.winner.at(a),
      resets: this.resets.at(a),
    };
  }

  records(): AuctionRecord[] {
    return Array.from({ length: this.size }, (_, a) => this.record(a));
  }

  get memoryBytes(): number {
    let b = this.liveCap * (8 * 5 + 4 * 4);
    for (const c of this.recordColumns) b += c.bytes;
    return b;
  }

  /** Auction au settled: its slot serves another from the next step. */
  settled(au: number): void {
    this.settledSlots.push(this.slot.at(au));
  }

  /** A step begins: the slots of the auctions settled in the last one are free. */
  beginStep(): void {
    const s = this.settledSlots;
    for (let k = 0; k < s.size; k++) this.freeSlots.push(s.items[k]!);
    s.clear();
  }

  private newSlot(): number {
    if (this.slotsUsed === this.liveCap) {
      this.liveCap *= 2;
      this.lot = grown(this.lot, this.liveCap, this.columns);
      this.debtLeft = grown(this.debtLeft, this.liveCap, this.columns);
      this.tabLeft = grown(this.tabLeft, this.liveCap, this.columns);
      this.bid = grown(this.bid, this.liveCap, this.columns);
      this.top = grown(this.top, this.liveCap, this.columns);
      this.bidder = grown(this.bidder, this.liveCap, this.columns);
      this.bidExpiry = grown(this.bidExpiry, this.liveCap, this.columns);
      this.end = grown(this.end, this.liveCap, this.columns);
      this.startStep = grown(this.startStep, this.liveCap, this.columns);
    }
    return this.slotsUsed++;
  }
}

/**
 * One row per liquidation action. A row that opened an auction keeps only its account, step and
 * auction id: the lot, the debt sent and the lot's market value are the auction's record (`open` is
 * given the same numbers, and `lotUnits × marketAtKick` is the very product logged), so the book
 * answers them. Other rows (market sales, closes, pools) keep their three numbers in `sold`
 * columns; `ref` holds the auction id (> 0) or −(the sold row + 1).
 */
export class LiquidationLog {
  size = 0;
  readonly account: PagedColumn;
  readonly step: PagedColumn;
  private readonly ref: PagedColumn;
  private soldSize = 0;
  private readonly units: PagedColumn;
  private readonly valueUsd: PagedColumn;
  private readonly debtUsd: PagedColumn;

  /** `columns`: as the auction book's. */
  constructor(columns: Columns = FRESH_COLUMNS) {
    this.account = PagedColumn.i32(columns);
    this.step = PagedColumn.i32(columns);
    this.ref = PagedColumn.i32(columns);
    this.units = PagedColumn.f64(columns);
    this.valueUsd = PagedColumn.f64(columns);
    this.debtUsd = PagedColumn.f64(columns);
  }

  /** A liquidation action that opened auction `auction` (its id, ≥ 1) of `book`. */
  pushAuction(account: number, step: number, auction: number): void {
    this.ref.set(this.row(account, step), auction);
  }

  /** A liquidation action outside an auction book: `units` sent, valued `valueUsd`, `debtUsd` covered. */
  push(account: number, step: number, units: number, valueUsd: number, debtUsd: number): void {
    const k = this.row(account, step);
    const s = this.soldSize++;
    if (s % PAGE === 0) {
      this.units.grow(s);
      this.valueUsd.grow(s);
      this.debtUsd.grow(s);
    }
    this.units.set(s, units);
    this.valueUsd.set(s, valueUsd);
    this.debtUsd.set(s, debtUsd);
    this.ref.set(k, -(s + 1));
  }

  private row(account: number, step: number): number {
    const k = this.size++;
    if (k % PAGE === 0) {
      this.account.grow(k);
      this.step.grow(k);
      this.ref.grow(k);
    }
    this.account.set(k, account);
    this.step.set(k, step);
    return k;
  }

  /** The rows as records; `book`: the run's auction book (null when it has none). */
  records(book: AuctionBook | null): LiquidationRecord[] {
    return Array.from({ length: this.size }, (_, k) => {
      const r = this.ref.at(k);
      if (r > 0) {
        if (book === null)
          throw new Error(`liquidation ${k} refers to auction ${r}, but no auction book was given`);
        const a = r - 1;
        const units = book.lotUnits.at(a);
        return {
          account: this.account.at(k),
          step: this.step.at(k),
          units,
          valueUsd: units * book.marketAtKick.at(a),
          debtUsd: book.debtUsd.at(a),
          auction: r,
        };
      }
      const s = -r - 1;
      return {
        account: this.account.at(k),
        step: this.step.at(k),
        units: this.units.at(s),
        valueUsd: this.valueUsd.at(s),
        debtUsd: this.debtUsd.at(s),
        auction: -1,
      };
    });
  }

  get memoryBytes(): number {
    return this.account.bytes * 3 + this.units.bytes * 3;
  }
}

/** Places in `AuctionBook.opening`. */
export const OPEN_LOT = 0;
export const OPEN_DEBT = 1;
export const OPEN_TAB = 2;
export const OPEN_ORACLE = 3;
export const OPEN_MARKET = 4;
export const OPEN_TOP = 5;
