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

  it('shows losses to borrowers from soft liquidation beside bad debt when a design soft-liquidates', () => {
    const auction = fakeRun(5);
    const llamma = fakeRun(5, {
      runId: 'run-llamma',
      mechanism: { ...auction.mechanism, liquidation: 'soft-liquidation' },
      summary: { ...auction.summary, softLiquidationLossUsd: 4200 },
    });
    expect(compareRows([auction]).some((r) => r.key === 'softLoss')).toBe(false);
    const rows = compareRows([auction, llamma]);
    expect(rows.map((r) => r.key).slice(0, 2)).toEqual(['badDebt', 'softLoss']);
    const soft = rows.find((r) => r.key === 'softLoss')!;
    expect(soft.label).toBe('Losses to borrowers from soft liquidation');
    expect(soft.cells.map((c) => c.text)).toEqual(['$0.00', '$4200']);
    expect(soft.cells[1]!.verdict).toBe('worse');
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

  it('adds the backstop and margin rows only when a design uses them', () => {
    const a = fakeRun(5);
    const b = fakeRun(5, { runId: 'run-2' });
    b.mechanism = { ...b.mechanism, liquidation: 'exchange-close', circuitBreaker: true };
    b.summary = {
      ...b.summary,
      backstops: { ...a.summary.backstops, insurancePaidUsd: 3e6, breakerTrips: 2 },
    };
    expect(compareRows([a, a]).some((r) => r.key === 'insurancePaid')).toBe(false);
    const rows = compareRows([a, b]);
    expect(rows.slice(-3).map((r) => r.key)).toEqual(['insurancePaid', 'adlNotional', 'breakerTrips']);
    const paid = rows.find((r) => r.key === 'insurancePaid')!;
    expect(paid.cells[1]).toMatchObject({ text: '$3.00M', verdict: 'worse', delta: '+$3.00M' });
    const trips = rows.find((r) => r.key === 'breakerTrips')!;
    expect(trips.cells[0]!.text).toBe('0');
    expect(trips.cells[1]!.verdict).toBe('worse');
  });

  it('calls a difference the table cannot show the same, not better or worse', () => {
    const a = fakeRun(5, {
      summary: { ...fakeRun(5).summary, amplification: 1.0409, badDebtUsd: 5_000_000 },
    });
    const b = fakeRun(5, {
      runId: 'run-2',
      summary: { ...a.summary, amplification: 1.0412, badDebtUsd: 5_000_400 },
    });
    const rows = compareRows([a, b]);
    const amp = rows.find((r) => r.key === 'amplification')!.cells[1]!;
    expect(amp).toMatchObject({ text: '1.04×', verdict: 'same', delta: 'same' });
    // $5.00M against $5.00M (a $400 difference the table prints as the same value).
    const bad = rows.find((r) => r.key === 'badDebt')!.cells[1]!;
    expect(bad).toMatchObject({ verdict: 'same', delta: 'same' });
    // Identical runs: every cell the same.
    for (const row of compareRows([a, { ...a, runId: 'run-3' }]))
      expect(row.cells[1]!.verdict, row.key).toBe('same');
    // A visible difference is still judged.
    const c = fakeRun(5, { runId: 'run-4', summary: { ...a.summary, amplification: 1.09 } });
    expect(compareRows([a, c]).find((r) => r.key === 'amplification')!.cells[1]).toMatchObject({
      verdict: 'worse',
      delta: '+0.05×',
    });
  });

  it('lists unrealised bad debt beside bad debt when the runs carry it, lower being better', () => {
    const at = (usd: number, accounts: number) => ({
      peakAccounts: accounts,
      peakAccountsStep: 3,
      peakShortfallUsd: usd,
      peakShortfallStep: 3,
      accountsAtPeakShortfall: accounts,
      endAccounts: 0,
      endShortfallUsd: 0,
    });
    const a = fakeRun(5);
    const b = fakeRun(5, { runId: 'run-2' });
    a.summary = { ...a.summary, insolvency: { atOracle: at(0, 0), atMarket: at(0, 0) } };
    b.summary = { ...b.summary, insolvency: { atOracle: at(9.6e5, 526), atMarket: at(9.7e5, 526) } };
    const keys = compareRows([a, b]).map((r) => r.key);
    expect(keys.slice(0, 4)).toEqual(['badDebt', 'unrealisedBadDebt', 'unrealisedAtMarket', 'underwater']);
    const rows = compareRows([a, b]);
    expect(rows.find((r) => r.key === 'unrealisedBadDebt')!.cells[1]).toMatchObject({
      text: '$960.0k',
      verdict: 'worse',
    });
    expect(rows.find((r) => r.key === 'underwater')!.cells[1]!.text).toBe('526');
  });
});
