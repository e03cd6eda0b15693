/**
 * The October 2025 perp cascade on the engine, through the replay path the app uses (calibrate the
 * exogenous path under the historical design, then run designs on that calibration). The burst's
 * shape is compared with the per-second Hyperliquid cascade timing recorded for 21:15–21:27 UTC
 * (src-main/scenarios/data/2025-10-10-crash); the data's measures are computed here from the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Design } from '../engine/design.ts';
import { parseDesign } from '../engine/design.ts';
import { checkInvariants } from '../engine/invariants.ts';
import type { InvariantViolation } from '../engine/invariants.ts';
import { PRESETS } from '../engine/presets.ts';
import type { Calibration, ReplayResult } from '../engine/replay.ts';
import { calibrate, runOnCalibration } from '../engine/replay.ts';
import { parseScenario } from '../engine/scenario.ts';
import type { SimulationResult } from '../engine/simulate.ts';
import { simulate } from '../engine/simulate.ts';
import type { Timeline } from '../engine/timeline.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { BUILTIN_SCENARIOS } from './index.ts';
import {
  BTC_HIGH_2025_10_10,
  BTC_LOW_2025_10_10,
  HYPERLIQUID_LONG_SHARE,
  october2025,
} from './october-2025.ts';

const TIMING_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  'data/2025-10-10-crash/hyperliquid_cascade_timing_2025-10-10.json',
);

interface Timing {
  event_start: string;
  first_liquidation: string;
  first_adl: string;
  delay_seconds: number;
  timeline: { second: number; liquidations: number; adls: number }[];
}

function readTiming(): Timing {
  expect(
    existsSync(TIMING_FILE),
    `the data file shipped with the scenarios must be at ${TIMING_FILE} (see src-main/scenarios/data/SOURCES.md)`,
  ).toBe(true);
  return JSON.parse(readFileSync(TIMING_FILE, 'utf8')) as Timing;
}

/** Seconds after the window start → count: the recorded liquidation fills (ADL fills included). */
interface Events {
  /** Window length, seconds. */
  length: number;
  at: { second: number; count: number }[];
  /** Seconds from the window start to the first ADL. */
  firstAdl: number;
}

/** Share of the window's events in its first `seconds`. */
function shareWithin(e: Events, seconds: number): number {
  let total = 0;
  let within = 0;
  for (const { second, count } of e.at) {
    total += count;
    if (second < seconds) within += count;
  }
  return total > 0 ? within / total : 0;
}

/** Share of the window's events in each whole minute of the window. */
function minuteProfile(e: Events): number[] {
  const minutes = new Array<number>(Math.ceil(e.length / 60)).fill(0);
  let total = 0;
  for (const { second, count } of e.at) {
    minutes[Math.floor(second / 60)]! += count;
    total += count;
  }
  return minutes.map((m) => (total > 0 ? m / total : 0));
}

/** Total-variation distance between two distributions over the same bins (0: equal, 1: disjoint). */
function tvDistance(a: number[], b: number[]): number {
  let d = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) d += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return d / 2;
}

/** The data's events in its window (from its first liquidation to its last record). */
function dataEvents(d: Timing): Events {
  const last = d.timeline[d.timeline.length - 1]!.second;
  return {
    length: last + 1,
    at: d.timeline.map((r) => ({ second: r.second, count: r.liquidations })),
    firstAdl: d.delay_seconds,
  };
}

/**
 * The simulation's events in the same UTC window: positions reached by the liquidation engine for
 * the first time (closed on the book, taken over by the vault, or auto-deleveraged) per step. The file
 * counts fills, several per position; the engine's slices of one position are not counted again, so
 * that the engine's 30-second partial-close cadence does not weigh early-triggered positions more.
 */
function simEvents(run: SimulationResult, windowStartSec: number, length: number): Events {
  const at: { second: number; count: number }[] = [];
  for (let t = 0; t < run.steps; t++) {
    const second = run.startSec + t * run.stepSeconds - windowStartSec;
    if (second < 0 || second >= length) continue;
    const count = run.series.accountsLiquidated[t]!;
    if (count > 0) at.push({ second, count });
  }
  const firstAdl =
    run.totals.firstAdlStep >= 0
      ? run.startSec + run.totals.firstAdlStep * run.stepSeconds - windowStartSec
      : Infinity;
  return { length, at, firstAdl };
}

const SEED = 1;
const scenario = parseScenario(october2025);
const historical = PRESETS.get(scenario.historicalDesignId)!;

let timeline: Timeline;
let cal: Calibration;
let hist: ReplayResult;

beforeAll(() => {
  timeline = buildTimeline(scenario, scenario.defaultStepSeconds, SEED);
  cal = calibrate(scenario, historical, timeline, { seed: SEED });
  hist = runOnCalibration(scenario, historical, historical, timeline, cal, { seed: SEED });
});

