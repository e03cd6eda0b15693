/**
 * The one API between the renderer and main (Electron IPC or the loopback browser host). Every
 * channel has an input schema that main parses before use, and a result type; every reply is a
 * Result. Long work (replays) runs as a job: `replay.start` answers at once with a job id, progress
 * and completion arrive as events, `jobs.cancel` stops it, `replay.result` fetches the runs.
 * Pure TypeScript: no Node, no DOM.
 */
import { z } from 'zod';
import type { DesignTemplates } from '../engine/design-templates.ts';
import type { BackstopSummary, InsolvencySummary, Wave } from '../engine/report.ts';
import type { CalibrationDiagnostics } from '../engine/replay.ts';
import type { Market, Units } from '../engine/scenario-extras.ts';
import type { ValidationReport } from '../engine/validation.ts';
import { UserScenarioInputs } from './user-scenarios.ts';
import type { UserScenarioOutputs } from './user-scenarios.ts';

export type * from './user-scenarios.ts';
import type { SeedBandView, SweepEstimateView, SweepMetaView, SweepReportView } from './sweep.ts';

export type * from './sweep.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };
export interface ApiError {
  /**
   * Stable machine code: 'invalid-input' | 'not-found' | 'cancelled' | 'failed' | 'forbidden' |
   * 'unavailable' (the data folder could not be opened: imports and user scenarios need it).
   */
  code: string;
  message: string;
  /** The offending field, dotted, when one is known. */
  field?: string;
}

const id = z.string().min(1).max(200);

/** Largest classroom file (lesson, pack, results) the app accepts, in characters of its text. */
export const MAX_FILE_TEXT_CHARS = 4_000_000;
/**
 * Largest request body a host accepts, bytes: any request within the schemas below fits. JSON writes
 * one character of a file's text in at most 6 bytes (a `\u0001` escape), plus room for the rest.
 */
export const MAX_REQUEST_BODY_BYTES = MAX_FILE_TEXT_CHARS * 6 + 64 * 1024;
const fileText = z.string().max(MAX_FILE_TEXT_CHARS, `the file is over ${MAX_FILE_TEXT_CHARS} characters`);
const seed = z.number().int().min(0).max(0xffffffff);
/**
 * A call that runs the engine (a try-it, a challenge, an account autopsy) may name itself with a
 * progress id the caller chose: while it runs, `job.progress` events carry that id as their jobId,
 * and `jobs.cancel` with it stops the call (which then answers code 'cancelled').
 */
const progressId = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'progressId: 8 to 64 letters, digits or dashes (a UUID)')
  .optional();

