import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blackThursday } from '../scenarios/black-thursday.ts';
import type { OracleDesign } from './design.ts';
import { IMPACT_CPMM, IMPACT_LINEAR, IMPACT_SQRT, impactLog } from './market.ts';
import { inverseNormal } from './keepers.ts';
import { Oracle } from './oracle.ts';
import { Rng } from './random.ts';
import { buildTimeline } from './timeline.ts';
import { fileBuckets, filingRoom, roomFor } from './bucket-filing.ts';
import { BucketTriggerIndex, createTriggerIndex } from './trigger-index.ts';

describe('price impact', () => {
  it('is monotone in flow and shrinks with depth, for every model', () => {
    for (const model of [IMPACT_LINEAR, IMPACT_SQRT, IMPACT_CPMM]) {
      fc.assert(
        fc.property(
          fc.double({ min: 1, max: 1e8, noNaN: true }),
          fc.double({ min: 1, max: 1e8, noNaN: true }),
          fc.double({ min: 1e3, max: 1e9, noNaN: true }),
          (a, b, depth) => {
            const [small, large] = a < b ? [a, b] : [b, a];
            expect(impactLog(model, -large, depth)).toBeLessThanOrEqual(impactLog(model, -small, depth));
            expect(impactLog(model, -small, depth * 2)).toBeGreaterThanOrEqual(
              impactLog(model, -small, depth),
            );
            expect(impactLog(model, -small, depth)).toBeLessThan(0);
          },
        ),
      );
    }
  });

  it('moves the price by 1% for a flow equal to the depth', () => {
    expect(impactLog(IMPACT_LINEAR, -1e6, 1e6)).toBeCloseTo(-0.01, 12);
    expect(impactLog(IMPACT_SQRT, -1e6, 1e6)).toBeCloseTo(-0.01, 12);
    // Constant product: a sale worth the depth moves the price by exactly −1%.
    expect(Math.exp(impactLog(IMPACT_CPMM, -1e6, 1e6))).toBeCloseTo(0.99, 12);
  });
});

function oracleOf(design: Partial<OracleDesign>): Oracle {
  return new Oracle(
    {
      source: 'median',
      transform: { kind: 'none' },
      update: { kind: 'every-step' },
      maxGasGwei: null,
      honorOutages: true,
      ...design,
    } as OracleDesign,
    ['a', 'b', 'c'],
    60,
    0,
  );
}

describe('oracles', () => {
  const prices = (p: number): Float64Array => Float64Array.from([p, p * 1.01, p * 0.5]);

  it('median of venues', () => {
    const o = oracleOf({});
    o.init(Float64Array.from([10, 30, 20]));
    expect(o.value).toBe(20);
  });

  it('OSM releases, at each hour, the value read an hour earlier', () => {
    const o = oracleOf({ transform: { kind: 'osm', hopSeconds: 3600 } });
    o.init(prices(100));
    const seen: number[] = [];
    for (let step = 1; step <= 180; step++) {
      o.update(step, prices(100 - step * 0.1), 10, false);
      seen.push(o.value);
    }
    expect(seen[58]).toBe(100); // step 59: nothing released yet
    expect(seen[59]).toBe(100); // step 60: releases the value queued at step 0
    expect(seen[119]).toBeCloseTo(100 - 60 * 0.1, 12); // step 120: the value read at step 60
    expect(seen[179]).toBeCloseTo(100 - 120 * 0.1, 12);
  });

  it('fixed delay, TWAP and EMA follow their definitions', () => {
    const delay = oracleOf({ transform: { kind: 'delay', delaySeconds: 300 } });
    const twap = oracleOf({ transform: { kind: 'twap', windowSeconds: 180 } });
    const ema = oracleOf({ transform: { kind: 'ema', halfLifeSeconds: 60 } });
    for (const o of [delay, twap, ema]) o.init(prices(100));
    const path = [100, 90, 80, 70, 60, 50, 40];
    path.forEach((p, i) => {
      if (i === 0) return;
      for (const o of [delay, twap, ema]) o.update(i, prices(p), 1, false);
    });
    expect(delay.value).toBe(90); // five steps back from step 6
    expect(twap.value).toBeCloseTo((60 + 50 + 40) / 3, 12);
    // EMA with a one-step half-life: v ← v + (p − v)/2
    let v = 100;
    for (const p of path.slice(1)) v += 0.5 * (p - v);
    expect(ema.value).toBeCloseTo(v, 12);
  });

  it('deviation threshold with heartbeat, gas cap and outages block posting', () => {
    const o = oracleOf({
      update: { kind: 'deviation', thresholdBps: 100, heartbeatSeconds: 600 },
      maxGasGwei: 100,
    });
    o.init(prices(100));
    o.update(1, prices(100.5), 10, false);
    expect(o.value).toBe(100); // 0.5% < 1%
    o.update(2, prices(102), 10, false);
    expect(o.value).toBe(102);
    o.update(3, prices(90), 150, false);
    expect(o.value).toBe(102); // gas above the feed's cap
    expect(o.blocked).toBe(true);
    o.update(4, prices(90), 50, true);
    expect(o.value).toBe(102); // outage
    o.update(5, prices(90), 50, false);
    expect(o.value).toBe(90);
    o.update(16, prices(90.1), 50, false); // heartbeat: 11 steps = 660 s since the last post
    expect(o.value).toBe(90.1);
  });
});