/** The historical design with another liquidation block (same id suffix rules as the app's copies). */
function variant(
  id: string,
  change: (liq: Extract<Design['liquidation'], { kind: 'exchange-close' }>) => void,
): Design {
  const d = structuredClone(historical) as Design;
  if (d.liquidation.kind !== 'exchange-close')
    throw new Error('hyperliquid-2025 must be an exchange-close design');
  change(d.liquidation);
  return parseDesign({ ...d, id, name: `${d.name} (${id})` });
}

describe('October 2025 scenario: definition', () => {
  it('parses, is registered, and names its figures, assumptions and limits', () => {
    expect(BUILTIN_SCENARIOS.get('october-2025')).toEqual(scenario);
    expect(scenario.population.perps).toMatchObject({ marginAsset: 'numeraire', marginMode: 'cross' });
    expect(scenario.published.length).toBeGreaterThanOrEqual(8);
    expect(scenario.published.find((p) => /peak minute/.test(p.figure))?.value).toMatch(/\$3\.21B in 60 s/);
    expect(scenario.published.find((p) => /4 hours; share longs/.test(p.figure))?.value).toMatch(/91\.09%/);
    expect(scenario.assumptions.length).toBeGreaterThanOrEqual(5);
    expect(scenario.limits.length).toBeGreaterThanOrEqual(5);
    // The path is the Binance perpetual's 1-minute bars, 20:00–23:59 UTC: 240 bars, low 101,516.5.
    const bars = scenario.assets[0]!.observed.bars!;
    expect(bars).toHaveLength(240);
    expect(Math.min(...bars.map((b) => b[4]))).toBe(101_516.5);
    expect(BTC_LOW_2025_10_10).toBeGreaterThan(101_516.5);
    expect(BTC_HIGH_2025_10_10).toBeGreaterThan(Math.max(...bars.map((b) => b[3])));
    // The long leverage bins encode L/(L−1) for 1.5× … 40× (numeraire margin).
    const bins = scenario.population.collateralRatioBins;
    expect(Math.min(...bins.map((b) => b.from))).toBeCloseTo(40 / 39, 12);
    expect(Math.max(...bins.map((b) => b.to))).toBeCloseTo(3, 12);
  });

  it('its historical design is the hyperliquid-2025 preset: maintenance ½ of the 2.5% initial margin, vault below 2/3 of it', () => {
    expect(historical.id).toBe('hyperliquid-2025');
    expect(1 - 1 / historical.margin.liquidationRatio).toBeCloseTo(0.0125, 12);
    expect(1 - 1 / historical.margin.callRatio).toBeCloseTo(0.025, 12);
    expect(historical.liquidation).toMatchObject({
      kind: 'exchange-close',
      liquidationFee: 0,
      autoDeleverage: true,
      partialClose: { aboveUsd: 100_000, fraction: 0.2, cooldownSeconds: 30 },
    });
    if (historical.liquidation.kind !== 'exchange-close') throw new Error('unreachable');
    expect(historical.liquidation.backstopVault?.belowMaintenanceFraction).toBeCloseTo(2 / 3, 12);
  });

  it('replays the observed path under the historical design (back-out residual below 1e-6)', () => {
    expect(cal.residual).toBeLessThan(1e-6);
    expect(hist.summary.accountsLiquidated).toBeGreaterThan(0);
  });
});

describe('October 2025 scenario: the insurance fund and the backstop go first, then ADL', () => {
  it('on the historical design, ADL starts only once the fund is exhausted, after the vault has taken positions', () => {
    const { totals, series } = hist.run;
    expect(totals.fundExhaustedStep).toBeGreaterThanOrEqual(0);
    expect(totals.firstAdlStep).toBeGreaterThanOrEqual(totals.fundExhaustedStep);
    expect(totals.adlAccounts).toBeGreaterThan(0);
    for (let t = 0; t < totals.fundExhaustedStep; t++) {
      expect(series.adlAccounts[t], `ADL at step ${t} before the fund ran out`).toBe(0);
      expect(series.adlNotionalUsd[t]).toBe(0);
      expect(series.insuranceFundUsd[t]).toBeGreaterThan(0);
    }
    // Every step with ADL ends with an empty fund (no fee refills it on this design).
    for (let t = 0; t < hist.run.steps; t++)
      if (series.adlAccounts[t]! > 0) expect(series.insuranceFundUsd[t]).toBeLessThanOrEqual(1e-9);
    // The backstop vault was in use before the first ADL.
    let vaultBefore = 0;
    for (let t = 0; t < totals.firstAdlStep; t++)
      vaultBefore = Math.max(vaultBefore, series.backstopHoldingsUsd[t]!);
    expect(vaultBefore).toBeGreaterThan(0);
    expect(totals.vaultTakeovers).toBeGreaterThan(0);
  });

  it('with an insurance fund large enough for every loss, nothing is auto-deleveraged', () => {
    const huge = variant('hyperliquid-2025-huge-fund', (l) => {
      l.insuranceFundUsd = 1e12;
    });
    const r = runOnCalibration(scenario, huge, historical, timeline, cal, { seed: SEED });
    expect(r.run.totals.insurancePaid).toBeGreaterThan(0);
    expect(r.run.totals.fundExhaustedStep).toBe(-1);
    expect(r.run.totals.firstAdlStep).toBe(-1);
    expect(r.run.totals.adlAccounts).toBe(0);
    expect(r.run.totals.adlNotionalUsd).toBe(0);
    expect(r.run.series.adlAccounts.every((x) => x === 0)).toBe(true);
  });
});

