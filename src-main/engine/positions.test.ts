/**
 * A population from explicit positions (a positions file) instead of distributions: exactly the
 * given collateral and debt are run, riskiest first, and the scenario's rules refuse inconsistent
 * specs naming the field.
 */
import { describe, expect, it } from 'vitest';
import { generateAccounts } from './population.ts';
import { parseDesign } from './design.ts';
import { checkInvariants } from './invariants.ts';
import { PRESETS } from './presets.ts';
import { ScenarioError, parseScenario } from './scenario.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulate.ts';
import { buildTimeline } from './timeline.ts';
import { testAsset, testScenarioInput } from './test-support.ts';

const collateral = [10, 3, 50];
const debtUsd = [500, 200, 1000];

function positionsInput(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return testScenarioInput('positions', [testAsset('ETH', 100, 1e12)], [], {
    defaultAccounts: 3,
    totalDebtUsd: 1700,
    positions: { collateral, debtUsd },
    ...patch,
  });
}

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScenarioError) return e.field;
    throw e;
  }
  return '(no error)';
}

describe('population from positions', () => {
  it('holds exactly the positions, riskiest (lowest collateral ratio) first', () => {
    const s = parseScenario(positionsInput());
    const acc = generateAccounts(s.population, 3, 100, 60, 7);
    // Ratios at $100: 2.0, 1.5, 5.0 → order 1, 0, 2.
    expect(Array.from(acc.collateral)).toEqual([3, 10, 50]);
    expect(Array.from(acc.debt)).toEqual([200, 500, 1000]);
    const control = generateAccounts(s.population, 3, 100, 60, 7, false);
    expect(Array.from(control.debt)).toEqual([0, 0, 0]);
    expect(Array.from(control.collateral)).toEqual([3, 10, 50]);
  });

  it('draws responses from the seed: same seed, same accounts; another seed, other responses', () => {
    const s = parseScenario(
      positionsInput({
        response: { ...responseOf(), topUp: 0.5, reserveMedianRatio: 0.3, gasCapSigma: 0.5 },
      }),
    );
    const a = generateAccounts(s.population, 3, 100, 60, 1);
    const b = generateAccounts(s.population, 3, 100, 60, 1);
    expect(Array.from(a.gasCapGwei)).toEqual(Array.from(b.gasCapGwei));
    expect(Array.from(a.responseKind)).toEqual(Array.from(b.responseKind));
    const c = generateAccounts(s.population, 3, 100, 60, 2);
    expect(Array.from(c.reserve)).not.toEqual(Array.from(a.reserve));
  });

  it('refuses another number of accounts, saying how many the file holds', () => {
    const s = parseScenario(positionsInput());
    expect(() => generateAccounts(s.population, 4, 100, 60, 1)).toThrow(/accounts must be 3/);
  });

  it('refuses inconsistent specs naming the field', () => {
    expect(fieldOf(() => parseScenario(positionsInput({ defaultAccounts: 4 })))).toBe(
      'scenario.population.defaultAccounts',
    );
    expect(fieldOf(() => parseScenario(positionsInput({ totalDebtUsd: 1 })))).toBe(
      'scenario.population.totalDebtUsd',
    );
    expect(
      fieldOf(() => parseScenario(positionsInput({ positions: { collateral: [1, 2], debtUsd: [1, 2, 3] } }))),
    ).toBe('scenario.population.positions');
    expect(
      fieldOf(() =>
        parseScenario(
          positionsInput({ whales: [{ label: 'w', debtUsd: 1, collateralRatio: 2 }], defaultAccounts: 3 }),
        ),
      ),
    ).toBe('scenario.population.whales');
    expect(
      fieldOf(() => parseScenario(positionsInput({ positions: { collateral: [0, 1, 1], debtUsd } }))),
    ).toBe('scenario.population.positions.collateral.0');
  });

  it('runs: a position below the liquidation ratio is liquidated, invariants hold at every step', () => {
    const scenario: Scenario = parseScenario(positionsInput());
    const design = parseDesign({
      ...PRESETS.get('compound-market-sale')!,
      id: 'test',
      oracle: {
        source: 'median',
        transform: { kind: 'none' },
        update: { kind: 'every-step' },
        maxGasGwei: null,
        honorOutages: false,
      },
      margin: { kind: 'fixed-ratio', liquidationRatio: 1.4, callRatio: 1.45 },
    });
    const timeline = buildTimeline(scenario, 60, 1);
    // $100 → $60 at step 5: ratios 1.2, 0.9 and 3.0; the first two fall below 1.4.
    const path = Float64Array.from({ length: timeline.steps }, (_, t) => Math.log(t < 5 ? 100 : 60));
    timeline.observedLog[0] = path;
    const violations: string[] = [];
    const run = simulate({
      scenario,
      design,
      timeline,
      fundamentalLog: [path],
      seed: 1,
      accounts: 3,
      onStep: (s) => {
        for (const v of checkInvariants(s)) violations.push(`${v.step}: ${v.invariant}: ${v.detail}`);
      },
    });
    expect(violations).toEqual([]);
    const liquidated = new Set(run.liquidations.map((l) => l.account));
    // Accounts are numbered riskiest first: 0 (3 ETH / $200) and 1 (10 ETH / $500), not 2.
    expect(liquidated.has(0)).toBe(true);
    expect(liquidated.has(1)).toBe(true);
    expect(liquidated.has(2)).toBe(false);
  });
});

function responseOf(): Record<string, unknown> {
  const input = positionsInput() as { population: { response: Record<string, unknown> } };
  return input.population.response;
}
