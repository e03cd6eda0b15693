/**
 * The auction book keeps live state only from the oldest open auction on (auction-book.ts): through
 * any sequence of opens, closes and live writes, every open auction reads what was written to it,
 * the records are whole, and the live columns stay near the number open, not the number opened.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuctionBook } from './auction-book.ts';
import { BufferPool } from './buffer-pool.ts';

interface Live {
  lot: number;
  bid: number;
  bidder: number;
  end: number;
}

describe('auction book', () => {
  it('open auctions keep their live state while settled ones leave the live columns', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('open' as const), lot: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
      // Mostly the oldest open (as auctions end), so the live columns move down; sometimes any.
      fc.record({ kind: fc.constant('close' as const), pick: fc.oneof(fc.nat(1), fc.nat()) }),
      fc.record({ kind: fc.constant('bid' as const), pick: fc.nat(), bid: fc.nat(1e6), bidder: fc.nat(50) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), fc.boolean(), (ops, pooled) => {
        const book = new AuctionBook('english', 4, pooled ? new BufferPool() : null);
        const model = new Map<number, Live>();
        let t = 0;
        for (const o of ops) {
          t++;
          const open = [...model.keys()];
          if (o.kind === 'open') {
            const au = book.open(7, t, o.lot, 2 * o.lot, 3 * o.lot, 1, 1, t + 10, 0);
            model.set(au, { lot: o.lot, bid: 0, bidder: -1, end: t + 10 });
          } else if (open.length > 0) {
            const au = open[o.pick % open.length]!;
            if (o.kind === 'close') {
              book.endStep[au] = t;
              model.delete(au);
            } else {
              book.bid[au - book.live0] = o.bid;
              book.bidder[au - book.live0] = o.bidder;
              model.get(au)!.bid = o.bid;
              model.get(au)!.bidder = o.bidder;
            }
          }
          for (const [au, m] of model) {
            const l = au - book.live0;
            expect(l).toBeGreaterThanOrEqual(0);
            expect([book.lot[l], book.bid[l], book.bidder[l], book.end[l]]).toEqual([
              m.lot,
              m.bid,
              m.bidder,
              m.end,
            ]);
          }
        }
        const opens = ops.filter((o) => o.kind === 'open');
        expect(book.records().map((r) => r.lotUnits)).toEqual(opens.map((o) => o.lot));
      }),
      { numRuns: 200 },
    );
  });

  it('live columns hold what is open, not every auction opened', () => {
    const book = new AuctionBook('dutch', 16);
    // 100,000 auctions opened, each settled ten opens later: ten open at a time.
    for (let a = 0; a < 100_000; a++) {
      book.open(a, a, a, 1, 1, 1, 1, 0, 1);
      if (a >= 10) book.endStep[a - 10] = a;
      for (let o = Math.max(0, a - 9); o <= a; o++) expect(book.lot[o - book.live0]).toBe(o);
    }
    expect(book.size).toBe(100_000);
    expect(book.lot.length).toBeLessThanOrEqual(64);
    expect(book.live0).toBeGreaterThan(99_900);
  });
});
