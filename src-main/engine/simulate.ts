/**
 * One simulation pass: a design on a given exogenous path. Step order follows MODEL.md §7:
 *  1. exogenous move F_t, transient impact decays, venue prices before flows;
 *  2. oracles update;
 *  3. margin engine: the requirement in force (fixed, or volatility-scaled from the oracle's EWMA
 *     volatility, with anti-procyclical damping) and the circuit breaker (margin-model.ts);
 *  4. margin calls issued on the oracle price; responses due now executed (top-up, or a
 *     self-deleveraging sale that joins this step's flow);
 *  5. liquidations triggered on the oracle price → the mechanism acts (market sale, English or
 *     Dutch auction, stability pool, exchange close with insurance fund, backstop vault and
 *     auto-deleveraging), under the modifiers (partial, grace, liquidity cap, tiers, breaker);
 *     keepers bid, take and settle; the pool and the vault sell off what they hold;
 *  6. hedging flows (none for lending and perpetual populations);
 *  7. net flow per venue → impact → new venue prices; arbitrage across venues;
 *  8. fills settle at the step's average fill price; bad debt, surplus, debt auction;
 *  9. the step's metrics and events are recorded.
 *
 * Accounts that need acting on are found through a trigger-price index (heap) instead of a scan;
 * `index: 'scan'` selects the full-scan reference, which must give identical output.
 */
import type { Accounts } from './accounts.ts';
import { AuctionBook, LiquidationLog } from './auction-book.ts';
import type { AuctionRecord, LiquidationRecord } from './auction-book.ts';

export type { AuctionRecord, LiquidationRecord };
import {
  RESPONSE_DELEVERAGE,
  RESPONSE_NONE,
  RESPONSE_TOP_UP,
  STATUS_ACTIVE,
  STATUS_CLOSED,
  generateAccounts,
} from './accounts.ts';
import type { Design, DutchAuctionDesign, ExchangeCloseDesign, StabilityPoolDesign } from './design.ts';
import { DesignError, designHash, NO_MODIFIERS } from './design.ts';
import { MarginState } from './margin-model.ts';
import { DEFAULT_OPTIONS_DESIGN, DerivativesLayer } from './options/option-book.ts';
import type { OptionsSeries } from './options/option-book.ts';
import { ShortBook, SHORT_ACTIVE } from './perps.ts';
import {
  beginKeeperStep,
  generateKeepers,
  keeperEnvironment,
  returnCapitalLater,
  spendTx,
} from './keepers.ts';
import type { Keepers } from './keepers.ts';
import { AssetMarket } from './market.ts';
import { BasketOracle, resolveBasket } from './basket.ts';
import { Oracle } from './oracle.ts';
import type { Scenario } from './scenario.ts';
import type { Timeline } from './timeline.ts';
import { createTriggerIndex, HeapTriggerIndex } from './trigger-index.ts';
import type { TriggerIndex, TriggerIndexKind } from './trigger-index.ts';
import { ENGINE_VERSION } from './version.ts';

/** The trigger index a run uses unless told otherwise (all three give identical output). */
export const DEFAULT_INDEX: TriggerIndexKind = 'bucket';

/** A bid of one wei of a stablecoin: what Black Thursday's "zero bids" were. */
export const MIN_BID_USD = 1e-18;
/** Trigger-price histogram: buckets of log(trigger / initial price), for health and liquidation maps. */
export const HIST_BUCKETS = 64;
export const HIST_LOG_LO = Math.log(0.2);
export const HIST_LOG_HI = Math.log(1.4);

/**
 * Sources of flow: liquidation sales (market sales, exchange closes; short liquidations buy and count
 * negative), auction winners' sales, owners' own deleveraging, and the sell-off of what a stability
 * pool or a backstop vault took over; option dealers' delta hedges (signed: short-gamma dealers sell
 * into a fall, long-gamma dealers buy) and portfolio insurers' rule-based trades. Option writers'
 * collateral sales count as liquidation.
 */
export const FLOW_SOURCES = [
  'liquidation',
  'auction',
  'deleverage',
  'backstop',
  'hedging',
  'insurance',
] as const;
export type FlowSource = (typeof FLOW_SOURCES)[number];
const SRC_LIQUIDATION = 0;
const SRC_AUCTION = 1;
const SRC_DELEVERAGE = 2;
const SRC_BACKSTOP = 3;
const SRC_HEDGING = 4;
const SRC_INSURANCE = 5;
/** Order owners that are not keepers or accounts. */
const WHO_NONE = -1;
const WHO_POOL = -2;
const WHO_VAULT = -3;
/** Exchange closes settle against the account's debt: their owner is −(account + 10). */
const WHO_CLOSE_BASE = -10;

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
  timings?: { setupMs: number; stepMs: number; indexBytes: number; recordBytes: number };
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
}

