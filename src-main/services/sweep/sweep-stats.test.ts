import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/random.ts';
import {
  bisect,
  dominatedFlags,
  expectedShortfallSorted,
  latinHypercube,
  metricStats,
  quantileSorted,
  sortedAscending,
  tornado,
} from './sweep-stats.ts';

const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

describe('quantiles (Gauntlet VaR: the p-th percentile outcome)', () => {
  it('takes the ⌈p·n⌉-th smallest value', () => {
    expect(quantileSorted(hundred, 0.95)).toBe(95);
    expect(quantileSorted(hundred, 0.99)).toBe(99);
    expect(quantileSorted(hundred, 0.5)).toBe(50);
    expect(quantileSorted([3, 7, 9, 10], 0.5)).toBe(7); // ⌈2⌉ = 2nd
    expect(quantileSorted([3, 7, 9, 10], 0.51)).toBe(9); // ⌈2.04⌉ = 3rd
    expect(quantileSorted([5], 0.99)).toBe(5);
    // 20 outcomes, p = 0.95: the 19th exactly (p·n carries a rounding error in binary)
    expect(quantileSorted(hundred.slice(0, 20), 0.95)).toBe(19);
  });

  it('refuses levels outside (0, 1] and empty input', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([1], 0)).toThrow(RangeError);
    expect(() => quantileSorted([1], 1.5)).toThrow(RangeError);
  });

  it('property: a quantile is one of the values, monotone in p, and p·n of them lie at or below it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), { minLength: 1 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (xs, p, q) => {
          const s = sortedAscending(xs);
          const v = quantileSorted(s, p);
          expect(s).toContain(v);
          const atOrBelow = s.filter((x) => x <= v).length;
          expect(atOrBelow).toBeGreaterThanOrEqual(Math.ceil(p * s.length - 1e-9));
          if (p <= q) expect(quantileSorted(s, p)).toBeLessThanOrEqual(quantileSorted(s, q));
        },
      ),
    );
  });
});

describe('expected shortfall (LlamaRisk: the mean of the worst α share)', () => {
  it('is the mean of the worst α·n outcomes when α·n is whole', () => {
    // worst 1% of 1..100 is {100}; worst 4% is {97..100}
    expect(expectedShortfallSorted(hundred, 0.01)).toBe(100);
    expect(expectedShortfallSorted(hundred, 0.04)).toBe(98.5);
    // 400 outcomes 1..400: worst 0.25% is {400}, worst 1% is {397..400}
    const four = Array.from({ length: 400 }, (_, i) => i + 1);
    expect(expectedShortfallSorted(four, 0.0025)).toBe(400);
    expect(expectedShortfallSorted(four, 0.01)).toBe(398.5);
  });

  it('weights the boundary outcome when α·n is fractional, and is the worst outcome below 1/α samples', () => {
    // n = 10, α = 0.25: α·n = 2.5 → (10 + 9 + 0.5·8) / 2.5 = 9.2
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(expectedShortfallSorted(ten, 0.25)).toBeCloseTo(9.2, 12);
    expect(expectedShortfallSorted([1, 2, 3, 4, 5], 0.01)).toBe(5);
    expect(expectedShortfallSorted([1, 2, 3, 4, 5], 1)).toBe(3);
  });

  it('property: VaR ≤ ES at the same tail, ES ≤ max, ES falls (weakly) as α widens', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
          minLength: 1,
          maxLength: 500,
        }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (xs, alpha) => {
          const s = sortedAscending(xs);
          const es = expectedShortfallSorted(s, alpha);
          const tol = 1e-9 * (1 + Math.abs(es));
          expect(es).toBeLessThanOrEqual(s[s.length - 1]! + tol);
          expect(quantileSorted(s, 1 - alpha)).toBeLessThanOrEqual(es + tol);
          expect(expectedShortfallSorted(s, Math.min(1, alpha * 2))).toBeLessThanOrEqual(es + tol);
        },
      ),
    );
  });

  it('metricStats gathers them in one pass (mean in run order)', () => {
    const s = metricStats([4, 1, 3, 2]);
    expect(s).toMatchObject({ n: 4, mean: 2.5, min: 1, max: 4, p50: 2, p90: 4, var95: 4, es1: 4 });
    expect(() => metricStats([1, Number.NaN])).toThrow(/NaN/);
  });
});