describe('the observed path of a built-in scenario', () => {
  it('says how it was filled, and every bar of Black Thursday keeps its open and close at 1-minute steps', () => {
    const tl = buildTimeline(blackThursday, 60, 1);
    expect(tl.steps).toBe(2881);
    expect(tl.bridge.filledSteps).toBeGreaterThan(2000);
    expect(tl.bridge.note).toMatch(/never beyond/);
    for (const [t, len, open, , , close] of blackThursday.assets[0]!.observed.bars!) {
      const i0 = (t - tl.startSec) / 60;
      expect(tl.observedLog[0]![i0]).toBe(Math.log(open));
      expect(tl.observedLog[0]![i0 + len / 60 - 1]).toBe(Math.log(close));
    }
  });
});

describe('trigger index', () => {
  it('heap, bucket queue and full scan agree on any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        i: fc.nat(49),
        v: fc.double({ min: 1, max: 200, noNaN: true }),
      }),
      fc.record({ kind: fc.constant('add' as const), i: fc.nat(49) }),
      fc.record({ kind: fc.constant('remove' as const), i: fc.nat(49) }),
      fc.record({
        kind: fc.constant('take' as const),
        price: fc.double({ min: 1, max: 200, noNaN: true }),
        limit: fc.nat(10),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const trig = new Float64Array(50).fill(100);
        const heap = createTriggerIndex('heap', trig);
        const bucket = createTriggerIndex('bucket', trig, [1, 200]);
        const scan = createTriggerIndex('scan', trig);
        // One that compacts its lists whenever they hold more than one stale entry.
        const compacting = new BucketTriggerIndex(trig, 1, 200, undefined, undefined, 1);
        const all = [heap, bucket, scan, compacting];
        for (const o of ops) {
          if (o.kind === 'set') {
            trig[o.i] = o.v;
            for (const ix of all) ix.update(o.i);
          } else if (o.kind === 'add') {
            for (const ix of all) ix.add(o.i);
          } else if (o.kind === 'remove') {
            for (const ix of all) ix.remove(o.i);
          } else {
            const a: number[] = [];
            const b: number[] = [];
            const c: number[] = [];
            const d: number[] = [];
            heap.take(o.price, a, o.limit);
            bucket.take(o.price, b, o.limit);
            scan.take(o.price, c, o.limit);
            compacting.take(o.price, d, o.limit);
            expect(a).toEqual(c);
            expect(b).toEqual(c);
            expect(d).toEqual(c);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a filing task, run (twice, as when a helper could not finish it) and adopted, files what addAll files', () => {
    const n = 5_000;
    const rng = new Rng(5);
    const trig = Float64Array.from({ length: n }, () => 50 + 100 * rng.next());
    trig[7] = Infinity;
    trig[8] = 0;
    const logs = Float64Array.from(trig, (t) => Math.log(t));
    const shift = Math.log(1.2);
    const callTrig = Float64Array.from(trig, (t) => t * 1.2);
    const members = Uint32Array.from({ length: n - 100 }, (_, j) => (j * 7) % n);
    const byAddAll = new BucketTriggerIndex(callTrig, 1, 1e4, { log: logs, shift });
    byAddAll.addAll(members);
    const adopted = new BucketTriggerIndex(callTrig, 1, 1e4, { log: logs, shift });
    const task = adopted.filingTask(members, (bytes) => new ArrayBuffer(bytes))!;
    fileBuckets(task);
    fileBuckets(task);
    adopted.adopt(task);
    expect(adopted.memoryBytes).toBe(byAddAll.memoryBytes);
    for (const i of [0, 7, 8, members[10]!, n - 1]) expect(adopted.has(i)).toBe(byAddAll.has(i));
    // Once filed, an index gives no filing task (adopt is for a first filing only).
    expect(adopted.filingTask(members, (bytes) => new ArrayBuffer(bytes))).toBeNull();
    // Without log keys there is none either.
    expect(new BucketTriggerIndex(trig, 1, 1e4).filingTask(members, (b) => new ArrayBuffer(b))).toBeNull();
    for (const price of [170, 150, 120, 100, 70, 0]) {
      const a: number[] = [];
      const b: number[] = [];
      byAddAll.take(price, a, 400);
      adopted.take(price, b, 400);
      expect(b).toEqual(a);
      expect(b.length).toBeGreaterThan(0);
    }
  });

  it('a bulk filing leaves each bucket half its size again in room, inside the storage it asked for', () => {
    const n = 3_000;
    const rng = new Rng(9);
    const trig = Float64Array.from({ length: n }, () => 80 + 40 * rng.next());
    const logs = Float64Array.from(trig, (t) => Math.log(t));
    const index = new BucketTriggerIndex(trig, 1, 1e4, { log: logs, shift: 0 });
    const members = Uint32Array.from({ length: n }, (_, j) => j);
    const task = index.filingTask(members, (bytes) => new ArrayBuffer(bytes))!;
    fileBuckets(task);
    let filled = 0;
    for (let b = 0; b < task.sizes.length; b++) {
      const size = task.sizes[b]!;
      if (size === 0) continue;
      filled++;
      expect(task.starts[b + 1]! - task.starts[b]!).toBe(roomFor(size));
      expect(roomFor(size)).toBeGreaterThanOrEqual(size + (size >> 1));
    }
    expect(filled).toBeGreaterThan(100);
    expect(task.starts[task.sizes.length]!).toBeLessThanOrEqual(task.storage.length);
    expect(task.storage.length).toBe(filingRoom(n, task.sizes.length));
  });

  it('a bucket queue whose entries go stale where no take reads them keeps about one entry a member', () => {
    // Accounts removed and filed again, over and over, in buckets below every take's price (as in
    // the waiting-for-gas index below a merged take's cutoff): each round leaves stale entries.
    const n = 1_000;
    const rng = new Rng(9);
    const trig = Float64Array.from({ length: n }, () => 10 + 80 * rng.next());
    const index = new BucketTriggerIndex(trig, 1, 200);
    const scan = createTriggerIndex('scan', trig);
    for (let i = 0; i < n; i++) for (const ix of [index, scan]) ix.add(i);
    const base = index.memoryBytes - n * 8;
    for (let round = 0; round < 100; round++) {
      for (let i = round % 7; i < n; i += 3) {
        trig[i] = 10 + 80 * rng.next();
        for (const ix of [index, scan]) {
          ix.remove(i);
          ix.add(i);
        }
      }
      const above: number[] = [];
      index.take(95, above);
      expect(above).toEqual([]);
    }
    // ~33,000 re-filings: without compaction as many entries; with it, at most 2 a member + 4,096.
    expect(index.memoryBytes - base).toBeLessThanOrEqual((2 * n + 4_096) * 8);
    for (const price of [80, 50, 20, 0]) {
      const a: number[] = [];
      const b: number[] = [];
      index.take(price, a, 300);
      scan.take(price, b, 300);
      expect(a).toEqual(b);
      expect(a.length).toBeGreaterThan(0);
    }
  });

  it('a bucket queue over a range wider than 32,767 buckets widens them (its filing column is two bytes), same takes', () => {
    const trig = Float64Array.from({ length: 40 }, (_, i) => 1e-5 * Math.exp(i * 0.9));
    const wide = new BucketTriggerIndex(trig, 1e-6, 1e12);
    const scan = createTriggerIndex('scan', trig);
    expect(wide.memoryBytes).toBeLessThan(32_767 * 32 + 40 * 2 + 1);
    for (let i = 0; i < 40; i++) for (const ix of [wide, scan]) ix.add(i);
    for (const price of [1e9, 1e3, 1, 1e-4]) {
      const a: number[] = [];
      const b: number[] = [];
      wide.take(price, a);
      scan.take(price, b);
      expect(a).toEqual(b);
      expect(a.length).toBeGreaterThan(0);
    }
  });

  it("the bucket queue takes in the scan's order when many triggers share a bucket and takes are capped", () => {
    // Triggers within a few bucket widths of each other: buckets hold many accounts, capped takes
    // leave most of a bucket behind, and the next takes pop its sorted remainder.
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), i: fc.nat(79), k: fc.nat(30) }),
      fc.record({ kind: fc.constant('add' as const), i: fc.nat(79) }),
      fc.record({ kind: fc.constant('remove' as const), i: fc.nat(79) }),
      fc.record({ kind: fc.constant('take' as const), k: fc.nat(30), limit: fc.nat(4) }),
      fc.record({ kind: fc.constant('take' as const), k: fc.nat(30), limit: fc.constant(Infinity) }),
      // Taken, then filed back (nobody liquidated them), last first as a step files them, or first first.
      fc.record({
        kind: fc.constant('fileBack' as const),
        k: fc.nat(30),
        limit: fc.oneof(fc.nat(4), fc.constant(Infinity)),
        lastFirst: fc.boolean(),
      }),
    );
    const at = (k: number): number => 100 * Math.exp(k * 1e-4);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.nat(30), (ops, k0) => {
        const trig = Float64Array.from({ length: 80 }, (_, i) => at((i * 7 + k0) % 31));
        const bucket = createTriggerIndex('bucket', trig, [1, 200]);
        const scan = createTriggerIndex('scan', trig);
        // A third filed in bulk (one list per bucket, sized at once), as a run files its accounts.
        const bulk = new BucketTriggerIndex(trig, 1, 200);
        // A fourth filed by a filing task (as a population helper files the call index) and adopted.
        const logs = Float64Array.from(trig, (t) => Math.log(t));
        const adopted = new BucketTriggerIndex(trig, 1, 200, { log: logs, shift: 0 });
        const order = Uint32Array.from({ length: 80 }, (_, i) => (i * 37) % 80);
        for (let i = 0; i < 80; i++) for (const ix of [bucket, scan]) ix.add(i);
        bulk.addAll(order);
        const task = adopted.filingTask(order, (bytes) => new ArrayBuffer(bytes))!;
        fileBuckets(task);
        adopted.adopt(task);
        // A fifth compacting its lists whenever they hold more than two stale entries.
        const compacting = new BucketTriggerIndex(trig, 1, 200, undefined, undefined, 2);
        for (let i = 0; i < 80; i++) compacting.add(i);
        const all = [bucket, scan, bulk, adopted, compacting];
        for (const o of ops) {
          if (o.kind === 'set') {
            trig[o.i] = at(o.k);
            logs[o.i] = Math.log(trig[o.i]!);
            for (const ix of all) ix.update(o.i);
          } else if (o.kind === 'add') {
            for (const ix of all) ix.add(o.i);
          } else if (o.kind === 'remove') {
            for (const ix of all) ix.remove(o.i);
          } else {
            const b: number[] = [];
            const c: number[] = [];
            const d: number[] = [];
            const e: number[] = [];
            const f: number[] = [];
            bucket.take(at(o.k), b, o.limit);
            scan.take(at(o.k), c, o.limit);
            bulk.take(at(o.k), d, o.limit);
            adopted.take(at(o.k), e, o.limit);
            compacting.take(at(o.k), f, o.limit);
            expect(b).toEqual(c);
            expect(d).toEqual(c);
            expect(e).toEqual(c);
            expect(f).toEqual(c);
            if (o.kind === 'fileBack') {
              const back = o.lastFirst ? [...c].reverse() : c;
              for (const i of back) for (const ix of all) ix.add(i);
            }
          }
        }
      }),
      {
        numRuns: 2000,
        // Found by this property: an account filed again left a stale entry at the end of a sorted
        // bucket, and an add compared against it kept the bucket sorted with an entry out of place.
        examples: [
          [
            [
              { kind: 'fileBack', k: 0, limit: Infinity, lastFirst: true },
              { kind: 'set', i: 30, k: 0 },
              { kind: 'add', i: 43 },
              { kind: 'fileBack', k: 0, limit: Infinity, lastFirst: false },
            ],
            4,
          ],
        ],
      },
    );
  });
});

