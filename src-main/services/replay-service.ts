/**
 * Replay use cases shared by the CLI, the browser host, Electron main and workers: resolve
 * scenarios and designs by name, run calibrated replays (several designs share one calibration),
 * and shape results into the public report.
 */
import { readFileSync } from 'node:fs';
import type { Design } from '../engine/design.ts';
import { DesignError, parseDesign } from '../engine/design.ts';
import { ORACLE_VARIANTS, PRESETS, withOracle } from '../engine/presets.ts';
import type { ReplayOptions, ReplayResult } from '../engine/replay.ts';
import { calibrate, runOnCalibration } from '../engine/replay.ts';
import type { Scenario } from '../engine/scenario.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';

/** A problem with what the user asked for: reported in one line, exit status 2 in the CLI. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function listScenarios(): Scenario[] {
  return [...BUILTIN_SCENARIOS.values()];
}

export function getScenario(id: string): Scenario {
  const s = BUILTIN_SCENARIOS.get(id);
  if (!s) {
    throw new InputError(`unknown scenario "${id}" (known: ${[...BUILTIN_SCENARIOS.keys()].join(', ')})`);
  }
  return s;
}

export function historicalDesign(scenario: Scenario): Design {
  const d = PRESETS.get(scenario.historicalDesignId);
  if (!d)
    throw new Error(
      `scenario ${scenario.id} names a historical design that does not exist: ${scenario.historicalDesignId}`,
    );
  return d;
}

/**
 * Resolves a design reference: a preset id (`maker-2021-clip`), a preset with an oracle variant
 * mixed in (`maker-2021-clip+twap-30m`), or a path to a design JSON file (validated).
 */
