/**
 * The auction book keeps live state in slots that settled auctions hand on (auction-book.ts): through
 * any sequence of steps, opens, settlements and live writes, every open auction reads what was
 * written to it, an auction settled this step still reads its own, the records are whole, and the
 * live columns stay near the number open, not the number opened.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuctionBook,
  LiquidationLog,
  OPEN_DEBT,
  OPEN_LOT,
  OPEN_MARKET,
  OPEN_ORACLE,
  OPEN_TAB,
  OPEN_TOP,
} from './auction-book.ts';
import type { LiquidationRecord } from './auction-book.ts';
import { BufferPool } from './buffer-pool.ts';
import { PAGE } from './paged-column.ts';

/** Opens an auction as a mechanism does: its doubles in `book.opening`, then `open`. */
function openAuction(
  book: AuctionBook,
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
  const o = book.opening;
  o[OPEN_LOT] = lot;
  o[OPEN_DEBT] = debt;
  o[OPEN_TAB] = tab;
  o[OPEN_ORACLE] = oracle;
  o[OPEN_MARKET] = market;
  o[OPEN_TOP] = top;
  return book.open(account, step, end);
}

interface Live {
  lot: number;
  bid: number;
  bidder: number;
  end: number;
}

function liveOf(book: AuctionBook, au: number): Live {
  const l = book.slot.at(au);
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
            const au = openAuction(book, 7, t, o.lot, 2 * o.lot, 3 * o.lot, 1, 1, t + 10, 0);
            open.set(au, { lot: o.lot, bid: 0, bidder: -1, end: t + 10 });
          } else if (ids.length > 0) {
            const au = ids[o.pick % ids.length]!;
            if (o.kind === 'settle') {
              book.endStep.set(au, t);
              book.settled(au);
              settledNow.set(au, open.get(au)!);
              open.delete(au);
            } else {
              book.bid[book.slot.at(au)] = o.bid;
              book.bidder[book.slot.at(au)] = o.bidder;
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
      openAuction(book, a, a, a, 1, 1, 1, 1, 0, 1);
      if (a >= 10) {
        book.endStep.set(a - 10, a);
        book.settled(a - 10);
      }
      for (let o = Math.max(0, a - 9); o <= a; o++) expect(book.lot[book.slot.at(o)]).toBe(o);
    }
    expect(book.size).toBe(100_000);
    expect(book.lot.length).toBeLessThanOrEqual(16);
  });
});

describe('liquidation log', () => {
  it('reads back every row, whether its numbers are its own or its auction’s, through growth', () => {
    const where = { account: fc.nat(1e6), step: fc.nat(1e4) };
    const row = fc.oneof(
      fc.record({
        kind: fc.constant('sold' as const),
        ...where,
        units: fc.double({ min: 0, max: 1e6, noNaN: true }),
        value: fc.double({ min: 0, max: 1e9, noNaN: true }),
        debt: fc.double({ min: 0, max: 1e9, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant('auction' as const),
        ...where,
        lot: fc.double({ min: 0, max: 1e6, noNaN: true }),
        debt: fc.double({ min: 0, max: 1e9, noNaN: true }),
        market: fc.double({ min: 0, max: 1e5, noNaN: true }),
      }),
    );
    // Long runs of one kind cross the columns' page boundaries (PAGE, 2·PAGE …) on either side.
    const runs = fc.array(fc.tuple(row, fc.integer({ min: 1, max: PAGE })), { minLength: 2, maxLength: 4 });
    fc.assert(
      fc.property(runs, fc.boolean(), (rs, pooled) => {
        const columns = pooled ? new BufferPool() : undefined;
        const book = new AuctionBook('english', 1024, columns);
        const log = new LiquidationLog(columns);
        const expected: LiquidationRecord[] = [];
        for (const [r, times] of rs) {
          for (let n = 0; n < times; n++) {
            if (r.kind === 'sold') {
              log.push(r.account, r.step, r.units, r.value, r.debt);
              expected.push({
                account: r.account,
                step: r.step,
                units: r.units,
                valueUsd: r.value,
                debtUsd: r.debt,
                auction: -1,
              });
            } else {
              const au = openAuction(
                book,
                r.account,
                r.step,
                r.lot,
                r.debt,
                r.debt * 1.13,
                r.market,
                r.market,
                r.step + 10,
                0,
              );
              log.pushAuction(r.account, r.step, au + 1);
              expected.push({
                account: r.account,
                step: r.step,
                units: r.lot,
                valueUsd: r.lot * r.market,
                debtUsd: r.debt,
                auction: au + 1,
              });
            }
          }
        }
        expect(log.size).toBe(expected.length);
        expect(log.records(book)).toEqual(expected);
      }),
      {
        numRuns: 20,
        // Both kinds of row at a page boundary: an auction row at PAGE, a sold row at 2·PAGE + 1.
        examples: [
          [
            [
              [{ kind: 'sold', account: 1, step: 2, units: 3, value: 4, debt: 5 }, 10],
              [{ kind: 'auction', account: 6, step: 7, lot: 8, debt: 9, market: 10 }, PAGE],
              [{ kind: 'sold', account: 11, step: 12, units: 13, value: 14, debt: 15 }, PAGE],
            ],
            true,
          ],
        ],
      },
    );
  });

  it('refuses to read an auction row without the book', () => {
    const book = new AuctionBook('dutch');
    const log = new LiquidationLog();
    log.pushAuction(3, 7, openAuction(book, 3, 7, 1, 100, 113, 50, 50, 20, 60) + 1);
    expect(() => log.records(null)).toThrow(/auction 1.*no auction book/);
  });
});
