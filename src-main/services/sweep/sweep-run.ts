/**
 * One batch of sweep runs, as a worker (a pool thread, or a BullMQ worker on another machine) runs
 * it. A task is self-contained — the scenario, the historical design, the designs, seeds and shocks —
 * so a worker needs no store and no shared state; it only caches calibrations.
 *
 * Calibration runs once per (scenario, seed, accounts, step) per worker and is reused by every design
 * and shock of that seed: the backed-out exogenous path depends on the seed (the bridge between
 * observations and the population are seeded), never on the design being replayed. A shock k scales
 * the calibrated fall: log F'_t = log F_0 + k·(log F_t − log F_0), for every asset of the scenario,
 * so the calibration is not redone per shock (k = 1 is the calibrated path itself).
 *
 * Population reuse across designs is NOT done here: the engine generates and admits the population
 * inside simulate() (admission depends on the design), and this module may not edit simulate.ts.
 * Reusing it is left to the engine (a later change inside simulate.ts).
 */
import { collateralBasket, observedCollateralLog } from '../../engine/basket.ts';
import type { Design } from '../../engine/design.ts';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../engine/design.ts';
import { calibrate } from '../../engine/replay.ts';
import { summarize } from '../../engine/report.ts';
import type { Scenario } from '../../engine/scenario.ts';
import { DEFAULT_INDEX, simulate } from '../../engine/simulate.ts';
import type { Timeline } from '../../engine/timeline.ts';
import { buildTimeline } from '../../engine/timeline.ts';
import type { MetricKey } from './sweep-metrics.ts';
import { metricValues } from './sweep-metrics.ts';

/** Points of the simulated price kept per run (for the replay's seed band). */
export const PRICE_PATH_POINTS = 240;

export interface SweepTaskRun {
  index: number;
  inputsHash: string;
  design: Design;
  seed: number;
  shock: number;
}

/** A batch of runs of one scenario (what a worker receives). */
export interface SweepTask {
  scenario: Scenario;
  historical: Design;
  accounts: number;
  stepSeconds: number;
  metrics: MetricKey[];
  runs: SweepTaskRun[];
}

/** One finished run (what a worker sends back). */
export interface SweepRunResult {
  index: number;
  inputsHash: string;
  seed: number;
  shock: number;
  metrics: number[];
  /** The simulated price at PRICE_PATH_POINTS evenly spaced steps (first and last included). */
  pricePath: number[];
}

interface CachedCalibration {
  timeline: Timeline;
  fundamentalLog: Float64Array[];
}

/** Calibrations kept per worker (LRU): a sweep's seeds of one scenario usually fit. */
const CACHE_LIMIT = 16;
const calibrations = new Map<string, CachedCalibration>();

function calibrationKey(task: SweepTask, seed: number): string {
  const inputs = canonicalJson({
    scenario: task.scenario,
    historical: task.historical,
    seed,
    accounts: task.accounts,
    step: task.stepSeconds,
  });
  return createHash('sha256').update(inputs).digest('hex');
}

function calibrated(task: SweepTask, seed: number, shouldCancel?: () => boolean): CachedCalibration {
  const key = calibrationKey(task, seed);
  const hit = calibrations.get(key);
  if (hit) {
    calibrations.delete(key);
    calibrations.set(key, hit);
    return hit;
  }
  const timeline = buildTimeline(task.scenario, task.stepSeconds, seed);
  const cal = calibrate(task.scenario, task.historical, timeline, {
    seed,
    accounts: task.accounts,
    stepSeconds: task.stepSeconds,
    ...(shouldCancel ? { shouldCancel } : {}),
  });
  const entry = { timeline, fundamentalLog: cal.fundamentalLog };
  calibrations.set(key, entry);
  if (calibrations.size > CACHE_LIMIT) calibrations.delete(calibrations.keys().next().value!);
  return entry;
}

/** How many calibrations this worker holds (tests check reuse through it). */
export function cachedCalibrations(): number {
  return calibrations.size;
}

/** Scales every asset's log path's deviation from its start by k (see the module comment). */
export function shockPath(fundamentalLog: readonly Float64Array[], k: number): Float64Array[] {
  if (k === 1) return fundamentalLog as Float64Array[];
  return fundamentalLog.map((path) => {
    const out = new Float64Array(path.length);
    const f0 = path[0]!;
    for (let t = 0; t < path.length; t++) out[t] = f0 + k * (path[t]! - f0);
    return out;
  });
}

function pricePathOf(price: Float64Array): number[] {
  const n = price.length;
  const m = Math.min(PRICE_PATH_POINTS, n);
  return Array.from({ length: m }, (_, i) => price[m === 1 ? 0 : Math.round((i * (n - 1)) / (m - 1))]!);
}

/** Runs one run of a task. Deterministic: the same inputs give the same metrics, bit for bit. */
export function executeSweepRun(
  task: SweepTask,
  run: SweepTaskRun,
  shouldCancel?: () => boolean,
): SweepRunResult {
  const cal = calibrated(task, run.seed, shouldCancel);
  const sim = simulate({
    scenario: task.scenario,
    design: run.design,
    timeline: cal.timeline,
    fundamentalLog: shockPath(cal.fundamentalLog, run.shock),
    seed: run.seed,
    accounts: task.accounts,
    index: DEFAULT_INDEX,
    ...(shouldCancel ? { shouldCancel } : {}),
  });
  const assetIdx = task.scenario.assets.findIndex((a) => a.id === task.scenario.population.asset);
  const observed = task.scenario.population.basket
    ? observedCollateralLog(task.scenario, cal.timeline.observedLog)
    : cal.timeline.observedLog[assetIdx]!;
  const summary = summarize(sim, run.design, observed, collateralBasket(task.scenario.population));
  return {
    index: run.index,
    inputsHash: run.inputsHash,
    seed: run.seed,
    shock: run.shock,
    metrics: metricValues(summary, task.metrics),
    pricePath: pricePathOf(sim.series.price),
  };
}

/** Runs every run of a task in order. */
export function executeSweepTask(
  task: SweepTask,
  shouldCancel?: () => boolean,
  onRun?: (r: SweepRunResult) => void,
): SweepRunResult[] {
  return task.runs.map((run) => {
    const r = executeSweepRun(task, run, shouldCancel);
    onRun?.(r);
    return r;
  });
}
