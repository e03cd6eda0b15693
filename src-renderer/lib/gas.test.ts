import { describe, expect, it } from 'vitest';
import { fakeRun } from './fixtures.ts';
import { hasGasChart, onBands, stepsAboveMedianCap } from './gas.ts';

describe('gas and keepers chart', () => {
  it('is shown where gas moves, not for a flat placeholder series', () => {
    const flat = fakeRun(10);
    flat.series.gasGwei = new Array(10).fill(25);
    expect(hasGasChart(flat)).toBe(false);
    const moving = fakeRun(10);
    moving.series.gasGwei = [20, 30, 200, 150, 40, 20, 20, 20, 20, 20];
    expect(hasGasChart(moving)).toBe(true);
    expect(stepsAboveMedianCap(moving)).toBe(2);
  });

  it('shades the stretches where a flag is on', () => {
    expect(onBands([0, 1, 1, 0, 0, 1])).toEqual([
      [1, 3],
      [5, 6],
    ]);
    expect(onBands([0, 0])).toEqual([]);
  });
});
