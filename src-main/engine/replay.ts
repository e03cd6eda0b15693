/**
 * Calibrated counterfactual replay (MODEL.md §2). A historical price path already contains the
 * impact of the historical liquidations. So: simulate the historical design on F = observed, take its
 * impact path I, set F = observed · exp(−I), and repeat to a fixed point. Then the historical design
 * reproduces the observed path (the residual is reported) and every other design runs on the same F
 * and diverges only through its own flows.
 */
import type { PopulationTemplate } from './population.ts';
import type { PopulationHelper } from './helper-tasks.ts';
import { PopulationCache, populationTemplate } from './population.ts';
import { collateralBasket, observedCollateralLog } from './basket.ts';
import type { BufferPool } from './buffer-pool.ts';
import type { Design } from './design.ts';
import { designHash } from './design.ts';
import type { Scenario } from './scenario.ts';
import { marketOf, unitsOf } from './scenario.ts';
import { attributeWaves, MAX_ATTRIBUTED_WAVES } from './attribution.ts';
import type { SimulationOptions, SimulationResult } from './simulate.ts';
import { DEFAULT_INDEX, simulate } from './simulate.ts';
import type { Timeline } from './timeline.ts';
import { buildTimeline, STEP_CLOSED } from './timeline.ts';
import type { TriggerIndexKind } from './trigger-index.ts';
import type { LogLine, Summary, Wave } from './report.ts';
import { eventLog, findWaves, maxDrawdown, summarize } from './report.ts';
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
  /**
   * How many waves to measure by counterfactual passes (attribution.ts; the ones that sold the most
   * collateral, one pass each); 0 measures none. Default MAX_ATTRIBUTED_WAVES.
   */
  attributeWaves?: number;
  /**
   * The population generated once for this scenario, seed, size and step (population.ts); every pass
   * copies it. Default: `replay()` makes one for its passes; `calibrate` and `runOnCalibration`
   * without it generate the population in each pass. Same output either way.
   */
  population?: PopulationTemplate;
  /**
   * The historical design is among the designs replayed on this calibration with attribution on:
   * the calibration's run then measures its waves' counterfactuals as it goes (`measureWaves`), and
   * attribution needs no pass of its own. Same output either way.
   */
  attributeHistorical?: boolean;
  /**
   * The calibration's run is the only pass the caller runs on it (the historical design replayed
   * alone, its waves measured during calibration): the population it generates goes to that pass
   * instead of being kept for others (less memory; any later pass generates it again, same output).
   * Ignored when `population` is given.
   */
  onePass?: boolean;
  /**
   * Draws part of a large population on another thread while this one draws the rest
   * (population.ts `PopulationHelper`; the CLI's runs in a worker). Same output with or without.
   */
  populationHelper?: PopulationHelper | null;
}

/**
 * What can fail in a calibration (MODEL.md §8). The back-out's residual is exact by construction and
 * says nothing about history; these say whether the backed-out exogenous path F is plausible.
 */
export interface CalibrationDiagnostics {
  /** Largest peak-to-trough fall of the observed path and of F (0.29 = −29%). */
  observedDrawdown: number;
  fundamentalDrawdown: number;
  /** The observed path's move from the peak to the trough of its largest fall, and F's over the same steps. */
  observedFall: number;
  fundamentalMoveOverFall: number;
  /** Largest |impact| of the historical run, as a price factor − 1 (0.12: venue price 12% off F), and its step. */
  maxImpact: number;
  maxImpactStep: number;
  /** Loud warnings: F moving against the observed path, or most of the fall put on the flows. */
  warnings: string[];
}

export interface Calibration {
  /** max over steps of |log P_sim − log P_observed| for the historical design (exact by construction). */
  residual: number;
  iterations: number;
  converged: boolean;
  diagnostics: CalibrationDiagnostics;
  /** Per asset: the backed-out exogenous log path. */
  fundamentalLog: Float64Array[];
  historical: SimulationResult;
  /**
   * The population the calibration drew, for the passes run on it (the design's, the counterfactual
   * ones): generated once per replay, copied per pass. Absent: each pass generates its own.
   */
  populations?: PopulationCache;
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
  calibration: {
    residual: number;
    iterations: number;
    converged: boolean;
    historicalDesign: string;
    diagnostics: CalibrationDiagnostics;
  };
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
 * unique). An ordinary pass on that F would be identical to the construction pass (each step reads
 * the same F), so the construction pass is the historical run; further passes F ← observed − I run
 * only if it misses the tolerance. The residual is max |log P − log observed| of the best pass, and
 * `iterations` counts every pass (1 when the construction pass meets the tolerance).
 */