export const Inputs = {
  'scenarios.list': z.strictObject({}),
  'scenarios.get': z.strictObject({ id }),
  'designs.list': z.strictObject({}),
  'designs.get': z.strictObject({ id }),
  /**
   * Validates a design the user edited (any JSON): answers the parsed design or every field at fault,
   * and the capital efficiency main computes for it (on `scenarioId`'s collateral when given).
   */
  'designs.validate': z.strictObject({ design: z.unknown(), scenarioId: id.optional() }),
  /** What the design editor needs from main: the design's JSON Schema (bounds) and starting values. */
  'designs.form': z.strictObject({}),
  'designs.save': z.strictObject({ design: z.unknown() }),
  'replay.start': z.strictObject({
    scenarioId: id,
    /** 1–4 design ids (presets or saved designs); the first is the baseline in comparisons. */
    designIds: z.array(id).min(1).max(4),
    seed,
    accounts: z.number().int().min(2).max(1_000_000).optional(),
    /**
     * A scenario with several protocols on one crash: the protocol whose design `designIds` replace
     * (the others keep theirs). Default: the first protocol.
     */
    protocol: z.string().min(1).max(64).optional(),
  }),
  'replay.result': z.strictObject({ jobId: id }),
  /**
   * Validates a scenario (built-in or yours) as a job (a bounded grid of replays of its historical design):
   * answers at once with a job id; progress and completion arrive as job events; cached per scenario
   * and engine version.
   */
  'validation.start': z.strictObject({ scenarioId: id }),
  'validation.result': z.strictObject({ jobId: id }),
  /** Cancels a replay job, or a call running under a progress id. */
  'jobs.cancel': z.strictObject({ jobId: id }),
  'runs.exportCsv': z.strictObject({ runId: id }),
  'runs.account': z.strictObject({ runId: id, account: z.number().int().min(0), progressId }),
  'glossary.list': z.strictObject({}),
  /** The data folder: saving or not, databases moved aside, notes, backups to restore. */
  'store.status': z.strictObject({}),
  /** Forgets the notes about databases moved aside (the files stay where they are). */
  'store.dismissNotice': z.strictObject({}),
  /** Restores a backup (an id from store.status's backups) in place of the database. */
  'store.restore': z.strictObject({ backupId: z.string().min(1).max(260) }),

  // Training: profiles, lessons, challenges, progress, classroom files.
  'profiles.list': z.strictObject({}),
  'profiles.create': z.strictObject({ name: z.string().trim().min(1, 'type a name').max(80) }),
  'lessons.list': z.strictObject({}),
  /** A lesson bound to a finished run of its replay (`runId` from replay.result). */
  'lessons.open': z.strictObject({ profileId: id, lessonId: id, runId: id }),
  'lessons.answer': z.strictObject({
    profileId: id,
    lessonId: id,
    stepId: id,
    runId: id,
    answer: z.union([
      z.strictObject({ value: z.number().finite() }),
      z.strictObject({ choice: z.string().min(1).max(64) }),
    ]),
  }),
  'lessons.tryIt': z.strictObject({
    profileId: id,
    lessonId: id,
    stepId: id,
    /** A number for a number input, or the index of the chosen option. */
    answer: z.union([
      z.strictObject({ value: z.number().finite() }),
      z.strictObject({ option: z.number().int().min(0).max(100) }),
    ]),
    progressId,
  }),
  'lessons.position': z.strictObject({
    profileId: id,
    lessonId: id,
    step: z.number().int().min(0).max(1000),
    completed: z.boolean(),
  }),
  'lessons.debrief': z.strictObject({ profileId: id, lessonId: id }),
  /** A lesson file the user picked: its name and text (validated in main; errors name the field). */
  'lessons.import': z.strictObject({ fileName: z.string().min(1).max(260), text: fileText }),
  'challenges.list': z.strictObject({}),
  'challenges.submit': z.strictObject({ profileId: id, challengeId: id, designId: id, progressId }),
  'challenges.leaderboard': z.strictObject({ challengeId: id }),
  'progress.get': z.strictObject({ profileId: id }),
  'packs.export': z.strictObject({
    title: z.string().trim().min(1).max(200),
    lessonIds: z.array(id).max(200),
    challengeIds: z.array(id).max(200),
  }),
  'packs.import': z.strictObject({ fileName: z.string().min(1).max(260), text: fileText }),
  'results.export': z.strictObject({ profileId: id }),
  'results.import': z.strictObject({ fileName: z.string().min(1).max(260), text: fileText }),
  'results.class': z.strictObject({}),

  // What users bring: uploads, imports, user scenarios (contract/user-scenarios.ts).
  ...UserScenarioInputs,
  /** Sweeps: the spec is the sweep file's JSON (validated in main, errors name the field). */
  'sweeps.estimate': z.strictObject({ spec: z.unknown() }),
  'sweeps.start': z.strictObject({ spec: z.unknown(), confirmed: z.boolean().default(false) }),
  'sweeps.list': z.strictObject({}),
  'sweeps.report': z.strictObject({ sweepId: id }),
  'sweeps.cancel': z.strictObject({ sweepId: id }),
  'sweeps.resume': z.strictObject({ sweepId: id }),
  'sweeps.exportCsv': z.strictObject({ sweepId: id }),
  /** Saves a design point's design (as `<sweep>-p<point>`) so Replay can open it. */
  'sweeps.openPoint': z.strictObject({ sweepId: id, point: z.number().int().min(0).max(10_000_000) }),
  'sweeps.seedBand': z.strictObject({ scenarioId: id, designId: id }),
} as const;

/**
 * What a user chooses when importing a price file, as the app will send it: the app has no import
 * view yet (it is being built); the schema is here so that view and the command line
 * (`cascade-lab import --date-order`) share it. `dateOrder` answers an import refused with the code
 * 'ambiguous-date-order' (a date such as 9/1/1987): the app asks the user which order the file uses.
 */
