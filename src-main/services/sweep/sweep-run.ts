/**
 * One batch of sweep runs, as a worker (a pool thread, or a BullMQ worker on another machine) runs
 * it. A task is self-contained — the scenario, the historical design, the designs, seeds and shocks —
 * so a worker needs no store and no shared state; it only caches calibrations.
 *
 * Per worker, everything a run shares with the other runs of its (scenario, seed, accounts, step) is
 * made once and kept (engine/replay.ts, `prepareReplay`): the timeline, the exogenous path backed
 * out under the historical design (it depends on the seed — the bridge between observations and the
 * population are seeded — never on the design being replayed), and the population, generated once
 * and copied column by column into each run (generation depends on the scenario, seed, size and
 * step, never on the design; admission to the design happens on the copy inside the pass). A shock
 * k scales the calibrated fall: log F'_t = log F_0 + k·(log F_t − log F_0), for every asset of the
 * scenario, so the calibration is not redone per shock (k = 1 is the calibrated path itself).
 * Every run equals a separate replay of its design value for value (sweep-run.test.ts).
 */
import { collateralBasket, observedCollateralLog } from '../../engine/basket.ts';
import type { Design } from '../../engine/design.ts';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../engine/design.ts';
import type { PreparedReplay } from '../../engine/replay.ts';
import { prepareReplay, replayPopulation, simulatePrepared } from '../../engine/replay.ts';
import { summarize } from '../../engine/report.ts';
import type { Scenario } from '../../engine/scenario.ts';
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

/** Preparations kept per worker (LRU): a sweep's seeds of one scenario usually fit. */
const CACHE_LIMIT = 16;
/**
 * Bytes of populations kept per worker (one at 1 M accounts, fourteen at 100 k): past it the oldest
 * preparations drop their population (kept: the calibration, a few arrays) and make it again when
 * next used. Each worker of the app's engine pool keeps these until it idles out.
 */
let populationBytesLimit = 64 * 1024 * 1024;

/** Sets the bytes of populations a worker keeps (tests use a tiny one to exercise re-making them). */
export function limitPopulationCache(bytes: number): void {
  populationBytesLimit = bytes;
  evict('');
}

let populationsMade = 0;

/** Populations this worker has generated so far (tests check reuse and re-making through it). */
export function populationsGenerated(): number {
  return populationsMade;
}

interface CachedPreparation {
  prepared: Omit<PreparedReplay, 'population'>;
  population: PreparedReplay['population'] | null;
}
const preparations = new Map<string, CachedPreparation>();

function preparationKey(task: SweepTask, seed: number): string {
  const inputs = canonicalJson({
    scenario: task.scenario,
    historical: task.historical,
    seed,
    accounts: task.accounts,
    step: task.stepSeconds,
  });
  return createHash('sha256').update(inputs).digest('hex');
}

function evict(keep: string): void {
  while (preparations.size > CACHE_LIMIT) preparations.delete(preparations.keys().next().value!);
  let bytes = 0;
  for (const e of preparations.values()) bytes += e.population?.bytes ?? 0;
  for (const [key, e] of preparations) {
    if (bytes <= populationBytesLimit) break;
    if (key === keep || !e.population) continue;
    bytes -= e.population.bytes;
    e.population = null;
  }
}

/** The preparation of a run's (scenario, seed, accounts, step), made once per worker. */
function prepared(task: SweepTask, key: string, seed: number, shouldCancel?: () => boolean): PreparedReplay {
  const hit = preparations.get(key);
  if (hit) {
    preparations.delete(key);
    preparations.set(key, hit);
    if (!hit.population) {
      populationsMade++;
      hit.population = replayPopulation(hit.prepared.scenario, hit.prepared.timeline, {
        seed,
        accounts: task.accounts,
      });
      evict(key);
    }
    return { ...hit.prepared, population: hit.population };
  }
  const p = prepareReplay(task.scenario, task.historical, {
    seed,
    accounts: task.accounts,
    stepSeconds: task.stepSeconds,
    ...(shouldCancel ? { shouldCancel } : {}),
  });
  populationsMade++;
  preparations.set(key, { prepared: p, population: p.population });
  evict(key);
  return p;
}

/** How many preparations (calibration and population) this worker holds (tests check reuse through it). */
export function cachedCalibrations(): number {
  return preparations.size;
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

/**
 * Runs one run of a task. Deterministic: the same inputs give the same metrics, bit for bit.
 * `key`: the task's preparation key for this seed when the caller has it (saves hashing the scenario).
 */
export function executeSweepRun(
  task: SweepTask,
  run: SweepTaskRun,
  shouldCancel?: () => boolean,
  key: string = preparationKey(task, run.seed),
): SweepRunResult {
  const prep = prepared(task, key, run.seed, shouldCancel);
  const sim = simulatePrepared(prep, run.design, {
    fundamentalLog: shockPath(prep.fundamentalLog, run.shock),
    ...(shouldCancel ? { shouldCancel } : {}),
  });
  const assetIdx = task.scenario.assets.findIndex((a) => a.id === task.scenario.population.asset);
  const observed = task.scenario.population.basket
    ? observedCollateralLog(task.scenario, prep.timeline.observedLog)
    : prep.timeline.observedLog[assetIdx]!;
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

/** Runs every run of a task in order (the scenario is hashed once per seed of the task). */
export function executeSweepTask(
  task: SweepTask,
  shouldCancel?: () => boolean,
  onRun?: (r: SweepRunResult) => void,
): SweepRunResult[] {
  const keys = new Map<number, string>();
  return task.runs.map((run) => {
    let key = keys.get(run.seed);
    if (key === undefined) keys.set(run.seed, (key = preparationKey(task, run.seed)));
    const r = executeSweepRun(task, run, shouldCancel, key);
    onRun?.(r);
    return r;
  });
}
