import { describe, expect, it } from 'vitest';
import type { Wave } from '../engine/report.ts';
import type { MeasurableRun } from './measures.ts';
import { formatMeasured, largestWave, measure, measureLabel, nextWaveAfter } from './measures.ts';

function wave(index: number, startStep: number, endStep: number, collateralSoldUsd: number): Wave {
  return {
    index,
    startStep,
    endStep,
    start: '',
    end: '',
    triggerPrice: 100,
    accounts: index * 10,
    liquidations: index * 11,
    collateralSoldUsd,
    endogenousShare: 0.1 * index,
    shareMeasured: true,
    badDebtUsd: 1000 * index,
  };
}

/** Ten steps at $100 except a dip to $80 at step 6; $500 of auction sales at steps 5–6; oracle 10% high at 5. */
function run(): MeasurableRun {
  const price = [100, 100, 100, 100, 100, 100, 80, 100, 100, 100];
  const oracle = price.map((p, t) => (t === 5 ? 110 : p));
  const zero = price.map(() => 0);
  const auction = price.map((_, t) => (t === 5 || t === 6 ? 400 : 0));
  return {
    steps: 10,
    waves: [wave(1, 1, 2, 50), wave(2, 5, 6, 900)],
    summary: { badDebtUsd: 1234, badDebtPctOfDebt: 0.5, zeroBidShare: 0.25, zeroBidAuctions: 3 },
    series: { price, oracle, flows: { liquidation: zero, auction, deleverage: zero } },
  };
}

describe('measures', () => {
  it('find the next and the largest wave', () => {
    expect(nextWaveAfter(run(), 0)?.index).toBe(1);
    expect(nextWaveAfter(run(), 1)?.index).toBe(2);
    expect(nextWaveAfter(run(), 6)).toBeNull();
    expect(largestWave(run())?.index).toBe(2);
  });

  it('measure a wave: units sold at each step’s price, oracle gap, price fall', () => {
    const r = run();
    expect(measure(r, { of: 'next-wave', metric: 'units-sold' }, 3)).toBeCloseTo(400 / 100 + 400 / 80);
    expect(measure(r, { of: 'wave', wave: 2, metric: 'oracle-gap' })).toBeCloseTo(0.1);
    expect(measure(r, { of: 'largest-wave', metric: 'price-drop' })).toBeCloseTo(0.2);
    expect(measure(r, { of: 'wave', wave: 1, metric: 'accounts' })).toBe(10);
    expect(measure(r, { of: 'wave', wave: 3, metric: 'accounts' })).toBeNull();
    expect(measure(r, { of: 'next-wave', metric: 'accounts' }, 8)).toBeNull();
  });

  it('measure the run from its summary', () => {
    const r = run();
    expect(measure(r, { of: 'run', metric: 'bad-debt-usd' })).toBe(1234);
    expect(measure(r, { of: 'run', metric: 'wave-count' })).toBe(2);
    expect(measure(r, { of: 'run', metric: 'largest-wave-usd' })).toBe(900);
    expect(() => measure(r, { of: 'run', metric: 'amplification' })).toThrow(/no number "amplification"/);
  });

  it('format and label for people', () => {
    expect(formatMeasured(99_281.4, 'asset', 'ETH')).toBe('99,281 ETH');
    expect(formatMeasured(7_340_000, 'usd')).toBe('$7.34 M');
    expect(formatMeasured(0.25, 'fraction')).toBe('25%');
    expect(formatMeasured(0.391, 'percent')).toBe('0.39%');
    // Near 1, a ratio keeps enough digits to tell 1.0373× from 1.0348×; far from 1, two.
    expect(formatMeasured(1.03728, 'ratio')).toBe('1.0373×');
    expect(formatMeasured(2.404, 'ratio')).toBe('2.40×');
    expect(measureLabel({ of: 'next-wave', metric: 'units-sold' })).toBe(
      'collateral sold onto the market in the next wave',
    );
  });
});