export const PriceImportChoices = z.strictObject({
  asset: z.string().regex(/^[A-Za-z0-9.-]{1,16}$/, 'an asset id: letters, digits, "." and "-", at most 16'),
  venue: z.string().trim().min(1).max(60).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  dateOrder: z.enum(['mdy', 'dmy']).optional(),
});
export type PriceImportChoicesInput = z.infer<typeof PriceImportChoices>;

export type Channel = keyof typeof Inputs;
export type Input<C extends Channel> = z.infer<(typeof Inputs)[C]>;

export interface ScenarioCard {
  id: string;
  title: string;
  date: string;
  summary: string;
  lesson: string;
  historicalDesignId: string;
  published: { figure: string; value: string; source: string }[];
  resolution: string;
  /** Largest peak-to-trough fall of the observed price path in the scenario's window (0.5 = −50%). */
  observedDrawdown: number;
  /** The scenario's option writers, dealers and insurers; null when it has no derivatives. */
  derivatives: DerivativesCard | null;
  /**
   * What the accounts hold as collateral: one asset, or a fixed basket (weights of its value at the
   * start). The design editor offers a haircut per asset.
   */
  collateral: { asset: string; weight: number }[];
  /** What amounts are counted in and how the price is read (ETH for stETH; DAI's dollar price for Compound). */
  units: Units;
  /** What kind of market it was, and who liquidates there (the words the app uses). */
  market: Market;
  /** The published outcomes the validation checks, each as declared: evidence, or fitted (not evidence). */
  targets: { id: string; figure: string; published: string; source: string; status: 'evidence' | 'fitted' }[];
  /** Parameters set to reproduce a published figure (that figure is never evidence). */
  fitted: { parameter: string; value: string; fittedTo: string }[];
  /** Shipped with the app, or brought by the user (imported, made, received in a bundle): "yours". */
  origin: 'builtin' | 'user';
  /** The scenario's version (a user scenario's goes up with each edit). */
  version: number;
  /** Protocol names (one for built-ins: their historical design's); several replay together on the same venues. */
  protocols: string[];
  /** Each protocol's historical design id, in the same order (Replay and Compare start from it). */
  protocolDesigns: string[];
  /** Whether a ledger of what really happened comes with it (Replay compares with it). */
  hasLedger: boolean;
  /**
   * One protocol whose population is a positions file: the positions it runs (a run takes no other
   * number of accounts). Null: a population drawn at any size, or several protocols.
   */
  positions: number | null;
}
/**
 * Who holds options in a scenario (its `derivatives` spec), as the design editor and the replay
 * describe them. Collateral is a fact of the scenario, not a design choice.
 */
export interface DerivativesCard {
  /** Underlying, e.g. 'SPX' or 'ETH'. */
  asset: string;
  /** Naked writers' collateral: the underlying itself (coin-margined, inverse) or stablecoins. */
  writersCollateral: 'same-asset' | 'stable';
  /** Writer accounts (0: none). */
  writers: number;
  /** Dealers' net gamma and their own hedging habit; null when the scenario has no dealers. */
  dealers: { gamma: 'short' | 'long'; units: number; hedgePolicy: string } | null;
  /** Portfolio insurers' rule and the value they insure, USD; null when there are none. */
  insurers: { rule: 'cppi' | 'synthetic-put'; insuredUsd: number } | null;
}
export interface ScenarioDetail extends ScenarioCard {
  /** Generated from the scenario's parameters first, then the scenario's own. */
  assumptions: string[];
  /** Assumptions no source pins down, with the range the validation runs each over. */
  uncertain: { label: string; low: string; high: string; why: string }[];
  limits: string[];
  sources: string[];
  startTime: string;
  endTime: string;
  venues: string[];
  defaultAccounts: number;
}
export interface DesignSummary {
  id: string;
  name: string;
  description: string;
  preset: boolean;
  mechanism: string;
}
/** One problem with a design: the field (`design.<path>`) and a message that starts with it. */
export interface DesignIssue {
  field: string;
  message: string;
}
/**
 * What a design's margin allows (the engine's capitalEfficiencyOf, as a run's summary reports it):
 * the largest loan-to-value and the leverage that gives (null: unlimited), and for a
 * volatility-scaled margin the same at its cap, when volatility is highest.
 */
