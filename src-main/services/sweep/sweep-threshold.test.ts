import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShockOutcome, Threshold } from './sweep-threshold.ts';
import { cascadeOn, initialShocks, outcomeOf, searchThresholds } from './sweep-threshold.ts';

const T: Threshold = { from: 0.5, to: 1.5, tolerance: 0.02, badDebtShare: 0.01, amplification: 1.25 };

/** A point whose bad debt jumps from 0 to 5% of debt at shock `at`. */
const step =
  (at: number) =>
  (k: number): ShockOutcome => ({ badDebtShare: k >= at ? 0.05 : 0, amplification: 1 });

describe('cascade threshold search', () => {
  it('defines ON as mean bad debt ≥ the share of debt OR amplification ≥ the level', () => {
    expect(cascadeOn(T, { badDebtShare: 0.01, amplification: 1 })).toBe(true);
    expect(cascadeOn(T, { badDebtShare: 0.0099, amplification: 1.2499 })).toBe(false);
    expect(cascadeOn(T, { badDebtShare: 0, amplification: 1.25 })).toBe(true);
    // bad debt arrives from the engine in % of debt; the outcome is the mean over seeds
    expect(
      outcomeOf([
        { badDebtPct: 1, amplification: 1 },
        { badDebtPct: 3, amplification: 1.5 },
      ]),
    ).toEqual({
      badDebtShare: 0.02,
      amplification: 1.25,
    });
  });

  it('starts from the grid shocks inside the range and bisects every point in rounds', async () => {
    expect(initialShocks(T, [0.25, 0.5, 1, 2])).toEqual([0.5, 1, 1.5]);
    const curves = [step(0.8125), step(0.4), step(9), step(1.2)];
    const rounds: number[] = [];
    const results = await searchThresholds(T, curves.length, [0.5, 1, 1.5], async (qs) => {
      rounds.push(qs.length);
      return qs.map((q) => curves[q.point]!(q.shock));
    });
    expect(results[0]).toMatchObject({ kind: 'found' });
    const r0 = results[0] as { shock: number; bracket: { lo: number; hi: number } };
    expect(r0.bracket.lo < 0.8125 && 0.8125 <= r0.shock).toBe(true);
    expect(r0.bracket.hi - r0.bracket.lo).toBeLessThanOrEqual(0.02);
    expect(results[1]).toMatchObject({ kind: 'below' });
    expect(results[2]).toMatchObject({ kind: 'above' });
    expect(results[3]).toMatchObject({ kind: 'found' });
    // round 1: 4 points × 3 shocks; then the two bisecting points together, 0.5 → 0.02 in 5 halvings
    expect(rounds).toEqual([12, 2, 2, 2, 2, 2]);
  });

  it('leaves a point null when its outcomes are missing (an unfinished sweep)', async () => {
    const results = await searchThresholds(T, 2, [0.5, 1.5], async (qs) =>
      qs.map((q) => (q.point === 0 ? null : step(1)(q.shock))),
    );
    expect(results[0]).toBeNull();
    expect(results[1]).toMatchObject({ kind: 'found' });
  });

  it('property: any step threshold inside the range is found within the tolerance', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.5001, max: 1.5, noNaN: true }), async (at) => {
        const [r] = await searchThresholds(T, 1, [0.5, 1, 1.5], async (qs) =>
          qs.map((q) => step(at)(q.shock)),
        );
        expect(r).toMatchObject({ kind: 'found' });
        const f = r as { shock: number; bracket: { lo: number } };
        expect(f.bracket.lo < at && at <= f.shock && f.shock - f.bracket.lo <= 0.02).toBe(true);
      }),
    );
  });
});
