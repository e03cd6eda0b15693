/**
 * Replay use cases shared by the CLI, the browser host, Electron main and workers: resolve
 * scenarios and designs by name, run calibrated replays (several designs share one calibration),
 * and shape results into the public report.
 */
import { readFileSync } from 'node:fs';
import type { Design } from '../engine/design.ts';
import { DesignError, designHash, parseDesign } from '../engine/design.ts';
import { capitalEfficiencyOf } from '../engine/margin-model.ts';
import { ORACLE_VARIANTS, PRESETS, withOracle } from '../engine/presets.ts';
import type { ReplayOptions, ReplayResult } from '../engine/replay.ts';
import { calibrate, runOnCalibration } from '../engine/replay.ts';
import type { Scenario } from '../engine/scenario.ts';
import { marketOf, unitsOf } from '../engine/scenario.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { fitRefusal, fitWarnings } from './fit-check.ts';
import {
  assertWithinBudget,
  costliestEstimate,
  runTimeBudgetSeconds,
  withinTimeBudget,
} from './pool/run-budget.ts';

export type { Design, ReplayResult, Scenario };
export { unitsOf };
export { ATTRIBUTION_RULE } from '../engine/attribution.ts';

/** A built-in scenario by id, or undefined (no error: for labels and optional context). */
export function findBuiltinScenario(id: string): Scenario | undefined {
  return BUILTIN_SCENARIOS.get(id);
}

/** The preset designs, in the library's order. */
export function listPresets(): Design[] {
  return [...PRESETS.values()];
}

/** Oracle variants that can be mixed into a preset (`preset+variant`), with what each does. */
export function listOracleVariants(): { id: string; description: string }[] {
  return [...ORACLE_VARIANTS].map(([id, v]) => ({ id, description: v.description }));
}

export function isBuiltinScenario(id: string): boolean {
  return BUILTIN_SCENARIOS.has(id);
}

/** Whether a design reference resolves without the store: a preset (maybe with a variant) or a .json file. */
export function resolvableWithoutStore(ref: string): boolean {
  const base = ref.split('+')[0]!;
  return PRESETS.has(base) || /\.json$/i.test(base);
}

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

/** Reads a design file by path (the CLI's default: the file system). */
export type DesignFileReader = (path: string) => string;
/** A design saved by the user, by id; undefined when there is none. */
export type SavedDesignLookup = (id: string) => Design | undefined;

/**
 * THE design resolver, used wherever a design is accepted (CLI, app, training): a preset id
 * (`maker-2021-clip`), a saved design's id (through `findSaved`), a path to a design JSON file
 * (validated; `readFile` null refuses files, as the app does), each optionally with an oracle
 * variant mixed in (`maker-2021-clip+twap-30m`). Throws InputError naming what is accepted.
 */