export interface CapitalEfficiencyView {
  maxLtv: number;
  maxLeverage: number | null;
  atCap: { ratio: number; maxLtv: number; maxLeverage: number | null } | null;
}
export type DesignValidation =
  | { ok: true; design: unknown; capitalEfficiency: CapitalEfficiencyView }
  | {
      ok: false;
      /** The first issue's field and message. */
      field: string;
      message: string;
      issues: DesignIssue[];
      /** Still answered when the margin itself is valid. */
      capitalEfficiency: CapitalEfficiencyView | null;
    };
/**
 * A JSON Schema node as main serves it (made by zod's toJSONSchema from the engine's schema): the
 * parts the design editor reads.
 */
export interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | JsonSchemaNode;
  oneOf?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  items?: JsonSchemaNode;
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}
/** The design editor's knowledge, served once by main: bounds from the schema, starting values. */
export interface DesignFormSpec {
  schema: JsonSchemaNode;
  templates: DesignTemplates;
}

/** A wave as the engine reports it (MODEL.md §8). */
export type WaveView = Wave;
export interface LogLineView {
  step: number;
  time: string;
  kind: string;
  text: string;
}
/** What a design's backstops and margin did over a run: the engine summary's (report.ts). */
export type BackstopTotals = BackstopSummary;
/** Which mechanisms the run's design used (the renderer shows the matching charts and metrics). */
export interface RunMechanism {
  liquidation: string;
  margin: string;
  circuitBreaker: boolean;
  autoDeleverage: boolean;
  backstopVault: boolean;
}
/**
 * The derivatives layer of a run (scenarios with options): per-step series of equal length to the
 * run's, the gamma map, and totals. Units are the underlying's unless the name says USD; flows are
 * signed, + = sold into the market, − = bought.
 */
export interface OptionsView {
  asset: string;
  writersCollateral: 'same-asset' | 'stable';
  /** What the run's design switched on (a loop that is off is named so in the panel). */
  design: {
    marginModel: 'per-position' | 'span' | 'deribit-pm';
    /** 'scenario' (the dealers' own habit), or the design's band / interval. */
    hedging: string;
    ivFeedback: boolean;
    dealerHedging: boolean;
    insurersActive: boolean;
  };
  hasDealers: boolean;
  hasInsurers: boolean;
  hasWriters: boolean;
  insurerRule: 'cppi' | 'synthetic-put' | null;
  series: {
    /** 30-day ATM implied vol and realised vol, annualised (0.25 = 25%). */
    atmIv: number[];
    realisedVol: number[];
    /** Dealers' option delta + hedge after the step's trades, and their hedge position. */
    dealerNetDelta: number[];
    dealerHedgeUnits: number[];
    /** Dealers' gamma as units of hedge per 1% move (negative = short gamma). */
    dealerGammaUnitsPer1Pct: number[];
    hedgingUnits: number[];
    insuranceUnits: number[];
    /** Sales of liquidated writers' same-asset collateral. */
    liquidationUnits: number[];
    /** Sales the insurers' rules called for that the step could not take. */
    insurerBacklogUnits: number[];
    writersLiquidated: number[];
    collateralUsd: number[];
    collateralAssetUnits: number[];
    /** Mark of all open short options, USD. */
    bookValueUsd: number[];
    /** Writers' cumulative unpaid liabilities, USD. */
    badDebtUsd: number[];
  };
  /**
   * Units dealers and insurers would have to sell after a further 1% fall from each price level
   * (− = buy), recorded every `everySteps` steps: row r is step min(r × everySteps, steps − 1);
   * units[r × levels.length + k].
   */
  gammaMap: { levels: number[]; everySteps: number; rows: number; units: number[]; dealers: number[] };
  totals: {
    writersLiquidated: number;
    /**
     * Net sales over the run by dealers' hedging and by insurers (sold − bought, USD at fill; − = net
     * buying): the same figure the panel shows "so far" at the last step and the run's flowsUsd.
     */
    hedgingSoldUsd: number;
    insuranceSoldUsd: number;
    /** Highest and first 30-day ATM implied vol. */
    peakAtmIv: number;
    startAtmIv: number;
    conservationError: number;
  };
}
/** A scenario's validation table (engine/validation.ts): published outcome, simulated median and band. */
export type ValidationReportView = ValidationReport;

