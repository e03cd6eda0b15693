import { describe, expect, it } from 'vitest';
import {
  CURVE_STETH_A,
  STETH_ETH_POINTS,
  STETH_POOL_READS,
  stableSwapPrice,
  stethDiscount2022,
} from './steth-discount-2022.ts';
import { parseScenario } from '../engine/scenario.ts';

/** The two-coin invariant's D by bisection (independent of the Newton iteration under test). */
function invariantD(x: number, y: number, a: number): number {
  const ann = 2 * a;
  const f = (d: number) => ann * (x + y) + d - ann * d - (d * d * d) / (4 * x * y);
  let lo = 0;
  let hi = 2 * (x + y);
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** y on the invariant through D at a given x, by bisection. */
function yAt(x: number, d: number, a: number): number {
  const ann = 2 * a;
  const f = (y: number) => ann * (x + y) + d - ann * d - (d * d * d) / (4 * x * y);
  let lo = 1e-9 * d;
  let hi = 2 * d;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('stableSwapPrice', () => {
  it('is 1 in a balanced pool and below 1 for the coin the pool holds more of', () => {
    expect(stableSwapPrice(1000, 1000, 50)).toBeCloseTo(1, 12);
    expect(stableSwapPrice(800, 200, 50)).toBeLessThan(1);
    expect(stableSwapPrice(200, 800, 50)).toBeGreaterThan(1);
    // A higher amplification holds the price closer to 1 for the same imbalance.
    expect(stableSwapPrice(800, 200, 100)).toBeGreaterThan(stableSwapPrice(800, 200, 30));
  });

  it('equals the slope of the invariant curve through the balances (a small trade)', () => {
    for (const [x, y, a] of [
      [506_750, 115_740, 50],
      [683, 317, 30],
      [600, 400, 200],
    ] as const) {
      const d = invariantD(x, y, a);
      const h = x * 1e-6;
      const slope = (yAt(x - h, d, a) - yAt(x + h, d, a)) / (2 * h);
      expect(stableSwapPrice(x, y, a)).toBeCloseTo(slope, 6);
    }
  });

  it('refuses empty balances', () => {
    expect(() => stableSwapPrice(0, 10, 50)).toThrow(/balances and A must be > 0/);
  });
});

describe('steth-discount-2022 path from the Curve pool reads', () => {
  const start = Date.parse(stethDiscount2022.startTime) / 1000;
  const end = Date.parse(stethDiscount2022.endTime) / 1000;

  it('parses, and its points are the pool reads inside the window plus the two edges', () => {
    expect(() => parseScenario(stethDiscount2022)).not.toThrow();
    const inside = STETH_POOL_READS.filter(([t]) => t > start && t < end);
    expect(STETH_ETH_POINTS.length).toBe(inside.length + 2);
    expect(STETH_ETH_POINTS[0]![0]).toBe(start);
    expect(STETH_ETH_POINTS.at(-1)![0]).toBe(end);
    for (const [k, [t, , , p]] of inside.entries()) expect(STETH_ETH_POINTS[k + 1]).toEqual([t, p]);
  });

  it('never goes beyond the reads on either side of an edge', () => {
    for (const [t, p] of [STETH_ETH_POINTS[0]!, STETH_ETH_POINTS.at(-1)!]) {
      const before = STETH_POOL_READS.filter((r) => r[0] <= t).at(-1)!;
      const after = STETH_POOL_READS.find((r) => r[0] > t)!;
      expect(p).toBeGreaterThanOrEqual(Math.min(before[3], after[3]));
      expect(p).toBeLessThanOrEqual(Math.max(before[3], after[3]));
    }
  });

  it('declares the pool amplification fitted and names the figure', () => {
    const fitted = stethDiscount2022.validation!.fitted;
    expect(fitted.some((f) => f.value === String(CURVE_STETH_A) && /68\.3%/.test(f.fittedTo))).toBe(true);
  });

  it('reads a stETH-heavy pool in mid-June as a discount, and the published 6% check holds', () => {
    // The pool held ~80% stETH from 13 June on (the data), so every read there is a discount.
    for (const [t, s, e, p] of STETH_POOL_READS)
      if (t > start && s / (s + e) > 0.75) expect(p).toBeLessThan(1);
    // ForkLog (not used in the fit): ~491,000 stETH against ~111,300 ETH, "a discount over 6%".
    expect(stableSwapPrice(491_000, 111_300, CURVE_STETH_A)).toBeLessThan(0.94);
  });
});
