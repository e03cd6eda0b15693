/**
 * The public types of one simulation pass (simulate.ts): its options, the per-step series, events,
 * totals and result, and the live state handed to `onStep`.
 */
import type { BufferPool } from '../buffer-pool.ts';
import type { Accounts } from '../accounts.ts';
import type { PopulationCache } from '../population.ts';
import type { InsolvencyReading } from './reporters/insolvency.ts';
import type { AuctionRecord, LiquidationRecord } from '../auction-book.ts';
import type { Design } from '../design.ts';
import type { OptionsSeries } from '../options/layer-types.ts';
import type { Scenario } from '../scenario.ts';
import type { Timeline } from '../timeline.ts';
import type { TriggerIndexKind } from '../trigger-index.ts';

export type { AuctionRecord, LiquidationRecord };

/** The trigger index a run uses unless told otherwise (all three give identical output). */
export const DEFAULT_INDEX: TriggerIndexKind = 'bucket';

/** A bid of one wei of a stablecoin: what Black Thursday's "zero bids" were. */
export const MIN_BID_USD = 1e-18;
/** Steps with liquidations at most this far apart belong to one wave (report.ts, `findWaves`). */
export const WAVE_GAP_SECONDS = 300;
/** Trigger-price histogram: buckets of log(trigger / initial price), for health and liquidation maps. */
export const HIST_BUCKETS = 64;
export const HIST_LOG_LO = Math.log(0.2);
export const HIST_LOG_HI = Math.log(1.4);

/**
 * Sources of flow: liquidation sales (market sales, exchange closes; short liquidations buy and count
 * negative), auction winners' sales, owners' own deleveraging, and the sell-off of what a stability
 * pool or a backstop vault took over; option dealers' delta hedges (signed: short-gamma dealers sell
 * into a fall, long-gamma dealers buy) and portfolio insurers' rule-based trades. Option writers'
 * collateral sales count as liquidation. Soft liquidation (LLAMMA): arbitrageurs selling what they took
 * from the bands as the price falls and buying it back as it rises (signed).
 */
export const FLOW_SOURCES = [
  'liquidation',
  'auction',
  'deleverage',
  'backstop',
  'hedging',
  'insurance',
  'soft',
] as const;
export type FlowSource = (typeof FLOW_SOURCES)[number];
export interface SimulationOptions {
  scenario: Scenario;
  design: Design;
  timeline: Timeline;
  /** Exogenous log price per asset at every step. */
  fundamentalLog: Float64Array[];
  seed: number;
  accounts: number;
  index?: TriggerIndexKind;
  /** false: the same population with no debt (the no-leverage control). */
  leverage?: boolean;
  /** Multiplies every venue's depth (and arbitrage capital). */
  depthScale?: number;
  /** Called after every step with the live state (tests check invariants here). */
  onStep?: (state: LiveState) => void;
  /** Polled every 64 steps; return true to stop (throws CancelledError). */
  shouldCancel?: () => boolean;
  /** Accounts whose collateral and debt are recorded at every step (the account autopsy). */
  trackAccounts?: number[];
  /** A clock (ms) for benchmarks: when given, the result carries setup and stepping times. */
  clock?: () => number;
  /**
   * Calibration's construction pass: instead of reading F from `fundamentalLog`, set F at every step
   * so that the population asset's composite price before the step's flows equals this observed log
   * path (F_t = observed_t − I_t, with I_t built from earlier steps' flows only).
   */
  anchorLog?: Float64Array;
  /**
   * The counterfactual of attribution (MODEL.md §8): from this step on, every flow still fills (at the
   * venues' pre-flow prices) but moves no price; impact already on the venues decays as usual.
   */
  impactOffFromStep?: number;
  /**
   * Measure attribution's counterfactuals during the pass (wave-forks.ts): at each wave's start a
   * copy of the world runs on with the impact off until the wave is over. The result's values are the
   * same; `waveCounterfactualsOf(result)` has the prices, and attribution needs no pass of its own.
   */
  measureWaves?: boolean;
  /**
   * Where the pass gets its accounts: a cache shared by passes that draw the same population (a
   * replay's passes, a sweep's variants: it may start from a `PopulationTemplate`) generates it once
   * and copies it; without one, the pass generates its own. Same output either way.
   */
  populations?: PopulationCache;
  /**
   * Buffers for the pass's largest growing columns (its population's copy, auction book, liquidation
   * log), reused across passes run one after another (a sweep worker's runs): the caller reclaims them
   * once it has read the result. Same output with or without.
   */
  buffers?: BufferPool;
}

