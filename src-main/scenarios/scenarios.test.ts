import { describe, expect, it } from 'vitest';
import { parseDesign } from '../engine/design.ts';
import { PRESETS, withOracle } from '../engine/presets.ts';
import { replay } from '../engine/replay.ts';
import { parseScenario } from '../engine/scenario.ts';
import { SCENARIO_DESIGN_IDS, SCENARIO_DESIGN_LIST, SCENARIO_DESIGNS } from '../engine/presets-lending.ts';
import { PERPS_DESIGN_LIST } from '../engine/presets-perps.ts';
import { BUILTIN_SCENARIO_LIST, BUILTIN_SCENARIOS } from './index.ts';
import { scenarioAssumptions } from './describe.ts';
import { once } from '../engine/lazy-map.ts';
import { lunaBars, lunaUst2022 } from './luna-ust-2022.ts';

const NEW_SCENARIOS = BUILTIN_SCENARIO_LIST.filter((s) => s.id !== 'black-thursday-2020');
const ALL = BUILTIN_SCENARIO_LIST;

/** A citation: a web address (the original public source). */
const CITATION = /https?:\/\/\S+/;
/** Internal notes are never shown to users as sources. */
const INTERNAL = /shared\/|crash-figures|anchors\.md|\.md §/;

describe('the built-in library', () => {
  it('holds Black Thursday and the later crashes, each valid and uniquely named', () => {
    expect([...BUILTIN_SCENARIOS.keys()]).toEqual([
      'black-thursday-2020',
      'black-thursday-options-2020',
      'compound-dai-2020',
      'luna-ust-2022',
      'steth-discount-2022',
      'ftx-collapse-2022',
      'crv-curve-2023',
      'october-2025',
      'black-monday-1987',
    ]);
    for (const s of BUILTIN_SCENARIO_LIST) expect(parseScenario(s)).toEqual(s);
  });

  it('every historical design resolves through the engine presets', () => {
    for (const s of BUILTIN_SCENARIO_LIST) {
      expect(PRESETS.has(s.historicalDesignId), `${s.id} → ${s.historicalDesignId}`).toBe(true);
    }
    // Scenario designs: the lending and perpetual historical designs, and Black Thursday's own with the
    // options venue of the day (presets.ts).
    const scenarioDesignIds = [
      ...SCENARIO_DESIGN_IDS,
      ...PERPS_DESIGN_LIST.map((d) => d.id),
      'maker-2020-flip-deribit',
    ];
    for (const s of NEW_SCENARIOS) expect(scenarioDesignIds).toContain(s.historicalDesignId);
  });

  it('no preset design shows users an internal note as a source', () => {
    for (const d of PRESETS.values()) for (const src of d.sources) expect(src, d.id).not.toMatch(INTERNAL);
  });

  it('scenario designs validate, are the presets the engine uses, and cite their sources', () => {
    for (const d of SCENARIO_DESIGN_LIST) {
      expect(parseDesign(d)).toEqual(d);
      expect(PRESETS.get(d.id)).toEqual(d);
      expect(SCENARIO_DESIGNS.get(d.id)).toBe(d);
      expect(d.sources.length, d.id).toBeGreaterThanOrEqual(3);
      expect(
        d.sources.some((src) => CITATION.test(src)),
        d.id,
      ).toBe(true);
    }
  });
});

describe('data read on first use', () => {
  it('once() computes its value the first time it is asked, then gives the same value', () => {
    let made = 0;
    const value = once(() => ({ n: ++made }));
    expect(made).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(made).toBe(1);
    // A call that throws keeps nothing: the next call tries again.
    let tries = 0;
    const flaky = once(() => {
      if (++tries === 1) throw new Error('not yet');
      return tries;
    });
    expect(() => flaky()).toThrow('not yet');
    expect(flaky()).toBe(2);
    expect(flaky()).toBe(2);
  });

  it('a scenario’s lazily read bars and the text quoting them are the same every read, and agree', () => {
    const luna = lunaUst2022.assets[0]!.observed;
    expect(luna.bars).toBe(lunaBars());
    expect(luna.bars).toBe(luna.bars);
    const low = Math.min(...lunaBars().map((b) => b[4]));
    expect(luna.source).toContain(`low ${low} USDT`);
    expect(parseScenario(lunaUst2022).assets[0]!.observed.bars).toEqual(lunaBars());
  });
});

