/**
 * Auctions and liquidation records as growable struct-of-arrays columns: at a million accounts a
 * run opens hundreds of thousands of auctions, and scanning the live ones every step must stay
 * cache-friendly. Records for reports are materialised on demand (`AuctionRecord` objects).
 */
import { FRESH_COLUMNS } from './buffer-pool.ts';
import type { Columns } from './buffer-pool.ts';
import { IntList } from './id-list.ts';

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
type U8 = Uint8Array<ArrayBuffer>;

function grow<T extends F64 | I32 | U8>(a: T, size: number, columns: Columns): T {
  const next = columns.like(a, size);
  next.set(a);
  return next;
}

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
  private cap: number;
  // Record columns (index: the auction).
  account: I32;
  kickStep: I32;
  endStep: I32;
  lotUnits: F64;
  debtUsd: F64;
  tabUsd: F64;
  proceedsUsd: F64;
  returnedUnits: F64;
  shortfallUsd: F64;
  zeroBid: U8;
  oracleAtKick: F64;
  marketAtKick: F64;
  winner: I32;
  resets: I32;
  /**
   * Each auction's slot in the live-state columns below: at a million accounts a run opens hundreds
   * of thousands of auctions, a few thousand open at a time, and a settled auction's slot serves a
   * later one. A mechanism reads `book.lot[book.slot[au]]`. A slot is free again from the step after
   * its auction settled (`beginStep`), so what settled is still readable at the end of its step (the
   * account autopsy reads it).
   */
  slot: I32;
  private liveCap: number;
  private slotsUsed = 0;
  private readonly freeSlots = new IntList();
  private readonly settledSlots = new IntList();
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

  /** `columns`: a pool's reused buffers in a run that has one (a sweep's). */
  constructor(
    readonly kind: 'english' | 'dutch',
    initial = 1024,
    private readonly columns: Columns = FRESH_COLUMNS,
  ) {
    this.cap = initial;
    this.liveCap = initial;
    const f = (): F64 => columns.f64(initial);
    const i = (): I32 => columns.i32(initial);
    this.account = i();
    this.kickStep = i();
    this.endStep = i();
    this.lotUnits = f();
    this.debtUsd = f();
    this.tabUsd = f();
    this.proceedsUsd = f();
    this.returnedUnits = f();
    this.shortfallUsd = f();
    this.zeroBid = columns.u8(initial);
    this.oracleAtKick = f();
    this.marketAtKick = f();
    this.winner = i();
    this.resets = i();
    this.slot = i();
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

  /** Opens an auction and returns its index (its record id is index + 1). */
  open(
    account: number,
    step: number,
    lot: number,
    debt: number,
    tab: number,
    oracle: number,
    market: number,
    end: number,
    top: number,
  ): number {
    if (this.size === this.cap) this.resize(this.cap * 2);
    const a = this.size++;
    const l = this.freeSlots.size > 0 ? this.freeSlots.pop() : this.newSlot();
    this.slot[a] = l;
    this.account[a] = account;
    this.kickStep[a] = step;
    this.endStep[a] = -1;
    this.lotUnits[a] = lot;
    this.debtUsd[a] = debt;
    this.tabUsd[a] = tab;
    this.oracleAtKick[a] = oracle;
    this.marketAtKick[a] = market;
    this.winner[a] = -1;
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

  record(a: number): AuctionRecord {
    return {
      id: a + 1,
      account: this.account[a]!,
      kind: this.kind,
      kickStep: this.kickStep[a]!,
      endStep: this.endStep[a]!,
      lotUnits: this.lotUnits[a]!,
      debtUsd: this.debtUsd[a]!,
      tabUsd: this.tabUsd[a]!,
      proceedsUsd: this.proceedsUsd[a]!,
      returnedUnits: this.returnedUnits[a]!,
      shortfallUsd: this.shortfallUsd[a]!,
      zeroBid: this.zeroBid[a] === 1,
      oracleAtKick: this.oracleAtKick[a]!,
      marketAtKick: this.marketAtKick[a]!,
      winner: this.winner[a]!,
      resets: this.resets[a]!,
    };
  }

  records(): AuctionRecord[] {
    return Array.from({ length: this.size }, (_, a) => this.record(a));
  }

  get memoryBytes(): number {
    return this.cap * (8 * 8 + 4 * 6 + 1) + this.liveCap * (8 * 5 + 4 * 4);
  }

  private liveColumns(): (F64 | I32)[] {
    return [
      this.lot,
      this.debtLeft,
      this.tabLeft,
      this.bid,
      this.top,
      this.bidder,
      this.bidExpiry,
      this.end,
      this.startStep,
    ];
  }

  /** Auction au settled: its slot serves another from the next step. */
  settled(au: number): void {
    this.settledSlots.push(this.slot[au]!);
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
      this.lot = grow(this.lot, this.liveCap, this.columns);
      this.debtLeft = grow(this.debtLeft, this.liveCap, this.columns);
      this.tabLeft = grow(this.tabLeft, this.liveCap, this.columns);
      this.bid = grow(this.bid, this.liveCap, this.columns);
      this.top = grow(this.top, this.liveCap, this.columns);
      this.bidder = grow(this.bidder, this.liveCap, this.columns);
      this.bidExpiry = grow(this.bidExpiry, this.liveCap, this.columns);
      this.end = grow(this.end, this.liveCap, this.columns);
      this.startStep = grow(this.startStep, this.liveCap, this.columns);
    }
    return this.slotsUsed++;
  }

  /** The record columns grow (the live ones by slots: `newSlot`). */
  private resize(cap: number): void {
    this.cap = cap;
    const live = new Set<unknown>(this.liveColumns());
    for (const key of Object.keys(this) as (keyof this)[]) {
      const v = this[key];
      if (live.has(v)) continue;
      if (v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array) {
        (this as Record<keyof this, unknown>)[key] = grow(v as F64 | I32 | U8, cap, this.columns);
      }
    }
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
  private cap = 1024;
  account: I32;
  step: I32;
  private ref: I32;
  private soldSize = 0;
  private soldCap = 1024;
  private units: F64;
  private valueUsd: F64;
  private debtUsd: F64;

  /** `columns`: as the auction book's. */
  constructor(private readonly columns: Columns = FRESH_COLUMNS) {
    this.account = columns.i32(1024);
    this.step = columns.i32(1024);
    this.ref = columns.i32(1024);
    this.units = columns.f64(1024);
    this.valueUsd = columns.f64(1024);
    this.debtUsd = columns.f64(1024);
  }

  /** A liquidation action that opened auction `auction` (its id, ≥ 1) of `book`. */
  pushAuction(account: number, step: number, auction: number): void {
    const k = this.row(account, step); // first: it may replace this.ref
    this.ref[k] = auction;
  }

  /** A liquidation action outside an auction book: `units` sent, valued `valueUsd`, `debtUsd` covered. */
  push(account: number, step: number, units: number, valueUsd: number, debtUsd: number): void {
    const k = this.row(account, step);
    if (this.soldSize === this.soldCap) {
      this.soldCap *= 2;
      const columns = this.columns;
      this.units = grow(this.units, this.soldCap, columns);
      this.valueUsd = grow(this.valueUsd, this.soldCap, columns);
      this.debtUsd = grow(this.debtUsd, this.soldCap, columns);
    }
    const s = this.soldSize++;
    this.units[s] = units;
    this.valueUsd[s] = valueUsd;
    this.debtUsd[s] = debtUsd;
    this.ref[k] = -(s + 1);
  }

  private row(account: number, step: number): number {
    if (this.size === this.cap) {
      this.cap *= 2;
      const columns = this.columns;
      this.account = grow(this.account, this.cap, columns);
      this.step = grow(this.step, this.cap, columns);
      this.ref = grow(this.ref, this.cap, columns);
    }
    const k = this.size++;
    this.account[k] = account;
    this.step[k] = step;
    return k;
  }

  /** The rows as records; `book`: the run's auction book (null when it has none). */
  records(book: AuctionBook | null): LiquidationRecord[] {
    return Array.from({ length: this.size }, (_, k) => {
      const r = this.ref[k]!;
      if (r > 0) {
        if (book === null)
          throw new Error(`liquidation ${k} refers to auction ${r}, but no auction book was given`);
        const a = r - 1;
        const units = book.lotUnits[a]!;
        return {
          account: this.account[k]!,
          step: this.step[k]!,
          units,
          valueUsd: units * book.marketAtKick[a]!,
          debtUsd: book.debtUsd[a]!,
          auction: r,
        };
      }
      const s = -r - 1;
      return {
        account: this.account[k]!,
        step: this.step[k]!,
        units: this.units[s]!,
        valueUsd: this.valueUsd[s]!,
        debtUsd: this.debtUsd[s]!,
        auction: -1,
      };
    });
  }

  get memoryBytes(): number {
    return this.cap * (4 * 3) + this.soldCap * (8 * 3);
  }
}
