/**
 * Unrealised bad debt in the run view and its CSV (issue 13 item 4): a design that liquidates nothing
 * on Black Thursday books no bad debt, and the view's series and summary show what it leaves unpaid.
 */
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { runReplays } from './replay-service.ts';
import { toRunView } from './run-view.ts';
import { runToCsv } from './run-csv.ts';

describe('toRunView and the CSV: unrealised bad debt', () => {
  const bt = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
  const regT = PRESETS.get('reg-t-1987')!;
  const noKeepers = parseDesign({
    ...structuredClone(regT),
    id: 'reg-t-no-keepers',
    keepers: { count: 0 },
    liquidation: { kind: 'market-sale', closeFactor: 1, bonus: 0.02 },
  });
  const [view] = runReplays({
    scenarioId: bt.id,
    designs: [noKeepers],
    seed: 1,
    accounts: 1000,
    stepSeconds: 300,
  }).map((r) => toRunView(r, 'u0', bt));
  const v = view!;

  it('carries the four series at the run length, agreeing with the summary', () => {
    const u = v.series.underwater!;
    for (const values of Object.values(u)) expect(values).toHaveLength(v.steps);
    const ins = v.summary.insolvency!;
    expect(v.summary.badDebtUsd).toBe(0);
    expect(ins.atOracle.peakShortfallUsd).toBeGreaterThan(0);
    expect(Math.max(...u.shortfallAtOracleUsd)).toBe(ins.atOracle.peakShortfallUsd);
    expect(Math.max(...u.accountsAtOracle)).toBe(ins.atOracle.peakAccounts);
    expect(u.shortfallAtOracleUsd[ins.atOracle.peakShortfallStep]).toBe(ins.atOracle.peakShortfallUsd);
    expect(Math.max(...u.shortfallAtMarketUsd)).toBe(ins.atMarket.peakShortfallUsd);
  });

  it('exports them as CSV columns', () => {
    const lines = runToCsv(v).csv.split('\r\n');
    const header = lines[0]!.split(',');
    const col = (name: string) => header.indexOf(name);
    for (const name of [
      'underwater_accounts_oracle',
      'underwater_shortfall_oracle_usd',
      'underwater_accounts_market',
      'underwater_shortfall_market_usd',
    ])
      expect(col(name), name).toBeGreaterThan(0);
    const peak = v.summary.insolvency!.atOracle.peakShortfallStep;
    const row = lines[1 + peak]!.split(',');
    expect(Number(row[col('underwater_shortfall_oracle_usd')])).toBeCloseTo(
      v.summary.insolvency!.atOracle.peakShortfallUsd,
      6,
    );
    expect(Number(row[col('underwater_accounts_oracle')])).toBe(
      v.summary.insolvency!.atOracle.accountsAtPeakShortfall,
    );
  });
});
