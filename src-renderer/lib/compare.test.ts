import { describe, expect, it } from 'vitest';
import { compareRows, judge } from './compare.ts';
import { fakeRun } from './fixtures.ts';

describe('compare metrics', () => {
  it('judges against the baseline in the metric’s direction', () => {
    expect(judge(5, 10, 'lower')).toBe('better');
    expect(judge(15, 10, 'lower')).toBe('worse');
    expect(judge(0.9, 0.6, 'higher')).toBe('better');
    expect(judge(10, 10, 'lower')).toBe('same');
    expect(judge(NaN, 10, 'lower')).toBe('same');
  });

  it('builds one row per metric with deltas', () => {
    const a = fakeRun(5);
    const b = fakeRun(5, {
      runId: 'run-2',
      summary: {
        ...a.summary,
        badDebtUsd: 4,
        recoveryRateVsOracle: 0.9,
        capitalEfficiency: { maxLeverage: 3 },
      },
    });
    const rows = compareRows([a, b]);
    const bad = rows.find((r) => r.key === 'badDebt')!;
    expect(bad.cells[0]!.verdict).toBe('baseline');
    expect(bad.cells[1]!.verdict).toBe('better');
    expect(bad.cells[1]!.delta).toBe('−$6.00');
    expect(rows.map((r) => r.key)).toEqual([
      'badDebt',
      'zeroBids',
      'amplification',
      'liquidated',
      'accounts',
      'waves',
      'largestWave',
      'recovery',
      'maxLeverage',
    ]);
  });
});
