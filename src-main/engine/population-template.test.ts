/**
 * A population generated once and copied (population.ts `PopulationTemplate`) gives a pass the very
 * columns `generateAccounts` draws; a template made for other inputs is refused by name; and a
 * replay whose passes share one template equals one whose passes each generate their own.
 */
import { describe, expect, it } from 'vitest';
import { accountsFromTemplate, generateAccounts, populationTemplate } from './population.ts';
import { PRESETS } from './presets.ts';
import { calibrate, prepareReplay, replay, runOnCalibration, simulatePrepared } from './replay.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { buildTimeline } from './timeline.ts';

const scenario = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
const historical = PRESETS.get(scenario.historicalDesignId)!;
const clip = PRESETS.get('maker-2021-clip')!;

describe('population templates', () => {
  it('a copy equals a fresh draw, column by column, and is not the template', () => {
    const spec = scenario.population;
    const t = populationTemplate(spec, 500, 7000, 60, 3);
    const copy = accountsFromTemplate(t, 500, 7000, 60, 3);
    const fresh = generateAccounts(spec, 500, 7000, 60, 3);
    expect(copy).toEqual(fresh);
    expect(copy.debt).not.toBe(t.accounts.debt);
    copy.debt[0] = -1;
    expect(t.accounts.debt[0]).toBe(fresh.debt[0]);
    expect(t.bytes).toBeGreaterThan(500 * 8 * 3);
  });

  it('refuses a pass with other inputs, naming them', () => {
    const t = populationTemplate(scenario.population, 500, 7000, 60, 3);
    expect(() => accountsFromTemplate(t, 500, 7000, 60, 4)).toThrow(/seed 3.*seed 4/);
    expect(() => accountsFromTemplate(t, 400, 7000, 60, 3)).toThrow(/500 accounts.*400 accounts/);
    expect(() => accountsFromTemplate(t, 500, 7000, 30, 3)).toThrow(/step 60 s.*step 30 s/);
  });

  it('replays and prepared passes equal passes that generate their own population', () => {
    const opts = { seed: 2, accounts: 400, attributeWaves: 1 };
    const shared = replay(scenario, clip, historical, opts);
    const timeline = buildTimeline(scenario, scenario.defaultStepSeconds, 2);
    const cal = calibrate(scenario, historical, timeline, opts);
    const own = runOnCalibration(scenario, clip, historical, timeline, cal, opts);
    expect(shared.summary).toEqual(own.summary);
    expect(shared.waves).toEqual(own.waves);
    expect(Array.from(shared.run.series.price)).toEqual(Array.from(own.run.series.price));
    const prepared = prepareReplay(scenario, historical, opts);
    const pass = simulatePrepared(prepared, clip);
    expect(pass.totals).toEqual(own.run.totals);
    expect(Array.from(pass.series.price)).toEqual(Array.from(own.run.series.price));
  });
});
