/**
 * Counterfactual attribution (MODEL.md §8, attribution.ts): a wave's endogenous share is the part of
 * its price drop that disappears when the forced flows' impact is switched off from its start.
 */
import { describe, expect, it } from 'vitest';
import { blackThursday } from '../scenarios/black-thursday.ts';
import { attributeWaves, counterfactualPrices, endogenousShare, wavesToAttribute } from './attribution.ts';
import { parseDesign } from './design.ts';
import type { Design } from './design.ts';
import { PRESETS } from './presets.ts';
import { findWaves } from './report.ts';
import { replay } from './replay.ts';
import { parseScenario } from './scenario.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulate.ts';
import type { SimulationOptions } from './simulate.ts';
import { buildTimeline } from './timeline.ts';
import { testAsset, testScenarioInput } from './test-support.ts';
import type { TestWhale } from './test-support.ts';

const spotOracle = {
  source: 'median' as const,
  transform: { kind: 'none' as const },
  update: { kind: 'every-step' as const },
  maxGasGwei: null,
  honorOutages: false,
};

function design(patch: Record<string, unknown>): Design {
  const base = PRESETS.get('compound-market-sale')!;
  return parseDesign({ ...base, id: 'test', oracle: spotOracle, ...patch });
}

/** A sale of the whole account at a 5% bonus as soon as its ratio is below 1.25. */
const marketSale = design({
  margin: { kind: 'fixed-ratio', liquidationRatio: 1.25, callRatio: 1.25 },
  liquidation: { kind: 'market-sale', closeFactor: 1, bonus: 0.05 },
});

/** Liquity's pool with no deposits and no caller's compensation: a liquidation is a redistribution, no sale. */
const redistribution = design({
  margin: { kind: 'fixed-ratio', liquidationRatio: 1.1, callRatio: 1.1 },
  liquidation: {
    kind: 'stability-pool',
    depositsUsd: 0,
    gasCompensationUsd: 0,
    gasCompensationFraction: 0,
    sellOffHalfLifeSeconds: 60,
    reinvestFraction: 0,
    whenEmpty: 'redistribute',
    fallbackCloseFactor: 1,
    fallbackBonus: 0.1,
  },
});

/** 20 one-minute steps; F falls from $100 to $70; one $2 M-deep venue. */
function fallingRun(whales: TestWhale[], d: Design): SimulationOptions {
  const scenario: Scenario = parseScenario(testScenarioInput('fall', [testAsset('ETH', 100, 2e6)], whales));
  const timeline = buildTimeline(scenario, 60, 1);
  const path = new Float64Array(timeline.steps);
  for (let t = 0; t < path.length; t++) path[t] = Math.log(100 - (30 * t) / (path.length - 1));
  timeline.observedLog[0] = path;
  return {
    scenario,
    design: d,
    timeline,
    fundamentalLog: [path],
    seed: 1,
    accounts: whales.length + 1,
  };
}

function attributed(base: SimulationOptions) {
  const run = simulate(base);
  const waves = attributeWaves(base, run, findWaves(run));
  return { run, waves };
}