/** Runs one pass. Deterministic: same options, same output. */
export function simulate(opts: SimulationOptions): SimulationResult {
  const { scenario, design, timeline } = opts;
  const t0 = opts.clock?.() ?? 0;
  const n = timeline.steps;
  const dt = timeline.stepSeconds;
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const markets = scenario.assets.map((a) => new AssetMarket(a, dt, opts.depthScale ?? 1));
  const market = markets[assetIdx]!;
  /** When anchoring, the observed log path F is solved against (see SimulationOptions.anchorLog). */
  const anchor = opts.anchorLog ?? null;
  const stepLogF = new Float64Array(markets.length);
  const fundamentalLogOut = new Float64Array(timeline.steps);
  /**
   * Multi-collateral basket with haircuts (basket.ts), or null: one asset, no haircut. With a basket,
   * collateral is in basket units, the oracle is the basket's (full value; triggers read the haircut
   * value through `qf`), sales split across the assets' markets, and series.price/oracle/fundamental
   * are the basket's per unit.
   */
  const basket = resolveBasket(scenario, design, timeline.observedLog);
  if (basket && scenario.derivatives) {
    // The options layer values its flows in units of the population asset, a basket in basket units.
    throw new DesignError(
      scenario.population.basket
        ? `scenario "${scenario.id}": a collateral basket together with options (derivatives) is not supported yet`
        : 'design.collateralHaircuts: haircuts are not supported together with options (derivatives) yet',
      'design.collateralHaircuts',
    );
  }
  const basketOracle = basket
    ? new BasketOracle(basket, design.oracle, markets, (a) => otherVenuePrices[a]!, dt, timeline.startSec)
    : null;
  const oracle = basketOracle ?? new Oracle(design.oracle, market.names, dt, timeline.startSec);

  const acc = generateAccounts(
    scenario.population,
    opts.accounts,
    Math.exp(timeline.observedLog[assetIdx]![0]!),
    dt,
    opts.seed,
    opts.leverage ?? true,
  );
  const N = acc.count;
  const mods = design.modifiers ?? NO_MODIFIERS;
  const liq = design.liquidation;
  const perps = scenario.population.perps ?? null;
  const P0 = Math.exp(timeline.observedLog[assetIdx]![0]!);
  const sameAssetPerps = perps?.marginAsset === 'same-asset';
  if (perps?.marginMode === 'cross') {
    // Cross margin: the owner's free balance backs the position from the start (and is lost with it).
    for (let i = 0; i < N; i++) {
      const r = acc.reserve[i]!;
      if (r <= 0) continue;
      if (sameAssetPerps) acc.collateral[i] = acc.collateral[i]! + r;
      else acc.debt[i] = Math.max(acc.debt[i]! * 0.05, acc.debt[i]! - r * P0);
      acc.reserve[i] = 0;
    }
  }
  const marginState = new MarginState(design.margin, dt, mods.circuitBreaker);
  /**
   * Admission: the population comes from history, under the historical design. A position that would
   * be liquidatable at once under this design could not have been opened under it: it is opened at 1%
   * above the design's liquidation ratio instead (more collateral, i.e. less leverage), and counted.
   */
  let admitted = 0;
  {
    const LR0 = design.margin.liquidationRatio;
    const mm = 1 - 1 / LR0;
    /** Effective start value of a collateral unit (a basket's haircuts lower it). */
    const P0e = basket ? P0 * basket.initialEfficiency : P0;
    for (let i = 0; i < N; i++) {
      const d = acc.debt[i]!;
      if (d <= 0) continue;
      const need = sameAssetPerps ? (mm * d) / P0 + (1.01 * d) / P0 : (1.01 * LR0 * d) / P0e;
      const c = acc.collateral[i]!;
      if (c < need && (sameAssetPerps ? c <= ((1 + mm) * d) / P0 : c * P0e < LR0 * d)) {
        acc.collateral[i] = need;
        admitted++;
      }
    }
  }
  /** Maintenance margin of a perpetual (the haircut of the base ratio). */
  const maintenance = 1 - 1 / design.margin.liquidationRatio;
  const env = keeperEnvironment(scenario.keepers, design);
  const keepers: Keepers = generateKeepers(env, N / scenario.population.defaultAccounts, opts.seed);
  const restockSteps = Math.max(1, Math.round(env.restockDelaySeconds / dt));
  const patienceSteps = Math.max(1, Math.round((scenario.population.response.patienceMinutes * 60) / dt));
  const targetRatio = Math.max(scenario.population.response.targetRatio, design.margin.callRatio * 1.05);

  const LR = design.margin.liquidationRatio;
  const CR = design.margin.callRatio;
  const liqTrigger = new Float64Array(N);
  const callTrigger = new Float64Array(N);
  const histBucket = new Int16Array(N).fill(-1);
  const histDebt = new Float64Array(N);
  const histCounts = new Int32Array(HIST_BUCKETS);
  const histDebtUsd = new Float64Array(HIST_BUCKETS);
  const initialPrice = Math.exp(timeline.observedLog[assetIdx]![0]!);
  const histScale = HIST_BUCKETS / (HIST_LOG_HI - HIST_LOG_LO);
  const logP0 = Math.log(initialPrice);

  const priceRange: [number, number] = [initialPrice / 1000, initialPrice * 1000];
  // log(liquidation trigger) per account, computed once per trigger change and shared by the
  // histogram and both indexes (log(call trigger) = log(liquidation trigger) + log(CR/LR)).
  const logLiqTrigger = new Float64Array(N);
  const liqIndex: TriggerIndex = createTriggerIndex(opts.index ?? DEFAULT_INDEX, liqTrigger, priceRange, {
    log: logLiqTrigger,
    shift: 0,
  });
  const callIndex: TriggerIndex = createTriggerIndex(opts.index ?? DEFAULT_INDEX, callTrigger, priceRange, {
    log: logLiqTrigger,
    shift: Math.log(CR / LR),
  });

  const histBucketOf = (i: number): number => {
    const b = Math.floor((logLiqTrigger[i]! - logP0 - HIST_LOG_LO) * histScale);
    return b < 0 ? 0 : b >= HIST_BUCKETS ? HIST_BUCKETS - 1 : b;
  };
  const scanReference = (opts.index ?? DEFAULT_INDEX) === 'scan';
  const setHist = (i: number): void => {
    const old = histBucket[i]!;
    if (old >= 0) {
      histCounts[old]!--;
      histDebtUsd[old]! -= histDebt[i]!;
    }
    if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0 || acc.collateral[i]! <= 0) {
      histBucket[i] = -1;
      return;
    }
    const b = histBucketOf(i);
    histBucket[i] = b;
    histDebt[i] = Math.round(acc.debt[i]!);
    histCounts[b]!++;
    histDebtUsd[b]! += histDebt[i]!;
  };
  const retrigger = (i: number): void => {
    const c = acc.collateral[i]!;
    const d = acc.debt[i]!;
    let lt: number;
    let ct: number;
    if (sameAssetPerps) {
      // A long of size d/P₀ margined with (c − size) units: equity c·P − d below mm·size·P.
      const room = c - (maintenance * d) / P0;
      lt = room > 0 ? d / room : d > 0 ? Infinity : 0;
      ct = (lt * CR) / LR;
    } else {
      lt = c > 0 ? (d * LR) / c : d > 0 ? Infinity : 0;
      ct = c > 0 ? (d * CR) / c : d > 0 ? Infinity : 0;
    }
    // Unchanged triggers (and so unchanged logs and buckets): the indexes' entries stay valid.
    const moved = lt !== liqTrigger[i] || ct !== callTrigger[i];
    liqTrigger[i] = lt;
    callTrigger[i] = ct;
    logLiqTrigger[i] = Math.log(lt);
    setHist(i);
    if (indexed && moved) {
      liqIndex.update(i);
      callIndex.update(i);
    }
  };
  let indexed = false;

  const totals: Totals = {
    initialCollateral: 0,
    initialDebt: 0,
    topUps: 0,
    collateralOut: 0,
    repaid: 0,
    badDebt: 0,
    penaltyIncome: 0,
    keeperIncentives: 0,
    surplusUsed: 0,
    debtAuction: 0,
    socialised: 0,
    govTokensMinted: 0,
    firstDeficitStep: -1,
    callsIssued: 0,
    callsAnswered: 0,
    zeroBidAuctions: 0,
    zeroBidCollateralUsd: 0,
    auctionsSettled: 0,
    accountsLiquidated: 0,
    liquidatedUsd: 0,
    proceedsUsd: 0,
    oracleValueAtKickUsd: 0,
    openAuctionsAtEnd: 0,
    poolAbsorbedUsd: 0,
    redistributedDebtUsd: 0,
    redistributedCollateral: 0,
    insuranceFees: 0,
    insurancePaid: 0,
    fundExhaustedStep: -1,
    adlAccounts: 0,
    adlNotionalUsd: 0,
    adlHaircutUsd: 0,
    firstAdlStep: -1,
    vaultTakeovers: 0,
    vaultTakeoverUsd: 0,
    returnedEquityUsd: 0,
    shortsLiquidated: 0,
    admittedAccounts: admitted,
    shortsBadDebt: 0,
    breakerTrips: 0,
    pausedSteps: 0,
    peakRequiredRatio: design.margin.liquidationRatio,
  };
  const members = new Uint32Array(N);
  let memberCount = 0;
  for (let i = 0; i < N; i++) {
    totals.initialCollateral += acc.collateral[i]!;
    totals.initialDebt += acc.debt[i]!;
    retrigger(i);
    if (acc.debt[i]! > 0) members[memberCount++] = i;
  }
  indexed = true;
  if (liqIndex instanceof HeapTriggerIndex && callIndex instanceof HeapTriggerIndex) {
    liqIndex.addAll(members.subarray(0, memberCount));
    callIndex.addAll(members.subarray(0, memberCount));
  } else {
    for (let j = 0; j < memberCount; j++) {
      liqIndex.add(members[j]!);
      callIndex.add(members[j]!);
    }
  }

  // Series.
  const f64 = (): Float64Array => new Float64Array(n);
  const series: StepSeries = {
    fundamental: f64(),
    price: f64(),
    oracle: f64(),
    venues: market.names.map((name) => ({ name, price: f64() })),
    flows: {
      liquidation: f64(),
      auction: f64(),
      deleverage: f64(),
      backstop: f64(),
      hedging: f64(),
      insurance: f64(),
    },
    callsIssued: f64(),
    callsAnswered: f64(),
    liquidations: f64(),
    accountsLiquidated: f64(),
    collateralLiquidatedUsd: f64(),
    zeroBids: f64(),
    auctionsSettled: f64(),
    badDebtUsd: f64(),
    surplusUsd: f64(),
    debtAuctionUsd: f64(),
    collateralInAuctionsUsd: f64(),
    openAuctions: f64(),
    activeKeepers: f64(),
    gasGwei: f64(),
    oracleBlocked: f64(),
    requiredRatio: f64(),
    breakerActive: f64(),
    poolDepositsUsd: f64(),
    backstopHoldingsUsd: f64(),
    insuranceFundUsd: f64(),
    vaultEquityUsd: f64(),
    adlAccounts: f64(),
    adlNotionalUsd: f64(),
    shortsLiquidated: f64(),
  };
  const impactSeries = f64();
  const tracked: TrackedAccount[] = (opts.trackAccounts ?? [])
    .filter((i) => Number.isInteger(i) && i >= 0 && i < N)
    .map((account) => ({ account, collateral: f64(), debt: f64(), firstCallStep: -1 }));
  const histAllCounts = new Int32Array(n * HIST_BUCKETS);
  const histAllDebt = new Float64Array(n * HIST_BUCKETS);
  const events: StepEvent[] = [];
  const book = new AuctionBook(design.liquidation.kind === 'english-auction' ? 'english' : 'dutch');
  const liqLog = new LiquidationLog();
  /** Dutch auctions, and English auctions that have a bid (auction indices). */
  let active: number[] = [];
  let nextActive: number[] = [];
  /** English auctions without a bid yet (FIFO from `waitingHead`). */
  const waiting: number[] = [];
  let waitingHead = 0;
  /** Earliest end or bid expiry among the English auctions in `active` (a lower bound). */
  let nextEnglishExpiry = Infinity;
  let auctionLots = 0;
  let auctionDebt = 0;
  const everLiquidated = new Uint8Array(N);

  // Options: writers, delta-hedging dealers and portfolio insurers on the population's asset. The
  // no-leverage control removes every forced flow, theirs included.
  const layer =
    scenario.derivatives && (opts.leverage ?? true)
      ? new DerivativesLayer(scenario.derivatives, design.options ?? DEFAULT_OPTIONS_DESIGN, {
          seed: opts.seed,
          stepSeconds: dt,
          initialPrice: P0,
          startTime: timeline.startSec,
        })
      : null;
  const GAMMA_LEVELS = 41;
  const gammaEvery = Math.max(1, Math.round(3600 / dt));
  const gammaRows = layer ? Math.floor((n - 1) / gammaEvery) + 2 : 0;
  const gammaLevels = Float64Array.from(
    { length: layer ? GAMMA_LEVELS : 0 },
    (_, k) => P0 * Math.exp(Math.log(0.5) + (k * Math.log(1.3 / 0.5)) / (GAMMA_LEVELS - 1)),
  );
  const gammaUnits = new Float64Array(gammaRows * gammaLevels.length);
  const gammaDealers = new Float64Array(gammaRows * gammaLevels.length);
  let gammaRow = 0;
  const recordGamma = (): void => {
    if (!layer || gammaRow >= gammaRows) return;
    const g = layer.gammaMap(Array.from(gammaLevels));
    gammaUnits.set(g.totalUnits, gammaRow * gammaLevels.length);
    gammaDealers.set(g.dealersUnits, gammaRow * gammaLevels.length);
    gammaRow++;
  };

  // Perpetuals: the short side (as many units as the longs hold).
  let shorts: ShortBook | null = null;
  if (perps && (opts.leverage ?? true)) {
    let longUnits = 0;
    for (let i = 0; i < N; i++) longUnits += sameAssetPerps ? acc.debt[i]! / P0 : acc.collateral[i]!;
    shorts = new ShortBook(perps, N, longUnits, P0, maintenance, opts.seed, opts.index ?? DEFAULT_INDEX);
  }
  // Stability pool, insurance fund, backstop vault.
  let poolDeposits = liq.kind === 'stability-pool' ? liq.depositsUsd : 0;
  let poolUnits = 0;
  let fund = liq.kind === 'exchange-close' ? liq.insuranceFundUsd : 0;
  const vaultSpec = liq.kind === 'exchange-close' ? liq.backstopVault : null;
  let vaultCash = vaultSpec?.capitalUsd ?? 0;
  let vaultUnits = 0;
  /** Debt of the positions the vault took over, repaid as it unwinds them. */
  let vaultDebt = 0;
  const poolSellFraction =
    liq.kind === 'stability-pool' ? 1 - Math.pow(0.5, dt / liq.sellOffHalfLifeSeconds) : 0;
  const vaultSellFraction = vaultSpec ? 1 - Math.pow(0.5, dt / vaultSpec.unwindHalfLifeSeconds) : 0;
  /** Debt and collateral waiting to be redistributed at the end of the step (pool empty). */
  let redistDebt = 0;
  let redistColl = 0;
  // Grace period: first step an account was seen liquidatable, and the last step it was seen.
  const graceSteps = mods.gracePeriodSeconds > 0 ? Math.max(1, Math.round(mods.gracePeriodSeconds / dt)) : 0;
  const graceStart = graceSteps > 0 ? new Int32Array(N).fill(-1) : null;
  const graceSeen = graceSteps > 0 ? new Int32Array(N).fill(-1) : null;
  // Exchange partial closes: an account may not be cut again before this step.
  const partialClose = liq.kind === 'exchange-close' ? liq.partialClose : null;
  const cooldownUntil = partialClose ? new Int32Array(N).fill(-1) : null;
  const cooldownSteps = partialClose ? Math.round(partialClose.cooldownSeconds / dt) : 0;
  // Tiered execution: lots sold as TWAP slices (one entry per lot; a slice leaves every step).
  const sliceKind: number[] = [];
  const sliceWho: number[] = [];
  const sliceUnits: number[] = [];
  const sliceDebt: number[] = [];
  const sliceLeft: number[] = [];
  let pendingDebt = 0;

  const gasBlockMin = blockMinima(timeline.gasGwei);
  /** Dutch-auction price multipliers by whole steps since the (re)start, up to the reset time. */
  const decayTable =
    design.liquidation.kind === 'dutch-auction'
      ? Float64Array.from(
          { length: Math.min(1_000_000, Math.ceil(design.liquidation.resetAfterSeconds / dt) + 2) },
          (_, k) => decayFactor((design.liquidation as DutchAuctionDesign).decay, k * dt),
        )
      : new Float64Array(0);
  // Responses due, as one FIFO list per step threaded through the accounts (an account waits on at
  // most one response at a time), so scheduling allocates nothing.
  const dueHead = new Int32Array(n).fill(-1);
  const dueTail = new Int32Array(n).fill(-1);
  const dueNext = new Int32Array(N).fill(-1);
  const schedule = (i: number, step: number): void => {
    if (step >= n) return;
    dueNext[i] = -1;
    if (dueTail[step]! < 0) dueHead[step] = i;
    else dueNext[dueTail[step]!] = i;
    dueTail[step] = i;
  };

  // Waterfall.
  const sf = design.shortfall;
  let surplus = sf.surplusBufferUsd;
  const charge = (usd: number, step: number): void => {
    if (usd <= 0) return;
    const fromSurplus = Math.min(surplus, usd);
    surplus -= fromSurplus;
    totals.surplusUsed += fromSurplus;
    const rest = usd - fromSurplus;
    if (rest > 0) {
      if (totals.firstDeficitStep < 0) totals.firstDeficitStep = step;
      if (sf.then === 'debt-auction') {
        totals.debtAuction += rest;
        totals.govTokensMinted += rest / (sf.govTokenPriceUsd * (1 - sf.debtAuctionDiscount));
      } else totals.socialised += rest;
    }
  };
  const credit = (usd: number): void => {
    if (usd > 0) surplus += usd;
  };

  // Sell orders of this step.
  const orderKind: number[] = [];
  const orderWho: number[] = [];
  const orderUnits: number[] = [];
  /** Debt an exchange close settles against (0 for other orders). */
  const orderDebt: number[] = [];
  const sourceUnits = new Float64Array(6);
  /** Units bought to close liquidated shorts this step, and who. */
  const shortBuyWho: number[] = [];
  const shortBuyUnits: number[] = [];
  const pushOrder = (kind: number, who: number, units: number, debt: number): void => {
    orderKind.push(kind);
    orderWho.push(who);
    orderUnits.push(units);
    orderDebt.push(debt);
    sourceUnits[kind]! += units;
  };

  const stepsOf = (sec: number): number => Math.max(1, Math.round(sec / dt));
  const tmp: number[] = [];
  const tmpShort: number[] = [];
  const deferredLiq: number[] = [];
  const deferredCall: number[] = [];
  const venuePrices = new Float64Array(market.venueCount);
  const otherVenuePrices = markets.map((m) => new Float64Array(m.venueCount));
  let wasBlocked = false;
  let lastOracle = 0;
  let activeTab = 0;
  /** The market's composite price before this step's flows (what keepers value collateral at). */
  let stepRef = 0;
  let gasUsdPerTx = 0;
  const gasAssetIdx =
    scenario.gas.tokenAsset === undefined
      ? -1
      : scenario.assets.findIndex((a) => a.id === scenario.gas.tokenAsset);
  /** Can keeper k act now? Capped transactions first; an atomic action worth twice its gas always can. */
  const useTx = (k: number, atomicProfitUsd: number): boolean => {
    if (keepers.txLeft[k]! > 0) {
      spendTx(keepers, k);
      return true;
    }
    if (atomicProfitUsd >= 2 * gasUsdPerTx && keepers.txLeftAtomic[k]! > 0) {
      keepers.txLeftAtomic[k]!--;
      return true;
    }
    return false;
  };

  // Step state the mechanisms (closures below the loop) read.
  let stepT = 0;
  let stepPrice = 0;
  let stepGas = 0;
  let qf = 1;
  let kicks = 0;
  let kickedUnits = 0;
  let kickedUsd = 0;
  let adlNow = 0;
  let adlUsdNow = 0;
  let fundWasEmpty = false;

  const t1 = opts.clock?.() ?? 0;
  for (let t = 0; t < n; t++) {
    if (opts.shouldCancel && (t & 63) === 0 && opts.shouldCancel()) throw new CancelledError();
    // 1. Exogenous move. Anchored (the calibration's construction pass), F is whatever makes the
    // population asset's pre-flow price equal the observed one: F_t = observed_t − I_t.
    markets.forEach((m, a) => {
      m.decay();
      const lf = anchor && a === assetIdx ? anchor[t]! - m.compositeImpact() : opts.fundamentalLog[a]![t]!;
      stepLogF[a] = lf;
      m.setFundamental(lf);
      const vp = otherVenuePrices[a]!;
      const Fa = Math.exp(lf);
      for (let v = 0; v < m.venueCount; v++) vp[v] = Fa * Math.exp(m.impact(v));
    });
    const logF = stepLogF[assetIdx]!;
    fundamentalLogOut[t] = logF;
    const F = basket ? basket.fundamental(stepLogF) : Math.exp(logF);
    venuePrices.set(otherVenuePrices[assetIdx]!);
    const preImpact = market.compositeImpact();
    const ref = basket ? basket.marketPrice(stepLogF, markets) : F * Math.exp(preImpact);
    stepRef = ref;
    const gas = timeline.gasGwei[t]!;

    // 2. Oracle.
    if (t === 0) oracle.init(venuePrices);
    else oracle.update(t, venuePrices, gas, timeline.outage[t] === 1);
    const price = oracle.value;
    if (t === 0 || oracle.changed) {
      events.push({
        step: t,
        kind: 'oracle',
        text:
          t === 0
            ? `oracle starts at ${fmtUsd(price)}`
            : `oracle updated to ${fmtUsd(price)} (was ${fmtUsd(lastOracle)}; market ${fmtUsd(ref)})`,
      });
    }
    if (t === 0 && admitted > 0) {
      events.push({
        step: 0,
        kind: 'admission',
        text: `${admitted} ${plural(admitted, 'position')} would start below this design's liquidation ratio (${design.margin.liquidationRatio.toFixed(3)}): opened just above it instead, with less leverage`,
      });
    }
    if (oracle.blocked && !wasBlocked) {
      events.push({
        step: t,
        kind: 'oracle-blocked',
        text:
          timeline.outage[t] === 1 && design.oracle.honorOutages
            ? 'oracle feed is down (outage window): the protocol keeps acting on a stale price'
            : `oracle feeds cannot post: gas ${gas.toFixed(0)} gwei is above their ${design.oracle.maxGasGwei ?? 0} gwei cap; price goes stale`,
      });
    }
    wasBlocked = oracle.blocked;
    lastOracle = price;

    // 3. Margin engine: requirement in force and circuit breaker.
    const breakerChange = marginState.update(t, basketOracle ? basketOracle.effective : price);
    // A basket's haircuts scale its value like a requirement does: effective = price × efficiency.
    qf = basketOracle ? marginState.queryFactor * basketOracle.efficiency : marginState.queryFactor;
    if (breakerChange !== null && mods.circuitBreaker) {
      const b = mods.circuitBreaker;
      events.push({
        step: t,
        kind: 'breaker',
        text:
          breakerChange === 'reset'
            ? 'circuit breaker reset: liquidations and margins back to normal'
            : `circuit breaker tripped: oracle fell ${pct(b.dropFraction)} or more within ${Math.round(b.windowSeconds / 60)} min; ` +
              (b.action === 'pause'
                ? `liquidations paused for ${Math.round(b.durationSeconds / 60)} min`
                : `haircuts ×${b.haircutMultiplier} for ${Math.round(b.durationSeconds / 60)} min (liquidation ratio ${marginState.ratio.toFixed(3)})`),
      });
    }
    stepT = t;
    stepPrice = price;
    stepGas = gas;

    // Keepers whose transactions land this step.
    const activeKeepers = beginKeeperStep(keepers, t, gas);
    {
      const tokenPrice =
        gasAssetIdx >= 0
          ? Math.exp(stepLogF[gasAssetIdx]! + markets[gasAssetIdx]!.compositeImpact())
          : (scenario.gas.tokenPriceUsd ?? 0);
      gasUsdPerTx = gas * 1e-9 * keepers.gasUnitsPerTx * tokenPrice;
    }

    // 4. Margin calls.
    tmp.length = 0;
    callIndex.take(price * qf, tmp);
    let issued = 0;
    for (const i of tmp) {
      // An account with a call pending (its response scheduled) is not called again.
      if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0 || acc.calledAt[i]! >= 0) continue;
      issued++;
      acc.calledAt[i] = t;
      if (acc.responseKind[i] !== RESPONSE_NONE) {
        acc.giveUpStep[i] = t + acc.responseDelaySteps[i]! + patienceSteps;
        schedule(i, t + acc.responseDelaySteps[i]!);
      }
    }
    totals.callsIssued += issued;
    if (issued > 0) {
      events.push({
        step: t,
        kind: 'calls',
        text: `${issued} ${plural(issued, 'account')} called below ${pct(CR / qf)} collateral`,
      });
    }
    let answered = 0;
    let givenUp = 0;
    let topUps = 0;
    let delevs = 0;
    if (dueHead[t]! >= 0) {
      for (let i = dueHead[t]!, next = dueNext[i]!; i >= 0; i = next, next = i >= 0 ? dueNext[i]! : -1) {
        if (acc.calledAt[i]! < 0 || acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0) continue;
        if (gas > acc.gasCapGwei[i]!) {
          // The owner's transaction waits for gas to fall under its cap, or the owner gives up.
          const next = firstStepAtOrBelow(timeline.gasGwei, gasBlockMin, t + 1, acc.gasCapGwei[i]!);
          if (next >= 0 && next <= acc.giveUpStep[i]!) schedule(i, next);
          else {
            // The owner gives up: the call stays unanswered, and the account is not called again
            // (re-issuing the same call every step while gas stays high would only count it anew).
            acc.calledAt[i] = -1;
            givenUp++;
          }
          continue;
        }
        const c = acc.collateral[i]!;
        const d = acc.debt[i]!;
        if (price * qf * c >= d * CR) {
          acc.calledAt[i] = -1;
          deferredCall.push(i);
          continue;
        }
        if (acc.responseKind[i] === RESPONSE_TOP_UP) {
          const add = Math.min(Math.max(0, (d * targetRatio) / (price * qf) - c), acc.reserve[i]!);
          acc.calledAt[i] = -1;
          if (add > 0) {
            acc.collateral[i] = c + add;
            acc.reserve[i] = acc.reserve[i]! - add;
            totals.topUps += add;
            answered++;
            topUps++;
            retrigger(i);
          }
          deferredCall.push(i);
        } else if (acc.responseKind[i] === RESPONSE_DELEVERAGE) {
          const target = targetRatio / qf;
          let s = (target * d - c * price) / (price * (target - 1));
          if (s > c) s = c;
          if (s > 0) {
            acc.collateral[i] = c - s;
            totals.collateralOut += s;
            acc.selling[i] = 1;
            liqIndex.remove(i);
            pushOrder(SRC_DELEVERAGE, i, s, 0);
            answered++;
            delevs++;
            retrigger(i);
          } else {
            acc.calledAt[i] = -1;
            deferredCall.push(i);
          }
        }
      }
    }
    totals.callsAnswered += answered;
    if (answered > 0) {
      const parts: string[] = [];
      if (topUps > 0) parts.push(`${topUps} topped up from reserves`);
      if (delevs > 0) parts.push(`${delevs} sold collateral to cut debt`);
      events.push({ step: t, kind: 'responses', text: `margin calls answered: ${parts.join(', ')}` });
    }
    if (givenUp > 0) {
      events.push({
        step: t,
        kind: 'responses',
        text: `${givenUp} ${plural(givenUp, 'owner')} gave up waiting for gas below their limit (${gas.toFixed(0)} gwei now): their calls go unanswered`,
      });
    }

    // 5. Liquidations (none while a pausing circuit breaker is tripped: accounts wait in the index).
    tmp.length = 0;
    const paused = marginState.paused;
    if (paused) totals.pausedSteps++;
    else {
      // Only as many accounts as can be acted on this step leave the index; the rest wait there.
      // An exchange's own liquidation engine needs no keepers.
      let budget = 0;
      if (liq.kind === 'exchange-close') budget = Infinity;
      else {
        for (let k = 0; k < keepers.count; k++) {
          if (liq.kind === 'market-sale') budget += keepers.txLeft[k]! + keepers.txLeftAtomic[k]!;
          else if (
            liq.kind === 'dutch-auction' ||
            liq.kind === 'stability-pool' ||
            gas <= keepers.gasCapGwei[k]!
          )
            budget += keepers.kicksLeft[k]!;
        }
      }
      liqIndex.take(price * qf, tmp, budget);
    }
    kicks = 0;
    kickedUnits = 0;
    kickedUsd = 0;
    let newAccounts = 0;
    adlNow = 0;
    adlUsdNow = 0;
    let pooledNow = 0;
    let pooledDebtNow = 0;
    let vaultNow = 0;
    let usedUsd = 0;
    let capUsd = Infinity;
    if (mods.liquidityCapDepthMultiple !== null) {
      let depth = 0;
      for (let v = 0; v < market.venueCount; v++) depth += market.depth[v]!;
      capUsd = mods.liquidityCapDepthMultiple * depth;
    }
    for (const i of tmp) {
      if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0 || acc.selling[i] === 1) continue;
      if (graceStart && graceSeen) {
        // A new spell below the threshold starts the grace period again.
        if (graceSeen[i] !== t - 1 && graceSeen[i] !== t) graceStart[i] = t;
        graceSeen[i] = t;
        if (t - graceStart[i]! < graceSteps) {
          deferredLiq.push(i);
          continue;
        }
      }
      if (cooldownUntil && t < cooldownUntil[i]!) {
        deferredLiq.push(i);
        continue;
      }
      const maxUnits = capUsd === Infinity ? Infinity : (capUsd - usedUsd) / ref;
      if (maxUnits <= 0) {
        deferredLiq.push(i);
        continue;
      }
      const c = acc.collateral[i]!;
      const d = acc.debt[i]!;
      let soldUsd: number;
      if (liq.kind === 'market-sale') soldUsd = marketSale(i, c, d, liq.closeFactor, liq.bonus, maxUnits);
      else if (liq.kind === 'stability-pool') {
        const before = totals.poolAbsorbedUsd;
        soldUsd = poolLiquidation(i, c, d, maxUnits);
        if (totals.poolAbsorbedUsd > before) {
          pooledNow++;
          pooledDebtNow += totals.poolAbsorbedUsd - before;
        }
      } else if (liq.kind === 'exchange-close') {
        const before = totals.vaultTakeovers;
        soldUsd = exchangeClose(i, c, d, maxUnits);
        vaultNow += totals.vaultTakeovers - before;
      } else soldUsd = auctionKick(i, c, d, maxUnits);
      if (soldUsd < 0) continue;
      usedUsd += soldUsd;
      if (everLiquidated[i] === 0) {
        everLiquidated[i] = 1;
        newAccounts++;
      }
    }
    // Shorts a rising price has pushed below maintenance: the exchange buys their positions back.
    let shortsNow = 0;
    if (shorts && !paused) {
      tmpShort.length = 0;
      shorts.liquidatable(price, tmpShort);
      for (const j of tmpShort) {
        if (shorts.status[j] !== SHORT_ACTIVE) continue;
        const units = shorts.close(j);
        if (units <= 0) continue;
        shortBuyWho.push(j);
        shortBuyUnits.push(units);
        shortsNow++;
      }
      totals.shortsLiquidated += shortsNow;
    }
    totals.accountsLiquidated += newAccounts;
    totals.liquidatedUsd += kickedUsd;
    if (kicks > 0) {
      const asset = scenario.population.asset;
      const what =
        liq.kind === 'market-sale'
          ? `${kicks} ${plural(kicks, 'liquidation')} sold ${fmtUnits(kickedUnits)} ${asset} to liquidators`
          : liq.kind === 'stability-pool'
            ? `${kicks} ${plural(kicks, 'liquidation')} of ${fmtUnits(kickedUnits)} ${asset} (${fmtUsd(kickedUsd)})`
            : liq.kind === 'exchange-close'
              ? `${kicks} ${plural(kicks, 'position')} closed by the exchange: ${fmtUnits(kickedUnits)} ${asset} (${fmtUsd(kickedUsd)})`
              : `${kicks} ${plural(kicks, 'auction')} opened for ${fmtUnits(kickedUnits)} ${asset} (${fmtUsd(kickedUsd)})`;
      events.push({
        step: t,
        kind: 'liquidations',
        text:
          liq.kind === 'exchange-close'
            ? `${what}; mark ${fmtUsd(price)} vs book ${fmtUsd(ref)}; insurance fund ${fmtUsd(fund)}`
            : `${what}; oracle ${fmtUsd(price)} vs market ${fmtUsd(ref)}; ${activeKeepers} of ${keepers.count} keepers can transact at ${gas.toFixed(0)} gwei`,
      });
    }
    if (deferredLiq.length > 0 && kicks === 0 && tmp.length > 0 && activeKeepers === 0) {
      events.push({
        step: t,
        kind: 'keepers',
        text: `${tmp.length} ${plural(tmp.length, 'account')} liquidatable but no keeper transaction lands at ${gas.toFixed(0)} gwei`,
      });
    }

    // 5b. Auctions: bids, takes, settlement.
    let settled = 0;
    let zeroBidsNow = 0;
    let zeroUnitsNow = 0;
    let badDebtNow = 0;
    const settle = (au: number): void => {
      settled++;
      if (book.zeroBid[au] === 1) {
        zeroBidsNow++;
        zeroUnitsNow += book.lotUnits[au]!;
      }
      badDebtNow += book.shortfallUsd[au]!;
    };
    const english = liq.kind === 'english-auction';
    const idle = keepers.cappedTxTotal <= 0;
    // Idle English auctions (nobody can bid this step) change only when one expires: skip the pass
    // entirely until the earliest expiry among them.
    if (active.length > 0 && !(english && idle && t < nextEnglishExpiry)) {
      nextActive.length = 0;
      nextEnglishExpiry = Infinity;
      for (let j = 0; j < active.length; j++) {
        const au = active[j]!;
        if (english) {
          // Fast path: a bid-on English auction nobody can outbid this step changes only at expiry.
          if (!(idle && t < book.end[au]! && t < book.bidExpiry[au]!) && stepEnglish(au, t)) {
            settle(au);
            continue;
          }
          nextActive.push(au);
          nextEnglishExpiry = Math.min(nextEnglishExpiry, book.end[au]!, book.bidExpiry[au]!);
        } else if (stepDutch(au, t)) settle(au);
        else nextActive.push(au);
      }
      [active, nextActive] = [nextActive, active];
    }
    // English auctions still waiting for a first bid, oldest first, while keepers have transactions.
    if (waitingHead < waiting.length && keepers.cappedTxTotal > 0) {
      const requeue: number[] = [];
      while (waitingHead < waiting.length && keepers.cappedTxTotal > 0) {
        const au = waiting[waitingHead++]!;
        stepEnglish(au, t);
        if (book.bidder[au]! >= 0) {
          active.push(au);
          nextEnglishExpiry = Math.min(nextEnglishExpiry, book.end[au]!, book.bidExpiry[au]!);
        } else requeue.push(au);
      }
      for (const au of requeue) waiting.push(au);
      if (waitingHead > 1024 && waitingHead * 2 > waiting.length) {
        waiting.splice(0, waitingHead);
        waitingHead = 0;
      }
    }
    totals.auctionsSettled += settled;
    totals.zeroBidAuctions += zeroBidsNow;
    totals.zeroBidCollateralUsd += zeroUnitsNow * ref;
    if (settled > 0) {
      events.push({
        step: t,
        kind: 'auctions',
        text:
          `${settled} ${plural(settled, 'auction')} settled` +
          (zeroBidsNow > 0
            ? `, ${zeroBidsNow} at a zero bid (${fmtUnits(zeroUnitsNow)} ${scenario.population.asset} for nothing)`
            : ''),
      });
    }

    // 6. Options: writers' margin and liquidations, dealers' delta hedges, portfolio insurers' rules,
    // all valued at the market's pre-flow price; their trades join this step's net flow.
    const tSec = timeline.startSec + t * dt;
    if (layer) {
      layer.beginStep(tSec, ref);
      layer.marginAndLiquidations(tSec, ref);
      const hf = layer.hedgingFlows(tSec, ref);
      sourceUnits[SRC_HEDGING]! += hf.hedging;
      sourceUnits[SRC_INSURANCE]! += hf.insurance;
      sourceUnits[SRC_LIQUIDATION]! += hf.liquidation;
    }

    // 6b. The stability pool and the backstop vault sell off what they took over; tiered lots
    // release their next slice.
    /** Queues this step's sale from a backstop holding `held` units; returns the units sold. */
    const sellOff = (held: number, fraction: number, who: number): number => {
      if (held <= 0) return 0;
      // Its half-life share, all of it when only dust would be left, within the liquidity cap.
      let u = held * fraction;
      if (held - u < 1e-9 * Math.max(1, totals.initialCollateral)) u = held;
      if (capUsd !== Infinity) u = Math.min(u, Math.max(0, (capUsd - usedUsd) / ref));
      if (u <= 0) return 0;
      totals.collateralOut += u;
      usedUsd += u * ref;
      pushOrder(SRC_BACKSTOP, who, u, 0);
      return u;
    };
    poolUnits -= sellOff(poolUnits, poolSellFraction, WHO_POOL);
    vaultUnits -= sellOff(vaultUnits, vaultSellFraction, WHO_VAULT);
    if (sliceKind.length > 0) {
      let w = 0;
      for (let j = 0; j < sliceKind.length; j++) {
        pushOrder(sliceKind[j]!, sliceWho[j]!, sliceUnits[j]!, sliceDebt[j]!);
        if (--sliceLeft[j]! > 0) {
          sliceKind[w] = sliceKind[j]!;
          sliceWho[w] = sliceWho[j]!;
          sliceUnits[w] = sliceUnits[j]!;
          sliceDebt[w] = sliceDebt[j]!;
          sliceLeft[w] = sliceLeft[j]!;
          w++;
        }
      }
      sliceKind.length = w;
      sliceWho.length = w;
      sliceUnits.length = w;
      sliceDebt.length = w;
      sliceLeft.length = w;
    }

    // 7. Flows → impact → prices; arbitrage. Sales and the buy-backs of liquidated shorts net out.
    let boughtUnits = 0;
    for (const u of shortBuyUnits) boughtUnits += u;
    const totalUnits =
      sourceUnits[0]! +
      sourceUnits[1]! +
      sourceUnits[2]! +
      sourceUnits[3]! +
      sourceUnits[4]! +
      sourceUnits[5]! -
      boughtUnits;
    // A basket sells totalUnits × q_a on each asset's own market; fill is per basket unit.
    const fill = basket
      ? basket.applySale(markets, totalUnits, stepLogF, gas)
      : market.applySale(totalUnits, F);
    if (!basket) market.arbitrage(gas);
    series.flows.liquidation[t] = (sourceUnits[SRC_LIQUIDATION]! - boughtUnits) * fill;
    series.flows.auction[t] = sourceUnits[SRC_AUCTION]! * fill;
    series.flows.deleverage[t] = sourceUnits[SRC_DELEVERAGE]! * fill;
    series.flows.backstop[t] = sourceUnits[SRC_BACKSTOP]! * fill;
    series.flows.hedging[t] = sourceUnits[SRC_HEDGING]! * fill;
    series.flows.insurance[t] = sourceUnits[SRC_INSURANCE]! * fill;
    if (layer) {
      layer.settle(tSec, fill);
      layer.record(tSec);
      if (t % gammaEvery === 0 || t === n - 1) recordGamma();
    }

    // 8. Settle fills.
    for (let o = 0; o < orderKind.length; o++) {
      const units = orderUnits[o]!;
      const proceeds = units * fill;
      const who = orderWho[o]!;
      if (orderKind[o] === SRC_DELEVERAGE) {
        const repay = Math.min(acc.debt[who]!, proceeds);
        acc.debt[who] = acc.debt[who]! - repay;
        totals.repaid += repay;
        acc.selling[who] = 0;
        acc.calledAt[who] = -1;
        retrigger(who);
        if (acc.debt[who]! > 0) {
          deferredLiq.push(who);
          deferredCall.push(who);
        }
      } else if (who <= WHO_CLOSE_BASE) settleClose(WHO_CLOSE_BASE - who, proceeds, orderDebt[o]!, t);
      else if (who === WHO_POOL)
        poolDeposits += proceeds * (liq.kind === 'stability-pool' ? liq.reinvestFraction : 0);
      else if (who === WHO_VAULT) settleVault(proceeds, t);
      else if (who >= 0) {
        returnCapitalLater(keepers, who, proceeds, t + restockSteps);
      }
    }
    for (let o = 0; o < shortBuyWho.length; o++) settleShort(shortBuyWho[o]!, shortBuyUnits[o]!, fill, t);
    shortBuyWho.length = 0;
    shortBuyUnits.length = 0;
    orderKind.length = 0;
    orderWho.length = 0;
    orderUnits.length = 0;
    orderDebt.length = 0;
    sourceUnits.fill(0);
    if (redistDebt > 0 || redistColl > 0) redistribute(t);
    if (!fundWasEmpty && liq.kind === 'exchange-close' && fund <= 1e-9 && totals.insurancePaid > 0) {
      fundWasEmpty = true;
      if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = t;
      events.push({
        step: t,
        kind: 'fund',
        text: `insurance fund exhausted after paying ${fmtUsd(totals.insurancePaid)} of negative equity: further losses go to auto-deleveraging${liq.autoDeleverage ? '' : ' (off in this design: they become bad debt)'}`,
      });
    }
    if (adlNow > 0) {
      events.push({
        step: t,
        kind: 'adl',
        text: `auto-deleveraging: ${adlNow} profitable ${plural(adlNow, 'short')} cut (${fmtUsd(adlUsdNow)} at bankruptcy prices); the insurance fund is empty`,
      });
    }
    if (pooledNow > 0) {
      events.push({
        step: t,
        kind: 'pool',
        text: `stability pool absorbed ${fmtUsd(pooledDebtNow)} of debt from ${pooledNow} ${plural(pooledNow, 'account')}; deposits left ${fmtUsd(poolDeposits)}`,
      });
    }
    if (vaultNow > 0) {
      events.push({
        step: t,
        kind: 'pool',
        text: `backstop vault took over ${vaultNow} ${plural(vaultNow, 'position')} below ${pct(vaultSpec?.belowMaintenanceFraction ?? 0)} of maintenance; vault equity ${fmtUsd(vaultCash + vaultUnits * ref - vaultDebt)}`,
      });
    }
    if (shortsNow > 0) {
      events.push({
        step: t,
        kind: 'liquidations',
        text: `${shortsNow} ${plural(shortsNow, 'short')} liquidated on the rise: the exchange bought their positions back`,
      });
    }
    for (const i of deferredLiq)
      if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0 && acc.selling[i] === 0) liqIndex.add(i);
    for (const i of deferredCall)
      if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0 && acc.calledAt[i]! < 0) callIndex.add(i);
    deferredLiq.length = 0;
    deferredCall.length = 0;
    if (badDebtNow > 0) {
      events.push({
        step: t,
        kind: 'bad-debt',
        text: `bad debt +${fmtUsd(badDebtNow)} (total ${fmtUsd(totals.badDebt)}); surplus buffer ${fmtUsd(surplus)}`,
      });
    }

    // 9. Record. Prices are the quotes at the step's start (before its flows, like a bar's open):
    // this step's sales show in the next step's prices.
    impactSeries[t] = preImpact;
    series.fundamental[t] = F;
    series.price[t] = ref;
    series.oracle[t] = price;
    for (let v = 0; v < market.venueCount; v++) series.venues[v]!.price[t] = venuePrices[v]!;
    series.callsIssued[t] = issued;
    series.callsAnswered[t] = answered;
    series.liquidations[t] = kicks;
    series.accountsLiquidated[t] = newAccounts;
    series.collateralLiquidatedUsd[t] = kickedUsd;
    series.zeroBids[t] = zeroBidsNow;
    series.auctionsSettled[t] = settled;
    series.badDebtUsd[t] = totals.badDebt;
    series.surplusUsd[t] = surplus;
    series.debtAuctionUsd[t] = totals.debtAuction;
    series.collateralInAuctionsUsd[t] = auctionLots * series.price[t]!;
    series.openAuctions[t] = active.length + waiting.length - waitingHead;
    series.activeKeepers[t] = activeKeepers;
    series.gasGwei[t] = gas;
    series.oracleBlocked[t] = oracle.blocked ? 1 : 0;
    series.requiredRatio[t] = marginState.ratio;
    series.breakerActive[t] = marginState.breakerActive ? 1 : 0;
    series.poolDepositsUsd[t] = poolDeposits;
    series.backstopHoldingsUsd[t] = (poolUnits + vaultUnits) * ref;
    series.insuranceFundUsd[t] = fund;
    series.vaultEquityUsd[t] = vaultCash + vaultUnits * ref - vaultDebt;
    series.adlAccounts[t] = adlNow;
    series.adlNotionalUsd[t] = adlUsdNow;
    series.shortsLiquidated[t] = shortsNow;
    for (const tr of tracked) {
      tr.collateral[t] = acc.collateral[tr.account]!;
      tr.debt[t] = acc.debt[tr.account]!;
      if (tr.firstCallStep < 0 && acc.calledAt[tr.account]! >= 0)
        tr.firstCallStep = acc.calledAt[tr.account]!;
    }
    if (scanReference) {
      // The straightforward reference rebuilds the health histogram from every account each step
      // (the indexed run keeps it up to date incrementally; both must agree exactly).
      histCounts.fill(0);
      histDebtUsd.fill(0);
      for (let i = 0; i < N; i++) {
        if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0 || acc.collateral[i]! <= 0) continue;
        const b = histBucketOf(i);
        histCounts[b]!++;
        histDebtUsd[b]! += Math.round(acc.debt[i]!);
      }
    }
    histAllCounts.set(histCounts, t * HIST_BUCKETS);
    histAllDebt.set(histDebtUsd, t * HIST_BUCKETS);

    if (opts.onStep) {
      opts.onStep({
        step: t,
        accounts: acc,
        auctionLots,
        auctionDebt,
        totals,
        prices: Array.from(venuePrices),
        oracle: price,
        surplus,
        backstopUnits: poolUnits + vaultUnits,
        pendingDebt,
        insuranceFund: fund,
        poolDeposits,
        derivatives: layer
          ? { conservationError: layer.conservationError(), minBalance: layer.minBalance() }
          : null,
      });
    }
  }

  const t2 = opts.clock?.() ?? 0;
  totals.openAuctionsAtEnd = active.length + waiting.length - waitingHead;
  totals.breakerTrips = marginState.breakerTrips;
  // The options layer's events join the log at their steps (stable: engine events of a step first).
  let optionsReport: OptionsReport | null = null;
  if (layer) {
    const kindOf = {
      liquidation: 'options',
      expiry: 'options',
      vault: 'options',
      hedging: 'hedging',
      insurance: 'insurance',
      iv: 'iv',
    } as const;
    const extra: StepEvent[] = layer.events().map((e) => ({
      step: Math.min(n - 1, Math.max(0, Math.round((e.time - timeline.startSec) / dt))),
      kind: kindOf[e.kind],
      text: e.text,
    }));
    const merged: StepEvent[] = [];
    let j = 0;
    for (const e of events) {
      while (j < extra.length && extra[j]!.step < e.step) merged.push(extra[j++]!);
      merged.push(e);
    }
    while (j < extra.length) merged.push(extra[j++]!);
    events.length = 0;
    events.push(...merged);
    const os = layer.series();
    optionsReport = {
      series: os,
      gammaMap: {
        levels: gammaLevels,
        everySteps: gammaEvery,
        rows: gammaRow,
        units: gammaUnits.subarray(0, gammaRow * gammaLevels.length),
        dealers: gammaDealers.subarray(0, gammaRow * gammaLevels.length),
      },
      writersLiquidated: os.writersLiquidated.reduce((a, b) => a + b, 0),
      conservationError: layer.conservationError(),
    };
  }
  totals.peakRequiredRatio = marginState.peakRatio;

  const result: SimulationResult = {
    engineVersion: ENGINE_VERSION,
    designId: design.id,
    designHash: designHash(design),
    seed: opts.seed,
    accounts: N,
    steps: n,
    stepSeconds: dt,
    startSec: timeline.startSec,
    asset: scenario.population.asset,
    series,
    triggerHistogram: { initialPrice, counts: histAllCounts, debtUsd: histAllDebt },
    events,
    auctions: [],
    liquidations: [],
    totals,
    impactLog: impactSeries,
    fundamentalLog: fundamentalLogOut,
    tracked,
    options: optionsReport,
    ...(opts.clock
      ? {
          timings: {
            setupMs: t1 - t0,
            stepMs: t2 - t1,
            indexBytes: liqIndex.memoryBytes + callIndex.memoryBytes + (shorts?.memoryBytes ?? 0),
            recordBytes: book.memoryBytes + liqLog.memoryBytes,
          },
        }
      : {}),
  };
  // Record objects are built only when a report reads them (a million-account run keeps columns).
  let auctionRecords: AuctionRecord[] | null = null;
  let liquidationRecords: LiquidationRecord[] | null = null;
  Object.defineProperty(result, 'auctions', {
    enumerable: true,
    get: () => (auctionRecords ??= book.records()),
  });
  Object.defineProperty(result, 'liquidations', {
    enumerable: true,
    get: () => (liquidationRecords ??= liqLog.records()),
  });
  return result;

  // ---- mechanisms (closures over the run's state) ----

  /**
   * A kick (bite/bark, or a Liquity liquidate call) needs a keeper whose transaction lands: one under
   * its gas cap, or any keeper when the kick pays an incentive worth twice the gas. Kicks have their
   * own per-keeper budget.
   */
  function takeKickTx(incentiveUsd: number): boolean {
    const paid = incentiveUsd >= 2 * gasUsdPerTx;
    for (let k = 0; k < keepers.count; k++) {
      if (keepers.kicksLeft[k]! <= 0) continue;
      if (paid || stepGas <= keepers.gasCapGwei[k]!) {
        keepers.kicksLeft[k]!--;
        return true;
      }
    }
    return false;
  }

  /** Queues a sale: at once, or as TWAP slices when the lot is above the tier size. */
  function sell(kind: number, who: number, units: number, debt: number): void {
    const tier = mods.tiered;
    if (tier && units * stepRef > tier.aboveUsd) {
      sliceKind.push(kind);
      sliceWho.push(who);
      sliceUnits.push(units / tier.slices);
      sliceDebt.push(debt / tier.slices);
      sliceLeft.push(tier.slices);
    } else pushOrder(kind, who, units, debt);
    if (debt > 0) pendingDebt += debt;
  }

  function closeAccount(i: number): void {
    acc.collateral[i] = 0;
    acc.debt[i] = 0;
    acc.status[i] = STATUS_CLOSED;
  }

  /** Units of collateral whose sale at `price` (proceeds repaying debt, `bonus` on top) restores the partial target. */
  function partialUnits(c: number, d: number, bonus: number): number {
    const T = mods.partialTargetRatio;
    if (T === null) return Infinity;
    const target = T / qf;
    const k = target / (1 + bonus) - 1;
    if (k <= 0) return Infinity;
    const x = (target * d - c * stepPrice) / (stepPrice * k);
    return x > 0 ? x : Infinity;
  }

  /**
   * Fixed-discount market sale: a liquidator repays part of the debt and receives collateral worth
   * repay × (1 + bonus) at the oracle price; it sells that collateral on the venues. Returns the USD
   * put on the market, or −1 when no liquidator can act (the account waits).
   */
  function marketSale(
    i: number,
    c: number,
    d: number,
    closeFactor: number,
    bonus: number,
    maxUnits: number,
  ): number {
    const t = stepT;
    const price = stepPrice;
    const ref = stepRef;
    let repay = d * closeFactor;
    if (repay < 1 || d * LR < 100) repay = d;
    const partial = partialUnits(c, d, bonus);
    if (partial !== Infinity) repay = Math.min(repay, (partial * price) / (1 + bonus));
    let seize = (repay * (1 + bonus)) / price;
    if (seize > maxUnits) {
      seize = maxUnits;
      repay = (seize * price) / (1 + bonus);
    }
    if (seize > c) {
      seize = c;
      repay = Math.min(d, (c * price) / (1 + bonus));
    }
    let chosen = -1;
    for (let j = 0; j < keepers.count; j++) {
      const k = keepers.byMargin[j]!;
      if (keepers.capital[k]! < repay) continue;
      const profit = seize * ref * (1 - keepers.margin[k]!) - repay;
      if (profit < 0) continue;
      if (!useTx(k, profit)) continue;
      chosen = k;
      break;
    }
    if (chosen < 0) {
      deferredLiq.push(i);
      return -1;
    }
    keepers.capital[chosen]! -= repay;
    acc.collateral[i] = c - seize;
    acc.debt[i] = d - repay;
    totals.repaid += repay;
    totals.collateralOut += seize;
    sell(SRC_LIQUIDATION, chosen, seize, 0);
    kicks++;
    kickedUnits += seize;
    kickedUsd += seize * ref;
    totals.oracleValueAtKickUsd += seize * price;
    totals.proceedsUsd += repay;
    liqLog.push(i, t, seize, seize * ref, repay, -1);
    if (acc.collateral[i]! <= 1e-12 * Math.max(1, c)) {
      const left = acc.debt[i]!;
      closeAccount(i);
      if (left > 0) {
        totals.badDebt += left;
        charge(left, t);
      }
    }
    retrigger(i);
    if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0) deferredLiq.push(i);
    return seize * ref;
  }

  /** Opens an English or Dutch auction for a lot of the account's collateral (and the same share of its debt). */
  function auctionKick(i: number, c: number, d: number, maxUnits: number): number {
    const a = liq as Extract<typeof liq, { kind: 'english-auction' | 'dutch-auction' }>;
    const t = stepT;
    const price = stepPrice;
    const ref = stepRef;
    const lot = Math.min(a.lotSize, c, maxUnits);
    const debtPart = lot >= c ? d : (d * lot) / c;
    const kickIncentive =
      a.kind === 'dutch-auction' ? a.keeperTipUsd + a.keeperChip * debtPart * (1 + a.penalty) : 0;
    if (
      a.kind === 'dutch-auction' &&
      activeTab + debtPart * (1 + a.penalty) > a.maxActiveTabUsd &&
      activeTab > 0
    ) {
      deferredLiq.push(i);
      return -1;
    }
    if (!takeKickTx(kickIncentive)) {
      deferredLiq.push(i);
      return -1;
    }
    acc.collateral[i] = c - lot;
    acc.debt[i] = d - debtPart;
    if (lot >= c) closeAccount(i);
    retrigger(i);
    if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0) deferredLiq.push(i);
    const tab = debtPart * (1 + a.penalty);
    const au = book.open(
      i,
      t,
      lot,
      debtPart,
      tab,
      price,
      ref,
      t + (a.kind === 'english-auction' ? stepsOf(a.maxDurationSeconds) : 0),
      a.kind === 'dutch-auction' ? price * a.startBuffer : 0,
    );
    if (a.kind === 'dutch-auction') {
      const incentive = a.keeperTipUsd + a.keeperChip * tab;
      totals.keeperIncentives += incentive;
      charge(incentive, t);
      active.push(au);
      activeTab += tab;
    } else waiting.push(au);
    auctionLots += lot;
    auctionDebt += debtPart;
    kicks++;
    kickedUnits += lot;
    kickedUsd += lot * ref;
    totals.oracleValueAtKickUsd += lot * price;
    liqLog.push(i, t, lot, lot * ref, debtPart, au + 1);
    return 0;
  }

  /**
   * Stability pool (Liquity v1): the pool burns deposits equal to the debt and takes the collateral
   * (less the caller's compensation, which the caller keeps). What the deposits cannot absorb is
   * redistributed to the other accounts at the end of the step, or — `whenEmpty: market-sale` — the
   * account is sold at market instead.
   */
  function poolLiquidation(i: number, c: number, d: number, maxUnits: number): number {
    const p = liq as StabilityPoolDesign;
    if (poolDeposits < d && p.whenEmpty === 'market-sale')
      return marketSale(i, c, d, p.fallbackCloseFactor, p.fallbackBonus, maxUnits);
    const compUnits = c * p.gasCompensationFraction;
    if (!takeKickTx(p.gasCompensationUsd + compUnits * stepPrice)) {
      deferredLiq.push(i);
      return -1;
    }
    const f = d > 0 ? Math.min(1, poolDeposits / d) : 1;
    const rest = c - compUnits;
    poolDeposits -= d * f;
    if (poolDeposits < 1e-9) poolDeposits = 0;
    poolUnits += rest * f;
    totals.repaid += d * f;
    totals.poolAbsorbedUsd += d * f;
    redistDebt += d * (1 - f);
    redistColl += rest * (1 - f);
    // The caller keeps its collateral compensation (no sale at liquidation time); the flat part comes
    // out of the account's own gas reserve in Liquity, so it is not a protocol cost here.
    closeAccount(i);
    retrigger(i);
    totals.collateralOut += compUnits;
    kicks++;
    kickedUnits += c;
    kickedUsd += c * stepRef;
    totals.oracleValueAtKickUsd += c * stepPrice;
    liqLog.push(i, stepT, c, c * stepRef, d, -1);
    return 0;
  }

  /** Spreads the step's unabsorbed debt and collateral over the active accounts, pro rata to collateral. */
  function redistribute(t: number): void {
    let C = 0;
    for (let i = 0; i < N; i++)
      if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0) C += acc.collateral[i]!;
    const rd = redistDebt;
    const rc = redistColl;
    redistDebt = 0;
    redistColl = 0;
    if (C <= 0) {
      // Nobody left to take it: the collateral is the protocol's to sell, the debt is bad debt.
      totals.collateralOut += rc;
      pushOrder(SRC_BACKSTOP, WHO_NONE, rc, 0);
      totals.badDebt += rd;
      charge(rd, t);
      return;
    }
    for (let i = 0; i < N; i++) {
      if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0) continue;
      const share = acc.collateral[i]! / C;
      acc.collateral[i] = acc.collateral[i]! + share * rc;
      acc.debt[i] = acc.debt[i]! + share * rd;
      retrigger(i);
    }
    totals.redistributedDebtUsd += rd;
    totals.redistributedCollateral += rc;
    events.push({
      step: t,
      kind: 'pool',
      text: `stability pool empty: ${fmtUsd(rd)} of debt and ${fmtUnits(rc)} ${scenario.population.asset} redistributed to the remaining accounts`,
    });
  }

  /**
   * Exchange liquidation of a long: a position deep below maintenance goes to the backstop vault;
   * once the insurance fund is empty, the position is auto-deleveraged against profitable shorts at
   * its bankruptcy price; otherwise it is closed at market (whole, in slices above the partial-close
   * size, or down to the partial target), settled at the fill against its debt.
   */
  function exchangeClose(i: number, c: number, d: number, maxUnits: number): number {
    const x = liq as ExchangeCloseDesign;
    const t = stepT;
    const price = stepPrice;
    const ref = stepRef;
    const haircutNow = 1 - 1 / marginState.ratio;
    const equity = c * price - d;
    // The vault takes the position (its units and its debt) over while its own equity stays ≥ 0.
    const vaultEquity = vaultCash + vaultUnits * price - vaultDebt;
    if (
      vaultSpec &&
      equity < vaultSpec.belowMaintenanceFraction * haircutNow * c * price &&
      vaultEquity + equity >= 0 &&
      (vaultUnits + c) * price <= vaultSpec.maxHoldingUsd
    ) {
      vaultDebt += d;
      pendingDebt += d;
      vaultUnits += c;
      totals.vaultTakeovers++;
      totals.vaultTakeoverUsd += c * price;
      closeAccount(i);
      retrigger(i);
      kicks++;
      kickedUnits += c;
      kickedUsd += c * ref;
      totals.oracleValueAtKickUsd += c * price;
      liqLog.push(i, t, c, c * ref, d, -1);
      return 0;
    }
    let cNow = c;
    let dNow = d;
    // Bankrupt (equity ≤ 0 at the oracle) with the fund empty: auto-deleverage at the bankruptcy price.
    if (x.autoDeleverage && shorts && fund <= 1e-9 && c > 0 && equity <= 0) {
      if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = t;
      const pb = d / c;
      const r = shorts.deleverage(c, pb, price);
      if (r.units > 0) {
        const debtPart = r.units >= c ? d : (d * r.units) / c;
        acc.collateral[i] = c - r.units;
        acc.debt[i] = d - debtPart;
        totals.collateralOut += r.units;
        totals.repaid += debtPart;
        totals.adlAccounts += r.accounts;
        totals.adlNotionalUsd += r.units * pb;
        if (totals.firstAdlStep < 0) totals.firstAdlStep = t;
        adlNow += r.accounts;
        adlUsdNow += r.units * pb;
        kicks++;
        kickedUnits += r.units;
        kickedUsd += r.units * ref;
        totals.oracleValueAtKickUsd += r.units * price;
        liqLog.push(i, t, r.units, r.units * ref, debtPart, -1);
        if (r.units >= c) {
          closeAccount(i);
          retrigger(i);
          return 0;
        }
        cNow = acc.collateral[i]!;
        dNow = acc.debt[i]!;
        retrigger(i);
      }
    }
    let units = Math.min(cNow, partialUnits(cNow, dNow, 0), maxUnits);
    // A position with no equity left is closed whole: slicing it would only defer the loss.
    if (partialClose && cNow * price > partialClose.aboveUsd && cNow * price > dNow) {
      units = Math.min(units, cNow * partialClose.fraction);
      cooldownUntil![i] = t + cooldownSteps;
    }
    if (units <= 0) {
      deferredLiq.push(i);
      return -1;
    }
    totals.collateralOut += units;
    kicks++;
    kickedUnits += units;
    kickedUsd += units * ref;
    totals.oracleValueAtKickUsd += units * price;
    if (units >= cNow * (1 - 1e-12)) {
      // Whole close: the account is gone; the fill settles its debt (and fee, fund, ADL).
      liqLog.push(i, t, cNow, cNow * ref, dNow, -1);
      closeAccount(i);
      retrigger(i);
      sell(SRC_LIQUIDATION, WHO_CLOSE_BASE - i, cNow, dNow);
    } else {
      // Partial close: the proceeds repay the account's debt when they settle.
      liqLog.push(i, t, units, units * ref, Math.min(dNow, units * price), -1);
      acc.collateral[i] = cNow - units;
      acc.selling[i] = 1;
      pushOrder(SRC_LIQUIDATION, WHO_CLOSE_BASE - i, units, -1);
      retrigger(i);
    }
    return units * ref;
  }

  /** Settles an exchange close at its fill. debt = −1: a partial close whose proceeds repay the account. */
  function settleClose(i: number, proceeds: number, debt: number, t: number): void {
    const x = liq as ExchangeCloseDesign;
    if (debt < 0) {
      // The fee comes out of the equity left after the fill, never out of a deficit.
      const equityAfter = acc.collateral[i]! * stepRef + proceeds - acc.debt[i]!;
      const fee = Math.min(x.liquidationFee * proceeds, Math.max(0, equityAfter));
      fund += fee;
      totals.insuranceFees += fee;
      const repay = Math.min(acc.debt[i]!, proceeds - fee);
      acc.debt[i] = acc.debt[i]! - repay;
      totals.repaid += repay;
      totals.proceedsUsd += proceeds;
      totals.returnedEquityUsd += proceeds - fee - repay;
      acc.selling[i] = 0;
      retrigger(i);
      if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0) deferredLiq.push(i);
      return;
    }
    pendingDebt -= debt;
    if (pendingDebt < 1e-6) pendingDebt = 0;
    totals.proceedsUsd += proceeds;
    const fee = Math.min(x.liquidationFee * proceeds, Math.max(0, proceeds - debt));
    fund += fee;
    totals.insuranceFees += fee;
    const rem = proceeds - debt - fee;
    if (rem >= 0) {
      totals.repaid += debt;
      totals.returnedEquityUsd += rem;
      return;
    }
    totals.repaid += proceeds;
    let deficit = -rem;
    const fromFund = drawFund(deficit);
    totals.repaid += fromFund;
    deficit -= fromFund;
    if (deficit <= 0) return;
    if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = t;
    if (x.autoDeleverage && shorts) {
      const h = shorts.haircut(deficit, stepPrice);
      if (h.usd > 0) {
        totals.repaid += h.usd;
        totals.adlHaircutUsd += h.usd;
        totals.adlAccounts += h.accounts;
        adlNow += h.accounts;
        adlUsdNow += h.usd;
        if (totals.firstAdlStep < 0) totals.firstAdlStep = t;
        deficit -= h.usd;
      }
    }
    if (deficit > 1e-9) {
      totals.badDebt += deficit;
      charge(deficit, t);
    }
  }

  /** The vault's sale proceeds repay the debt it took over first; a loss left when it is empty is its capital's. */
  function settleVault(proceeds: number, t: number): void {
    const repay = Math.min(vaultDebt, proceeds);
    vaultDebt -= repay;
    pendingDebt -= repay;
    totals.repaid += repay;
    vaultCash += proceeds - repay;
    if (vaultUnits <= 0 && vaultDebt > 0) {
      const pay = Math.min(vaultCash, vaultDebt);
      vaultCash -= pay;
      vaultDebt -= pay;
      pendingDebt -= pay;
      totals.repaid += pay;
      if (vaultDebt > 1e-9) {
        totals.badDebt += vaultDebt;
        charge(vaultDebt, t);
      }
      pendingDebt -= vaultDebt;
      vaultDebt = 0;
    }
    if (pendingDebt < 1e-6) pendingDebt = 0;
  }

  /** The insurance fund pays what it can of a deficit; returns the USD it paid. */
  function drawFund(deficit: number): number {
    const paid = Math.min(fund, deficit);
    fund -= paid;
    totals.insurancePaid += paid;
    return paid;
  }

  /** Settles the buy-back of a liquidated short: its equity after the fill, less the fee; a deficit is the fund's. */
  function settleShort(j: number, units: number, fill: number, t: number): void {
    if (!shorts) return;
    const feeRate = liq.kind === 'exchange-close' ? liq.liquidationFee : 0;
    const equity = shorts.margin[j]! + units * (shorts.entry[j]! - fill);
    shorts.margin[j] = 0;
    const fee = Math.min(feeRate * units * fill, Math.max(0, equity));
    fund += fee;
    totals.insuranceFees += fee;
    if (equity - fee >= 0) {
      totals.returnedEquityUsd += equity - fee;
      return;
    }
    const owed = fee - equity;
    const deficit = owed - drawFund(owed);
    if (deficit > 1e-9) {
      // The shorts' loss is bad debt of the exchange, outside the longs' debt ledger.
      totals.badDebt += deficit;
      totals.shortsBadDebt += deficit;
      charge(deficit, t);
    }
  }

  /** Hands collateral from auction `au` back to its account (its debt is covered). */
  function returnLot(au: number, units: number): void {
    if (units <= 0) return;
    const i = book.account[au]!;
    acc.collateral[i] = acc.collateral[i]! + units;
    book.returnedUnits[au]! += units;
    // A closed account gets its collateral back but owes nothing: it stays closed for liquidation.
    if (!(acc.status[i] === STATUS_CLOSED && acc.debt[i]! <= 0)) retrigger(i);
  }

  function closeAuction(au: number, t: number): void {
    auctionLots -= book.lot[au]!;
    const left = book.debtLeft[au]!;
    auctionDebt -= left;
    book.endStep[au] = t;
    if (left > 0) {
      book.shortfallUsd[au] = left;
      totals.badDebt += left;
      charge(left, t);
      book.debtLeft[au] = 0;
    }
  }

  /** Applies `usd` received by the protocol: first repays the auction's debt, the rest is penalty income. */
  function receive(au: number, usd: number): void {
    const repay = Math.min(usd, book.debtLeft[au]!);
    book.debtLeft[au]! -= repay;
    auctionDebt -= repay;
    totals.repaid += repay;
    credit(usd - repay);
    totals.penaltyIncome += usd - repay;
    book.proceedsUsd[au]! += usd;
    totals.proceedsUsd += usd;
  }

  /** Queues a keeper's sale of won collateral (k = −1: sold inside a flash take). */
  function sellForKeeper(k: number, units: number): void {
    pushOrder(SRC_AUCTION, k, units, 0);
    totals.collateralOut += units;
  }

  /**
   * English auction (Maker 2020 flip): returns true when the auction settled this step. Dent-phase
   * lot reductions go back to the account at once (Maker returns them at `deal`; the total is the
   * same).
   */
  function stepEnglish(au: number, t: number): boolean {
    const d = liq as Extract<typeof liq, { kind: 'english-auction' }>;
    const bidder = book.bidder[au]!;
    if ((bidder >= 0 && t >= book.bidExpiry[au]!) || t >= book.end[au]!) {
      if (bidder < 0) {
        // No bid by the end: the auction restarts (Maker's `tick`).
        book.end[au] = t + stepsOf(d.maxDurationSeconds);
        return false;
      }
      book.winner[au] = bidder;
      const bid = book.bid[au]!;
      book.zeroBid[au] = bid < 1e-6 * book.tabUsd[au]! ? 1 : 0;
      const lot = book.lot[au]!;
      receive(au, bid);
      closeAuction(au, t);
      book.lot[au] = 0;
      sellForKeeper(bidder, lot);
      return true;
    }
    if (keepers.cappedTxTotal <= 0) return false;
    const refPrice = stepRef;
    const tab = book.tabUsd[au]!;
    const lot = book.lot[au]!;
    const current = book.bid[au]!;
    // Nobody active can value the lot above its current standing: skip the keeper loop.
    const bestValuation = lot * refPrice * (1 - keepers.minActiveMargin);
    if (current < tab) {
      const required = bidder < 0 ? MIN_BID_USD : Math.min(tab, current * (1 + d.minIncrement));
      if (bidder >= 0 && Math.min(tab, bestValuation) < required) return false;
      let best = -1;
      let bestV = -1;
      let anyValuation = false;
      for (let a = 0; a < keepers.activeCount; a++) {
        const k = keepers.active[a]!;
        if (k === bidder || keepers.txLeft[k]! <= 0) continue;
        // Opportunists do not bid against each other: they wait for an auction nobody else wants.
        if (keepers.lowball[k] === 1 && bidder >= 0 && keepers.lowball[bidder] === 1) continue;
        const v = Math.min(lot * refPrice * (1 - keepers.margin[k]!), keepers.capital[k]!, tab);
        if (v < required) continue;
        if (keepers.lowball[k] === 0) anyValuation = true;
        if (v > bestV) {
          bestV = v;
          best = k;
        }
      }
      if (best < 0) return false;
      // A lowballer alone opens at one wei; otherwise the best keeper bids its valuation.
      const alone = bidder < 0 && keepers.lowball[best] === 1 && !anyValuation;
      const bid = alone ? MIN_BID_USD : bestV;
      if (bidder >= 0) keepers.capital[bidder]! += current;
      keepers.capital[best]! -= bid;
      spendTx(keepers, best);
      book.bid[au] = bid;
      book.bidder[au] = best;
      book.bidExpiry[au] = t + stepsOf(d.bidDurationSeconds);
      return false;
    }
    // Dent phase: the bid covers the tab; keepers compete by accepting less collateral.
    let bestLot = lot / (1 + d.minIncrement);
    if (tab / (refPrice * (1 - keepers.minActiveMargin)) > bestLot) return false;
    let best = -1;
    for (let a = 0; a < keepers.activeCount; a++) {
      const k = keepers.active[a]!;
      if (k === bidder || keepers.txLeft[k]! <= 0) continue;
      const accept = tab / (refPrice * (1 - keepers.margin[k]!));
      if (accept <= bestLot && keepers.capital[k]! >= tab) {
        bestLot = accept;
        best = k;
      }
    }
    if (best < 0) return false;
    keepers.capital[bidder]! += current;
    keepers.capital[best]! -= current;
    spendTx(keepers, best);
    auctionLots -= lot - bestLot;
    returnLot(au, lot - bestLot);
    book.lot[au] = bestLot;
    book.bidder[au] = best;
    book.bidExpiry[au] = t + stepsOf(d.bidDurationSeconds);
    return false;
  }

  /** Dutch auction (Maker 2021 clip): returns true when the auction finished this step. */
  function stepDutch(au: number, t: number): boolean {
    const d = liq as Extract<typeof liq, { kind: 'dutch-auction' }>;
    const elapsed = t - book.startStep[au]!;
    const elapsedSec = elapsed * dt;
    let top = book.top[au]!;
    let p = top * (elapsed < decayTable.length ? decayTable[elapsed]! : decayFactor(d.decay, elapsedSec));
    if (elapsedSec > d.resetAfterSeconds || p / top < d.resetBelowRatio) {
      const incentive = d.keeperTipUsd + d.keeperChip * book.tabLeft[au]!;
      let k = 0;
      while (k < keepers.count && !useTx(k, incentive)) k++;
      if (k >= keepers.count) return false;
      top = oracle.value * d.startBuffer;
      book.top[au] = top;
      book.startStep[au] = t;
      book.resets[au]!++;
      totals.keeperIncentives += incentive;
      charge(incentive, t);
      p = top;
    }
    const refPrice = stepRef;
    // Above every keeper's price: nothing can happen to this auction this step.
    if (p > refPrice * (1 - keepers.minMargin)) return false;
    const lotUnits = book.lotUnits[au]!;
    const tabUsd = book.tabUsd[au]!;
    for (let j = 0; j < keepers.count && book.lot[au]! > 0 && book.tabLeft[au]! > 0; j++) {
      const k = keepers.byMargin[j]!;
      if (p > refPrice * (1 - keepers.margin[k]!)) break; // sorted by margin: nobody further will take
      const lot = book.lot[au]!;
      const tabLeft = book.tabLeft[au]!;
      const budget = d.flashLiquidity ? env.maxTakeUsd : keepers.capital[k]!;
      let units = Math.min(lot, tabLeft / p, budget / p);
      if (units <= 0) continue;
      if (lot - units < 1e-12 * lotUnits) units = lot;
      const pay = Math.min(units * p, tabLeft);
      if (!useTx(k, units * (refPrice - p))) continue;
      if (!d.flashLiquidity) keepers.capital[k]! -= pay;
      book.lot[au] = lot - units;
      auctionLots -= units;
      let left = tabLeft - pay;
      activeTab -= pay;
      if (left < 1e-9 * tabUsd) {
        activeTab -= left;
        left = 0;
      }
      book.tabLeft[au] = left;
      receive(au, pay);
      book.winner[au] = k;
      // Settled through a DEX inside the take, the keeper keeps only its profit (no sale of its own).
      sellForKeeper(d.flashLiquidity ? -1 : k, units);
    }
    if (book.tabLeft[au]! <= 0 || book.lot[au]! <= 0) {
      activeTab -= book.tabLeft[au]!;
      const left = book.lot[au]!;
      book.lot[au] = 0;
      auctionLots -= left;
      returnLot(au, left);
      closeAuction(au, t);
      return true;
    }
    return false;
  }
}