export function calibrate(
  scenario: Scenario,
  historical: Design,
  timeline: Timeline,
  opts: ReplayOptions,
): Calibration {
  const accounts = opts.accounts ?? scenario.population.defaultAccounts;
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const observed = timeline.observedLog;
  const obs = observed[assetIdx]!;
  const populations = new PopulationCache(
    opts.population ? { spec: scenario.population, template: opts.population } : undefined,
    opts.onePass === true,
    opts.populationHelper ?? null,
  );
  const base = {
    scenario,
    design: historical,
    timeline,
    seed: opts.seed,
    accounts,
    ...passDefaults(opts),
    populations,
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

  const { best, iterations } = calibrationPasses(observed, opts, {
    // The construction pass feeds each step the F it records, so an ordinary pass on that F would
    // repeat it value for value (tested in replay-one-pass.test.ts): it is the verification too.
    run: (F, construction) =>
      simulate({
        ...base,
        fundamentalLog: F,
        ...(construction ? { anchorLog: obs } : {}),
        ...(opts.attributeHistorical ? { measureWaves: true } : {}),
      }),
    residualOf,
    recordedF: (run, F) => F.map((p, a) => (a === assetIdx ? Float64Array.from(run.fundamentalLog) : p)),
    impactOf: (run) => [[assetIdx, run.impactLog]],
  });
  return {
    residual: best.residual,
    iterations,
    converged: best.residual < (opts.tolerance ?? 1e-4),
    diagnostics: calibrationDiagnostics(
      obs,
      best.F[assetIdx]!,
      best.run.impactLog,
      timeline.stepKind[assetIdx],
    ),
    fundamentalLog: best.F,
    historical: best.run,
    populations,
  };
}

/**
 * The calibration's passes, for one protocol or several on one path: the construction pass (F set
 * from the anchored assets' observed paths as it runs, then read back from the run: `recordedF`),
 * then, only while the residual misses `tolerance`, passes on F ← observed − the impact the last
 * pass recorded on each anchored asset (`impactOf`). Returns the pass with the smallest residual, its
 * F, and the number of passes run. Disabled (`settings.calibrate` false), one ordinary pass on the
 * observed path. Defaults: tolerance 1e-9, 20 passes at most.
 */
export function calibrationPasses<R>(
  observed: Float64Array[],
  settings: Pick<ReplayOptions, 'calibrate' | 'tolerance' | 'maxIterations' | 'onProgress'>,
  o: {
    run: (F: Float64Array[], construction: boolean) => R;
    residualOf: (run: R) => number;
    recordedF: (run: R, F: Float64Array[]) => Float64Array[];
    /** [asset, impact log] for each anchored asset. */
    impactOf: (run: R) => [number, Float64Array][];
  },
): { best: { run: R; residual: number; F: Float64Array[] }; iterations: number } {
  const enabled = settings.calibrate ?? true;
  const tolerance = settings.tolerance ?? 1e-9;
  const maxIterations = settings.maxIterations ?? 20;
  let F: Float64Array[] = observed.map((p) => Float64Array.from(p));
  let iterations = 0;
  let best: { run: R; residual: number; F: Float64Array[] } | null = null;
  for (;;) {
    iterations++;
    settings.onProgress?.(Math.min(iterations, 2), 2, 'calibrating the exogenous path');
    const construction = enabled && iterations === 1;
    const run = o.run(F, construction);
    if (construction) F = o.recordedF(run, F);
    const residual = o.residualOf(run);
    if (!best || residual < best.residual) best = { run, residual, F };
    if (!enabled || residual < tolerance || iterations >= maxIterations) break;
    const next = F.map((p) => Float64Array.from(p));
    for (const [a, impact] of o.impactOf(run)) {
      const obs = observed[a]!;
      const f = next[a]!;
      for (let t = 0; t < obs.length; t++) f[t] = obs[t]! - impact[t]!;
    }
    F = next;
  }
  return { best, iterations };
}

/** Steps of the largest peak-to-trough fall of a log path. */
function largestFall(log: ArrayLike<number>): { peak: number; trough: number } {
  let peak = 0;
  let best = { peak: 0, trough: 0, fall: 0 };
  for (let t = 1; t < log.length; t++) {
    if (log[t]! > log[peak]!) peak = t;
    const fall = log[peak]! - log[t]!;
    if (fall > best.fall) best = { peak, trough: t, fall };
  }
  return best;
}

/** Largest |move| of a log path over one stretch of closed steps, as a fraction. */
function largestClosedMove(log: Float64Array, kind: Uint8Array): number {
  let worst = 0;
  let from = -1;
  for (let t = 0; t <= log.length; t++) {
    const closed = t < log.length && kind[t] === STEP_CLOSED;
    if (closed && from < 0) from = Math.max(0, t - 1);
    if (!closed && from >= 0) {
      const to = Math.min(log.length - 1, t);
      worst = Math.max(worst, Math.abs(Math.expm1(log[to]! - log[from]!)));
      from = -1;
    }
  }
  return worst;
}

const pctText = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;

/**
 * Diagnostics of a back-out: F's fall against the observed one over the observed crash, and the
 * largest impact. Warns loudly when F rises (or stays flat) while the observed price falls — the
 * model then puts more than the whole fall on forced flows — and when F explains under half of it.
 */
export function calibrationDiagnostics(
  observedLog: Float64Array,
  fundamentalLog: Float64Array,
  impactLog: Float64Array,
  stepKind?: Uint8Array,
): CalibrationDiagnostics {
  const drawdown = (log: Float64Array) => maxDrawdown(Array.from(log, (x) => Math.exp(x)));
  const { peak, trough } = largestFall(observedLog);
  const observedFall = Math.exp(observedLog[trough]! - observedLog[peak]!) - 1;
  const fundamentalMove = Math.exp(fundamentalLog[trough]! - fundamentalLog[peak]!) - 1;
  let maxAbs = 0;
  let maxStep = 0;
  for (let t = 0; t < impactLog.length; t++) {
    if (Math.abs(impactLog[t]!) > maxAbs) [maxAbs, maxStep] = [Math.abs(impactLog[t]!), t];
  }
  const warnings: string[] = [];
  if (observedFall < -0.02 && fundamentalMove >= 0) {
    warnings.push(
      `the backed-out fundamental moves AGAINST the observed path: ${pctText(fundamentalMove)} while the observed price moves ${pctText(observedFall)} over its largest fall, so the replay puts more than the whole fall on forced flows; the assumed depth is too thin for this population, and results measured against this F are not plausible`,
    );
  } else if (observedFall < -0.02 && Math.log1p(fundamentalMove) > 0.5 * Math.log1p(observedFall)) {
    warnings.push(
      `the backed-out fundamental explains less than half of the observed fall (${pctText(fundamentalMove)} against ${pctText(observedFall)}): the rest is put on forced flows, which rests on the assumed depth`,
    );
  }
  const closedMove = stepKind ? largestClosedMove(fundamentalLog, stepKind) : 0;
  if (closedMove > 0.005) {
    warnings.push(
      `while the market is closed the backed-out fundamental moves by up to ${pctText(closedMove).slice(1)}: nothing trades then, but the transient part of the last session's impact decays overnight and the back-out, holding the price at the close, puts that recovery into the fundamental`,
    );
  }
  return {
    observedDrawdown: drawdown(observedLog),
    fundamentalDrawdown: drawdown(fundamentalLog),
    observedFall,
    fundamentalMoveOverFall: fundamentalMove,
    maxImpact: Math.exp(maxAbs) - 1,
    maxImpactStep: maxStep,
    warnings,
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
  const shared = {
    ...opts,
    population: opts.population ?? replayPopulation(scenario, timeline, opts),
    attributeHistorical:
      (opts.attributeWaves ?? MAX_ATTRIBUTED_WAVES) > 0 && designHash(design) === designHash(historical),
  };
  const cal = calibrate(scenario, historical, timeline, shared);
  return runOnCalibration(scenario, design, historical, timeline, cal, shared);
}

/** What every pass of a replay takes from its options, with their defaults. */
export function passDefaults(opts: Pick<ReplayOptions, 'index' | 'leverage' | 'depthScale'>): {
  index: TriggerIndexKind;
  leverage: boolean;
  depthScale: number;
} {
  return {
    index: opts.index ?? DEFAULT_INDEX,
    leverage: opts.leverage ?? true,
    depthScale: opts.depthScale ?? 1,
  };
}

/** The population every pass of a replay with these options starts from (World's inputs). */
export function replayPopulation(
  scenario: Scenario,
  timeline: Timeline,
  opts: ReplayOptions,
): PopulationTemplate {
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  return populationTemplate(
    scenario.population,
    opts.accounts ?? scenario.population.defaultAccounts,
    Math.exp(timeline.observedLog[assetIdx]![0]!),
    timeline.stepSeconds,
    opts.seed,
    opts.leverage ?? true,
    opts.populationHelper ?? null,
  );
}

/**
 * What every variant of one (scenario, historical design, seed, size, step) shares: the timeline, the
 * exogenous path backed out once under the historical design, and the population generated once.
 * Sweeps run thousands of designs and shocks on one of these (`simulatePrepared`); each run equals
 * `replay()`'s run of that design, value for value.
 */
export interface PreparedReplay {
  readonly scenario: Scenario;
  readonly timeline: Timeline;
  /** The calibrated exogenous log path per asset. */
  readonly fundamentalLog: Float64Array[];
  readonly population: PopulationTemplate;
  readonly seed: number;
  readonly accounts: number;
  readonly index: TriggerIndexKind;
  readonly leverage: boolean;
  readonly depthScale: number;
  /** The calibration's residual, passes and convergence (its historical run is not kept). */
  readonly calibration: { residual: number; iterations: number; converged: boolean };
}

/** Calibrates once and generates the population once (see `PreparedReplay`). */
export function prepareReplay(scenario: Scenario, historical: Design, opts: ReplayOptions): PreparedReplay {
  const step = opts.stepSeconds ?? scenario.defaultStepSeconds;
  const timeline = buildTimeline(scenario, step, opts.seed);
  const population = opts.population ?? replayPopulation(scenario, timeline, opts);
  const cal = calibrate(scenario, historical, timeline, { ...opts, population });
  return {
    scenario,
    timeline,
    fundamentalLog: cal.fundamentalLog,
    population,
    seed: opts.seed,
    accounts: population.count,
    ...passDefaults(opts),
    calibration: { residual: cal.residual, iterations: cal.iterations, converged: cal.converged },
  };
}

/**
 * One pass of `design` on a prepared replay: the calibrated path (or `fundamentalLog`, e.g. a shocked
 * copy of it) and a copy of the prepared population, with the preparation's index, leverage and depth.
 */
export function simulatePrepared(
  prepared: PreparedReplay,
  design: Design,
  opts: { fundamentalLog?: Float64Array[]; shouldCancel?: () => boolean; buffers?: BufferPool } = {},
): SimulationResult {
  return simulate({
    scenario: prepared.scenario,
    design,
    timeline: prepared.timeline,
    fundamentalLog: opts.fundamentalLog ?? prepared.fundamentalLog,
    seed: prepared.seed,
    accounts: prepared.accounts,
    index: prepared.index,
    leverage: prepared.leverage,
    depthScale: prepared.depthScale,
    populations: new PopulationCache({ spec: prepared.scenario.population, template: prepared.population }),
    ...(opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}),
    ...(opts.buffers ? { buffers: opts.buffers } : {}),
  });
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
  const base: SimulationOptions = {
    scenario,
    design,
    timeline,
    fundamentalLog: cal.fundamentalLog,
    seed: opts.seed,
    accounts,
    ...passDefaults(opts),
    populations:
      cal.populations ??
      new PopulationCache(
        opts.population ? { spec: scenario.population, template: opts.population } : undefined,
      ),
    ...(opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}),
  };
  const maxWaves = opts.attributeWaves ?? MAX_ATTRIBUTED_WAVES;
  // A design's own pass measures its waves' counterfactuals as it goes (attribution.ts).
  const run = same ? cal.historical : simulate({ ...base, ...(maxWaves > 0 ? { measureWaves: true } : {}) });
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const waves = attributeWaves(base, run, findWaves(run), {
    maxWaves,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const summary = summarize(
    run,
    design,
    scenario.population.basket
      ? observedCollateralLog(scenario, timeline.observedLog)
      : timeline.observedLog[assetIdx]!,
    collateralBasket(scenario.population),
  );
  return replayResult({
    scenario,
    design,
    historical,
    timeline,
    cal,
    run,
    summary,
    waves,
    seed: opts.seed,
    accounts,
  });
}

/** What a calibration hands a replay's result (several protocols' calibrations have the same). */
export type CalibrationFacts = Pick<
  Calibration,
  'residual' | 'iterations' | 'converged' | 'diagnostics' | 'fundamentalLog'
>;

/** A replay's result from its run, waves and summary (one protocol's, or one of several on a crash). */
export function replayResult(p: {
  scenario: Scenario;
  design: Design;
  historical: Design;
  timeline: Timeline;
  cal: CalibrationFacts;
  run: SimulationResult;
  summary: Summary;
  waves: Wave[];
  seed: number;
  accounts: number;
}): ReplayResult {
  const { scenario, design, timeline, cal, run, waves } = p;
  return {
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    design,
    designHash: designHash(design),
    seed: p.seed,
    engineVersion: ENGINE_VERSION,
    accounts: p.accounts,
    stepSeconds: timeline.stepSeconds,
    timeline,
    calibration: {
      residual: cal.residual,
      iterations: cal.iterations,
      converged: cal.converged,
      historicalDesign: p.historical.id,
      diagnostics: cal.diagnostics,
    },
    run,
    fundamentalLog: cal.fundamentalLog,
    summary: p.summary,
    waves,
    log: eventLog(run, waves, {
      numeraire: unitsOf(scenario).numeraire,
      onChain: marketOf(scenario).kind === 'on-chain',
      gas: marketOf(scenario).gas,
      liquidators: marketOf(scenario).liquidators,
    }),
  };
}
