/**
 * The auction book keeps live state in slots that settled auctions hand on (auction-book.ts): through
 * any sequence of steps, opens, settlements and live writes, every open auction reads what was
 * written to it, an auction settled this step still reads its own, the records are whole, and the
 * live columns stay near the number open, not the number opened.
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

function liveOf(book: AuctionBook, au: number): Live {
  const l = book.slot[au]!;
  return { lot: book.lot[l]!, bid: book.bid[l]!, bidder: book.bidder[l]!, end: book.end[l]! };
}

describe('auction book', () => {
  it('open auctions, and those settled this step, keep their live state', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('step' as const) }),
      fc.record({ kind: fc.constant('open' as const), lot: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
      fc.record({ kind: fc.constant('settle' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('bid' as const), pick: fc.nat(), bid: fc.nat(1e6), bidder: fc.nat(50) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), fc.boolean(), (ops, pooled) => {
        const book = new AuctionBook('english', 4, pooled ? new BufferPool() : undefined);
        const open = new Map<number, Live>();
        let settledNow = new Map<number, Live>();
        let t = 0;
        for (const o of ops) {
          const ids = [...open.keys()];
          if (o.kind === 'step') {
            t++;
            book.beginStep();
            settledNow = new Map();
          } else if (o.kind === 'open') {
            const au = book.open(7, t, o.lot, 2 * o.lot, 3 * o.lot, 1, 1, t + 10, 0);
            open.set(au, { lot: o.lot, bid: 0, bidder: -1, end: t + 10 });
          } else if (ids.length > 0) {
            const au = ids[o.pick % ids.length]!;
            if (o.kind === 'settle') {
              book.endStep[au] = t;
              book.settled(au);
              settledNow.set(au, open.get(au)!);
              open.delete(au);
            } else {
              book.bid[book.slot[au]!] = o.bid;
              book.bidder[book.slot[au]!] = o.bidder;
              Object.assign(open.get(au)!, { bid: o.bid, bidder: o.bidder });
            }
          }
          for (const [au, m] of [...open, ...settledNow]) expect(liveOf(book, au)).toEqual(m);
        }
        const opens = ops.filter((o) => o.kind === 'open');
        expect(book.records().map((r) => r.lotUnits)).toEqual(opens.map((o) => o.lot));
      }),
      { numRuns: 200 },
    );
  });

  it('live columns hold what is open, not every auction opened', () => {
    const book = new AuctionBook('dutch', 16);
    // 100,000 auctions, one opened per step, each settled ten steps later: ten open at a time.
    for (let a = 0; a < 100_000; a++) {
      book.beginStep();
      book.open(a, a, a, 1, 1, 1, 1, 0, 1);
      if (a >= 10) {
        book.endStep[a - 10] = a;
        book.settled(a - 10);
      }
      for (let o = Math.max(0, a - 9); o <= a; o++) expect(book.lot[book.slot[o]!]).toBe(o);
    }
    expect(book.size).toBe(100_000);
    expect(book.lot.length).toBeLessThanOrEqual(16);
  });
});
