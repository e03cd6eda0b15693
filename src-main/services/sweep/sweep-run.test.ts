/**
 * A sweep's runs share one calibration and one generated population per (scenario, seed, size, step)
 * inside a worker; each run must still equal a separate replay of its design, value for value, in
 * whatever order the worker meets the designs (a run that changed the shared population would show
 * here as the later runs drifting).
 */
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../engine/design.ts';
import { PRESETS } from '../../engine/presets.ts';
import type { CrashProtocol } from '../../engine/replay-multi.ts';
import { calibrateMulti, replayMulti, runMultiOnCalibration } from '../../engine/replay-multi.ts';
import type { Scenario } from '../../engine/scenario.ts';
import { buildTimeline } from '../../engine/timeline.ts';
import { ftxCollapse2022 } from '../../scenarios/ftx-collapse-2022.ts';
import { getScenario, runReplays } from '../replay-service.ts';
import { METRIC_KEYS, metricValues } from './sweep-metrics.ts';
import type { SweepTask, SweepTaskRun } from './sweep-run.ts';
import {
  cachedCalibrations,
  executeSweepTask,
  limitPopulationCache,
  populationsGenerated,
  PRICE_PATH_POINTS,
  runBufferBytes,
  shockPath,
} from './sweep-run.ts';

const ACCOUNTS = 400;
const scenario = getScenario('black-thursday-2020');
const historical = PRESETS.get(scenario.historicalDesignId)!;
const clip = PRESETS.get('maker-2021-clip')!;
const variant = (lr: number) =>
  parseDesign({
    ...clip,
    id: `clip-lr-${Math.round(lr * 100)}`,
    margin: { ...clip.margin, liquidationRatio: lr },
  });
const designs = [variant(1.45), PRESETS.get('maker-2020-flip')!, variant(1.7), PRESETS.get('compound-v2')!];

function task(runs: Omit<SweepTaskRun, 'index' | 'inputsHash'>[]): SweepTask {
  return {
    scenario,
    historical,
    accounts: ACCOUNTS,
    stepSeconds: scenario.defaultStepSeconds,
    metrics: [...METRIC_KEYS],
    runs: runs.map((r, index) => ({ ...r, index, inputsHash: `run-${index}` })),
  };
}