describe('October 2025 scenario: the burst has the recorded shape', () => {
  /**
   * Measures, computed for the recorded Hyperliquid fills (21:15:03–21:27 UTC, ADL fills included)
   * and for the simulated positions reached in the same UTC window:
   * - concentration: share of the window's events in its first 180 s and 300 s (tolerances 0.2 and
   *   0.1);
   * - long/short skew: the simulated share of liquidated positions that are longs is at least the
   *   published 91.09% for Hyperliquid (CoinGlass) less 5 points.
   * Not asserted, reported by `cascade-lab validate october-2025` instead: the first ADL (on the
   * Binance 1-minute path the simulated backstop fills in the 21:13 dip, about 90 s before the
   * recorded burst, against 61.7 s after its start in the data; the vault's risk limit was fitted to
   * the earlier authored path and no value of it lands the first ADL inside the burst's first minute),
   * and the per-minute profile (the simulated liquidations cluster in the minutes the perpetual fell).
   */
  it('concentrates in the first minutes of the recorded window, and liquidates longs', () => {
    const d = readTiming();
    const data = dataEvents(d);
    const windowStart = Date.parse(d.first_liquidation) / 1000;
    expect(Date.parse(d.first_adl) / 1000 - windowStart).toBeCloseTo(d.delay_seconds, 2);
    const sim = simEvents(hist.run, windowStart, data.length);
    const measures = {
      within180: [shareWithin(data, 180), shareWithin(sim, 180)],
      within300: [shareWithin(data, 300), shareWithin(sim, 300)],
      minuteProfileDistance: tvDistance(minuteProfile(data), minuteProfile(sim)),
    };
    const report = JSON.stringify(measures);
    expect(Math.abs(measures.within180[1]! - measures.within180[0]!), report).toBeLessThanOrEqual(0.2);
    expect(Math.abs(measures.within300[1]! - measures.within300[0]!), report).toBeLessThanOrEqual(0.1);
    expect(sim.firstAdl, 'the simulation auto-deleverages').toBeLessThan(Infinity);

    const longs = hist.run.totals.accountsLiquidated;
    const shorts = hist.run.totals.shortsLiquidated;
    expect(longs / (longs + shorts)).toBeGreaterThanOrEqual(HYPERLIQUID_LONG_SHARE - 0.05);
  });
});

describe('October 2025 scenario: determinism and invariants', () => {
  it('the same seed gives byte-identical series and totals', () => {
    const tl2 = buildTimeline(scenario, scenario.defaultStepSeconds, SEED);
    const cal2 = calibrate(scenario, historical, tl2, { seed: SEED });
    const again = runOnCalibration(scenario, historical, historical, tl2, cal2, { seed: SEED });
    const bytes = (run: SimulationResult): string => {
      const parts: string[] = [];
      for (const [name, value] of Object.entries(run.series)) {
        if (value instanceof Float64Array) parts.push(name, Buffer.from(value.buffer).toString('base64'));
        else if (Array.isArray(value))
          for (const v of value as { name: string; price: Float64Array }[])
            parts.push(v.name, Buffer.from(v.price.buffer).toString('base64'));
        else
          for (const [k, a] of Object.entries(value as Record<string, Float64Array>))
            parts.push(k, Buffer.from(a.buffer).toString('base64'));
      }
      return parts.join('|');
    };
    expect(bytes(again.run)).toBe(bytes(hist.run));
    expect(JSON.stringify(again.run.totals)).toBe(JSON.stringify(hist.run.totals));
    expect(JSON.stringify(again.run.events)).toBe(JSON.stringify(hist.run.events));
  });

  it.each(['hyperliquid-2025', 'hyperliquid-2025-huge-fund'])(
    'the model invariants hold at every step (%s)',
    (id) => {
      const design =
        id === 'hyperliquid-2025'
          ? historical
          : variant(id, (l) => {
              l.insuranceFundUsd = 1e12;
            });
      const violations: InvariantViolation[] = [];
      const run = simulate({
        scenario,
        design,
        timeline,
        fundamentalLog: cal.fundamentalLog,
        seed: SEED,
        accounts: scenario.population.defaultAccounts,
        onStep: (s) => {
          if (violations.length < 5) violations.push(...checkInvariants(s));
        },
      });
      expect(violations).toEqual([]);
      expect(run.totals.accountsLiquidated).toBeGreaterThan(0);
    },
  );
});
