/**
 * One account's auctions watched step by step during the autopsy's re-run: every bid, dent and take
 * as it happened, and the settlement. The engine keeps bids as live auction state, not as records,
 * so the re-run reads them from the auction book after each step (AuctionBook.watchNew); reading
 * never changes what the engine computes.
 */
import { AuctionBook } from '../engine/auction-book.ts';

/**
 * What happened in one of the account's auctions at one step:
 *   - 'bid': the standing bid became `usd` for the whole lot of `units` (English tend);
 *   - 'dent': the same bid now buys fewer `units` (English dent; the rest goes back to the owner);
 *   - 'take': a keeper paid `usd` for `units` (Dutch auction);
 *   - 'settle': the auction closed; the winner got `units` for `usd` in all.
 * `keeper` is the keeper's index in the run's population (−1: none or unknown); indices from the
 * scenario's keeper count on are the zero-bid opportunists.
 */
export interface BidRecord {
  account: number;
  /** Auction id as in the run's auction records (index + 1). */
  auction: number;
  step: number;
  kind: 'bid' | 'dent' | 'take' | 'settle';
  keeper: number;
  usd: number;
  units: number;
}

interface Seen {
  index: number;
  bid: number;
  bidder: number;
  lot: number;
  proceeds: number;
  returned: number;
  /** Collateral the winner has bought so far (Dutch takes). */
  taken: number;
  done: boolean;
}

export class AccountAuctionWatch {
  readonly bids: BidRecord[] = [];
  #book: AuctionBook | null = null;
  #scanned = 0;
  readonly #mine: Seen[] = [];

  constructor(readonly account: number) {}

  /**
   * Watches the book of the next run started while the answered function has not been called;
   * `skip` books made before it are passed over (a crash with several protocols makes one book per
   * protocol whose mechanism holds auctions, in protocol order).
   */
  start(skip = 0): () => void {
    let seen = 0;
    return AuctionBook.watchNew((book) => {
      if (seen++ === skip) this.#book ??= book;
    });
  }

  /** Reads the account's auctions after step `step` (call from the run's onStep). */
  afterStep(step: number): void {
    const b = this.#book;
    if (!b) return;
    for (; this.#scanned < b.size; this.#scanned++) {
      const a = this.#scanned;
      if (b.account.at(a) !== this.account) continue;
      this.#mine.push({
        index: a,
        bid: 0,
        bidder: -1,
        lot: b.lotUnits.at(a),
        proceeds: 0,
        returned: 0,
        taken: 0,
        done: false,
      });
    }
    for (const s of this.#mine) if (!s.done) this.#read(b, s, step);
  }

  #read(b: AuctionBook, s: Seen, step: number): void {
    const a = s.index;
    const rec = (kind: BidRecord['kind'], keeper: number, usd: number, units: number) =>
      this.bids.push({ account: this.account, auction: a + 1, step, kind, keeper, usd, units });
    // Live state: the account's auctions are open, or settled this step (a settled auction's slot
    // serves another only from the next step).
    const l = b.slot.at(a);
    const bid = b.bid[l]!;
    const bidder = b.bidder[l]!;
    const lot = b.lot[l]!;
    const proceeds = b.proceedsUsd.at(a);
    const returned = b.returnedUnits.at(a);
    const settled = b.endStep.at(a) >= 0;
    if (b.kind === 'english') {
      if (!settled && (bidder !== s.bidder || bid !== s.bid)) {
        rec(bid === s.bid && lot < s.lot ? 'dent' : 'bid', bidder, bid, lot);
      }
      if (settled) rec('settle', b.winner.at(a), proceeds, s.lot);
    } else {
      const paid = proceeds - s.proceeds;
      const units = s.lot - lot - (returned - s.returned);
      if (paid > 0 || units > 1e-12) {
        rec('take', b.winner.at(a), paid, units);
        s.taken += units;
      }
      if (settled) rec('settle', b.winner.at(a), proceeds, s.taken);
    }
    Object.assign(s, { bid, bidder, lot, proceeds, returned, done: settled });
  }
}
