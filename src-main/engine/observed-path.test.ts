import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from './observed-path.ts';
import { STEP_CLOSED, STEP_FILLED, STEP_OBSERVED, observedPath, reflect } from './observed-path.ts';
import { Rng } from './random.ts';

/** Random well-formed contiguous bars of `len` seconds from t = 0. */
const barsArb = (len: number) =>
  fc
    .array(
      fc.record({
        o: fc.double({ min: 1, max: 1e4, noNaN: true }),
        c: fc.double({ min: 1, max: 1e4, noNaN: true }),
        up: fc.double({ min: 0, max: 0.3, noNaN: true }),
        down: fc.double({ min: 0, max: 0.3, noNaN: true }),
      }),
      { minLength: 1, maxLength: 12 },
    )
    .map((rows) =>
      rows.map(({ o, c, up, down }, i): Bar => {
        const h = Math.max(o, c) * (1 + up);
        const l = Math.min(o, c) * (1 - down);
        return [i * len, len, o, h, l, c];
      }),
    );

describe('the observed path inside bars', () => {
  it('opens and closes each bar at its open and close, touches its high and low, never beyond', () => {
    fc.assert(
      fc.property(barsArb(600), fc.integer(), (bars, seed) => {
        const steps = bars.length * 10 + 1;
        const p = observedPath({ points: [], bars }, 0, 60, steps, new Rng(seed));
        bars.forEach(([t, len, o, h, l, c]) => {
          const i0 = t / 60;
          const i1 = (t + len) / 60 - 1;
          expect(p.log[i0]).toBe(Math.log(o));
          expect(p.log[i1]).toBe(Math.log(c));
          const inside = Array.from(p.log.subarray(i0, i1 + 1));
          expect(Math.max(...inside)).toBeCloseTo(Math.log(h), 12);
          expect(Math.min(...inside)).toBeCloseTo(Math.log(l), 12);
          for (const x of inside) {
            expect(x).toBeGreaterThanOrEqual(Math.log(l) - 1e-12);
            expect(x).toBeLessThanOrEqual(Math.log(h) + 1e-12);
          }
        });
        expect(Math.exp(Math.min(...p.log))).toBeCloseTo(p.dataLow, 8);
        const again = observedPath({ points: [], bars }, 0, 60, steps, new Rng(seed));
        expect(Array.from(again.log)).toEqual(Array.from(p.log));
      }),
      { numRuns: 200 },
    );
  });

  it('merges bars too short for four steps and still touches every low and high', () => {
    fc.assert(
      fc.property(barsArb(60), fc.integer(), (some, seed) => {
        // Whole groups of four 1-minute bars (a window cut inside a merged bar cannot show all of it).
        const bars = [...some, ...some, ...some, ...some].map((b, i): Bar => [
          i * 60,
          60,
          b[2],
          b[3],
          b[4],
          b[5],
        ]);
        const steps = bars.length + 1;
        const p = observedPath({ points: [], bars }, 0, 60, steps, new Rng(seed));
        const low = Math.min(...bars.map((b) => b[4]));
        const high = Math.max(...bars.map((b) => b[3]));
        expect(Math.exp(Math.min(...p.log))).toBeCloseTo(low, 8);
        expect(Math.exp(Math.max(...p.log))).toBeCloseTo(high, 8);
        expect(p.barSeconds.every((s) => s >= 60)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a bar that closes down rallies first; one that closes up dips first', () => {
    const down = observedPath({ points: [], bars: [[0, 600, 100, 110, 80, 90]] }, 0, 60, 10, new Rng(1));
    const up = observedPath({ points: [], bars: [[0, 600, 90, 110, 80, 100]] }, 0, 60, 10, new Rng(1));
    const at = (p: typeof down, v: number) => Array.from(p.log).indexOf(Math.log(v));
    expect(at(down, 110)).toBeLessThan(at(down, 80));
    expect(at(up, 80)).toBeLessThan(at(up, 110));
  });

  it('passes through knots inside a bar and adds only the extremes they do not reach', () => {
    const bar: Bar = [0, 3600, 100, 120, 70, 90];
    const p = observedPath({ points: [[1800, 75]], bars: [bar] }, 0, 60, 61, new Rng(3));
    expect(p.log[30]).toBe(Math.log(75));
    expect(Math.exp(Math.min(...p.log))).toBeCloseTo(70, 10);
    expect(Math.exp(Math.max(...p.log))).toBeCloseTo(120, 10);
  });
});

describe('the observed path between points', () => {
  it('is straight in log price between points: no volatility is invented, no point is crossed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 1, max: 20 }),
        (prices, gap) => {
          const pts = prices.map((p, i) => [i * gap * 60, p] as const);
          const steps = (prices.length - 1) * gap + 1;
          const p = observedPath({ points: pts }, 0, 60, steps, new Rng(1));
          prices.forEach((v, i) => expect(p.log[i * gap]).toBe(Math.log(v)));
          expect(p.observedSteps).toBe(prices.length);
          expect(p.filledSteps).toBe(steps - prices.length);
          for (let i = 1; i < steps; i++) {
            const k = Math.floor(i / gap);
            const a = Math.log(prices[k]!);
            const b = Math.log(prices[Math.min(k + 1, prices.length - 1)]!);
            expect(p.log[i]).toBeGreaterThanOrEqual(Math.min(a, b) - 1e-12);
            expect(p.log[i]).toBeLessThanOrEqual(Math.max(a, b) + 1e-12);
          }
        },
      ),
    );
  });

  it('marks steps observed, filled and closed; a closed market holds its last close', () => {
    // Two one-hour sessions with a closed hour between them (no trading at 01:00–02:00).
    const bars: Bar[] = [
      [0, 3600, 100, 104, 98, 102],
      [7200, 3600, 95, 97, 90, 96],
    ];
    const p = observedPath(
      {
        points: [],
        bars,
        sessions: [
          [0, 3600],
          [7200, 10800],
        ],
      },
      0,
      600,
      19,
      new Rng(1),
    );
    const kinds = Array.from(p.kind);
    expect(kinds.slice(6, 12).every((k) => k === STEP_CLOSED)).toBe(true);
    for (let i = 6; i < 12; i++) expect(p.log[i]).toBe(Math.log(102));
    expect(p.log[12]).toBe(Math.log(95));
    expect(kinds[0]).toBe(STEP_OBSERVED);
    expect(kinds.filter((k) => k === STEP_FILLED).length).toBe(p.filledSteps);
    expect(p.closedSteps).toBe(7);
  });
});

describe('reflection into a band', () => {
  it('folds any value into [lo, hi]', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => {
        const y = reflect(x, -1, 2);
        expect(y).toBeGreaterThanOrEqual(-1);
        expect(y).toBeLessThanOrEqual(2);
      }),
    );
    expect(reflect(2.5, 0, 2)).toBeCloseTo(1.5, 12);
    expect(reflect(-0.5, 0, 2)).toBeCloseTo(0.5, 12);
  });
});