export function resolveDesign(
  ref: string,
  readFile: DesignFileReader | null = (p) => readFileSync(p, 'utf8'),
  findSaved?: SavedDesignLookup,
): Design {
  const [base = '', variant, ...rest] = ref.split('+');
  if (rest.length > 0) throw new InputError(`design "${ref}": at most one oracle variant can be mixed in`);
  let design = PRESETS.get(base) ?? findSaved?.(base);
  if (design === undefined && readFile !== null && /\.json$/i.test(base))
    design = readDesignFile(base, readFile);
  if (design === undefined) {
    const accepted = [
      `presets: ${[...PRESETS.keys()].join(', ')}`,
      ...(findSaved ? ['or the id of a saved design'] : []),
      ...(readFile !== null ? ['or a path to a .json design'] : []),
    ];
    throw new InputError(`unknown design "${base}" (${accepted.join('; ')})`);
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

function readDesignFile(file: string, readFile: DesignFileReader): Design {
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    throw new InputError(
      `design file ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`design file ${file}: not valid JSON (${(e as Error).message})`);
  }
  try {
    return parseDesign(json);
  } catch (e) {
    if (e instanceof DesignError) throw new InputError(`design file ${file}: ${e.message}`);
    throw e;
  }
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
  /** Seconds the whole request may run (default: runTimeBudgetSeconds of its design count). */
  timeBudgetSeconds?: number;
  /** Draws half of a large population on another thread (ReplayOptions); same output. */
  populationHelper?: ReplayOptions['populationHelper'];
}

/** Largest magnitude of any number in a design a run accepts: beyond it sums overflow to Infinity. */
export const MAX_DESIGN_MAGNITUDE = 1e15;

/** Every number in `value` with its dotted path. */
function numbersIn(value: unknown, path: string): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
}

/**
 * Refuses, before any run, a design whose numbers would make the run's results non-finite (they
 * were written as null in JSON): any number beyond ±{@link MAX_DESIGN_MAGNITUDE}, and margins that
 * allow infinite leverage. InputError naming the field and what to use instead.
 */
export function assertDesignRunnable(design: Design): void {
  for (const [field, value] of numbersIn(design, 'design')) {
    if (!Number.isFinite(value) || Math.abs(value) > MAX_DESIGN_MAGNITUDE) {
      throw new InputError(
        `${field}: ${value} is too large to simulate (at most ${MAX_DESIGN_MAGNITUDE.toExponential()} in size): ` +
          'results would overflow to infinity; use a realistic value',
      );
    }
  }
  if (!Number.isFinite(capitalEfficiencyOf(design).maxLeverage)) {
    const field = design.liquidation.kind === 'exchange-close' ? 'callRatio' : 'liquidationRatio';
    throw new InputError(
      `design.margin.${field}: ${design.margin[field]} leaves no margin at all, so leverage would be infinite; ` +
        'use a ratio above 1 (e.g. 1.02 for a 2% maintenance margin)',
    );
  }
}

/**
 * Replays each design on the scenario's calibrated path (one calibration for all of them), within
 * the run budget: refused before it starts when the estimate is over (BudgetError naming the field),
 * stopped when it runs past its time budget.
 */
export function runReplays(req: ReplayRequest): ReplayResult[] {
  const scenario = req.scenario ?? getScenario(req.scenarioId);
  validateRunNumbers(req, scenario);
  for (const design of req.designs) assertDesignRunnable(design);
  // Fit checks come before any work: a design that cannot act on this population is refused.
  const refused = fitRefusal(scenario, req.designs);
  if (refused) throw new InputError(refused);
  const run = {
    ...(req.accounts !== undefined ? { accounts: req.accounts } : {}),
    ...(req.stepSeconds !== undefined ? { stepSeconds: req.stepSeconds } : {}),
  };
  assertWithinBudget(scenario, req.designs, run);
  return withinTimeBudget(
    req.timeBudgetSeconds ?? runTimeBudgetSeconds(req.designs.length),
    costliestEstimate(scenario, req.designs, run),
    (shouldCancel) => replayAll(req, scenario, shouldCancel),
    req.shouldCancel,
  );
}

function replayAll(req: ReplayRequest, scenario: Scenario, shouldCancel: () => boolean): ReplayResult[] {
  const historical = req.historical ?? historicalDesign(scenario);
  const opts: ReplayOptions = {
    seed: req.seed,
    ...(req.accounts !== undefined ? { accounts: req.accounts } : {}),
    ...(req.stepSeconds !== undefined ? { stepSeconds: req.stepSeconds } : {}),
    ...(req.index ? { index: req.index } : {}),
    ...(req.onProgress ? { onProgress: req.onProgress } : {}),
    ...(req.populationHelper ? { populationHelper: req.populationHelper } : {}),
    shouldCancel,
    // The historical design replayed too: its waves are measured during calibration (same output).
    attributeHistorical: req.designs.some((d) => designHash(d) === designHash(historical)),
    // The historical design alone: the calibration's run is the only pass (see ReplayOptions).
    onePass: req.designs.length === 1 && designHash(req.designs[0]!) === designHash(historical),
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

/**
 * Throws naming the first number in `report` that is not finite: JSON would write it as null.
 * (Designs that would produce one are refused before the run; this is the last line of defence.)
 */
export function assertFiniteReport<T>(report: T, what = 'report'): T {
  const bad = numbersIn(report, what).find(([, v]) => !Number.isFinite(v));
  if (bad !== undefined) {
    throw new InputError(
      `the run's ${bad[0]} came out as ${bad[1]}, which JSON cannot hold: a design value is too large for the ` +
        'simulation; use realistic values',
    );
  }
  return report;
}

/**
 * The public JSON report of one replay (stable field order; what `--json` prints). Amounts named
 * `…Usd` are in the scenario's numeraire (`units.numeraire`: USD, or ETH for stETH, DAI for Compound).
 * The back-out's residual is exact by construction and is not evidence of agreement with history;
 * `calibration.diagnostics` holds what can fail.
 */
export function reportJson(r: ReplayResult) {
  return assertFiniteReport(reportFields(r));
}

function reportFields(r: ReplayResult) {
  const s = r.summary;
  const scenario = BUILTIN_SCENARIOS.get(r.scenarioId);
  const d = r.calibration.diagnostics;
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
    units: scenario
      ? unitsOf(scenario)
      : { numeraire: 'USD', priceDisplay: 'direct', priceLabel: `${r.run.asset} price (USD)` },
    market: scenario ? marketOf(scenario) : { kind: 'on-chain', liquidators: 'keepers' },
    fitWarnings: scenario ? fitWarnings(scenario, r.design) : [],
    bridge: r.timeline.bridge.note,
    path: {
      note: r.timeline.bridge.note,
      observedSteps: r.timeline.bridge.observedSteps,
      filledSteps: r.timeline.bridge.filledSteps,
      closedSteps: r.timeline.bridge.closedSteps,
    },
    calibration: {
      historicalDesign: r.calibration.historicalDesign,
      iterations: r.calibration.iterations,
      converged: r.calibration.converged,
      backOutResidual: r.calibration.residual,
      backOutResidualNote:
        'exact by construction for any depth or population: not evidence of agreement with history',
      diagnostics: {
        observedDrawdown: d.observedDrawdown,
        fundamentalDrawdown: d.fundamentalDrawdown,
        observedFall: d.observedFall,
        fundamentalMoveOverFall: d.fundamentalMoveOverFall,
        maxImpact: d.maxImpact,
        maxImpactAt: isoOfStep(r, d.maxImpactStep),
        warnings: d.warnings,
      },
    },
    drawdown: s.drawdown,
    amplification: s.amplification,
    liquidatedUsd: s.liquidatedUsd,
    accountsLiquidated: s.accountsLiquidated,
    badDebtUsd: s.badDebtUsd,
    badDebtPctOfDebt: s.badDebtPctOfDebt,
    softLiquidationLossUsd: s.softLiquidationLossUsd,
    unrealisedBadDebt: {
      note: 'accounts underwater (debt above their collateral value) and that excess, at the oracle and at the market price: their worst step and the end',
      atOracle: insolvencyFields(r, s.insolvency.atOracle),
      atMarket: insolvencyFields(r, s.insolvency.atMarket),
    },
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
    backstops: {
      ...s.backstops,
      fundExhaustedAt: isoOfStep(r, s.backstops.fundExhaustedStep),
      firstAdlAt: isoOfStep(r, s.backstops.firstAdlStep),
    },
    flowsUsd: s.flowsUsd,
    waves: r.waves.map((w) => ({
      start: w.start,
      end: w.end,
      triggerPrice: w.triggerPrice,
      accounts: w.accounts,
      liquidations: w.liquidations,
      collateralSoldUsd: w.collateralSoldUsd,
      endogenousShare: w.endogenousShare,
      shareMeasured: w.shareMeasured,
      badDebtUsd: w.badDebtUsd,
    })),
  };
}
export type ReplayReport = ReturnType<typeof reportFields>;

/** One valuation of the unrealised bad debt, with ISO times for its steps. */
function insolvencyFields(r: ReplayResult, x: ReplayResult['summary']['insolvency']['atOracle']) {
  return {
    peakAccounts: x.peakAccounts,
    peakAccountsAt: isoOfStep(r, x.peakAccountsStep),
    peakShortfallUsd: x.peakShortfallUsd,
    peakShortfallAt: isoOfStep(r, x.peakShortfallStep),
    accountsAtPeakShortfall: x.accountsAtPeakShortfall,
    endAccounts: x.endAccounts,
    endShortfallUsd: x.endShortfallUsd,
  };
}

/** ISO time of a step of the run, or null for −1 (the thing never happened). */
function isoOfStep(r: ReplayResult, step: number): string | null {
  if (step < 0) return null;
  return new Date((r.timeline.startSec + step * r.stepSeconds) * 1000).toISOString().replace('.000Z', 'Z');
}