/** A finished run as the renderer needs it: per-step series are plain arrays of equal length. */
/** The place of a run in a crash with several protocols (RunView.crash). */
export interface CrashRunView {
  protocol: string;
  protocols: string[];
  /** Which design set of the request (one per design asked: `protocol`'s design swapped). */
  designSet: number;
  /** The protocol whose design the request swapped. */
  swapped: string;
  total: {
    accounts: number;
    liquidatedUsd: number;
    accountsLiquidated: number;
    badDebtUsd: number;
    insolvency: InsolvencySummary;
  };
}

export interface RunView {
  runId: string;
  scenarioId: string;
  designId: string;
  designName: string;
  designHash: string;
  seed: number;
  accounts: number;
  engineVersion: string;
  startSec: number;
  stepSeconds: number;
  steps: number;
  asset: string;
  /**
   * The back-out of the exogenous path under the historical design. Its residual is exact by
   * construction (not evidence of agreement with history); the diagnostics say what can fail.
   */
  calibration: {
    residual: number;
    iterations: number;
    converged: boolean;
    historicalDesign: string;
    diagnostics: CalibrationDiagnostics;
  };
  /** How the observed path was laid on the steps (observed, filled inside bars, closed). */
  bridgeNote: string;
  units: Units;
  market: Market;
  /** Warnings of the fit checks: settings of the design that the scenario's market never had. */
  fitWarnings: string[];
  summary: Record<string, unknown> & {
    badDebtUsd: number;
    /** Losses to borrowers from soft liquidation (LLAMMA bands), USD; 0 for other mechanisms. */
    softLiquidationLossUsd: number;
    liquidatedUsd: number;
    accountsLiquidated: number;
    amplification: number;
    zeroBidAuctions: number;
    backstops: BackstopTotals;
    /** Unrealised bad debt: accounts underwater at the oracle and market price (absent in runs stored before engine 0.3.0). */
    insolvency?: InsolvencySummary;
  };
  /**
   * A run of one protocol of a crash with several (every protocol on the same venues): which one,
   * the crash's protocols, and the totals across them for this design set.
   */
  crash?: CrashRunView;
  mechanism: RunMechanism;
  waves: WaveView[];
  log: LogLineView[];
  series: {
    observed: number[];
    /**
     * Per step: 1 a source value sits on the step; 0 filled inside a bar (within its high and low);
     * 3 joined straight between dated points; 2 the market is closed (held at the last close).
     */
    observedKind: number[];
    fundamental: number[];
    price: number[];
    oracle: number[];
    venues: { name: string; price: number[] }[];
    /** USD per step by source; hedging, insurance and soft liquidation are signed (− = bought). */
    flows: {
      liquidation: number[];
      auction: number[];
      deleverage: number[];
      backstop: number[];
      hedging: number[];
      insurance: number[];
      /** Soft liquidation (LLAMMA bands): arbitrageurs selling converted collateral, buying it back. */
      soft: number[];
    };
    callsIssued: number[];
    callsAnswered: number[];
    liquidations: number[];
    accountsLiquidated: number[];
    collateralLiquidatedUsd: number[];
    zeroBids: number[];
    badDebtUsd: number[];
    surplusUsd: number[];
    debtAuctionUsd: number[];
    collateralInAuctionsUsd: number[];
    openAuctions: number[];
    activeKeepers: number[];
    gasGwei: number[];
    oracleBlocked: number[];
    /** Liquidation ratio in force, ×. */
    requiredRatio: number[];
    /** 1 while the circuit breaker is tripped. */
    breakerActive: number[];
    poolDepositsUsd: number[];
    /** Collateral held by the stability pool or backstop vault, at market, USD. */
    backstopHoldingsUsd: number[];
    insuranceFundUsd: number[];
    vaultEquityUsd: number[];
    /** Positions auto-deleveraged this step, and their notional at bankruptcy prices, USD. */
    adlAccounts: number[];
    adlNotionalUsd: number[];
    /**
     * Per step: accounts whose debt exceeds their collateral's value at the oracle / market price, and
     * that excess summed, USD (unrealised bad debt). Absent in runs stored before engine 0.3.0.
     */
    underwater?: {
      accountsAtOracle: number[];
      shortfallAtOracleUsd: number[];
      accountsAtMarket: number[];
      shortfallAtMarketUsd: number[];
    };
  };
  /** Accounts and debt per trigger-price bucket at every step: index = step × buckets + bucket. */
  triggerHistogram: {
    initialPrice: number;
    buckets: number;
    /** Bucket b covers trigger prices initialPrice · exp(logLo + b·(logHi − logLo)/buckets) upward. */
    logLo: number;
    logHi: number;
    counts: number[];
    debtUsd: number[];
  };
  liquidationRatio: number;
  /** Every liquidation (market sale or auction kick) of the run, in step order: who, when, how much. */
  liquidations: { account: number; step: number; debtUsd: number; valueUsd: number }[];
  /** Option writers, dealers and insurers; null when the scenario has no derivatives. */
  options: OptionsView | null;
  /** The keepers this run met: the scenario's keeper population with the design's overrides. */
  keepers: RunKeepers;
  /**
   * Where the run's inputs come from, as the scenario's author wrote it (original public sources, or
   * "assumed"): the observed price path of the run's asset, and the gas series. Exported charts cite them.
   */
  sources: { price: string; gas: string };
}
export interface RunKeepers {
  /** Ordinary keepers (bidders, liquidators) and zero-bid opportunists who pay any gas. */
  count: number;
  lowballers: number;
  /** Median of the ordinary keepers' gas caps (their bots' limit), gwei; their transactions fail above it. */
  gasCapMedianGwei: number;
  lowballerGasCapGwei: number;
}
export interface AccountAutopsy {
  account: number;
  /** Health (oracle collateral value / (debt × liquidation ratio)) at every step; null once closed. */
  health: (number | null)[];
  collateralUnits: number[];
  debtUsd: number[];
  triggerStep: number | null;
  liquidations: { step: number; units: number; valueUsd: number; debtUsd: number; auction: number }[];
  auctions: {
    id: number;
    kickStep: number;
    endStep: number;
    proceedsUsd: number;
    zeroBid: boolean;
    shortfallUsd: number;
    returnedUnits: number;
    /**
     * What happened in the auction, step by step: 'bid' (the standing bid became `usd` for `units`),
     * 'dent' (the same bid for fewer units), 'take' (a Dutch-auction keeper paid `usd` for `units`),
     * 'settle' (the winner got `units` for `usd` in all). `keeper` is its index in the run's keeper
     * population; indices from RunView.keepers.count on are zero-bid opportunists (−1: none).
     */
    bids: {
      step: number;
      kind: 'bid' | 'dent' | 'take' | 'settle';
      keeper: number;
      usd: number;
      units: number;
    }[];
  }[];
  /** False when the bids were not recorded (the run's scenario could not be re-run). */
  bidsRecorded: boolean;
  lostUsd: number;
  explanation: string;
}
export interface GlossaryEntry {
  term: string;
  slug: string;
  definition: string;
}