describe('random numbers and quantiles', () => {
  it('are reproducible and well distributed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 10_000 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(new Rng(43).next()).not.toBe(new Rng(42).next());
  });

  it('inverse normal matches known quantiles', () => {
    expect(inverseNormal(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormal(0.975)).toBeCloseTo(1.959963985, 7);
    expect(inverseNormal(0.01)).toBeCloseTo(-2.326347874, 7);
  });

  it('inverse normal gives, to the last bit, what the textbook form of Acklam’s algorithm gives', () => {
    // The engine's form is rearranged for the JIT (central case first, the upper tail mirrored
    // without recursion); populations drawn through it must not change. Reference: the plain form.
    const acklam = (p: number): number => {
      if (p <= 0) return -Infinity;
      if (p >= 1) return Infinity;
      if (p < 0.02425) {
        const q = Math.sqrt(-2 * Math.log(p));
        return (
          (((((-0.007784894002430293 * q + -0.3223964580411365) * q + -2.400758277161838) * q +
            -2.549732539343734) *
            q +
            4.374664141464968) *
            q +
            2.938163982698783) /
          ((((0.007784695709041462 * q + 0.3224671290700398) * q + 2.445134137142996) * q +
            3.754408661907416) *
            q +
            1)
        );
      }
      if (p > 1 - 0.02425) return -acklam(1 - p);
      const q = p - 0.5;
      const r = q * q;
      return (
        ((((((-39.69683028665376 * r + 220.9460984245205) * r + -275.9285104469687) * r + 138.357751867269) *
          r +
          -30.66479806614716) *
          r +
          2.506628277459239) *
          q) /
        (((((-54.47609879822406 * r + 161.5858368580409) * r + -155.6989798598866) * r + 66.80131188771972) *
          r +
          -13.28068155288572) *
          r +
          1)
      );
    };
    const rng = new Rng(7, 1);
    const u = new Float64Array(200_000);
    rng.fillFast(u, u.length);
    const edges = [
      0,
      1,
      -1,
      2,
      NaN,
      0.5,
      0.02425,
      1 - 0.02425,
      0.0242499999,
      0.9757500001,
      1e-300,
      1 - 2 ** -53,
    ];
    for (const p of [...u, ...edges]) expect(Object.is(inverseNormal(p), acklam(p)), `p = ${p}`).toBe(true);
    expect(inverseNormal(NaN)).toBeNaN();
  });
});
