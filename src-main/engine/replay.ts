/**
 * Calibrated counterfactual replay (MODEL.md §2). A historical price path already contains the
 * impact of the historical liquidations. So: simulate the historical design on F = observed, take its
 * impact path I, set F = observed · exp(−I), and repeat to a fixed point. Then the historical design
 * reproduces the observed path (the residual is reported) and every other design runs on the same F
 * and diverges only through its own flows.
 */
import type { Design } from './design.ts';
import { designHash } from './design.ts';
import type { Scenario } from './scenario.ts';
import type { SimulationResult } from './simulate.ts';
import { DEFAULT_INDEX, simulate } from './simulate.ts';
import type { Timeline } from './timeline.ts';
import { buildTimeline } from './timeline.ts';
import type { TriggerIndexKind } from './trigger-index.ts';
import type { LogLine, Summary, Wave } from './report.ts';
import { eventLog, findWaves, summarize } from './report.ts';
import { ENGINE_VERSION } from './version.ts';

export interface ReplayOptions {
  seed: number;
  /** Accounts to generate (default: the scenario's). */
  accounts?: number;
  /** Step length, seconds (default: the scenario's, normally 60). */
  stepSeconds?: number;
  index?: TriggerIndexKind;
  /** Stop the fixed point when max |log P − log observed| falls below this. */
  tolerance?: number;
  maxIterations?: number;
  /** false: the population carries no debt (control). */
  leverage?: boolean;
  depthScale?: number;
  /** Skip calibration: F = observed (for studies that want the raw path). */
  calibrate?: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
  shouldCancel?: () => boolean;
}

export interface Calibration {
  /** max over steps of |log P_sim − log P_observed| for the historical design. */
  residual: number;
  iterations: number;
  converged: boolean;
  /** Per asset: the backed-out exogenous log path. */
  fundamentalLog: Float64Array[];
  historical: SimulationResult;
}

export interface ReplayResult {
  scenarioId: string;
  scenarioVersion: number;
  design: Design;
  designHash: string;
  seed: number;
  engineVersion: string;
  accounts: number;
  stepSeconds: number;
  timeline: Timeline;
  calibration: { residual: number; iterations: number; converged: boolean; historicalDesign: string };
  run: SimulationResult;
  /** The calibrated exogenous log path per asset the run used (re-running an account needs it). */
  fundamentalLog: Float64Array[];
  summary: Summary;
  waves: Wave[];
  log: LogLine[];
}

/** Builds the timeline and backs the exogenous path out under the historical design. */
export function calibrate(
  scenario: Scenario,
  historical: Design,
  timeline: Timeline,
  opts: ReplayOptions,
): Calibration {
  const accounts = opts.accounts ?? scenario.population.defaultAccounts;
  const tol = opts.tolerance ?? 1e-5;
  const maxIter = opts.maxIterations ?? 60;
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const observed = timeline.observedLog;
  let F = observed.map((p) => Float64Array.from(p));
  let iterations = 0;
  let bestResidual = Infinity;
  let bestF = F;
  let bestRun: SimulationResult | null = null;
  const enabled = opts.calibrate ?? true;
  for (;;) {
    iterations++;
    opts.onProgress?.(iterations, enabled ? maxIter : 1, 'calibrating the exogenous path');
    const run = simulate({
      scenario,
      design: historical,
      timeline,
      fundamentalLog: F,
      seed: opts.seed,
      accounts,
      index: opts.index ?? DEFAULT_INDEX,
      leverage: opts.leverage ?? true,
      depthScale: opts.depthScale ?? 1,
      ...(opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}),
    });
    const obs = observed[assetIdx]!;
    const I = run.impactLog;
    let residual = 0;
    for (let t = 0; t < obs.length; t++) {
      const r = Math.abs(Math.log(run.series.price[t]!) - obs[t]!);
      if (r > residual) residual = r;
    }
    if (residual < bestResidual) {
      bestResidual = residual;
      bestF = F;
      bestRun = run;
    }
    if (!enabled || residual < tol || iterations >= maxIter) break;
    // F ← observed · exp(−I): only the population's asset carries impact from this population.
    const next = F.map((p) => Float64Array.from(p));
    const f = next[assetIdx]!;
    for (let t = 0; t < obs.length; t++) f[t] = obs[t]! - I[t]!;
    F = next;
  }
  return {
    residual: bestResidual,
    iterations,
    converged: bestResidual < tol,
    fundamentalLog: bestF,
    historical: bestRun!,
  };
}

/** Replays `design` on the scenario's calibrated exogenous path. */
export function replay(
  scenario: Scenario,
  design: Design,
  historical: Design,
  opts: ReplayOptions,
): ReplayResult {
  const step = opts.stepSeconds ?? scenario.defaultStepSeconds;
  const timeline = buildTimeline(scenario, step, opts.seed);
  const cal = calibrate(scenario, historical, timeline, opts);
  return runOnCalibration(scenario, design, historical, timeline, cal, opts);
}

/** Runs a design on an existing calibration (compare several designs against one calibration). */
export function runOnCalibration(
  scenario: Scenario,
  design: Design,
  historical: Design,
  timeline: Timeline,
  cal: Calibration,
  opts: ReplayOptions,
): ReplayResult {
  const accounts = opts.accounts ?? scenario.population.defaultAccounts;
  const same = designHash(design) === designHash(historical);
  const run = same
    ? cal.historical
    : simulate({
        scenario,
        design,
        timeline,
        fundamentalLog: cal.fundamentalLog,
        seed: opts.seed,
        accounts,
        index: opts.index ?? DEFAULT_INDEX,
        leverage: opts.leverage ?? true,
        depthScale: opts.depthScale ?? 1,
        ...(opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}),
      });
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const waves = findWaves(run);
  return {
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    design,
    designHash: designHash(design),
    seed: opts.seed,
    engineVersion: ENGINE_VERSION,
    accounts,
    stepSeconds: timeline.stepSeconds,
    timeline,
    calibration: {
      residual: cal.residual,
      iterations: cal.iterations,
      converged: cal.converged,
      historicalDesign: historical.id,
    },
    run,
    fundamentalLog: cal.fundamentalLog,
    summary: summarize(run, design, timeline.observedLog[assetIdx]!),
    waves,
    log: eventLog(run, waves),
  };
}
