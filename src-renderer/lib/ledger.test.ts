import { describe, expect, it } from 'vitest';
import type { LedgerView, RunView } from './contract.ts';
import { compareWithLedger } from './ledger.ts';

const START = Date.parse('2024-08-05T00:30:00Z') / 1000;

/** A 2-hour run in 30-minute steps (made up): liquidations at steps 1 and 3. */
function run(): RunView {
  return {
    startSec: START,
    stepSeconds: 1800,
    steps: 5,
    series: { liquidations: [0, 2, 0, 1, 0], collateralLiquidatedUsd: [0, 4000, 0, 1500, 0] },
  } as unknown as RunView;
}

const ledger: LedgerView = {
  source: 'TEST ledger (made up)',
  timeMs: [
    '2024-08-05T00:10:00Z',
    '2024-08-05T00:45:00Z',
    '2024-08-05T01:10:00Z',
    '2024-08-05T01:20:00Z',
    '2024-08-05T02:05:00Z',
  ].map(Date.parse),
  protocol: ['aave-like', 'aave-like', 'other', 'aave-like', 'aave-like'],
  account: ['a', 'b', 'c', 'd', 'e'],
  collateralSold: [1, 2, 3, 1, 1],
  debtRepaidUsd: [1, 1, 1, 1, 1],
  priceUsd: [100, 2000, 1900, 1800, 1700],
};

describe('the ledger beside the replay', () => {
  it('counts real and simulated liquidations per hour of the run, and what it cannot compare', () => {
    const c = compareWithLedger(run(), ledger, ['aave-like']);
    expect(c.rows.map((r) => r.startSec - Date.parse('2024-08-05T00:00:00Z') / 1000)).toEqual([
      0, 3600, 7200,
    ]);
    expect(c.rows.map((r) => [r.realEvents, r.realUsd])).toEqual([
      [1, 4000],
      [1, 1800],
      [1, 1700],
    ]);
    // Step 0 (00:30) lies in hour 0, steps 1–2 (01:00, 01:30) in hour 1, steps 3–4 in hour 2.
    expect(c.rows.map((r) => [r.simulatedLiquidations, r.simulatedUsd])).toEqual([
      [0, 0],
      [2, 4000],
      [1, 1500],
    ]);
    expect(c.outside).toBe(1); // 00:10, before the run starts at 00:30
    expect(c.otherProtocols).toBe(1);
    expect(c.totals).toEqual({ realEvents: 3, realUsd: 7500, simulatedLiquidations: 3, simulatedUsd: 5500 });
    expect(c.points.map((p) => [p.x, p.compared])).toEqual([
      [0.5, true],
      [4 / 3, false],
      [1.6666666666666667, true],
      [3.1666666666666665, true],
    ]);
  });
});