export interface ProfileView {
  id: string;
  name: string;
  createdAtMs: number;
}
export interface LessonCard {
  id: string;
  version: number;
  title: string;
  summary: string;
  theory: string;
  /** 'coming': listed, not playable; `needs` says what it waits for. */
  status: 'ready' | 'coming';
  needs: string | null;
  scenarioId: string | null;
  designId: string | null;
  seed: number | null;
  accounts: number | null;
  steps: number;
  origin: 'builtin' | 'imported';
  packTitle: string | null;
}
/** A figure shown in a lesson: measured on the run (source says so) or published (with its source). */
export interface FigureView {
  label: string;
  value: string;
  source: string;
  kind: 'engine' | 'published';
}
export type LessonStepView =
  | {
      id: string;
      kind: 'narration';
      title: string;
      atStep: number;
      text: string;
      points: string[];
      figures: FigureView[];
    }
  | {
      id: string;
      kind: 'predict';
      title: string;
      atStep: number;
      /** Where the replay goes once the answer is in. */
      revealStep: number;
      question: string;
      input:
        | { kind: 'number'; unitLabel: string | null; tolerance: string }
        | { kind: 'choice'; options: { id: string; label: string }[] };
      points: string[];
    }
  | {
      id: string;
      kind: 'try-it';
      title: string;
      atStep: number;
      prompt: string;
      field: string;
      /** The field's value in the lesson's design. */
      current: unknown;
      input:
        | { kind: 'number'; min: number; max: number; step: number | null; unitLabel: string | null }
        | { kind: 'choice'; options: { index: number; label: string }[] };
      goal: string;
      hint: string | null;
    }
  | { id: string; kind: 'debrief'; title: string; text: string };
