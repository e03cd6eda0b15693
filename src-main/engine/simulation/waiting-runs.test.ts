/**
 * The runs of accounts waiting for gas against the plain definition: every account filed and not
 * removed, with its key as it is now — a merged read returns the first `limit` of those at or above
 * the threshold in take order (key descending, then account), a size read all of them.
 */
import { describe, expect, it } from 'vitest';
import { IntList } from '../id-list.ts';
import { Rng } from '../random.ts';
import { RunStore, SizeRuns, TakeOrderRuns } from './waiting-runs.ts';

const N = 300;

/** The members with key ≥ threshold in take order (key descending, then account). */
function expected(members: Set<number>, key: Float64Array, threshold: number): number[] {
  return [...members].filter((i) => key[i]! >= threshold).sort((a, b) => key[b]! - key[a]! || a - b);
}

/** A key from a few values (ties), zero, or spread over orders of magnitude (Pareto-like sizes). */
function drawKey(rng: Rng): number {
  const u = rng.next();
  if (u < 0.1) return 0;
  if (u < 0.35) return [1, 2.5, 40, 1000][Math.floor(rng.next() * 4)]!;
  return Math.exp(rng.next() * 30 - 8);
}

/** A run store and the columns a set reads: every account in no run, keys 0. */
function columns(): { store: RunStore; runOf: Int32Array; key: Float64Array } {
  return { store: new RunStore(), runOf: new Int32Array(N).fill(-1), key: new Float64Array(N) };
}

describe('runs of accounts waiting for gas', () => {
  it('a merged read returns the members at or above the threshold in take order, however they were filed', () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed, 7);
      const { store, runOf, key } = columns();
      const runs = new TakeOrderRuns(store, runOf, key);
      const members = new Set<number>();
      for (let step = 0; step < 2000; step++) {
        // Filings (some again, with a new key: moved) and departures in any order between reads: an
        // account may leave and be filed again before its run is made.
        const ops = Math.floor(rng.next() * 60);
        for (let k = 0; k < ops; k++) {
          const i = Math.floor(rng.next() * N);
          if (members.has(i) && rng.next() < 0.4) {
            store.leave(runOf, i);
            members.delete(i);
            continue;
          }
          if (members.has(i) && rng.next() < 0.5) continue;
          key[i] = drawKey(rng);
          runs.file(i);
          members.add(i);
        }
        const threshold = drawKey(rng);
        const limit = 1 + Math.floor(rng.next() * 30);
        const out = new IntList();
        runs.peekMerged(threshold, out, limit);
        expect(out.toArray()).toEqual(expected(members, key, threshold).slice(0, limit));
        // The reader takes a prefix of what it read (a merged take); the rest stays.
        const took = Math.floor(rng.next() * (out.size + 1));
        for (let k = 0; k < took; k++) {
          store.leave(runOf, out.items[k]!);
          members.delete(out.items[k]!);
        }
      }
      // Everything left, once.
      const out = new IntList();
      runs.peekMerged(-1, out, Infinity);
      expect(out.toArray()).toEqual(expected(members, key, -1));
    }
  });

  it('a size read takes every member at or above the threshold, across two sets sharing the column', () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed, 11);
      const { store, runOf, key } = columns();
      const sets = [new SizeRuns(store, runOf, key), new SizeRuns(store, runOf, key)];
      const inSet = [new Set<number>(), new Set<number>()];
      // Keys crowded in a narrow range (a few buckets) and thresholds wandering through it, as a
      // release's do while gas and the price move a little each step.
      let threshold = 110;
      for (let step = 0; step < 2000; step++) {
        const ops = Math.floor(rng.next() * 60);
        for (let k = 0; k < ops; k++) {
          const i = Math.floor(rng.next() * N);
          const s = rng.next() < 0.5 ? 0 : 1;
          if (rng.next() < 0.3) {
            // Leaves whichever set it is in (a release, a merged take, a forget).
            store.leave(runOf, i);
            inSet[0]!.delete(i);
            inSet[1]!.delete(i);
            continue;
          }
          // Filed in one set or the other, possibly moving between them and back before a read.
          key[i] = rng.next() < 0.15 ? drawKey(rng) : 100 + rng.next() * 20;
          sets[s]!.file(i);
          inSet[1 - s]!.delete(i);
          inSet[s]!.add(i);
        }
        threshold = rng.next() < 0.05 ? 100 + rng.next() * 20 : threshold - rng.next() * 0.3;
        if (threshold < 99) threshold = 121;
        for (const s of [0, 1]) {
          const out = new IntList();
          sets[s]!.takeAtLeast(threshold, out);
          const got = out.toArray().sort((a, b) => a - b);
          const want = expected(inSet[s]!, key, threshold).sort((a, b) => a - b);
          expect(got).toEqual(want);
          for (const i of got) inSet[s]!.delete(i);
        }
      }
      for (const s of [0, 1]) {
        const out = new IntList();
        sets[s]!.takeAtLeast(-1, out);
        expect(out.toArray().sort((a, b) => a - b)).toEqual([...inSet[s]!].sort((a, b) => a - b));
      }
    }
  });
});
