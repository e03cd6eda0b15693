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
 *
 * A crash with several protocols on the same venues (`task.crash`) varies ONE protocol's design:
 * every protocol runs together, the others on their historical designs, on the crash's calibration
 * per seed (engine/replay-multi.ts, cached per worker); metrics and price path are the varied
 * protocol's. A shock scales the crash's calibrated fall the same way.
 */
import { collateralBasket, observedCollateralLog } from '../../engine/basket.ts';
import { BufferPool } from '../../engine/buffer-pool.ts';
import type { Design } from '../../engine/design.ts';
import { createHash } from 'node:crypto';
import { canonicalJson, designHash } from '../../engine/design.ts';
import type { PreparedReplay } from '../../engine/replay.ts';
import { prepareReplay, replayPopulation, simulatePrepared } from '../../engine/replay.ts';
import { summarize } from '../../engine/report.ts';
import type { SimulationResult } from '../../engine/simulate.ts';
import type { Scenario } from '../../engine/scenario.ts';
import type { CrashProtocol, MultiCalibration } from '../../engine/replay-multi.ts';
import { calibrateMulti, runMultiOnCalibration } from '../../engine/replay-multi.ts';
import { simulateMulti } from '../../engine/simulation/multi.ts';
import type { Timeline } from '../../engine/timeline.ts';
import { buildTimeline } from '../../engine/timeline.ts';
import type { MetricKey } from './sweep-metrics.ts';
import { metricValues } from './sweep-metrics.ts';

/**
 * The columns of this worker's runs (population copy, auction book, liquidation log), reclaimed when
 * a run's result has been read and written over by the next run (engine/buffer-pool.ts).
 */
const runBuffers = new BufferPool();

/** Points of the simulated price kept per run (for the replay's seed band). */
export const PRICE_PATH_POINTS = 240;

export interface SweepTaskRun {
  index: number;
  inputsHash: string;
  design: Design;
  seed: number;
  shock: number;
}

/**
 * A crash with several protocols on the same venues, one of which has its design varied: every
 * protocol runs together (the others on their historical designs); metrics are the varied one's.
 */
export interface SweepCrash {
  protocols: CrashProtocol[];
  /** Index of the varied protocol. */
  varied: number;
  /** Accounts of each protocol. */
  accounts: number[];
}

/** A batch of runs of one scenario (what a worker receives). */
export interface SweepTask {
  /** The scenario (for a crash: the varied protocol's). */
  scenario: Scenario;
  historical: Design;
  /** Set when the scenario is a crash with several protocols. */
  crash?: SweepCrash;
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
    ...(task.crash ? { crash: task.crash } : {}),
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
/** Bytes of run buffers this worker holds free for its next run (none lent between runs). */
export function runBufferBytes(): { lent: number; free: number } {
  return runBuffers.bytes;
}

export function cachedCalibrations(): number {
  return preparations.size + crashCalibrations.size;
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

/** A crash's calibration for one seed (every protocol on its historical design), kept per worker. */
interface CachedCrash {
  timeline: Timeline;
  cal: MultiCalibration;
}
const crashCalibrations = new Map<string, CachedCrash>();

function crashCalibration(
  task: SweepTask,
  crash: SweepCrash,
  key: string,
  seed: number,
  shouldCancel?: () => boolean,
): CachedCrash {
  const hit = crashCalibrations.get(key);
  if (hit) {
    crashCalibrations.delete(key);
    crashCalibrations.set(key, hit);
    return hit;
  }
  // The crash's timeline comes from its first protocol's scenario, as a replay of it does.
  const timeline = buildTimeline(crash.protocols[0]!.scenario, task.stepSeconds, seed);
  const cal = calibrateMulti(crash.protocols, timeline, {
    seed,
    stepSeconds: task.stepSeconds,
    accountsPerProtocol: crash.accounts,
    ...(shouldCancel ? { shouldCancel } : {}),
  });
  const entry = { timeline, cal };
  crashCalibrations.set(key, entry);
  while (crashCalibrations.size > CACHE_LIMIT)
    crashCalibrations.delete(crashCalibrations.keys().next().value!);
  return entry;
}

/**
 * One run of a crash: every protocol together on the venues they share, the varied protocol on
 * `run.design` and the others on their historical designs, on the seed's calibration with the fall
 * scaled by the shock. Equals `replay ID --protocol NAME --design D` at shock 1, value for value.
 */
function executeCrashRun(
  task: SweepTask,
  crash: SweepCrash,
  run: SweepTaskRun,
  key: string,
  shouldCancel?: () => boolean,
): SweepRunResult {
  const { timeline, cal } = crashCalibration(task, crash, key, run.seed, shouldCancel);
  const designs = crash.protocols.map((p, k) => (k === crash.varied ? run.design : p.historical));
  const opts = {
    seed: run.seed,
    stepSeconds: task.stepSeconds,
    accountsPerProtocol: crash.accounts,
    // Waves do not enter a sweep's metrics: skip measuring their endogenous share.
    attributeWaves: 0,
    ...(shouldCancel ? { shouldCancel } : {}),
  };
  let onPath = cal;
  if (run.shock !== 1) {
    const fundamentalLog = shockPath(cal.fundamentalLog, run.shock);
    // runMultiOnCalibration reuses `cal.historical` when every design is historical: that pass ran
    // on the unshocked path, so a shocked calibration carries the historical designs' shocked runs.
    const allHistorical = designs.every(
      (d, k) => designHash(d) === designHash(crash.protocols[k]!.historical),
    );
    const historical = allHistorical
      ? simulateMulti({
          protocols: crash.protocols.map((p, k) => ({
            scenario: p.scenario,
            design: p.historical,
            accounts: crash.accounts[k]!,
          })),
          timeline,
          fundamentalLog,
          seed: run.seed,
          ...(shouldCancel ? { shouldCancel } : {}),
        })
      : cal.historical;
    onPath = { ...cal, fundamentalLog, historical };
  }
  const result = runMultiOnCalibration(crash.protocols, designs, timeline, onPath, opts);
  const mine = result.protocols[crash.varied]!.result;
  return {
    index: run.index,
    inputsHash: run.inputsHash,
    seed: run.seed,
    shock: run.shock,
    metrics: metricValues(mine.summary, task.metrics),
    pricePath: pricePathOf(mine.run.series.price),
  };
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
  if (task.crash) return executeCrashRun(task, task.crash, run, key, shouldCancel);
  const prep = prepared(task, key, run.seed, shouldCancel);
  try {
    return summarizeRun(
      task,
      run,
      prep,
      simulatePrepared(prep, run.design, {
        fundamentalLog: shockPath(prep.fundamentalLog, run.shock),
        ...(shouldCancel ? { shouldCancel } : {}),
        buffers: runBuffers,
      }),
    );
  } finally {
    // The run's result has been read into numbers: its columns are the next run's.
    runBuffers.reclaim();
  }
}

/** One run's metrics and price path, read from its pass (before its buffers are reclaimed). */
function summarizeRun(
  task: SweepTask,
  run: SweepTaskRun,
  prep: PreparedReplay,
  sim: SimulationResult,
): SweepRunResult {
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
