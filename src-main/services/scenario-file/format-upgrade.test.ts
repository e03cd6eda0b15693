import { describe, expect, it } from 'vitest';
import { blackThursday } from '../../scenarios/black-thursday.ts';
import { SCENARIO_FORMAT_VERSION, parseScenarioDocument } from './format.ts';

const T0 = Date.parse('2024-08-05T00:00:00Z') / 1000;
const { txPerSecond: _t, kicksPerSecond: _k, ...keepersRest } = blackThursday.keepers;

/** A version-1 document (rates per step): keepers and arbitrage written per step. */
function v1(stepSeconds?: number): Record<string, unknown> {
  return {
    format: 'cascade-lab/scenario',
    version: 1,
    name: 'Old file',
    ...(stepSeconds !== undefined ? { stepSeconds } : {}),
    assets: [
      {
        id: 'ETH',
        series: {
          points: [
            [T0, 2500],
            [T0 + 3600, 2000],
          ],
          source: 'TEST points (made up)',
        },
        arbitrage: { fractionPerStep: 0.5, capitalUsdPerStep: 600_000, halfCapacityGasGwei: 100 },
      },
    ],
    keepers: { ...keepersRest, txPerStep: 6, kicksPerStep: 12 },
    protocols: [
      {
        name: 'p',
        design: 'aave-v3',
        population: {
          kind: 'positions',
          positions: { collateral: [1, 2], debtUsd: [1000, 1500] },
          source: 'TEST positions (made up)',
          response: blackThursday.population.response,
        },
      },
    ],
  };
}

describe('scenario files of format version 1 (rates per step)', () => {
  it('are read as version 2, converted at their stepSeconds, the conversion stated', () => {
    expect(SCENARIO_FORMAT_VERSION).toBe(2);
    const doc = parseScenarioDocument(v1(30));
    expect(doc.version).toBe(2);
    expect(doc.keepers!.txPerSecond).toBeCloseTo(6 / 30, 12);
    expect(doc.keepers!.kicksPerSecond).toBeCloseTo(12 / 30, 12);
    const arb = doc.assets[0]!.arbitrage!;
    expect(arb.gapHalfLifeSeconds).toBeCloseTo(30, 9);
    expect(arb.capitalUsdPerSecond).toBeCloseTo(20_000, 6);
    expect(doc.assumptions!.at(-1)).toMatch(/^Upgraded from per-step rates at this scenario's 30 s step/);
  });

  it('at 60 s when the file names no step', () => {
    const doc = parseScenarioDocument(v1());
    expect(doc.keepers!.txPerSecond).toBeCloseTo(6 / 60, 12);
    expect(doc.assumptions!.at(-1)).toContain('60 s step');
  });

  it('a version-2 file with a per-step field is refused naming it', () => {
    expect(() => parseScenarioDocument({ ...v1(), version: 2 })).toThrow(/arbitrage|keepers/);
  });
});
