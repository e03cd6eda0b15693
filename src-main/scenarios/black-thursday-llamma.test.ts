/**
 * Black Thursday under crvUSD's soft liquidation beside Maker's two auction designs (issue 11, item 3):
 * bad debt and losses to borrowers reported for each, over seeds 1–3 at the default population, every
 * design on the same calibrated path of its seed. Shapes, not figures: the figures are printed.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../engine/presets.ts';
import { upperMedian } from '../engine/medians.ts';
import { calibrate, runOnCalibration } from '../engine/replay.ts';
import type { ReplayResult } from '../engine/replay.ts';
import { parseScenario } from '../engine/scenario.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { blackThursday } from './black-thursday.ts';

const DESIGNS = ['maker-2020-flip', 'maker-2021-clip', 'crvusd-llamma'] as const;
const SEEDS = [1, 2, 3];

function runAll(): Map<string, ReplayResult[]> {
  const scenario = parseScenario(blackThursday);
  const historical = PRESETS.get(scenario.historicalDesignId)!;
  const out = new Map<string, ReplayResult[]>(DESIGNS.map((d) => [d, []]));
  for (const seed of SEEDS) {
    const timeline = buildTimeline(scenario, scenario.defaultStepSeconds, seed);
    const cal = calibrate(scenario, historical, timeline, { seed });
    for (const id of DESIGNS) {
      out.get(id)!.push(runOnCalibration(scenario, PRESETS.get(id)!, historical, timeline, cal, { seed }));
    }
  }
  return out;
}

const M = (x: number): string => `${(x / 1e6).toFixed(2)} M`;

describe('Black Thursday: soft liquidation beside the auctions (seeds 1–3)', () => {
  it('reports bad debt and borrowers’ soft-liquidation losses for each design', { timeout: 300_000 }, () => {
    const runs = runAll();
    const table = DESIGNS.map((id) => {
      const rs = runs.get(id)!;
      return `${id.padEnd(16)} bad debt ${rs.map((r) => M(r.summary.badDebtUsd)).join(' / ')}; borrowers' soft-liquidation losses ${rs.map((r) => M(r.summary.softLiquidationLossUsd)).join(' / ')}; liquidated ${rs.map((r) => M(r.summary.liquidatedUsd)).join(' / ')}`;
    });
    console.log(`Black Thursday, seeds ${SEEDS.join(', ')}, default population:\n${table.join('\n')}`);

    const llamma = runs.get('crvusd-llamma')!;
    for (const r of llamma) {
      // The bands converted: sales on the venues as ETH fell, purchases as it came back.
      expect(r.run.series.flows.soft.some((x) => x > 0)).toBe(true);
      expect(r.run.series.flows.soft.some((x) => x < 0)).toBe(true);
      expect(r.summary.softLiquidationLossUsd).toBeGreaterThan(0);
      // Conversion happened well before any hard liquidation: the first soft sale precedes the first kick.
      const firstSoft = r.run.series.flows.soft.findIndex((x) => x > 0);
      const firstHard = r.run.series.liquidations.findIndex((x) => x > 0);
      expect(firstSoft).toBeGreaterThanOrEqual(0);
      if (firstHard >= 0) expect(firstSoft).toBeLessThan(firstHard);
    }
    for (const id of ['maker-2020-flip', 'maker-2021-clip']) {
      for (const r of runs.get(id)!) {
        expect(r.summary.softLiquidationLossUsd).toBe(0);
        expect(r.run.series.flows.soft.every((x) => x === 0)).toBe(true);
      }
    }
    // Gradual conversion puts less collateral through hard liquidation than either auction design
    // (median over the seeds), and leaves less bad debt than the flip auctions of the day.
    const med = (id: string, f: (r: ReplayResult) => number) => upperMedian(runs.get(id)!.map(f));
    const liq = (r: ReplayResult) => r.summary.liquidatedUsd;
    expect(med('crvusd-llamma', liq)).toBeLessThan(med('maker-2020-flip', liq));
    expect(med('crvusd-llamma', liq)).toBeLessThan(med('maker-2021-clip', liq));
    const bad = (r: ReplayResult) => r.summary.badDebtUsd;
    expect(med('crvusd-llamma', bad)).toBeLessThan(med('maker-2020-flip', bad));
  });

  it('is deterministic: the same seed gives the same soft-liquidation figures', { timeout: 120_000 }, () => {
    const scenario = parseScenario(blackThursday);
    const historical = PRESETS.get(scenario.historicalDesignId)!;
    const timeline = buildTimeline(scenario, scenario.defaultStepSeconds, 1);
    const opts = { seed: 1, accounts: 800 };
    const cal = calibrate(scenario, historical, timeline, opts);
    const design = PRESETS.get('crvusd-llamma')!;
    const a = runOnCalibration(scenario, design, historical, timeline, cal, opts);
    const b = runOnCalibration(scenario, design, historical, timeline, cal, opts);
    expect(b.summary).toEqual(a.summary);
    expect(Array.from(b.run.series.flows.soft)).toEqual(Array.from(a.run.series.flows.soft));
  });
});
