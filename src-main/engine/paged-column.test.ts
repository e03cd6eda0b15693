/**
 * Paged record columns (paged-column.ts) read back what was written across page boundaries, grow
 * page by page (never copying), and take pages from a pool when a run has one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferPool, FRESH_COLUMNS } from './buffer-pool.ts';
import { PAGE, PagedColumn } from './paged-column.ts';

describe('paged column', () => {
  it('reads back every entry written, set or added, across pages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 * PAGE + 5 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -1000, max: 1000 })), { maxLength: 200 }),
        (n, adds) => {
          const col = PagedColumn.f64(FRESH_COLUMNS);
          const model = new Float64Array(n);
          for (let k = 0; k < n; k++) {
            col.grow(k);
            col.set(k, k * 0.5);
            model[k] = k * 0.5;
          }
          for (const [pick, v] of adds) {
            col.add(pick % n, v);
            model[pick % n]! += v;
          }
          for (let k = 0; k < n; k++) expect(col.at(k)).toBe(model[k]);
          expect(col.bytes).toBe(Math.ceil(n / PAGE) * PAGE * 8);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps each type: 32-bit integers wrap as Int32Array does, bytes as Uint8Array', () => {
    const i = PagedColumn.i32(FRESH_COLUMNS);
    const u = PagedColumn.u8(FRESH_COLUMNS);
    i.grow(0);
    u.grow(0);
    i.set(0, -1);
    i.add(0, 2 ** 32);
    u.set(0, 257);
    expect(i.at(0)).toBe(-1);
    expect(u.at(0)).toBe(1);
  });

  it('grows by adding a page, leaving the earlier pages where they are', () => {
    const pool = new BufferPool();
    const col = PagedColumn.i32(pool);
    col.grow(0);
    col.set(PAGE - 1, 7);
    const before = col.bytes;
    col.grow(PAGE);
    col.set(PAGE, 8);
    expect(col.bytes).toBe(before * 2);
    expect(col.at(PAGE - 1)).toBe(7);
    expect(col.at(PAGE)).toBe(8);
  });
});
