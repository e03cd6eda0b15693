/**
 * Calibrated counterfactual replay of a crash that hit several protocols through the same venues
 * (simulation/multi.ts). The observed path holds the impact of EVERY protocol's historical forced
 * sales, so the back-out anchors each population asset on its observed path while every protocol
 * runs its historical design: F = observed − the shared impact of all their flows. Every design run
 * afterwards (one protocol's design swapped, the others kept) runs on that F.
 *
 * Results are per protocol (each a ReplayResult, as a one-protocol replay gives) and in total
 * (liquidated, bad debt realised and unrealised, accounts underwater: the unrealised figures are
 * summed step by step before their worst step is taken). Waves are found per protocol; their
 * endogenous share is measured with every protocol's impact switched off from the wave's start.
 */
import type { Design } from './design.ts';
import { designHash } from './design.ts';
import type { ReplayOptions, ReplayResult } from './replay.ts';
import { calibrationDiagnostics, calibrationPasses, passDefaults, replayResult } from './replay.ts';
import type { Summary, Wave } from './report.ts';
import { findWaves, summarize } from './report.ts';
import type { Scenario } from './scenario.ts';
import type { InsolvencySummary } from './simulation/reporters/insolvency.ts';
import { summarizeInsolvency } from './simulation/reporters/insolvency.ts';
import type { MultiSimulationOptions } from './simulation/multi.ts';
import { simulateMulti } from './simulation/multi.ts';
import { MAX_ATTRIBUTED_WAVES, endogenousShare, wavesToAttribute } from './attribution.ts';
import type { SimulationResult } from './simulation/types.ts';
import type { Timeline } from './timeline.ts';
import { buildTimeline } from './timeline.ts';
import { ENGINE_VERSION } from './version.ts';

/** One protocol of the crash: its name, its engine scenario (own population) and historical design. */
export interface CrashProtocol {
  name: string;
  scenario: Scenario;
  historical: Design;
}

export interface MultiReplayOptions extends ReplayOptions {
  /** Accounts per protocol (default: each population's). */
  accountsPerProtocol?: number[];
}

export interface MultiCalibration {
  residual: number;
  iterations: number;
  converged: boolean;
  /** Per asset: the backed-out exogenous log path (shared by every protocol). */
  fundamentalLog: Float64Array[];
  /** Each protocol's run under the historical designs (the construction pass). */
  historical: SimulationResult[];
  diagnostics: ReplayResult['calibration']['diagnostics'];
}

/** What a crash with several protocols gives: each protocol's replay and the totals. */
export interface MultiReplayResult {
  scenarioId: string;
  scenarioVersion: number;
  seed: number;
  engineVersion: string;
  stepSeconds: number;
  /** Per protocol, in the scenario's order. */
  protocols: { name: string; historicalDesign: string; result: ReplayResult }[];
  total: MultiTotal;
}

export interface MultiTotal {
  accounts: number;
  liquidatedUsd: number;
  accountsLiquidated: number;
  badDebtUsd: number;
  /** Unrealised bad debt and accounts underwater, every protocol's summed per step. */
  insolvency: InsolvencySummary;
}

function accountsOf(protocols: CrashProtocol[], opts: MultiReplayOptions): number[] {
  return protocols.map((p, k) => opts.accountsPerProtocol?.[k] ?? p.scenario.population.defaultAccounts);
}

function assetIndex(s: Scenario): number {
  return s.assets.findIndex((a) => a.id === s.population.asset);
}

/**
 * Backs the shared exogenous path out under every protocol's historical design: one construction
 * pass anchoring each population asset on its observed path (exact by construction, so the residual
 * is ~0); further passes F ← observed − impact only if it misses the tolerance.
 */
export function calibrateMulti(
  protocols: CrashProtocol[],
  timeline: Timeline,
  opts: MultiReplayOptions,
): MultiCalibration {
  const observed = timeline.observedLog;
  const anchored = new Set(protocols.map((p) => assetIndex(p.scenario)));
  const accounts = accountsOf(protocols, opts);
  const passes = protocols.map((p, k) => ({
    scenario: p.scenario,
    design: p.historical,
    accounts: accounts[k]!,
  }));
  const base = {
    protocols: passes,
    timeline,
    seed: opts.seed,
    ...passDefaults(opts),
    ...(opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}),
  };
  const residualOf = (runs: SimulationResult[]): number => {
    let r = 0;
    runs.forEach((run, k) => {
      const obs = observed[assetIndex(protocols[k]!.scenario)]!;
      for (let t = 0; t < obs.length; t++) {
        r = Math.max(r, Math.abs(Math.log(run.series.price[t]!) - obs[t]!));
      }
    });
    return r;
  };
  /** Per asset, the F a set of runs recorded (an anchored asset's from the first protocol on it). */
  const recordedF = (runs: SimulationResult[], F: Float64Array[]): Float64Array[] =>
    F.map((p, a) => {
      const k = protocols.findIndex((q) => assetIndex(q.scenario) === a);
      return k >= 0 ? Float64Array.from(runs[k]!.fundamentalLog) : p;
    });

  const { best, iterations } = calibrationPasses(observed, opts, {
    run: (F, construction) =>
      simulateMulti({
        ...base,
        fundamentalLog: F,
        ...(construction ? { anchorLog: observed.map((o, a) => (anchored.has(a) ? o : null)) } : {}),
      }),
    residualOf,
    recordedF,
    impactOf: (runs) =>
      [...anchored].map((a) => [
        a,
        runs[protocols.findIndex((q) => assetIndex(q.scenario) === a)]!.impactLog,
      ]),
  });
  // Diagnostics on the first protocol's asset (the others' are in their own results' paths).
  const a0 = assetIndex(protocols[0]!.scenario);
  return {
    residual: best.residual,
    iterations,
    converged: best.residual < (opts.tolerance ?? 1e-4),
    fundamentalLog: best.F,
    historical: best.run,
    diagnostics: calibrationDiagnostics(
      observed[a0]!,
      best.F[a0]!,
      best.run[0]!.impactLog,
      timeline.stepKind[a0],
    ),
  };
}

