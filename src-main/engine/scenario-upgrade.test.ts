import { describe, expect, it } from 'vitest';
import { blackThursday } from '../scenarios/black-thursday.ts';
import { parseScenario } from './scenario.ts';
import { gapHalfLifeOf, upgradeScenarioRates } from './scenario-upgrade.ts';

/** Black Thursday as a scenario written before rates were per second (per-step fields at 60 s). */
function perStepBlackThursday(): Record<string, unknown> {
  const s = JSON.parse(JSON.stringify(blackThursday)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const k = s.keepers;
  k.txPerStep = 20;
  k.kicksPerStep = 50;
  delete k.txPerSecond;
  delete k.kicksPerSecond;
  s.assets[0].arbitrage = { fractionPerStep: 0.5, capitalUsdPerStep: 2_000_000, halfCapacityGasGwei: 100 };
  return s;
}

describe('scenarios with per-step rates are upgraded at their own step', () => {
  it('converts keepers and arbitrage at defaultStepSeconds and states it in the assumptions', () => {
    const old = perStepBlackThursday();
    const s = parseScenario(old);
    expect(s.keepers.txPerSecond).toBeCloseTo(20 / 60, 12);
    expect(s.keepers.kicksPerSecond).toBeCloseTo(50 / 60, 12);
    expect(s.assets[0]!.arbitrage.gapHalfLifeSeconds).toBeCloseTo(60, 9);
    expect(s.assets[0]!.arbitrage.capitalUsdPerSecond).toBeCloseTo(2_000_000 / 60, 6);
    const said = s.assumptions.at(-1)!;
    expect(said).toMatch(/^Upgraded from per-step rates at this scenario's 60 s step/);
    expect(said).toContain('keepers.txPerStep 20 → txPerSecond 0.3333');
    expect(said).toContain('assets.0.arbitrage.fractionPerStep 0.5 → gapHalfLifeSeconds 60');
    // The input is not changed, and the upgraded scenario is the one written per second.
    expect((old.keepers as Record<string, unknown>).txPerStep).toBe(20);
    expect(s.keepers.count).toBe(blackThursday.keepers.count);
    expect(s.assumptions.length).toBe(blackThursday.assumptions.length + 1);
  });

  it('converts at the scenario step, not at 60 s', () => {
    const old = { ...perStepBlackThursday(), defaultStepSeconds: 300 };
    const s = parseScenario(old);
    expect(s.keepers.txPerSecond).toBeCloseTo(20 / 300, 12);
    expect(s.assets[0]!.arbitrage.gapHalfLifeSeconds).toBeCloseTo(300, 9);
  });

  it('leaves a scenario already per second alone; half-lives of the edge fractions', () => {
    expect(upgradeScenarioRates(blackThursday)).toBe(blackThursday);
    expect(gapHalfLifeOf(0, 60)).toBeNull();
    expect(gapHalfLifeOf(1, 60)).toBe(3);
    // 30% per 60 s step: 0.7^(60/60) = 0.5^(60/h).
    expect(Math.pow(0.5, 60 / gapHalfLifeOf(0.3, 60)!)).toBeCloseTo(0.7, 12);
  });
});