describe('counterfactual attribution of waves', () => {
  it('a wave with no forced flow has share 0', () => {
    // The risky account's debt and collateral are redistributed to the safe one: nothing is sold.
    const base = fallingRun(
      [
        { debtUsd: 1e6, collateralRatio: 1.3 },
        { debtUsd: 1e6, collateralRatio: 5 },
      ],
      redistribution,
    );
    const { run, waves } = attributed(base);
    expect(waves.length).toBeGreaterThan(0);
    for (const source of Object.values(run.series.flows)) expect(source.every((x) => x === 0)).toBe(true);
    // The price fell over the wave (F did), yet none of it is endogenous.
    const w = waves[0]!;
    const after = run.series.price.subarray(w.startStep, Math.min(w.endStep + 2, run.steps));
    expect(Math.min(...after)).toBeLessThan(run.series.price[w.startStep]!);
    expect(w.shareMeasured).toBe(true);
    expect(w.endogenousShare).toBe(0);
  });

  it('a wave with a sale has a positive share, and doubling its flow raises it', () => {
    const one = attributed(fallingRun([{ debtUsd: 2e5, collateralRatio: 1.5 }], marketSale));
    const two = attributed(fallingRun([{ debtUsd: 4e5, collateralRatio: 1.5 }], marketSale));
    expect(one.waves).toHaveLength(1);
    expect(two.waves).toHaveLength(1);
    expect(two.waves[0]!.collateralSoldUsd).toBeGreaterThan(1.9 * one.waves[0]!.collateralSoldUsd);
    const s1 = one.waves[0]!.endogenousShare;
    const s2 = two.waves[0]!.endogenousShare;
    expect(s1).toBeGreaterThan(0);
    expect(s2).toBeGreaterThan(s1);
    expect(s2).toBeLessThanOrEqual(1);
  });

  it('the counterfactual equals the run up to the wave start, and F everywhere when switched off at 0', () => {
    const base = fallingRun([{ debtUsd: 4e5, collateralRatio: 1.5 }], marketSale);
    const run = simulate(base);
    const w = findWaves(run)[0]!;
    const cf = counterfactualPrices(base, w.startStep, run.steps - 1);
    expect(cf[0]).toBe(run.series.price[w.startStep]);
    const off = counterfactualPrices(base, 0, run.steps - 1);
    for (let t = 0; t < run.steps; t++) expect(off[t]).toBeCloseTo(run.series.fundamental[t]!, 12);
  });

  it('the share formula: the part of the drop that disappears, clamped, 0 without a drop', () => {
    expect(endogenousShare(100, 80, 90)).toBeCloseTo(Math.log(90 / 80) / Math.log(100 / 80), 12);
    expect(endogenousShare(100, 80, 80)).toBe(0);
    expect(endogenousShare(100, 80, 120)).toBe(1);
    expect(endogenousShare(100, 110, 120)).toBe(0);
  });

  it('measures at most the bound, choosing the waves that sold the most within three passes', () => {
    const wave = (index: number, usd: number, endStep: number) =>
      ({ index, collateralSoldUsd: usd, endStep }) as unknown as Parameters<
        typeof wavesToAttribute
      >[0][number];
    const four = [wave(1, 5, 10), wave(2, 50, 20), wave(3, 1, 30), wave(4, 50, 40)];
    expect(wavesToAttribute(four, 2, 100).map((w) => w.index)).toEqual([2, 4]);
    expect(wavesToAttribute(four, 0, 100)).toEqual([]);
    expect(wavesToAttribute(four, 8, 100).map((w) => w.index)).toEqual([1, 2, 3, 4]);
    // Passes of 97 + 98 + 99 steps; the fourth (100) would pass 3 runs of 100, the fifth (5) fits.
    const late = [wave(1, 9, 95), wave(2, 8, 96), wave(3, 7, 97), wave(4, 6, 98), wave(5, 1, 3)];
    expect(wavesToAttribute(late, 8, 100).map((w) => w.index)).toEqual([1, 2, 3, 5]);
  });

  it("Black Thursday's main waves under the historical design (printed)", () => {
    const flip = PRESETS.get('maker-2020-flip')!;
    const r = replay(blackThursday, flip, flip, { seed: 1, attributeWaves: 3 });
    const measured = r.waves.filter((w) => w.shareMeasured);
    expect(measured.length).toBe(Math.min(3, r.waves.length));
    // The two big waves sold collateral into thin books: some of their drop is the feedback's.
    const big = [...measured].sort((x, y) => y.collateralSoldUsd - x.collateralSoldUsd).slice(0, 2);
    for (const w of big) expect(w.endogenousShare).toBeGreaterThan(0);
    for (const w of measured) {
      console.log(
        `Black Thursday seed 1 wave ${w.index} ${w.start}–${w.end}: ${w.accounts} accounts, ` +
          `$${(w.collateralSoldUsd / 1e6).toFixed(2)} M sold, endogenous share ${(100 * w.endogenousShare).toFixed(1)}%`,
      );
      expect(w.endogenousShare).toBeGreaterThanOrEqual(0);
      expect(w.endogenousShare).toBeLessThanOrEqual(1);
    }
    expect(r.waves.filter((w) => !w.shareMeasured).every((w) => w.endogenousShare === 0)).toBe(true);
  });
});
