import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IvSurface, type IvSurfaceParams } from './iv-surface.ts';

const PARAMS: IvSurfaceParams = {
  baseVol: 0.6,
  skew: 0.3,
  stressBeta: 0.5,
  calmVol: 0.6,
  realisedHalfLifeSeconds: 3600,
  relaxHalfLifeSeconds: 6 * 3600,
  termPower: 0.3,
  floor: 0.05,
  cap: 3,
};
const STEP = 300;

/** Runs a surface through a path of constant log returns of size `r` per step. */
function stressed(r: number, steps: number, feedback = true): IvSurface {
  const s = new IvSurface(PARAMS, STEP, feedback);
  let p = 100;
  s.update(p);
  for (let i = 0; i < steps; i++) {
    p *= Math.exp(i % 2 === 0 ? -r : r * 0.5);
    s.update(p);
  }
  return s;
}

describe('IV surface', () => {
  it('quotes the base vol ATM in calm markets', () => {
    const s = new IvSurface(PARAMS, STEP, true);
    s.update(100);
    s.update(100);
    expect(s.vol(100, 100, 30 / 365)).toBe(PARAMS.baseVol);
    expect(s.stress()).toBe(0);
  });

  it('puts are richer: IV falls with strike (positive skew), and the skew sign flips with the parameter', () => {
    const s = new IvSurface(PARAMS, STEP, true);
    const T = 30 / 365;
    expect(s.vol(80, 100, T)).toBeGreaterThan(s.vol(100, 100, T));
    expect(s.vol(100, 100, T)).toBeGreaterThan(s.vol(120, 100, T));
    expect(s.vol(80, 100, T) - s.vol(100, 100, T)).toBeCloseTo(PARAMS.skew * -Math.log(0.8), 12);
    const flipped = new IvSurface({ ...PARAMS, skew: -0.3 }, STEP, true);
    expect(flipped.vol(80, 100, T)).toBeLessThan(flipped.vol(100, 100, T));
  });

  it('rises monotonically with realised stress, more at short expiries, and stays within floor and cap', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const sLo = stressed(lo, 24);
          const sHi = stressed(hi, 24);
          expect(sHi.stress()).toBeGreaterThanOrEqual(sLo.stress());
          expect(sHi.atmVol(30 / 365)).toBeGreaterThanOrEqual(sLo.atmVol(30 / 365));
          for (const s of [sLo, sHi]) {
            const v = s.vol(50, 100, 7 / 365);
            expect(v).toBeGreaterThanOrEqual(PARAMS.floor);
            expect(v).toBeLessThanOrEqual(PARAMS.cap);
          }
        },
      ),
      { numRuns: 60 },
    );
    const s = stressed(0.03, 24);
    expect(s.stress()).toBeGreaterThan(0);
    expect(s.atmVol(7 / 365)).toBeGreaterThan(s.atmVol(90 / 365));
  });

  it('relaxes with its half-life once the market calms', () => {
    const s = new IvSurface(PARAMS, STEP, true);
    let p = 100;
    s.update(p);
    for (let i = 0; i < 24; i++) s.update((p *= Math.exp(-0.03)));
    const peak = s.stress();
    expect(peak).toBeGreaterThan(0);
    // Calm steps: the EWMA target decays quickly, the state no faster than its relax half-life.
    for (let i = 0; i < (6 * 3600) / STEP; i++) s.update(p);
    expect(s.stress()).toBeLessThan(peak);
    expect(s.stress()).toBeGreaterThanOrEqual(peak * 0.5 - 1e-12);
  });

  it('with feedback off, IV stays at its base whatever happens (the state is still reported)', () => {
    const on = stressed(0.04, 24, true);
    const off = stressed(0.04, 24, false);
    expect(off.stress()).toBeCloseTo(on.stress(), 12);
    expect(off.stress()).toBeGreaterThan(0);
    const calm = new IvSurface(PARAMS, STEP, false);
    for (const [K, T] of [
      [100, 30 / 365],
      [70, 7 / 365],
      [130, 1],
    ] as const) {
      expect(off.vol(K, 100, T)).toBe(calm.vol(K, 100, T));
      expect(on.vol(K, 100, T)).toBeGreaterThan(off.vol(K, 100, T));
    }
  });
});