export function resolveDesign(
  ref: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Design {
  const [base, variant, ...rest] = ref.split('+');
  if (rest.length > 0) throw new InputError(`design "${ref}": at most one oracle variant can be mixed in`);
  let design: Design;
  const preset = PRESETS.get(base!);
  if (preset) design = preset;
  else if (/\.json$/i.test(base!)) {
    let text: string;
    try {
      text = readFile(base!);
    } catch (e) {
      throw new InputError(
        `design file ${base}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InputError(`design file ${base}: not valid JSON (${(e as Error).message})`);
    }
    try {
      design = parseDesign(json);
    } catch (e) {
      if (e instanceof DesignError) throw new InputError(`design file ${base}: ${e.message}`);
      throw e;
    }
  } else {
    throw new InputError(
      `unknown design "${base}" (presets: ${[...PRESETS.keys()].join(', ')}; or a path to a .json design)`,
    );
  }
  if (variant !== undefined) {
    if (!ORACLE_VARIANTS.has(variant)) {
      throw new InputError(
        `unknown oracle variant "${variant}" (known: ${[...ORACLE_VARIANTS.keys()].join(', ')})`,
      );
    }
    design = withOracle(design, variant);
  }
  return design;
}

export interface ReplayRequest {
  scenarioId: string;
  /** The scenario itself, resolved by the caller (a user scenario from the store); default: the built-in `scenarioId`. */
  scenario?: Scenario;
  /** The design it is calibrated against; default: the built-in preset the scenario names. */
  historical?: Design;
  designs: Design[];
  seed: number;
  accounts?: number;
  stepSeconds?: number;
  index?: ReplayOptions['index'];
  onProgress?: ReplayOptions['onProgress'];
  shouldCancel?: ReplayOptions['shouldCancel'];
}

/** Replays each design on the scenario's calibrated path (one calibration for all of them). */
export function runReplays(req: ReplayRequest): ReplayResult[] {
  const scenario = req.scenario ?? getScenario(req.scenarioId);
  validateRunNumbers(req, scenario);
  const historical = req.historical ?? historicalDesign(scenario);
  const opts: ReplayOptions = {
    seed: req.seed,
    ...(req.accounts !== undefined ? { accounts: req.accounts } : {}),
    ...(req.stepSeconds !== undefined ? { stepSeconds: req.stepSeconds } : {}),
    ...(req.index ? { index: req.index } : {}),
    ...(req.onProgress ? { onProgress: req.onProgress } : {}),
    ...(req.shouldCancel ? { shouldCancel: req.shouldCancel } : {}),
  };
  let timeline;
  try {
    timeline = buildTimeline(scenario, req.stepSeconds ?? scenario.defaultStepSeconds, req.seed);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(e.message);
    throw e;
  }
  const cal = calibrate(scenario, historical, timeline, opts);
  return req.designs.map((design, i) => {
    req.onProgress?.(i + 1, req.designs.length, `replaying ${design.id}`);
    try {
      return runOnCalibration(scenario, design, historical, timeline, cal, opts);
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(e.message);
      throw e;
    }
  });
}

/** Checks a run's seed, population size and step; InputError naming the bad one. */
export function validateRunNumbers(
  req: { seed: number; accounts?: number; stepSeconds?: number },
  scenario: Scenario,
): void {
  if (!Number.isSafeInteger(req.seed) || req.seed < 0 || req.seed > 0xffffffff) {
    throw new InputError(`seed must be a whole number from 0 to 4294967295 (got ${req.seed})`);
  }
  const positions = scenario.population.positions?.debtUsd.length;
  if (positions !== undefined && req.accounts !== undefined && req.accounts !== positions) {
    throw new InputError(
      `accounts: this scenario runs the ${positions} positions of its positions file; leave the number of accounts out (or give ${positions})`,
    );
  }
  const min = scenario.population.whales.length + 1;
  if (
    req.accounts !== undefined &&
    (!Number.isSafeInteger(req.accounts) || req.accounts < min || req.accounts > 5_000_000)
  ) {
    throw new InputError(`accounts must be a whole number from ${min} to 5000000 (got ${req.accounts})`);
  }
  if (
    req.stepSeconds !== undefined &&
    (!Number.isSafeInteger(req.stepSeconds) || req.stepSeconds < 1 || req.stepSeconds > 86_400)
  ) {
    throw new InputError(`step must be a whole number of seconds from 1 to 86400 (got ${req.stepSeconds})`);
  }
}

/** The public JSON report of one replay (stable field order; what `--json` prints). */
export function reportJson(r: ReplayResult) {
  const s = r.summary;
  return {
    scenario: r.scenarioId,
    scenarioVersion: r.scenarioVersion,
    design: r.design.id,
    designHash: r.designHash,
    seed: r.seed,
    engineVersion: r.engineVersion,
    accounts: r.accounts,
    stepSeconds: r.stepSeconds,
    steps: r.run.steps,
    bridge: r.timeline.bridge.note,
    calibration: {
      residual: r.calibration.residual,
      iterations: r.calibration.iterations,
      converged: r.calibration.converged,
      historicalDesign: r.calibration.historicalDesign,
    },
    drawdown: s.drawdown,
    amplification: s.amplification,
    liquidatedUsd: s.liquidatedUsd,
    accountsLiquidated: s.accountsLiquidated,
    badDebtUsd: s.badDebtUsd,
    badDebtPctOfDebt: s.badDebtPctOfDebt,
    zeroBidAuctions: s.zeroBidAuctions,
    zeroBidShare: s.zeroBidShare,
    zeroBidCollateralUsd: s.zeroBidCollateralUsd,
    auctionsSettled: s.auctionsSettled,
    openAuctionsAtEnd: s.openAuctionsAtEnd,
    recoveryRateVsOracle: s.recoveryRateVsOracle,
    marginCalls: s.marginCalls,
    capitalEfficiency: s.capitalEfficiency,
    keeperIncentivesUsd: s.keeperIncentivesUsd,
    penaltyIncomeUsd: s.penaltyIncomeUsd,
    waterfall: s.waterfall,
    flowsUsd: s.flowsUsd,
    waves: r.waves.map((w) => ({
      start: w.start,
      end: w.end,
      triggerPrice: w.triggerPrice,
      accounts: w.accounts,
      liquidations: w.liquidations,
      collateralSoldUsd: w.collateralSoldUsd,
      endogenousShare: w.endogenousShare,
      badDebtUsd: w.badDebtUsd,
    })),
  };
}
export type ReplayReport = ReturnType<typeof reportJson>;
