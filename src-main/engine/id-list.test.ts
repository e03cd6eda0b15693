import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FloatList, IntList, sortPairsDesc, TakeOrderSorter } from './id-list.ts';
import { Rng } from './random.ts';

describe('growable id lists', () => {
  it('keep their order through growth, and their buffer through clear', () => {
    const l = new IntList(4);
    for (let i = 0; i < 1000; i++) l.push(i * 3 - 7);
    expect(l.size).toBe(1000);
    expect(l.toArray()).toEqual(Array.from({ length: 1000 }, (_, i) => i * 3 - 7));
    const buffer = l.items;
    l.clear();
    expect(l.size).toBe(0);
    for (let i = 0; i < 1000; i++) l.push(i);
    // Refilled to the same size: no new buffer.
    expect(l.items).toBe(buffer);
    expect(l.pop()).toBe(999);
    expect(l.get(5)).toBe(5);
    const f = new FloatList(1);
    [0.5, -1.25, 1e300].forEach((x) => f.push(x));
    expect(f.toArray()).toEqual([0.5, -1.25, 1e300]);
  });

  it('clone: the same entries on a buffer of its own', () => {
    const l = new IntList();
    for (let i = 0; i < 40; i++) l.push(i);
    l.pop();
    const c = l.clone();
    expect(c.toArray()).toEqual(l.toArray());
    c.push(99);
    l.push(-1);
    expect(c.toArray().at(-1)).toBe(99);
    expect(l.toArray().at(-1)).toBe(-1);
    const f = new FloatList();
    f.push(2.5);
    const g = f.clone();
    g.push(1);
    expect(f.toArray()).toEqual([2.5]);
    expect(g.toArray()).toEqual([2.5, 1]);
  });
});

describe('take-order sorts', () => {
  // The comparator the trigger index used with Array.prototype.sort: key descending, then id.
  const reference = (ids: number[], key: Float64Array) =>
    [...ids].sort((x, y) => (key[x]! > key[y]! ? -1 : key[x]! < key[y]! ? 1 : x - y));
  const sorter = new TakeOrderSorter();

  /** Both sorts of `picked` (ids into `key`), each id's key carried beside it as the index does. */
  function sortBoth(picked: number[], key: Float64Array): number[][] {
    const out: number[][] = [];
    for (const sortWith of ['sorter', 'quicksort'] as const) {
      const ids = Int32Array.from(picked);
      const keys = Float64Array.from(picked, (i) => key[i]!);
      if (sortWith === 'sorter') sorter.sort(ids, keys, ids.length);
      else sortPairsDesc(ids, keys, 0, ids.length);
      // The keys moved with their ids.
      for (let k = 0; k < ids.length; k++) expect(keys[k]).toBe(key[ids[k]!]);
      out.push(Array.from(ids));
    }
    return out;
  }

  function shuffledIds(rng: Rng, count: number, n: number): number[] {
    const ids = Array.from({ length: count }, (_, i) => i);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    return ids.slice(0, n);
  }

  it('give the comparator sort’s order on spread keys, bunched keys, ties, Infinity and -Infinity', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rng.next() * (trial < 100 ? 40 : 3000));
      const key = new Float64Array(n + 5);
      const kind = trial % 3;
      for (let i = 0; i < key.length; i++) {
        const r = rng.next();
        if (kind === 0) {
          // Few distinct values, some infinite: ties everywhere (the quicksort's case).
          const distinct = 1 + Math.floor(rng.next() * 20);
          key[i] = r < 0.02 ? Infinity : r < 0.04 ? -Infinity : Math.floor(rng.next() * distinct) / 7;
        } else if (kind === 1) {
          // A bucket's keys: spread over a narrow log range.
          key[i] = 1500 * Math.exp(5e-4 * r);
        } else {
          // Spread, with a bunch of equal keys (accounts topped up to one ratio in one step).
          key[i] = r < 0.3 ? 1500.25 : 1500 + r;
        }
      }
      const picked = shuffledIds(rng, key.length, n);
      const [bySorter, byQuicksort] = sortBoth(picked, key);
      const expected = reference(picked, key);
      expect(bySorter).toEqual(expected);
      expect(byQuicksort).toEqual(expected);
    }
  });

  it('handle sorted and reversed input, and keys all equal', () => {
    const n = 500;
    const key = Float64Array.from({ length: n }, (_, i) => i);
    const asc = Array.from({ length: n }, (_, i) => i);
    const desc = Array.from({ length: n }, (_, i) => n - 1 - i);
    for (const picked of [asc, desc]) for (const got of sortBoth(picked, key)) expect(got).toEqual(desc);
    const flat = new Float64Array(n).fill(3);
    for (const got of sortBoth(desc, flat)) expect(got).toEqual(asc);
  });

  it('quicksort sorts only the range given', () => {
    const n = 500;
    const ids = Int32Array.from({ length: n }, (_, i) => i);
    const keys = Float64Array.from({ length: n }, (_, i) => i);
    sortPairsDesc(ids, keys, 10, n - 10);
    expect(Array.from(ids.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(ids.subarray(10, n - 10))).toEqual(
      Array.from({ length: n - 20 }, (_, i) => n - 11 - i),
    );
    expect(Array.from(ids.subarray(n - 10))).toEqual(Array.from({ length: 10 }, (_, i) => n - 10 + i));
  });
});

describe('IntList on shared storage', () => {
  it('fills its view, then moves to an array of its own without writing past the view', () => {
    const shared = new Int32Array(12).fill(-7);
    const a = new IntList(4, shared.subarray(4, 8));
    for (let k = 0; k < 10; k++) a.push(k);
    expect(a.toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Its first four entries went into the view; nothing beside the view changed.
    expect(Array.from(shared)).toEqual([-7, -7, -7, -7, 0, 1, 2, 3, -7, -7, -7, -7]);
    expect(a.items.buffer).not.toBe(shared.buffer);
  });
});

describe('dropHead', () => {
  it('IntList and FloatList drop their first entries and keep the rest in order, still growing after', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 })), fc.nat(), (values, h) => {
        const head = values.length === 0 ? 0 : h % (values.length + 1);
        const ints = new IntList(2);
        const floats = new FloatList(2);
        for (const v of values) {
          ints.push(v);
          floats.push(v / 7);
        }
        ints.dropHead(head);
        floats.dropHead(head);
        ints.push(42);
        floats.push(0.5);
        expect(ints.toArray()).toEqual([...values.slice(head), 42]);
        expect(floats.toArray()).toEqual([...values.slice(head).map((v) => v / 7), 0.5]);
      }),
    );
  });
});
