import { describe, expect, it } from 'vitest';
import {
  binMarkers,
  binnedSumsUpTo,
  binSizeFor,
  decimate,
  decimateRange,
  markersUpTo,
  pointsUpTo,
  prefixSums,
} from './series.ts';

describe('decimation', () => {
  const values = [5, 1, 9, 3, 4, 8, 2, 7, 6, 0, 11];

  it('keeps each bin’s min and max in time order', () => {
    const d = decimate(values, 4);
    expect(d.points.slice(0, 2)).toEqual([
      { x: 1, y: 1 },
      { x: 2, y: 9 },
    ]);
    expect(d.binEnds.length).toBe(3);
    expect(d.points.at(-1)).toEqual({ x: 10, y: 11 });
  });

  it('ends exactly at the cursor', () => {
    const d = decimate(values, 4);
    const pts = pointsUpTo(d, values, 5);
    expect(pts.at(-1)).toEqual({ x: 5, y: 8 });
    expect(pts.every((p) => p.x <= 5)).toBe(true);
    expect(pointsUpTo(d, values, 0)).toEqual([{ x: 0, y: 5 }]);
    expect(pointsUpTo(d, [], 3)).toEqual([]);
  });

  it('decimates a zoomed range to the same budget, with the detail of that range', () => {
    const long = Array.from({ length: 3000 }, (_, i) => Math.sin(i / 7) * 100 + (i === 1234 ? -500 : 0));
    const whole = decimateRange(long, null, 100);
    expect(whole).toEqual(decimate(long, 30).points);
    const zoomed = decimateRange(long, { min: 1200, max: 1300 }, 100);
    // Every step of the range is drawn (100 steps in 100 bins), plus one beyond each end.
    expect(zoomed.map((p) => p.x)).toEqual(Array.from({ length: 103 }, (_, i) => 1199 + i));
    // The crash low survives decimation in both views.
    expect(Math.min(...whole.map((p) => p.y))).toBe(long[1234]);
    expect(Math.min(...decimateRange(long, { min: 0, max: 2999 }, 50).map((p) => p.y))).toBe(long[1234]);
  });

  it('chooses bins to stay under a point budget', () => {
    expect(binSizeFor(2881, 400)).toBe(8);
    expect(binSizeFor(10, 400)).toBe(1);
  });

  it('skips non-finite values', () => {
    const d = decimate([NaN, 2, Infinity, 1], 2);
    expect(d.points).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 1 },
    ]);
  });
});

describe('binned sums', () => {
  it('sums whole bins before the cursor, the partial bin up to it, and nulls after', () => {
    const prefix = prefixSums([1, 2, 3, 4, 5, 6, 7]);
    expect(binnedSumsUpTo(prefix, 3, 4)).toEqual([6, 9, null]);
    expect(binnedSumsUpTo(prefix, 3, 6)).toEqual([6, 15, 7]);
  });
});

describe('markers', () => {
  it('puts one marker per busy bin at its busiest step', () => {
    const counts = [0, 2, 5, 0, 0, 0, 1, 0];
    const price = [10, 11, 12, 13, 14, 15, 16, 17];
    const m = binMarkers(counts, price, 4);
    expect(m).toEqual([
      { x: 2, y: 12, count: 7 },
      { x: 6, y: 16, count: 1 },
    ]);
    expect(markersUpTo(m, 5)).toHaveLength(1);
    expect(markersUpTo(m, 6)).toHaveLength(2);
  });
});

describe('flow bars', async () => {
  const { flowBinSteps } = await import('./prepared.ts');
  it('uses a round duration per bar', () => {
    expect(flowBinSteps(2881, 60)).toBe(30);
    expect(flowBinSteps(50, 60)).toBe(1);
    expect(flowBinSteps(10_000, 1)).toBe(300);
  });
});
