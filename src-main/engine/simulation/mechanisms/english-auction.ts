/**
 * English auction (Maker 2020 "flip"; MODEL.md §6): a lot is auctioned for its tab; keepers bid when
 * their transactions land (under their gas cap) and they have capital. In the tend phase bids rise
 * by at least `minIncrement` toward the tab; once a bid covers the tab, the dent phase has keepers
 * accept less collateral for it, and the difference goes back to the account. An auction ends
 * `bidDurationSeconds` after its last bid or at `maxDurationSeconds`; with no bid by then it restarts
 * (Maker's `tick`). With congestion, a lowballer alone wins at one wei: a zero bid.
 *
 * Bids are not one per step: within a step, keepers outbid each other as often as their transactions
 * this step allow (each bid is one transaction of the bidder's per-second budget; every bid must beat
 * the standing one by `minIncrement`, Maker's `beg`), so a tend can turn into a dent and an outbid
 * keeper can answer within the same step, as on chain. The auction's clock (`bidDurationSeconds`,
 * Maker's `ttl`; `maxDurationSeconds`, its `tau`) runs from the step of the last bid.
 *
 * An English auction's tab never changes after the kick: it is read from the live columns
 * (`book.tabLeft[slot]`, set to the tab at the kick), not from the paged record.
 */
import { grown } from '../../buffer-pool.ts';
import type { EnglishAuctionDesign } from '../../design.ts';
import { spendTx } from '../../keepers.ts';
import { IntList } from '../../id-list.ts';
import type { World } from '../world.ts';
import { MIN_BID_USD } from '../types.ts';
import { AuctionMechanism } from './auctions.ts';
import { kicksLeft } from './keeper-actions.ts';

/** Bound on bidding rounds of one auction in one step (each also spends a keeper's transaction). */
const MAX_ROUNDS_PER_STEP = 64;

export class EnglishAuction extends AuctionMechanism {
  /**
   * Tests only: false steps every active auction every step (the reference the fast paths, which
   * skip auctions nobody can outbid, must agree with exactly). Never changed by a run.
   */
  static fastPaths = true;

  /** Auctions that have a bid (indices into the book). */
  private readonly active = new ActiveAuctions();
  /** Auctions without a bid yet, FIFO from `waitingHead`. */
  private readonly waiting = new IntList();
  private waitingHead = 0;
  /** This step's auctions still without a bid (reused). */
  private readonly requeue = new IntList();
  /** Earliest end or bid expiry among the auctions in `active` (a lower bound). */
  private nextExpiry = Infinity;
  /** Every auction in `active` is held by a lowballer below its tab (see `lowballerHolds`). */
  private onlyLowballersHold = true;
  /**
   * MIN_BID_USD as a field: bundled, a module constant is a mutable context slot that V8 does not fold,
   * and a bid that is either it or a computed double was boxed on the heap at every bid.
   */
  private readonly minBid = MIN_BID_USD;

  constructor(
    w: World,
    private readonly english: EnglishAuctionDesign,
  ) {
    super(w, english);
  }

  override get openAuctions(): number {
    return this.active.size + this.waiting.size - this.waitingHead;
  }

  /** Kicks left among keepers whose transactions land under their gas cap. */
  capacity(): number {
    return kicksLeft(this.w.keepers, this.w.now.gas, true);
  }

  protected hasRoomFor(_debtPart: number): boolean {
    return true;
  }
  protected kickIncentive(_debtPart: number): number {
    return 0;
  }
  protected endOf(t: number): number {
    return t + this.stepsOf(this.english.maxDurationSeconds);
  }
  protected startPrice(_price: number): number {
    return 0;
  }
  protected opened(au: number, _tab: number): void {
    this.waiting.push(au);
  }

