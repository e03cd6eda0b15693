/**
 * Calibrated counterfactual replay (MODEL.md §2). A historical price path already contains the
 * impact of the historical liquidations. So: simulate the historical design on F = observed, take its
 * impact path I, set F = observed · exp(−I), and repeat to a fixed point. Then the historical design
 * reproduces the observed path (the residual is reported) and every other design runs on the same F
 * and diverges only through its own flows.
 */
import { collateralBasket, observedCollateralLog } from './basket.ts';
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

/**
 * Backs the exogenous path out under the historical design. The fixed point F = observed · exp(−I)
 * is solved by a construction pass that sets each step's F from the impact of the earlier steps'
 * flows (a step's own flows move the price from the next step on, so the solution is exact and
 * unique), then verified by an ordinary pass on that F; further passes F ← observed − I run only if
 * the verification misses the tolerance. The residual is max |log P − log observed| of the final
 * pass, and `iterations` counts every pass.
 */
export function calibrate(
  scenario: Scenario,
  historical: Design,
  timeline: Timeline,
  opts: ReplayOptions,
): Calibration {
  const accounts = opts.accounts ?? scenario.population.defaultAccounts;
  const tol = opts.tolerance ?? 1e-9;
  const maxIter = opts.maxIterations ?? 20;
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const observed = timeline.observedLog;
  const obs = observed[assetIdx]!;
  const enabled = opts.calibrate ?? true;
  const base = {
    scenario,
    design: historical,
    timeline,
    seed: opts.seed,
    accounts,
    index: opts.index ?? DEFAULT_INDEX,
    leverage: opts.leverage ?? true,
    depthScale: opts.depthScale ?? 1,
    ...(opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}),
  };
  // A basket run records the basket's price: its residual is measured on the population asset's
  // composite price (log F + impact). Calibration anchors only the population asset; the other basket
  // assets run on their observed paths as exogenous (see basket.ts).
  const basketRun = scenario.population.basket !== undefined;
  const residualOf = (run: SimulationResult): number => {
    let r = 0;
    for (let t = 0; t < obs.length; t++) {
      const logP = basketRun ? run.fundamentalLog[t]! + run.impactLog[t]! : Math.log(run.series.price[t]!);
      r = Math.max(r, Math.abs(logP - obs[t]!));
    }
    return r;
  };

  let F = observed.map((p) => Float64Array.from(p));
  let iterations = 0;
  if (enabled) {
    iterations++;
    opts.onProgress?.(1, 2, 'calibrating the exogenous path');
    const construction = simulate({ ...base, fundamentalLog: F, anchorLog: obs });
    F = F.map((p, a) => (a === assetIdx ? Float64Array.from(construction.fundamentalLog) : p));
  }
  let best: { run: SimulationResult; residual: number; F: Float64Array[] } | null = null;
  for (;;) {
    iterations++;
    opts.onProgress?.(Math.min(iterations, 2), 2, 'calibrating the exogenous path');
    const run = simulate({ ...base, fundamentalLog: F });
    const residual = residualOf(run);
    if (!best || residual < best.residual) best = { run, residual, F };
    if (!enabled || residual < tol || iterations >= maxIter) break;
    const next = F.map((p) => Float64Array.from(p));
    const f = next[assetIdx]!;
    for (let t = 0; t < obs.length; t++) f[t] = obs[t]! - run.impactLog[t]!;
    F = next;
  }
  return {
    residual: best.residual,
    iterations,
    converged: best.residual < (opts.tolerance ?? 1e-4),
    fundamentalLog: best.F,
    historical: best.run,
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
    summary: summarize(
      run,
      design,
      scenario.population.basket
        ? observedCollateralLog(scenario, timeline.observedLog)
        : timeline.observedLog[assetIdx]!,
      collateralBasket(scenario.population),
    ),
    waves,
    log: eventLog(run, waves),
  };
}