describe.each(ALL.map((s) => [s.id, s] as const))('scenario %s', (_id, scenario) => {
  it('gives a source for every published figure and states its resolution, assumptions and limits', () => {
    expect(scenario.published.length).toBeGreaterThanOrEqual(5);
    for (const p of scenario.published) {
      expect(p.figure.trim(), JSON.stringify(p)).not.toBe('');
      expect(p.value.trim(), JSON.stringify(p)).not.toBe('');
      expect(p.source, `${scenario.id}: "${p.figure}" needs a citation`).toMatch(CITATION);
    }
    for (const asset of scenario.assets) {
      expect(asset.observed.resolutionSeconds).toBeGreaterThanOrEqual(60);
      expect(asset.observed.source).toMatch(/bars|resolution/i);
    }
    expect(scenarioAssumptions(scenario).length).toBeGreaterThanOrEqual(4);
    expect(scenario.limits.length).toBeGreaterThanOrEqual(4);
    expect(scenario.sources.length).toBeGreaterThanOrEqual(2);
  });

  it('shows users original public sources, never internal notes', () => {
    const shown = [
      ...scenario.sources,
      ...scenario.published.map((p) => p.source),
      ...scenario.assets.map((a) => a.observed.source),
      scenario.gas.source,
      ...(scenario.validation?.targets ?? []).map((t) => t.source),
    ];
    for (const text of shown) expect(text, scenario.id).not.toMatch(INTERNAL);
  });

  it('replays under its historical design: the observed path to the back-out residual, and the data’s low exactly (small population)', () => {
    const historical = PRESETS.get(scenario.historicalDesignId)!;
    const r = replay(scenario, historical, historical, { seed: 1, accounts: 300 });
    expect(r.calibration.residual).toBeLessThan(1e-4);
    expect(r.calibration.converged).toBe(true);
    expect(r.accounts).toBe(300);
    // The historical replay reproduces the observed path at every step, to the residual.
    const obs = r.timeline.observedLog[0]!;
    let worst = 0;
    for (let t = 0; t < obs.length; t++)
      worst = Math.max(worst, Math.abs(Math.log(r.run.series.price[t]!) - obs[t]!));
    expect(worst).toBeCloseTo(r.calibration.residual, 12);
    expect(r.summary.accountsLiquidated).toBeGreaterThan(0);
    // Every scenario's replayed low equals the data's low: the path touches it and never crosses it.
    const a = scenario.assets.findIndex((x) => x.id === scenario.population.asset);
    const low = Math.min(...r.run.series.price);
    expect(Math.abs(low / r.timeline.dataRange[a]!.low - 1)).toBeLessThan(1e-9);
    for (const [i, x] of r.timeline.observedLog.entries()) {
      expect(Math.exp(Math.min(...x)) / r.timeline.dataRange[i]!.low - 1).toBeGreaterThan(-1e-9);
      expect(Math.exp(Math.max(...x)) / r.timeline.dataRange[i]!.high - 1).toBeLessThan(1e-9);
    }
  });
});

