import { describe, expect, it } from 'vitest';
import { NO_MODIFIERS } from '../design.ts';
import type { Modifiers } from '../design.ts';
import { ModifierState } from './modifiers.ts';
import { StepOrders } from './orders.ts';

const tiered: Modifiers = { ...NO_MODIFIERS, tiered: { aboveUsd: 1000, slices: 10 } };

/** Units released per step by one lot of 100 units (worth 10,000 at ref 100) sliced at `stepSeconds`. */
function released(stepSeconds: number, steps: number): number[] {
  const m = new ModifierState(tiered, stepSeconds, 1);
  const o = new StepOrders();
  m.sell(o, 0, 0, 100, 5000, 100);
  expect(o.units.size).toBe(0);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    o.clear();
    m.releaseSlices(o);
    out.push(o.units.toArray().reduce((a, b) => a + b, 0));
  }
  return out;
}

describe('modifiers in time: TWAP slices one a minute, the liquidity cap per minute', () => {
  it('a sliced lot sells over the same minutes at 20, 60 and 300 s steps, and all of it', () => {
    const at60 = released(60, 12);
    expect(at60.slice(0, 10)).toEqual(Array(10).fill(10));
    expect(at60[10]).toBe(0);
    const at20 = released(20, 32);
    // After 3 steps of 20 s (one minute), one slice is out; all of it after 30 steps (10 minutes).
    expect(at20.slice(0, 3).reduce((a, b) => a + b, 0)).toBeCloseTo(10, 9);
    expect(at20.slice(0, 30).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
    expect(at20[30]).toBe(0);
    const at300 = released(300, 3);
    expect(at300[0]).toBeCloseTo(50, 9);
    expect(at300[1]).toBeCloseTo(50, 9);
    expect(at300[2]).toBe(0);
  });

  it('a step gets its share of the minute’s cap', () => {
    const capAt = (stepSeconds: number): number => {
      const m = new ModifierState({ ...NO_MODIFIERS, liquidityCapDepthMultiple: 2 }, stepSeconds, 1);
      m.beginLiquidations({ venueCount: 2, depth: new Float64Array([1000, 3000]) } as never);
      return m.capUsd;
    };
    expect(capAt(60)).toBe(8000);
    expect(capAt(15)).toBe(2000);
    expect(capAt(300)).toBe(40000);
  });
});