/** Replays the crash with each protocol's `designs[k]` (default its historical one). */
export function replayMulti(
  protocols: CrashProtocol[],
  designs: (Design | undefined)[],
  opts: MultiReplayOptions,
): MultiReplayResult {
  const first = protocols[0]!.scenario;
  const step = opts.stepSeconds ?? first.defaultStepSeconds;
  const timeline = buildTimeline(first, step, opts.seed);
  const cal = calibrateMulti(protocols, timeline, opts);
  return runMultiOnCalibration(protocols, designs, timeline, cal, opts);
}

/** Runs designs (one per protocol; undefined: its historical one) on an existing calibration. */
export function runMultiOnCalibration(
  protocols: CrashProtocol[],
  designs: (Design | undefined)[],
  timeline: Timeline,
  cal: MultiCalibration,
  opts: MultiReplayOptions,
): MultiReplayResult {
  const chosen = protocols.map((p, k) => designs[k] ?? p.historical);
  const same = chosen.every((d, k) => designHash(d) === designHash(protocols[k]!.historical));
  const accounts = accountsOf(protocols, opts);
  const passes: MultiSimulationOptions = {
    protocols: protocols.map((p, k) => ({
      scenario: p.scenario,
      design: chosen[k]!,
      accounts: accounts[k]!,
    })),
    timeline,
    fundamentalLog: cal.fundamentalLog,
    seed: opts.seed,
    ...passDefaults(opts),
    ...(opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}),
  };
  const runs = same ? cal.historical : simulateMulti(passes);
  const results = protocols.map((p, k): ReplayResult => {
    const scenario = p.scenario;
    const run = runs[k]!;
    const design = chosen[k]!;
    const waves = attributeCrashWaves(passes, k, run, findWaves(run), opts);
    const summary: Summary = summarize(run, design, timeline.observedLog[assetIndex(scenario)]!);
    return replayResult({
      scenario,
      design,
      historical: p.historical,
      timeline,
      cal,
      run,
      summary,
      waves,
      seed: opts.seed,
      accounts: accounts[k]!,
    });
  });
  return {
    scenarioId: protocols[0]!.scenario.id,
    scenarioVersion: protocols[0]!.scenario.version,
    seed: opts.seed,
    engineVersion: ENGINE_VERSION,
    stepSeconds: timeline.stepSeconds,
    protocols: protocols.map((p, k) => ({
      name: p.name,
      historicalDesign: p.historical.id,
      result: results[k]!,
    })),
    total: totalOf(results),
  };
}

/** Thrown from `onStep` once the counterfactual has passed the wave's end. */
class PastWaveEnd extends Error {}

/**
 * The endogenous share of protocol k's main waves, as attribution.ts measures a single protocol's:
 * the same crash (every protocol, the same designs and F) with every forced flow's impact switched
 * off from the wave's start; the share of the wave's drop that disappears. Bounded the same way.
 */
function attributeCrashWaves(
  base: MultiSimulationOptions,
  k: number,
  run: SimulationResult,
  waves: Wave[],
  opts: MultiReplayOptions,
): Wave[] {
  const chosen = wavesToAttribute(waves, opts.attributeWaves ?? MAX_ATTRIBUTED_WAVES, run.steps);
  const measured = new Map<number, number>();
  for (const wave of chosen) {
    const a = wave.startStep;
    const e = Math.min(wave.endStep + 1, run.steps - 1);
    const cf = new Float64Array(e - a + 1);
    try {
      simulateMulti({
        ...base,
        impactOffFromStep: a,
        onStep: (j, s) => {
          if (j !== k) return;
          if (s.step >= a) cf[s.step - a] = s.marketPrice;
          if (s.step >= e) throw new PastWaveEnd();
        },
      });
    } catch (err) {
      if (!(err instanceof PastWaveEnd)) throw err;
    }
    const p = run.series.price;
    let m = a;
    for (let t = a + 1; t <= e; t++) if (p[t]! < p[m]!) m = t;
    measured.set(wave.index, endogenousShare(p[a]!, p[m]!, cf[m - a]!));
  }
  return waves.map((w) => {
    const share = measured.get(w.index);
    return { ...w, endogenousShare: share ?? 0, shareMeasured: share !== undefined };
  });
}

/** Totals over protocols; underwater accounts and shortfall summed per step, then their worst step. */
export function totalOf(results: ReplayResult[]): MultiTotal {
  const steps = results[0]!.run.steps;
  const summed = {
    underwaterAccountsOracle: new Float64Array(steps),
    underwaterShortfallOracleUsd: new Float64Array(steps),
    underwaterAccountsMarket: new Float64Array(steps),
    underwaterShortfallMarketUsd: new Float64Array(steps),
  };
  for (const r of results) {
    const s = r.run.series;
    for (const key of Object.keys(summed) as (keyof typeof summed)[]) {
      const into = summed[key];
      const from = s[key];
      for (let t = 0; t < steps; t++) into[t]! += from[t]!;
    }
  }
  return {
    accounts: results.reduce((s, r) => s + r.accounts, 0),
    liquidatedUsd: results.reduce((s, r) => s + r.summary.liquidatedUsd, 0),
    accountsLiquidated: results.reduce((s, r) => s + r.summary.accountsLiquidated, 0),
    badDebtUsd: results.reduce((s, r) => s + r.summary.badDebtUsd, 0),
    insolvency: summarizeInsolvency(summed),
  };
}
