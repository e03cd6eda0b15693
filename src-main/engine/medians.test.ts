import { describe, expect, it } from 'vitest';
import { median, quantile, upperMedian } from './medians.ts';

describe('medians', () => {
  it('upperMedian is the middle value of an odd count, in any order', () => {
    expect(upperMedian([9, 1, 5])).toBe(5);
    expect(upperMedian([3])).toBe(3);
  });

  it('upperMedian takes the larger middle value of an even count, where median averages them', () => {
    expect(upperMedian([4, 1, 3, 2])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('upperMedian of nothing is NaN, and it leaves its input as it was', () => {
    expect(upperMedian([])).toBeNaN();
    const values = [5, 2, 8];
    upperMedian(values);
    expect(values).toEqual([5, 2, 8]);
  });

  it('quantile interpolates between sorted values, and is NaN for none', () => {
    expect(quantile([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