  protected advanceAuctions(): void {
    const { keepers, now } = this.w;
    const t = now.t;
    // Idle auctions (nobody can bid on them this step) change only when one expires: skip the pass
    // until then.
    const fast = EnglishAuction.fastPaths;
    const idle =
      fast && (keepers.cappedTxTotal <= 0 || (keepers.honestTxTotal <= 0 && this.onlyLowballersHold));
    if (this.active.size > 0 && !(idle && t < this.nextExpiry)) {
      // Compacted in place, in order: an auction that settles leaves the list, the others keep their
      // order (an entry nobody stepped is rewritten only once one before it has left).
      const active = this.active;
      let kept = 0;
      let nextExpiry = Infinity;
      let onlyLowballers = true;
      const { ids, slots, expiries, held } = active;
      for (let j = 0; j < active.size; j++) {
        const au = ids[j]!;
        const s = slots[j]!;
        let expiry = expiries[j]!;
        let lowballerHolds = held[j]!;
        // Fast path: a bid-on auction nobody can outbid this step changes only at expiry: the keepers'
        // transactions have run out (from the start, or on earlier auctions), or a lowballer holds
        // it and only lowballers, who do not outbid each other there, have any left. Its state is
        // read from the list (in sequence), not from the book.
        const quiet =
          fast &&
          t < expiry &&
          (keepers.cappedTxTotal <= 0 || (keepers.honestTxTotal <= 0 && lowballerHolds === 1));
        if (!quiet) {
          if (this.stepAuction(au, t)) {
            this.countSettled(au);
            continue;
          }
          expiry = this.expiryOf(s);
          lowballerHolds = this.lowballerHolds(s) ? 1 : 0;
          active.set(kept, au, s, expiry, lowballerHolds);
        } else if (kept !== j) active.set(kept, au, s, expiry, lowballerHolds);
        kept++;
        nextExpiry = Math.min(nextExpiry, expiry); // (not `if (<) =`: TurboFan boxed that double each pass)
        if (lowballerHolds === 0) onlyLowballers = false;
      }
      active.size = kept;
      this.nextExpiry = nextExpiry;
      this.onlyLowballersHold = onlyLowballers;
    }
    this.firstBids(t);
  }

  /** Step at which the auction in slot s ends or its standing bid expires, whichever is first. */
  private expiryOf(s: number): number {
    return Math.min(this.book.end[s]!, this.book.bidExpiry[s]!);
  }

  /** The auction in slot s is held by a lowballer below its tab: only a keeper that is not one can outbid it. */
  private lowballerHolds(s: number): boolean {
    const { book } = this;
    return this.w.keepers.lowball[book.bidder[s]!] === 1 && book.bid[s]! < book.tabLeft[s]!;
  }

  /** Auctions still waiting for a first bid, oldest first, while keepers have transactions. */
  private firstBids(t: number): void {
    const { keepers } = this.w;
    const { book, waiting } = this;
    if (this.waitingHead >= waiting.size || keepers.cappedTxTotal <= 0) return;
    const requeue = this.requeue;
    requeue.clear();
    while (this.waitingHead < waiting.size && keepers.cappedTxTotal > 0) {
      const au = waiting.items[this.waitingHead++]!;
      const s = book.slot.at(au);
      this.stepAuction(au, t);
      if (book.bidder[s]! >= 0) {
        const expiry = this.expiryOf(s);
        const held = this.lowballerHolds(s);
        this.active.push(au, s, expiry, held ? 1 : 0);
        if (expiry < this.nextExpiry) this.nextExpiry = expiry;
        if (!held) this.onlyLowballersHold = false;
      } else requeue.push(au);
    }
    for (let k = 0; k < requeue.size; k++) waiting.push(requeue.items[k]!);
    if (this.waitingHead > 1024 && this.waitingHead * 2 > waiting.size) {
      // Drop the consumed head in place.
      waiting.dropHead(this.waitingHead);
      this.waitingHead = 0;
    }
  }

  /**
   * One step of auction `au`: returns true when it settled. Dent-phase lot reductions go back to the
   * account at once (Maker returns them at `deal`; the total is the same).
   */
  private stepAuction(au: number, t: number): boolean {
    const { book } = this;
    const s = book.slot.at(au);
    const bidder = book.bidder[s]!;
    if ((bidder >= 0 && t >= book.bidExpiry[s]!) || t >= book.end[s]!) return this.expire(au, t, bidder);
    // Bidding rounds within the step, while a keeper with a transaction left outbids the standing bid.
    // Every round raises the bid or cuts the lot by `minIncrement` and spends a transaction, so it ends.
    const tab = book.tabLeft[s]!;
    for (let round = 0; round < MAX_ROUNDS_PER_STEP; round++) {
      if (this.w.keepers.cappedTxTotal <= 0) break;
      const standing = book.bidder[s]!;
      const before = book.bid[s]! < tab ? book.bid[s]! : -book.lot[s]!;
      if (book.bid[s]! < tab) this.tend(au, t, standing);
      else this.dent(au, t, standing);
      const after = book.bid[s]! < tab ? book.bid[s]! : -book.lot[s]!;
      if (book.bidder[s] === standing && after === before) break;
    }
    return false;
  }

  /** The auction's time is up: the best bid wins, or (no bid) it restarts. Returns true when settled. */
  private expire(au: number, t: number, bidder: number): boolean {
    const { book } = this;
    const s = book.slot.at(au);
    if (bidder < 0) {
      // No bid by the end: the auction restarts (Maker's `tick`).
      book.end[s] = t + this.stepsOf(this.english.maxDurationSeconds);
      return false;
    }
    book.winner.set(au, bidder);
    const bid = book.bid[s]!;
    book.zeroBid.set(au, bid < 1e-6 * book.tabLeft[s]! ? 1 : 0);
    const lot = book.lot[s]!;
    this.receive(au, bid);
    this.closeAuction(au, t);
    book.lot[s] = 0;
    this.sellForKeeper(bidder, lot);
    return true;
  }