export interface TrackedAccount {
  account: number;
  /** Collateral in the protocol at the end of every step, asset units. */
  collateral: Float64Array;
  /** Debt at the end of every step, USD. */
  debt: Float64Array;
  /** Step of the first margin call, or −1. */
  firstCallStep: number;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface StepSeries {
  fundamental: Float64Array;
  price: Float64Array;
  oracle: Float64Array;
  venues: { name: string; price: Float64Array }[];
  /** USD sold per step by source (at fill prices). */
  flows: Record<FlowSource, Float64Array>;
  callsIssued: Float64Array;
  callsAnswered: Float64Array;
  liquidations: Float64Array;
  accountsLiquidated: Float64Array;
  collateralLiquidatedUsd: Float64Array;
  zeroBids: Float64Array;
  auctionsSettled: Float64Array;
  badDebtUsd: Float64Array;
  surplusUsd: Float64Array;
  debtAuctionUsd: Float64Array;
  collateralInAuctionsUsd: Float64Array;
  openAuctions: Float64Array;
  activeKeepers: Float64Array;
  gasGwei: Float64Array;
  oracleBlocked: Float64Array;
  /** Liquidation ratio in force (moves with a volatility-scaled margin or a margin breaker). */
  requiredRatio: Float64Array;
  /** 1 while a circuit breaker is tripped. */
  breakerActive: Float64Array;
  /** Stability pool deposits, USD. */
  poolDepositsUsd: Float64Array;
  /** Collateral held by the stability pool or backstop vault, valued at the market, USD. */
  backstopHoldingsUsd: Float64Array;
  /** Insurance fund balance, USD. */
  insuranceFundUsd: Float64Array;
  /** Backstop vault equity (cash + holdings at market), USD. */
  vaultEquityUsd: Float64Array;
  /** Positions auto-deleveraged this step (accounts touched on the profitable side). */
  adlAccounts: Float64Array;
  /** Notional auto-deleveraged this step, USD at the bankruptcy price. */
  adlNotionalUsd: Float64Array;
  /** Short positions liquidated this step. */
  shortsLiquidated: Float64Array;
  /**
   * Insolvency (MODEL.md §8): accounts whose debt exceeds their collateral's value at the step's
   * oracle price / market price (the recorded `oracle` and `price`), and that excess summed over
   * them, USD ("unrealised bad debt"), after the step's liquidations.
   */
  underwaterAccountsOracle: Float64Array;
  underwaterShortfallOracleUsd: Float64Array;
  underwaterAccountsMarket: Float64Array;
  underwaterShortfallMarketUsd: Float64Array;
}

export interface StepEvent {
  step: number;
  kind:
    | 'oracle'
    | 'oracle-blocked'
    | 'calls'
    | 'responses'
    | 'liquidations'
    | 'auctions'
    | 'bad-debt'
    | 'keepers'
    | 'breaker'
    | 'pool'
    | 'fund'
    | 'adl'
    | 'admission'
    | 'options'
    | 'hedging'
    | 'insurance'
    | 'iv';
  text: string;
}

export interface SimulationResult {
  engineVersion: string;
  designId: string;
  designHash: string;
  seed: number;
  accounts: number;
  steps: number;
  stepSeconds: number;
  startSec: number;
  asset: string;
  series: StepSeries;
  /** steps × HIST_BUCKETS accounts per trigger-price bucket (log-spaced relative to the first price). */
  triggerHistogram: { initialPrice: number; counts: Int32Array; debtUsd: Float64Array };
  events: StepEvent[];
  auctions: AuctionRecord[];
  liquidations: LiquidationRecord[];
  totals: Totals;
  /** Composite impact log(P/F) of the population's asset at every step (before the step's flows). */
  impactLog: Float64Array;
  /** log F of the population's asset at every step (the input path, or the anchored solution). */
  fundamentalLog: Float64Array;
  tracked: TrackedAccount[];
  /** Option writers, dealers and insurers (scenarios with derivatives), else null. */
  options: OptionsReport | null;
  /** Only when a clock was given: population + index setup and the step loop, ms; index memory, bytes. */
  /**
   * Benchmarks (when a clock is given): setup and stepping times, ms — `recordMs` is the part of the
   * stepping spent in the reporters (phase 9: series with the insolvency reading, event log) — and the
   * memory of the indexes and of the records, bytes.
   */
  timings?: { setupMs: number; stepMs: number; recordMs: number; indexBytes: number; recordBytes: number };
}

export interface OptionsReport {
  /** Per-step series of the derivatives layer (IV, dealers' delta and gamma, flows, writers). */
  series: OptionsSeries;
  /**
   * Gamma exposure map: every `everySteps` steps (and at the last), the units dealers and insurers
   * would have to sell if the price fell a further 1% from each of `levels` (USD). Row-major:
   * units[row × levels.length + k]; row r is step min(r × everySteps, steps − 1).
   */
  gammaMap: {
    levels: Float64Array;
    everySteps: number;
    rows: number;
    units: Float64Array;
    dealers: Float64Array;
  };
  writersLiquidated: number;
  conservationError: number;
}

export interface Totals {
  initialCollateral: number;
  initialDebt: number;
  topUps: number;
  collateralOut: number;
  repaid: number;
  badDebt: number;
  penaltyIncome: number;
  keeperIncentives: number;
  surplusUsed: number;
  debtAuction: number;
  socialised: number;
  govTokensMinted: number;
  /** Borrowers' loss from soft liquidation (LLAMMA bands: venues' value of the conversions less the bands'), USD. */
  softLiquidationLossUsd: number;
  firstDeficitStep: number;
  callsIssued: number;
  callsAnswered: number;
  zeroBidAuctions: number;
  zeroBidCollateralUsd: number;
  auctionsSettled: number;
  accountsLiquidated: number;
  liquidatedUsd: number;
  proceedsUsd: number;
  oracleValueAtKickUsd: number;
  openAuctionsAtEnd: number;
  /** Debt absorbed by the stability pool, USD. */
  poolAbsorbedUsd: number;
  /** Debt and collateral redistributed to the remaining accounts (pool empty). */
  redistributedDebtUsd: number;
  redistributedCollateral: number;
  /** Fees paid into the insurance fund, and what it paid out for negative equity, USD. */
  insuranceFees: number;
  insurancePaid: number;
  /** First step at which the insurance fund was empty, or −1. */
  fundExhaustedStep: number;
  /** Auto-deleveraging: accounts touched, notional at bankruptcy prices, haircuts of unrealised PnL. */
  adlAccounts: number;
  adlNotionalUsd: number;
  adlHaircutUsd: number;
  firstAdlStep: number;
  /** Positions the backstop vault took over, and their notional at the oracle, USD. */
  vaultTakeovers: number;
  vaultTakeoverUsd: number;
  /** Equity handed back to owners after their position was closed, USD. */
  returnedEquityUsd: number;
  shortsLiquidated: number;
  /** Positions opened at the design's minimum because history had them below its liquidation ratio. */
  admittedAccounts: number;
  /** Part of badDebt from liquidated shorts (outside the longs' debt ledger). */
  shortsBadDebt: number;
  breakerTrips: number;
  /** Steps during which liquidations were paused by the breaker. */
  pausedSteps: number;
  peakRequiredRatio: number;
}

/** The live state handed to `onStep` (read-only by convention). */
export interface LiveState {
  step: number;
  accounts: Accounts;
  auctionLots: number;
  auctionDebt: number;
  totals: Totals;
  prices: number[];
  oracle: number;
  surplus: number;
  /** Collateral held by the stability pool and the backstop vault, units. */
  backstopUnits: number;
  /** Debt of positions closed this step or queued in tiers, not yet settled, USD. */
  pendingDebt: number;
  insuranceFund: number;
  poolDeposits: number;
  /** The derivatives layer's ledgers (scenarios with options), else null. */
  derivatives: { conservationError: number; minBalance: number } | null;
  /** The market's composite price this step before its flows (the series' `price`), USD. */
  marketPrice: number;
  /** Underwater accounts and their shortfall as the series recorded them this step. */
  insolvency: InsolvencyReading;
  /** What each account holds with the mechanism besides collateral, USD (soft liquidation), or null. */
  heldForAccountsUsd: Float64Array | null;
}