export interface PredictionResult {
  stepId: string;
  correct: boolean;
  answerText: string;
  actualText: string;
  /** For a choice: the option that was right. */
  rightOptionId: string | null;
  explanation: string;
}
export interface TryItResult {
  stepId: string;
  met: boolean;
  valueText: string;
  measuredText: string;
  targetText: string;
  explanation: string;
}
export interface LessonSession {
  lesson: LessonCard;
  runId: string;
  steps: LessonStepView[];
  sources: string[];
  /** Where the student left off (0 for a new lesson) and what they already answered. */
  resumeStep: number;
  completed: boolean;
  predictions: PredictionResult[];
  tryIts: TryItResult[];
}
export interface DebriefRow {
  stepId: string;
  kind: 'predict' | 'try-it';
  title: string;
  question: string;
  yourAnswer: string | null;
  actual: string | null;
  correct: boolean | null;
  attempts: number;
}
export interface ChallengeCard {
  id: string;
  version: number;
  title: string;
  brief: string;
  status: 'ready' | 'coming';
  needs: string | null;
  scenarioId: string;
  /** The lesson this challenge follows, if any. */
  lessonId: string | null;
  baseDesignId: string;
  constraints: string[];
  goals: string[];
  efficiency: string;
  hiddenSeeds: number;
  origin: 'builtin' | 'imported';
}
export interface ChallengeResultView {
  challengeId: string;
  designId: string;
  designName: string;
  score: number;
  met: boolean;
  constraintsOk: boolean;
  constraints: { label: string; ok: boolean; found: string }[];
  goals: { label: string; met: boolean; perSeed: { met: boolean; measured: string }[] }[];
  efficiency: { label: string; value: number | null; share: number };
}
export interface LeaderboardRow {
  rank: number;
  profileName: string;
  bestScore: number;
  met: boolean;
  designName: string;
  attempts: number;
}
export interface LessonProgressView {
  lessonId: string;
  title: string;
  status: 'not-started' | 'in-progress' | 'completed' | 'coming';
  currentStep: number;
  totalSteps: number;
  predictions: number;
  predictionsRight: number;
  tryIts: number;
  tryItsSolved: number;
}
export interface ChallengeProgressView {
  challengeId: string;
  title: string;
  attempts: number;
  bestScore: number | null;
  met: boolean;
}
export interface ProgressView {
  profile: ProfileView;
  lessons: LessonProgressView[];
  challenges: ChallengeProgressView[];
}
export interface ClassTable {
  lessons: { id: string; title: string }[];
  challenges: { id: string; title: string }[];
  students: {
    student: string;
    exportedAt: string;
    lessons: Record<
      string,
      { status: string; predictionsRight: number; predictions: number; tryItsSolved: number }
    >;
    challenges: Record<string, { bestScore: number; met: boolean; attempts: number }>;
  }[];
}
export interface TrainingFileOut {
  fileName: string;
  text: string;
}
export interface ImportReportView {
  lessons: string[];
  challenges: string[];
  message: string;
}

/** The data folder as the app shows it (a banner while there is something to say). */
export interface StoreStatus {
  /** Where the data lives; null when the host has no data folder. */
  dataDir: string | null;
  /** False when the store could not be opened: nothing is saved; `problem` says why. */
  saving: boolean;
  problem: string | null;
  /** Databases found damaged and moved aside (kept), reported until restored or dismissed. */
  movedAside: { movedTo: string; atMs: number; reason: string }[];
  /** One line each: what happened and what to do (moved-aside databases, stray files set aside). */
  notes: string[];
  /** Backups that can be restored, newest first; `id` is what store.restore takes. */
  backups: { id: string; createdAtMs: number; schemaVersion: number; sizeBytes: number }[];
}

