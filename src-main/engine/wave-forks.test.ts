/**
 * Counterfactuals measured during a pass (`measureWaves`, simulation/wave-forks.ts) equal the trunk
 * forks' (`counterfactualWindows`) for every wave of the run, for every built-in scenario under its
 * historical design and the other mechanisms on Black Thursday — on an ordinary pass and on
 * calibration's construction pass (F set step by step) — and the pass itself is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { blackThursday } from '../scenarios/black-thursday.ts';
import { BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import { PopulationCache } from './population.ts';
import { PRESETS } from './presets.ts';
import { findWaves } from './report.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulate.ts';
import type { SimulationOptions, SimulationResult } from './simulate.ts';
import { counterfactualWindows } from './simulation/fork.ts';
import { attachWaveCounterfactuals, waveCounterfactualsOf } from './simulation/wave-forks.ts';
import { attributeWaves } from './attribution.ts';
import { buildTimeline } from './timeline.ts';

const cases: [Scenario, string][] = [
  ...BUILTIN_SCENARIO_LIST.map((s): [Scenario, string] => [s, s.historicalDesignId]),
  ...['maker-2021-clip', 'crvusd-llamma', 'compound-market-sale', 'liquity-v1'].map(
    (id): [Scenario, string] => [blackThursday, id],
  ),
];

function options(scenario: Scenario, id: string): SimulationOptions {
  const design = PRESETS.get(id);
  if (!design) throw new Error(`no preset ${id}`);
  const timeline = buildTimeline(scenario, scenario.defaultStepSeconds, 1);
  return {
    scenario,
    design,
    timeline,
    fundamentalLog: timeline.observedLog,
    seed: 1,
    accounts: Math.min(400, scenario.population.defaultAccounts),
    populations: new PopulationCache(),
  };
}

/** Every wave of `run` measured during it equals its trunk fork; returns how many were measured. */
function expectSameAsTrunk(base: SimulationOptions, run: SimulationResult): number {
  const measured = waveCounterfactualsOf(run);
  expect(measured).toBeDefined();
  const windows = findWaves(run).map((w) => ({
    from: w.startStep,
    to: Math.min(w.endStep + 1, run.steps - 1),
  }));
  const trunk = counterfactualWindows(base, windows);
  let count = 0;
  windows.forEach((x, k) => {
    const online = measured!.get(x.from);
    if (!online) return;
    count++;
    expect(Array.from(online)).toEqual(Array.from(trunk[k]!));
  });
  // No counterfactual of a step that starts no wave.
  expect(measured!.size).toBe(count);
  return count;
}

describe('counterfactuals measured during the pass equal the trunk forks', () => {
  for (const [scenario, id] of cases) {
    it(`${scenario.id} under ${id}`, () => {
      const base = options(scenario, id);
      const plain = simulate(base);
      const run = simulate({ ...base, measureWaves: true });
      expect(Array.from(run.series.price)).toEqual(Array.from(plain.series.price));
      expect(run.totals).toEqual(plain.totals);
      // The copies keep no histogram; the pass's own is untouched.
      expect(Array.from(run.triggerHistogram.counts)).toEqual(Array.from(plain.triggerHistogram.counts));
      expect(Array.from(run.triggerHistogram.debtUsd)).toEqual(Array.from(plain.triggerHistogram.debtUsd));
      const waves = findWaves(run).length;
      const count = expectSameAsTrunk(base, run);
      if (waves > 0) expect(count).toBeGreaterThan(0);
    });
  }

  it('attribution gives the same shares from them as from the trunk forks, also with some missing', () => {
    const base = options(blackThursday, blackThursday.historicalDesignId);
    const run = simulate({ ...base, measureWaves: true });
    const waves = findWaves(run);
    const online = attributeWaves(base, run, waves);
    expect(online.filter((w) => w.shareMeasured).length).toBeGreaterThan(1);
    // Without them (a wave whose first liquidation came after phase 6): measured on a trunk.
    const measured = waveCounterfactualsOf(run)!;
    const some = new Map([...measured].filter((_, k) => k % 2 === 0));
    attachWaveCounterfactuals(run, some);
    expect(attributeWaves(base, run, waves)).toEqual(online);
    attachWaveCounterfactuals(run, new Map());
    expect(attributeWaves(base, run, waves)).toEqual(online);
  });

  it("on calibration's construction pass, against an ordinary pass on the F it recorded", () => {
    const base = options(blackThursday, blackThursday.historicalDesignId);
    const assetIdx = blackThursday.assets.findIndex((a) => a.id === blackThursday.population.asset);
    const anchored = simulate({
      ...base,
      anchorLog: base.timeline.observedLog[assetIdx]!,
      measureWaves: true,
    });
    const F = base.fundamentalLog.map((f, a) =>
      a === assetIdx ? Float64Array.from(anchored.fundamentalLog) : f,
    );
    expect(expectSameAsTrunk({ ...base, fundamentalLog: F }, anchored)).toBeGreaterThan(1);
  });
});