describe('sweep runs on a shared calibration and population', () => {
  it('every run equals the separate replay of its design and seed, metrics and price path', () => {
    const runs = [2, 5].flatMap((seed) => designs.map((design) => ({ design, seed, shock: 1 })));
    // Run each design twice, in a different order the second time: the shared population must not drift.
    const all = [...runs, ...runs.slice().reverse()];
    const made = populationsGenerated();
    const results = executeSweepTask(task(all));
    expect(cachedCalibrations()).toBeGreaterThanOrEqual(2);
    // Sixteen runs over two seeds: two populations generated, each copied into eight runs.
    expect(populationsGenerated() - made).toBe(2);
    for (const seed of [2, 5]) {
      const replays = runReplays({ scenarioId: scenario.id, designs, seed, accounts: ACCOUNTS });
      designs.forEach((design, d) => {
        const replay = replays[d]!;
        const expected = metricValues(replay.summary, METRIC_KEYS);
        const price = replay.run.series.price;
        const mine = results.filter((r) => r.seed === seed && all[r.index]!.design === design);
        expect(mine).toHaveLength(2);
        for (const r of mine) {
          expect(r.metrics).toEqual(expected);
          expect(r.pricePath).toHaveLength(Math.min(PRICE_PATH_POINTS, price.length));
          expect(r.pricePath[0]).toBe(price[0]);
          expect(r.pricePath.at(-1)).toBe(price.at(-1));
        }
      });
    }
    // Different designs really differ (the comparison above is not of one repeated run).
    expect(new Set(results.map((r) => r.metrics.join(','))).size).toBeGreaterThan(4);
    // Every run after the first wrote over the buffers of the one before (so the equalities above
    // hold with reused, not fresh, columns); none stays lent between runs.
    expect(runBufferBytes().free).toBeGreaterThan(ACCOUNTS * 8);
    expect(runBufferBytes().lent).toBe(0);
  });

  it('a shock scales the calibrated fall and moves the outcome; shock 1 is the calibrated path itself', () => {
    const F = [Float64Array.from([Math.log(100), Math.log(80), Math.log(50)])];
    expect(shockPath(F, 1)).toBe(F);
    const half = shockPath(F, 0.5)[0]!;
    expect(half[0]).toBe(F[0]![0]);
    expect(Math.exp(half[2]!)).toBeCloseTo(Math.sqrt(0.5) * 100, 9);
    const [mild, severe] = executeSweepTask(
      task([
        { design: designs[0]!, seed: 2, shock: 0.5 },
        { design: designs[0]!, seed: 2, shock: 1.5 },
      ]),
    );
    expect(severe!.metrics[METRIC_KEYS.indexOf('liquidatedUsd')]!).toBeGreaterThan(
      mild!.metrics[METRIC_KEYS.indexOf('liquidatedUsd')]!,
    );
  });

  it('a worker that drops a population to stay within its memory makes it again, to the same results', () => {
    const runs = [7, 8, 7, 8].flatMap((seed) =>
      designs.slice(0, 2).map((design) => ({ design, seed, shock: 1 })),
    );
    const made = populationsGenerated();
    const roomy = executeSweepTask(task(runs));
    // Two seeds, eight runs: two populations, each copied into four runs.
    expect(populationsGenerated() - made).toBe(2);
    limitPopulationCache(1);
    try {
      expect(executeSweepTask(task(runs))).toEqual(roomy);
      // Only one kept at a time: made again each time the seed changes (7, 8, 7, 8).
      expect(populationsGenerated() - made).toBe(2 + 4);
    } finally {
      limitPopulationCache(64 * 1024 * 1024);
    }
  });

  it('a crash with several protocols: each run replays the whole crash with one protocol varied; a shocked historical run is shocked', () => {
    // Two protocols on the same crash and venues (as engine/replay-multi.test.ts builds them).
    const base: Scenario = ftxCollapse2022;
    const aave = PRESETS.get(base.historicalDesignId)!;
    const compound = PRESETS.get('compound-v2')!;
    const second: Scenario = {
      ...base,
      population: { ...base.population, totalDebtUsd: base.population.totalDebtUsd * 1.5 },
      historicalDesignId: compound.id,
    };
    const protocols: CrashProtocol[] = [
      { name: 'A', scenario: base, historical: aave },
      { name: 'B', scenario: second, historical: compound },
    ];
    const step = base.defaultStepSeconds * 5;
    const accounts = [300, 300];
    const aaveForB = parseDesign({ ...aave, id: 'aave-for-b' });
    const runs = [
      { design: aaveForB, seed: 2, shock: 1 },
      { design: compound, seed: 2, shock: 1 },
      { design: compound, seed: 2, shock: 0.5 },
      { design: compound, seed: 2, shock: 1.5 },
      { design: aaveForB, seed: 2, shock: 1.5 },
    ];
    const crashTask: SweepTask = {
      scenario: second,
      historical: compound,
      crash: { protocols, varied: 1, accounts },
      accounts: 300,
      stepSeconds: step,
      metrics: [...METRIC_KEYS],
      runs: runs.map((r, index) => ({ ...r, index, inputsHash: `crash-${index}` })),
    };
    const results = executeSweepTask(crashTask);
    const opts = { seed: 2, stepSeconds: step, accountsPerProtocol: accounts, attributeWaves: 0 };
    // Shock 1: protocol B's figures of the crash replayed with B on the design, A on its own.
    for (const i of [0, 1]) {
      const replay = replayMulti(protocols, [undefined, runs[i]!.design], opts).protocols[1]!.result;
      expect(results[i]!.metrics).toEqual(metricValues(replay.summary, METRIC_KEYS));
      expect(results[i]!.pricePath.at(-1)).toBe(replay.run.series.price.at(-1));
    }
    // Shocked: the same as a design equal to B's historical one under another id (which never takes
    // the calibration's unshocked historical pass) on the shocked path.
    const timeline = buildTimeline(base, step, 2);
    const cal = calibrateMulti(protocols, timeline, opts);
    const twin = parseDesign({ ...compound, id: 'compound-twin' });
    for (const i of [2, 3]) {
      const onPath = { ...cal, fundamentalLog: shockPath(cal.fundamentalLog, runs[i]!.shock) };
      const expected = runMultiOnCalibration(protocols, [undefined, twin], timeline, onPath, opts)
        .protocols[1]!.result.summary;
      expect(results[i]!.metrics).toEqual(metricValues(expected, METRIC_KEYS));
    }
    const liq = METRIC_KEYS.indexOf('liquidatedUsd');
    expect(results[3]!.metrics[liq]!).toBeGreaterThan(results[2]!.metrics[liq]!);
    expect(results[2]!.metrics).not.toEqual(results[1]!.metrics);
    expect(results[4]!.metrics).not.toEqual(results[0]!.metrics);
  });
});
