/**
 * The one API between the renderer and main (Electron IPC or the loopback browser host). Every
 * channel has an input schema that main parses before use, and a result type; every reply is a
 * Result. Long work (replays) runs as a job: `replay.start` answers at once with a job id, progress
 * and completion arrive as events, `jobs.cancel` stops it, `replay.result` fetches the runs.
 * Pure TypeScript: no Node, no DOM.
 */
import { z } from 'zod';
import type { Wave } from '../engine/report.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };
export interface ApiError {
  /** Stable machine code: 'invalid-input' | 'not-found' | 'cancelled' | 'failed' | 'forbidden'. */
  code: string;
  message: string;
  /** The offending field, dotted, when one is known. */
  field?: string;
}

const id = z.string().min(1).max(200);
const seed = z.number().int().min(0).max(0xffffffff);

export const Inputs = {
  'scenarios.list': z.strictObject({}),
  'scenarios.get': z.strictObject({ id }),
  'designs.list': z.strictObject({}),
  'designs.get': z.strictObject({ id }),
  /** Validates a design the user edited (any JSON); answers the parsed design or the field at fault. */
  'designs.validate': z.strictObject({ design: z.unknown() }),
  'designs.save': z.strictObject({ design: z.unknown() }),
  'replay.start': z.strictObject({
    scenarioId: id,
    /** 1–4 design ids (presets or saved designs); the first is the baseline in comparisons. */
    designIds: z.array(id).min(1).max(4),
    seed,
    accounts: z.number().int().min(2).max(1_000_000).optional(),
  }),
  'replay.result': z.strictObject({ jobId: id }),
  'jobs.cancel': z.strictObject({ jobId: id }),
  'runs.exportCsv': z.strictObject({ runId: id }),
  'runs.account': z.strictObject({ runId: id, account: z.number().int().min(0) }),
  'glossary.list': z.strictObject({}),
} as const;

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
}
export interface ScenarioDetail extends ScenarioCard {
  assumptions: string[];
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
export type DesignValidation = { ok: true; design: unknown } | { ok: false; field: string; message: string };

/** A wave as the engine reports it (MODEL.md §8). */
export type WaveView = Wave;
export interface LogLineView {
  step: number;
  time: string;
  kind: string;
  text: string;
}
/**
 * What a design's backstops and margin did over a run: engine totals that report.ts's summary does
 * not carry (computed in services/run-view.ts). USD unless named otherwise; steps are −1 when the
 * thing never happened.
 */
export interface BackstopTotals {
  /** Debt the stability pool absorbed, and debt redistributed to other accounts once it was empty. */
  poolAbsorbedUsd: number;
  redistributedDebtUsd: number;
  /** Liquidation fees paid into the insurance fund, and what it paid out for negative equity. */
  insuranceFeesUsd: number;
  insurancePaidUsd: number;
  fundExhaustedStep: number;
  /** Auto-deleveraging: positions cut, notional at bankruptcy prices, unrealised profit taken. */
  adlAccounts: number;
  adlNotionalUsd: number;
  adlHaircutUsd: number;
  firstAdlStep: number;
  /** Positions the backstop vault took over, and their notional at the oracle price. */
  vaultTakeovers: number;
  vaultTakeoverUsd: number;
  /** Collateral the pool or vault sold back into the market (the `backstop` flow). */
  backstopSoldUsd: number;
  breakerTrips: number;
  /** Steps with liquidations paused by the circuit breaker. */
  pausedSteps: number;
  /** Highest liquidation ratio in force (volatility-scaled margin or a margin breaker), ×. */
  peakRequiredRatio: number;
  shortsLiquidated: number;
}
/** Which mechanisms the run's design used (the renderer shows the matching charts and metrics). */
export interface RunMechanism {
  liquidation: string;
  margin: string;
  circuitBreaker: boolean;
  autoDeleverage: boolean;
  backstopVault: boolean;
}
/** A finished run as the renderer needs it: per-step series are plain arrays of equal length. */
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
  calibration: { residual: number; iterations: number; converged: boolean; historicalDesign: string };
  bridgeNote: string;
  summary: Record<string, unknown> & {
    badDebtUsd: number;
    liquidatedUsd: number;
    accountsLiquidated: number;
    amplification: number;
    zeroBidAuctions: number;
    backstops: BackstopTotals;
  };
  mechanism: RunMechanism;
  waves: WaveView[];
  log: LogLineView[];
  series: {
    observed: number[];
    fundamental: number[];
    price: number[];
    oracle: number[];
    venues: { name: string; price: number[] }[];
    flows: { liquidation: number[]; auction: number[]; deleverage: number[]; backstop: number[] };
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
  }[];
  lostUsd: number;
  explanation: string;
}
export interface GlossaryEntry {
  term: string;
  slug: string;
  definition: string;
}

export interface Outputs {
  'scenarios.list': ScenarioCard[];
  'scenarios.get': ScenarioDetail;
  'designs.list': DesignSummary[];
  'designs.get': unknown;
  'designs.validate': DesignValidation;
  'designs.save': { id: string };
  'replay.start': { jobId: string };
  'replay.result': RunView[];
  'jobs.cancel': { cancelled: boolean };
  'runs.exportCsv': { fileName: string; csv: string };
  'runs.account': AccountAutopsy;
  'glossary.list': GlossaryEntry[];
}

/**
 * Commands from the desktop app's menu and its keyboard shortcuts (Electron only; the browser host
 * never sends them). The renderer acts on them as if the user had clicked the matching control.
 */
export type MenuCommand =
  'export-run-csv' | 'show-library' | 'show-replay' | 'show-design' | 'show-compare' | 'show-glossary';

/** Events main pushes to the renderer. */
export type ApiEvent =
  | { type: 'job.progress'; jobId: string; done: number; total: number; label: string }
  | { type: 'job.done'; jobId: string; ok: boolean; error?: ApiError }
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