  /** Tend: bids rise toward the tab; the best valuation among keepers that can act bids. */
  private tend(au: number, t: number, bidder: number): void {
    const s = this.book.slot.at(au);
    const { keepers, now } = this.w;
    const { book } = this;
    const tab = book.tabLeft[s]!;
    const lot = book.lot[s]!;
    const current = book.bid[s]!;
    // Nobody active can value the lot above its current standing: skip the keeper loop.
    const bestValuation = lot * now.ref * (1 - keepers.minActiveMargin);
    const required = bidder < 0 ? this.minBid : Math.min(tab, current * (1 + this.english.minIncrement));
    if (bidder >= 0 && Math.min(tab, bestValuation) < required) return;
    let best = -1;
    let bestV = -1;
    let anyValuation = false;
    for (let a = 0; a < keepers.activeCount; a++) {
      const k = keepers.active[a]!;
      if (k === bidder || keepers.txLeft[k]! <= 0) continue;
      // Opportunists do not bid against each other: they wait for an auction nobody else wants.
      if (keepers.lowball[k] === 1 && bidder >= 0 && keepers.lowball[bidder] === 1) continue;
      const v = Math.min(lot * now.ref * (1 - keepers.margin[k]!), keepers.capital[k]!, tab);
      if (v < required) continue;
      if (keepers.lowball[k] === 0) anyValuation = true;
      if (v > bestV) {
        bestV = v;
        best = k;
      }
    }
    if (best < 0) return;
    // A lowballer alone opens at one wei; otherwise the best keeper bids its valuation.
    const alone = bidder < 0 && keepers.lowball[best] === 1 && !anyValuation;
    const bid = alone ? this.minBid : bestV;
    if (bidder >= 0) keepers.capital[bidder]! += current;
    keepers.capital[best]! -= bid;
    spendTx(keepers, best);
    book.bid[s] = bid;
    book.bidder[s] = best;
    book.bidExpiry[s] = t + this.stepsOf(this.english.bidDurationSeconds);
  }

  /** Dent: the bid covers the tab; keepers compete by accepting less collateral for it. */
  private dent(au: number, t: number, bidder: number): void {
    const s = this.book.slot.at(au);
    const { keepers, now } = this.w;
    const { book } = this;
    const tab = book.tabLeft[s]!;
    const lot = book.lot[s]!;
    const current = book.bid[s]!;
    let bestLot = lot / (1 + this.english.minIncrement);
    if (tab / (now.ref * (1 - keepers.minActiveMargin)) > bestLot) return;
    let best = -1;
    for (let a = 0; a < keepers.activeCount; a++) {
      const k = keepers.active[a]!;
      if (k === bidder || keepers.txLeft[k]! <= 0) continue;
      const accept = tab / (now.ref * (1 - keepers.margin[k]!));
      if (accept <= bestLot && keepers.capital[k]! >= tab) {
        bestLot = accept;
        best = k;
      }
    }
    if (best < 0) return;
    keepers.capital[bidder]! += current;
    keepers.capital[best]! -= current;
    spendTx(keepers, best);
    this.lots -= lot - bestLot;
    this.returnLot(au, lot - bestLot);
    book.lot[s] = bestLot;
    book.bidder[s] = best;
    book.bidExpiry[s] = t + this.stepsOf(this.english.bidDurationSeconds);
  }
}

/**
 * The auctions that have a bid, in the order they are stepped, with what the fast path reads: the
 * auction, its slot in the book's live columns, the step it ends or its bid expires (the earlier),
 * and 1 when a lowballer holds it below its tab. Read in sequence; refreshed whenever the auction is
 * stepped (only a step of the auction changes them).
 */
class ActiveAuctions {
  size = 0;
  ids = new Int32Array(64);
  slots = new Int32Array(64);
  expiries = new Int32Array(64);
  held = new Uint8Array(64);

  push(au: number, slot: number, expiry: number, held: number): void {
    if (this.size === this.ids.length) this.grow();
    const k = this.size++;
    this.ids[k] = au;
    this.slots[k] = slot;
    this.expiries[k] = expiry;
    this.held[k] = held;
  }

  /** Entry k (below the size) becomes this auction's. */
  set(k: number, au: number, slot: number, expiry: number, held: number): void {
    this.ids[k] = au;
    this.slots[k] = slot;
    this.expiries[k] = expiry;
    this.held[k] = held;
  }

  private grow(): void {
    const n = this.ids.length * 2;
    this.ids = grown(this.ids, n);
    this.slots = grown(this.slots, n);
    this.expiries = grown(this.expiries, n);
    this.held = grown(this.held, n);
  }
}
