import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blackScholes,
  bsDelta,
  bsGamma,
  bsPrice,
  inverseRisk,
  inverseValue,
  normCdf,
  type OptionRight,
} from './black-scholes.ts';

const spot = fc.double({ min: 1, max: 100_000, noNaN: true });
const moneyness = fc.double({ min: 0.2, max: 5, noNaN: true });
const years = fc.double({ min: 0, max: 3, noNaN: true });
const rate = fc.double({ min: -0.02, max: 0.15, noNaN: true });
const sigma = fc.double({ min: 0, max: 3, noNaN: true });

describe('normal CDF', () => {
  it('is symmetric, monotone and hits known quantiles', () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
    fc.assert(
      fc.property(
        fc.double({ min: -40, max: 40, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (x, d) => {
          expect(normCdf(x) + normCdf(-x)).toBeCloseTo(1, 14);
          expect(normCdf(x + d)).toBeGreaterThanOrEqual(normCdf(x));
        },
      ),
    );
  });
});

describe('Black–Scholes', () => {
  it("reproduces Hull's textbook example (S=42, K=40, r=10%, σ=20%, T=0.5)", () => {
    const call = blackScholes('call', 42, 40, 0.5, 0.1, 0.2);
    const put = blackScholes('put', 42, 40, 0.5, 0.1, 0.2);
    expect(call.price).toBeCloseTo(4.76, 2);
    expect(put.price).toBeCloseTo(0.81, 2);
    // Hull: d1 = 0.7693, d2 = 0.6278 → call delta N(d1) ≈ 0.779.
    expect(call.delta).toBeCloseTo(0.7791, 3);
    expect(put.delta).toBeCloseTo(call.delta - 1, 12);
  });

  it('satisfies put–call parity C − P = S − K·e^(−rT) over random inputs, never NaN', () => {
    fc.assert(
      fc.property(spot, moneyness, years, rate, sigma, (S, m, T, r, v) => {
        const K = S * m;
        const c = bsPrice(true, S, K, T, r, v);
        const p = bsPrice(false, S, K, T, r, v);
        expect(Number.isFinite(c) && Number.isFinite(p)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(c - p).toBeCloseTo(S - K * Math.exp(-r * T), 6 - Math.ceil(Math.log10(S)));
        for (const right of ['call', 'put'] as OptionRight[]) {
          const g = blackScholes(right, S, K, T, r, v);
          for (const x of Object.values(g)) expect(Number.isFinite(x)).toBe(true);
        }
      }),
    );
  });

  it('greeks match central finite differences', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 50, max: 200, noNaN: true }),
        fc.double({ min: 0.6, max: 1.6, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.boolean(),
        (S, m, T, r, v, isCall) => {
          const K = S * m;
          const g = blackScholes(isCall ? 'call' : 'put', S, K, T, r, v);
          const h = S * 1e-4;
          const fd = (a: number, b: number, step: number) => (a - b) / (2 * step);
          expect(g.delta).toBeCloseTo(
            fd(bsPrice(isCall, S + h, K, T, r, v), bsPrice(isCall, S - h, K, T, r, v), h),
            5,
          );
          expect(g.gamma).toBeCloseTo(
            (bsPrice(isCall, S + h, K, T, r, v) - 2 * g.price + bsPrice(isCall, S - h, K, T, r, v)) / (h * h),
            3,
          );
          expect(g.gamma).toBeCloseTo(bsGamma(S, K, T, r, v), 12);
          const dv = 1e-5;
          expect(g.vega).toBeCloseTo(
            fd(bsPrice(isCall, S, K, T, r, v + dv), bsPrice(isCall, S, K, T, r, v - dv), dv),
            3,
          );
          // Theta is the change as calendar time passes: time to expiry shrinks.
          const dt = 1e-5;
          expect(g.theta).toBeCloseTo(
            -fd(bsPrice(isCall, S, K, T + dt, r, v), bsPrice(isCall, S, K, T - dt, r, v), dt),
            2,
          );
          expect(bsDelta(isCall, S, K, T, r, v)).toBeCloseTo(g.delta, 12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is robust at expiry and deep in or out of the money', () => {
    expect(blackScholes('call', 110, 100, 0, 0.05, 0.3)).toEqual({
      price: 10,
      delta: 1,
      gamma: 0,
      vega: 0,
      theta: -5,
    });
    expect(blackScholes('put', 110, 100, 0, 0.05, 0.3).price).toBe(0);
    expect(blackScholes('put', 90, 100, -1, 0.05, 0.3).price).toBe(10);
    expect(bsDelta(true, 100, 100, 0, 0, 0.3)).toBe(0.5);
    const deepOtm = blackScholes('call', 1, 1e6, 1, 0.05, 0.5);
    expect(deepOtm.price).toBeCloseTo(0, 12);
    expect(deepOtm.delta).toBeCloseTo(0, 12);
    const deepItm = blackScholes('put', 1, 1e6, 1, 0.05, 0.5);
    expect(deepItm.delta).toBeCloseTo(-1, 12);
    expect(deepItm.price).toBeCloseTo(1e6 * Math.exp(-0.05) - 1, 6);
    // Tiny but positive T converges to intrinsic.
    expect(bsPrice(true, 105, 100, 1e-12, 0, 0.8)).toBeCloseTo(5, 6);
    // A worthless underlying: the put is the discounted strike.
    expect(bsPrice(false, 0, 100, 1, 0.05, 0.3)).toBeCloseTo(100 * Math.exp(-0.05), 10);
  });

  it('values coin-margined options in asset units, with the inverse delta (Δ − V/S)/S', () => {
    const S = 2000;
    const g = blackScholes('put', S, 1800, 30 / 365, 0, 0.8);
    expect(inverseValue(g.price, S)).toBeCloseTo(g.price / S, 15);
    const inv = inverseRisk(g, S);
    const h = 0.01;
    const fdInv =
      (bsPrice(false, S + h, 1800, 30 / 365, 0, 0.8) / (S + h) -
        bsPrice(false, S - h, 1800, 30 / 365, 0, 0.8) / (S - h)) /
      (2 * h);
    expect(inv.deltaAssetPerUsd).toBeCloseTo(fdInv, 9);
    expect(() => inverseValue(1, 0)).toThrow(/spotUsd/);
  });
});