describe('efficiency frontier', () => {
  it('marks a point dominated when another is at least as efficient with no more tail loss, better in one', () => {
    const flags = dominatedFlags([
      { efficiency: 0.6, tailLoss: 10 }, // frontier
      { efficiency: 0.7, tailLoss: 20 }, // frontier
      { efficiency: 0.6, tailLoss: 15 }, // dominated by the first
      { efficiency: 0.5, tailLoss: 20 }, // dominated by both
      { efficiency: 0.6, tailLoss: 10 }, // equal to the first: not dominated
    ]);
    expect(flags).toEqual([false, false, true, true, false]);
  });

  it('property: undominated points are mutually non-dominating and every dominated point has a frontier dominator', () => {
    const pt = fc.record({
      efficiency: fc.integer({ min: 0, max: 20 }),
      tailLoss: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(pt, { minLength: 1, maxLength: 40 }), (pts) => {
        const flags = dominatedFlags(pts);
        const dominates = (q: (typeof pts)[0], p: (typeof pts)[0]) =>
          q.efficiency >= p.efficiency &&
          q.tailLoss <= p.tailLoss &&
          (q.efficiency > p.efficiency || q.tailLoss < p.tailLoss);
        const frontier = pts.filter((_, i) => !flags[i]);
        expect(frontier.length).toBeGreaterThan(0);
        for (const a of frontier) for (const b of frontier) expect(dominates(a, b)).toBe(false);
        pts.forEach((p, i) => {
          if (flags[i]) expect(frontier.some((q) => dominates(q, p))).toBe(true);
        });
      }),
    );
  });
});

describe('tornado', () => {
  it('ranks axes by the swing between the low and high thirds of their values', () => {
    // metric = 10·a + 1·b over a 3×3 grid
    const points = [];
    for (const a of [1, 2, 3]) for (const b of [1, 2, 3]) points.push({ values: [a, b], metric: 10 * a + b });
    const bars = tornado(['a', 'b'], points);
    expect(bars.map((b) => b.axis)).toEqual(['a', 'b']);
    expect(bars[0]).toMatchObject({ low: 12, high: 32, swing: 20, lowLabel: '1', highLabel: '3' });
    expect(bars[1]).toMatchObject({ low: 21, high: 23, swing: 2 });
  });

  it('compares categories by their means and skips single-valued axes', () => {
    const bars = tornado(
      ['design', 'fixed'],
      [
        { values: ['x', 1], metric: 5 },
        { values: ['y', 1], metric: 1 },
        { values: ['z', 1], metric: 3 },
      ],
    );
    expect(bars).toEqual([{ axis: 'design', low: 1, high: 5, swing: 4, lowLabel: 'y', highLabel: 'x' }]);
  });
});

describe('cascade threshold bisection', () => {
  it('brackets the switch of a step indicator to the tolerance', () => {
    const r = bisect((k) => k >= 0.8125, 0.5, 1.5, 0.01);
    expect(r.kind).toBe('found');
    if (r.kind !== 'found') return;
    expect(r.bracket.lo).toBeLessThan(0.8125);
    expect(r.bracket.hi).toBeGreaterThanOrEqual(0.8125);
    expect(r.bracket.hi - r.bracket.lo).toBeLessThanOrEqual(0.01);
    // ⌈log2(1 / 0.01)⌉ = 7 halvings after the two ends
    expect(r.evaluations).toBe(9);
  });

  it('says below / above when the indicator does not switch inside the range', () => {
    expect(bisect(() => true, 0.5, 1.5, 0.01).kind).toBe('below');
    expect(bisect(() => false, 0.5, 1.5, 0.01).kind).toBe('above');
  });

  it('property: for any threshold inside the range the bracket holds it and is narrower than the tolerance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.51, max: 1.5, noNaN: true }),
        fc.double({ min: 1e-4, max: 0.2, noNaN: true }),
        (t, tol) => {
          const r = bisect((k) => k >= t, 0.5, 1.5, tol);
          expect(r.kind).toBe('found');
          if (r.kind !== 'found') return;
          expect(r.bracket.lo < t && t <= r.bracket.hi).toBe(true);
          expect(r.bracket.hi - r.bracket.lo).toBeLessThanOrEqual(tol);
        },
      ),
    );
  });
});

describe('Latin hypercube', () => {
  it('puts exactly one point in every stratum of every dimension (property over n, d, seed)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (n, d, seed) => {
          const rng = new Rng(seed, 7);
          const pts = latinHypercube(n, d, () => rng.next());
          expect(pts).toHaveLength(n);
          for (let j = 0; j < d; j++) {
            const strata = pts.map((p) => Math.floor(p[j]! * n)).sort((a, b) => a - b);
            expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
            for (const p of pts) expect(p[j]! >= 0 && p[j]! < 1).toBe(true);
          }
        },
      ),
    );
  });

  it('is a function of the seed', () => {
    const a = new Rng(42, 1);
    const b = new Rng(42, 1);
    expect(latinHypercube(5, 2, () => a.next())).toEqual(latinHypercube(5, 2, () => b.next()));
  });
});
