/**
 * Attribution's counterfactuals from one trunk pass, its venues copied at each window's start
 * (simulation/fork.ts, venue-counterfactual.ts), give exactly what one pass per window from step 0
 * gives, for every built-in scenario under its historical design and the other mechanisms on Black
 * Thursday, and on a construction pass's anchored options.
 */
import { describe, expect, it } from 'vitest';
import { blackThursday } from '../scenarios/black-thursday.ts';
import { BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import { PopulationCache } from './population.ts';
import { counterfactualPrices } from './attribution.ts';
import type { Design } from './design.ts';
import { PRESETS } from './presets.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulate.ts';
import type { SimulationOptions } from './simulate.ts';
import { counterfactualWindows, forkWorld } from './simulation/fork.ts';
import { createMechanism } from './simulation/mechanisms/registry.ts';
import { step } from './simulation/step.ts';
import { World } from './simulation/world.ts';
import { buildTimeline } from './timeline.ts';

function options(scenario: Scenario, design: Design): SimulationOptions {
  const timeline = buildTimeline(scenario, scenario.defaultStepSeconds * 4, 2);
  return {
    scenario,
    design,
    timeline,
    fundamentalLog: timeline.observedLog,
    seed: 2,
    accounts: Math.min(300, scenario.population.defaultAccounts),
    populations: new PopulationCache(),
  };
}

const cases: [Scenario, string][] = [
  ...BUILTIN_SCENARIO_LIST.map((s): [Scenario, string] => [s, s.historicalDesignId]),
  ...['maker-2021-clip', 'crvusd-llamma', 'compound-market-sale', 'liquity-v1'].map(
    (id): [Scenario, string] => [blackThursday, id],
  ),
];

describe('counterfactuals forked from one trunk pass equal one pass each from step 0', () => {
  for (const [scenario, id] of cases) {
    const design = PRESETS.get(id);
    if (!design) throw new Error(`no preset ${id}`);
    it(`${scenario.id} under ${id}`, () => {
      const base = options(scenario, design);
      const T = base.timeline.steps;
      // Overlapping windows, out of order, one from step 0, one to the last step.
      const windows = [
        { from: Math.floor(T * 0.4), to: Math.floor(T * 0.7) },
        { from: 0, to: Math.floor(T * 0.2) },
        { from: Math.floor(T * 0.3), to: T - 1 },
        { from: Math.floor(T * 0.4), to: Math.floor(T * 0.5) },
      ];
      const forked = counterfactualWindows(base, windows);
      windows.forEach((x, k) => {
        expect(Array.from(forked[k]!)).toEqual(Array.from(counterfactualPrices(base, x.from, x.to)));
      });
    });
  }

  it("on a construction pass's options (F anchored to the observed path), as passes of their own", () => {
    const base = options(blackThursday, PRESETS.get('maker-2020-flip')!);
    const assetIdx = blackThursday.assets.findIndex((a) => a.id === blackThursday.population.asset);
    const anchored: SimulationOptions = { ...base, anchorLog: base.timeline.observedLog[assetIdx]! };
    const T = base.timeline.steps;
    const windows = [
      { from: Math.floor(T * 0.25), to: Math.floor(T * 0.6) },
      { from: Math.floor(T * 0.5), to: T - 1 },
    ];
    const forked = counterfactualWindows(anchored, windows);
    windows.forEach((x, k) => {
      const own = counterfactualPrices(anchored, x.from, x.to);
      expect(Array.from(forked[k]!)).toEqual(Array.from(own));
      // Anchored, not the ordinary pass's: the copy's F follows its own (switched-off) impact.
      expect(Array.from(own)).not.toEqual(Array.from(counterfactualPrices(base, x.from, x.to)));
    });
  });

  it('a fork runs on exactly like the world it was copied from, which it leaves unchanged', () => {
    const base = options(blackThursday, PRESETS.get('maker-2020-flip')!);
    const run = simulate(base);
    const w = new World(base, createMechanism);
    const half = Math.floor(base.timeline.steps / 2);
    for (let t = 0; t < half; t++) step(w, t);
    const collateral = w.acc.collateral.slice();
    const fork = forkWorld(w, base);
    expect(fork.acc.collateral).not.toBe(w.acc.collateral);
    for (let t = half; t < base.timeline.steps; t++) {
      step(fork, t);
      expect(fork.now.ref).toBe(run.series.price[t]);
    }
    expect(Array.from(w.acc.collateral)).toEqual(Array.from(collateral));
    expect(w.now.t).toBe(half - 1);
  });
});