describe('what the scenarios show', () => {
  it('Compound 2020: liquidations fall inside the spike hours, and a 30-minute TWAP oracle liquidates less', () => {
    const s = BUILTIN_SCENARIOS.get('compound-dai-2020')!;
    const historical = PRESETS.get(s.historicalDesignId)!;
    const opts = { seed: 3, accounts: 400 };
    const hist = replay(s, historical, historical, opts);
    const twap = replay(s, withOracle(historical, 'twap-30m'), historical, opts);
    const from = Date.parse('2020-11-26T08:00:00Z');
    const to = Date.parse('2020-11-26T10:00:00Z');
    for (const w of hist.waves) {
      expect(Date.parse(w.start)).toBeGreaterThanOrEqual(from);
      expect(Date.parse(w.end)).toBeLessThanOrEqual(to);
    }
    expect(hist.summary.liquidatedUsd).toBeGreaterThan(0);
    expect(twap.summary.liquidatedUsd).toBeLessThan(hist.summary.liquidatedUsd);
  });

  it('LUNA 2022: on Binance’s 1-minute path to the halt, a 99.99% collapse leaves every account liquidated, most from 9 May', () => {
    const s = BUILTIN_SCENARIOS.get('luna-ust-2022')!;
    const historical = PRESETS.get(s.historicalDesignId)!;
    const r = replay(s, historical, historical, { seed: 2, accounts: 300 });
    expect(r.summary.drawdown.observed).toBeGreaterThan(0.9999);
    expect(r.summary.accountsLiquidated).toBeGreaterThanOrEqual(295);
    // The path stays within LUNA's real range on 7 May (no bridge invents $340 or $13 that day).
    const may8 = (Date.parse('2022-05-08T00:00:00Z') / 1000 - r.timeline.startSec) / r.stepSeconds;
    const firstDay = Array.from(r.timeline.observedLog[0]!.subarray(0, may8), Math.exp);
    expect(Math.max(...firstDay)).toBeLessThan(90);
    expect(Math.min(...firstDay)).toBeGreaterThan(60);
    const before9 = (Date.parse('2022-05-09T00:00:00Z') / 1000 - r.timeline.startSec) / r.stepSeconds;
    let early = 0;
    for (let t = 0; t < before9; t++) early += r.run.series.collateralLiquidatedUsd[t]!;
    expect(early / r.summary.liquidatedUsd).toBeLessThan(0.5);
  });

  it('CRV 2023: the founder’s Aave position sits at the published 0.3767 liquidation price', () => {
    const s = BUILTIN_SCENARIOS.get('crv-curve-2023')!;
    const design = PRESETS.get(s.historicalDesignId)!;
    const whale = s.population.whales[0]!;
    const collateralCrv = (whale.debtUsd * whale.collateralRatio) / s.assets[0]!.observed.points[0]![1];
    // The path never goes below the published $0.48 low (it is joined straight between published points).
    const r = replay(s, design, design, { seed: 1, accounts: 100 });
    expect(Math.min(...r.run.series.price)).toBeCloseTo(0.48, 12);
    expect(collateralCrv).toBeCloseTo(305_000_000, -3);
    const liquidationPrice = (whale.debtUsd * design.margin.liquidationRatio) / collateralCrv;
    expect(liquidationPrice).toBeCloseTo(0.3767, 3);
  });
});

describe('what users read is generated from the parameters the engine runs', () => {
  it('Black Thursday: keepers, their capital and gas caps, and the CEX depth as the engine has them', () => {
    const s = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
    const text = scenarioAssumptions(s).join(' ');
    expect(text).toContain(
      `${s.keepers.count} keepers with $1.00M each, gas caps around ${s.keepers.gasCapMedianGwei} gwei`,
    );
    expect(text).toContain('CEX books $3.00M per 1%');
    // Changing a parameter changes the text.
    const changed = structuredClone(s);
    changed.keepers.count = 12;
    changed.assets[0]!.venues[0]!.depthUsd = 10e6;
    const after = scenarioAssumptions(changed).join(' ');
    expect(after).toContain('12 keepers');
    expect(after).toContain('CEX books $10.00M per 1%');
  });

  it('amounts are in each scenario’s numeraire, and markets without a chain are not told about gas or keepers', () => {
    const steth = scenarioAssumptions(BUILTIN_SCENARIOS.get('steth-discount-2022')!).join(' ');
    expect(steth).toContain('500.0k ETH of debt');
    expect(steth).not.toMatch(/\$\d/);
    for (const id of ['black-monday-1987', 'october-2025']) {
      const generated = scenarioAssumptions(BUILTIN_SCENARIOS.get(id)!).slice(0, 3).join(' ');
      expect(generated, id).not.toMatch(/\bgwei\b|\bkeepers?\b/);
    }
  });
});