/** Price multiplier of a Dutch auction after `sec` seconds. */
export function decayFactor(
  decay: Extract<Design['liquidation'], { kind: 'dutch-auction' }>['decay'],
  sec: number,
): number {
  switch (decay.kind) {
    case 'stairstep-exponential':
      return Math.pow(decay.cut, Math.floor(sec / decay.stepSeconds));
    case 'linear':
      return Math.max(0, 1 - sec / decay.durationSeconds);
    case 'exponential':
      return Math.pow(0.5, sec / decay.halfLifeSeconds);
  }
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
function pct(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
/** "$129.40", "$1.2M" */
export function fmtUsd(v: number): string {
  const a = Math.abs(v);
  const s = v < 0 ? '-' : '';
  if (a >= 1e9) return `${s}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${s}$${(a / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${s}$${(a / 1e3).toFixed(1)}k`;
  return `${s}$${a.toFixed(2)}`;
}
export function fmtUnits(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(v >= 100 ? 0 : 2);
}

/**
 * Answers "first step ≥ from whose gas is ≤ cap" in O(log n): `lower[0][s]` is the first step after
 * s with gas strictly below gas[s] (every step in between is at least gas[s], so a search that is
 * above its cap at s can jump there), and `lower[k]` is that jump taken 2^k times. Gas strictly falls
 * along a jump chain, so the chain can be binary-searched for the first value ≤ cap.
 */
interface GasIndex {
  values: Float64Array;
  lower: Int32Array[];
  /** The last search's answer `hitAt` holds for every cap in [hitLo, hitHi) from step `hitFrom`. */
  hitFrom: number;
  hitLo: number;
  hitHi: number;
  hitAt: number;
}

function blockMinima(values: Float64Array): GasIndex {
  const n = values.length;
  const first = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    while (top > 0 && values[stack[top - 1]!]! > v) first[stack[--top]!] = i;
    stack[top++] = i;
  }
  const lower = [first];
  for (let k = 1; 1 << k < n; k++) {
    const prev = lower[k - 1]!;
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = prev[i]!;
      next[i] = j < 0 ? -1 : prev[j]!;
    }
    lower.push(next);
  }
  return { values, lower, hitFrom: -1, hitLo: 0, hitHi: 0, hitAt: -1 };
}

/** First step ≥ `from` whose value is ≤ `cap`, or −1. */
function firstStepAtOrBelow(_values: Float64Array, g: GasIndex, from: number, cap: number): number {
  const { values, lower } = g;
  if (from >= values.length) return -1;
  let s = from;
  if (values[s]! <= cap) return s;
  if (from === g.hitFrom && cap >= g.hitLo && cap < g.hitHi) return g.hitAt;
  // Invariant: values[s] > cap. Take the longest jumps that stay above the cap.
  for (let k = lower.length - 1; k >= 0; k--) {
    const j = lower[k]![s]!;
    if (j >= 0 && values[j]! > cap) s = j;
  }
  const at = lower[0]![s]!;
  g.hitFrom = from;
  g.hitLo = at >= 0 ? values[at]! : -Infinity;
  g.hitHi = values[s]!;
  g.hitAt = at;
  return at;
}
