import { describe, expect, it } from 'vitest';
import {
  advance,
  BASE_STEPS_PER_SECOND,
  clampStep,
  fasterSpeed,
  slowerSpeed,
  stepAtTime,
} from './transport-logic.ts';

describe('transport arithmetic', () => {
  it('clamps steps into the run and rounds', () => {
    expect(clampStep(-3, 10)).toBe(0);
    expect(clampStep(12, 10)).toBe(9);
    expect(clampStep(4.6, 10)).toBe(5);
    expect(clampStep(NaN, 10)).toBe(0);
    expect(clampStep(3, 0)).toBe(0);
  });

  it('advances by speed and carries fractions between frames', () => {
    // 1× for 100 ms = 0.4 steps: nothing yet, carried.
    let r = advance(100, 1, 0);
    expect(r.steps).toBe(0);
    expect(r.carry).toBeCloseTo(0.4);
    r = advance(100, 1, r.carry);
    expect(r.steps).toBe(0);
    r = advance(100, 1, r.carry);
    expect(r.steps).toBe(1);
    // 64× for one second.
    expect(advance(1000, 64, 0).steps).toBe(64 * BASE_STEPS_PER_SECOND);
    expect(advance(-5, 4, 0.5).steps).toBe(0);
  });

  it('steps through the offered speeds and stops at the ends', () => {
    expect(fasterSpeed(1)).toBe(2);
    expect(fasterSpeed(64)).toBe(64);
    expect(slowerSpeed(64)).toBe(32);
    expect(slowerSpeed(1)).toBe(1);
  });

  it('finds the step of a time', () => {
    const run = { startSec: 1000, stepSeconds: 60, steps: 100 };
    expect(stepAtTime(run, 1000)).toBe(0);
    expect(stepAtTime(run, 1000 + 60 * 5 + 59)).toBe(5);
    expect(stepAtTime(run, 0)).toBe(0);
    expect(stepAtTime(run, 1e9)).toBe(99);
  });
});