export interface Outputs extends UserScenarioOutputs {
  'scenarios.list': ScenarioCard[];
  'scenarios.get': ScenarioDetail;
  'designs.list': DesignSummary[];
  'designs.get': unknown;
  'designs.validate': DesignValidation;
  'designs.form': DesignFormSpec;
  'designs.save': { id: string };
  'replay.start': { jobId: string };
  'replay.result': RunView[];
  'validation.start': { jobId: string };
  'validation.result': ValidationReportView;
  'jobs.cancel': { cancelled: boolean };
  'runs.exportCsv': { fileName: string; csv: string };
  'runs.account': AccountAutopsy;
  'glossary.list': GlossaryEntry[];
  'store.status': StoreStatus;
  'store.dismissNotice': StoreStatus;
  'store.restore': StoreStatus;
  'profiles.list': ProfileView[];
  'profiles.create': ProfileView;
  'lessons.list': LessonCard[];
  'lessons.open': LessonSession;
  'lessons.answer': PredictionResult;
  'lessons.tryIt': TryItResult;
  'lessons.position': { step: number; completed: boolean };
  'lessons.debrief': DebriefRow[];
  'lessons.import': ImportReportView;
  'challenges.list': ChallengeCard[];
  'challenges.submit': ChallengeResultView;
  'challenges.leaderboard': LeaderboardRow[];
  'progress.get': ProgressView;
  'packs.export': TrainingFileOut;
  'packs.import': ImportReportView;
  'results.export': TrainingFileOut;
  'results.import': ImportReportView & { student: string; duplicate: boolean };
  'results.class': ClassTable;
  'sweeps.estimate': SweepEstimateView;
  'sweeps.start': { sweepId: string };
  'sweeps.list': SweepMetaView[];
  'sweeps.report': SweepReportView;
  'sweeps.cancel': { cancelled: boolean };
  'sweeps.resume': { sweepId: string };
  'sweeps.exportCsv': { fileName: string; csv: string };
  'sweeps.openPoint': { scenarioId: string; designId: string; seed: number; accounts: number | null };
  'sweeps.seedBand': SeedBandView | null;
}

/**
 * Commands from the desktop app's menu and its keyboard shortcuts (Electron only; the browser host
 * never sends them). The renderer acts on them as if the user had clicked the matching control.
 */
export type MenuCommand =
  | 'export-run-csv'
  | 'show-library'
  | 'show-replay'
  | 'show-design'
  | 'show-compare'
  | 'show-glossary'
  | 'show-lessons'
  | 'show-challenges'
  | 'show-progress'
  | 'show-sweep';

/** Events main pushes to the renderer. */
export type ApiEvent =
  | { type: 'job.progress'; jobId: string; done: number; total: number; label: string }
  | { type: 'job.done'; jobId: string; ok: boolean; error?: ApiError }
  | { type: 'sweep.progress'; sweepId: string; phase: 'grid' | 'threshold'; done: number; total: number }
  | { type: 'sweep.done'; sweepId: string; status: 'done' | 'stopped' | 'failed'; error?: ApiError }
  | { type: 'menu.command'; command: MenuCommand };

/** The typed surface the preload (and the host client) exposes to the renderer. */
export interface CascadeApi {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Result<Outputs[C]>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

/** Parses a channel's input; a Result naming the field at fault. */
export function parseInput<C extends Channel>(channel: C, input: unknown): Result<Input<C>> {
  const schema = Inputs[channel];
  if (!schema)
    return { ok: false, error: { code: 'invalid-input', message: `unknown channel "${String(channel)}"` } };
  const r = schema.safeParse(input ?? {});
  if (r.success) return { ok: true, value: r.data as Input<C> };
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  return {
    ok: false,
    error: {
      code: 'invalid-input',
      message: `${channel}: ${field ? `${field}: ` : ''}${issue.message}`,
      ...(field ? { field } : {}),
    },
  };
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(Inputs, name);
}
