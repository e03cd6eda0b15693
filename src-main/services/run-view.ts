/**
 * Shapes a finished replay for the renderer: typed arrays become plain number arrays (they cross
 * IPC and JSON), the observed path is added in price units, and the trigger histogram carries its
 * bucket geometry. Also keeps, next to the view, the per-account records the account autopsy and
 * later analyses need (they are not part of RunView, which the renderer holds in memory).
 */
import type { RunMechanism, RunView } from '../contract/api.ts';
import type { Design } from '../engine/design.ts';
import type { ReplayResult } from '../engine/replay.ts';
import type { Scenario } from '../engine/scenario.ts';
import { marketOf, unitsOf } from '../engine/scenario.ts';
import { fitWarnings } from './fit-check.ts';
import type { AuctionRecord, LiquidationRecord, TrackedAccount } from '../engine/simulate.ts';
import { HIST_BUCKETS, HIST_LOG_HI, HIST_LOG_LO } from '../engine/simulate.ts';
import { keeperEnvironment } from '../engine/keepers.ts';
import { optionsView } from './options-view.ts';
import type { BidRecord } from './auction-watch.ts';

/** Per-account records of one run, kept in main for `runs.account`. */
export interface RunRecords {
  liquidations: LiquidationRecord[];
  auctions: AuctionRecord[];
  /** Accounts whose collateral and debt were recorded at every step (empty unless asked for). */
  tracked: { account: number; collateral: number[]; debt: number[]; firstCallStep: number }[];
  /** Bids, dents, takes and settlements in the tracked accounts' auctions (auction-watch.ts). */
  bids: BidRecord[];
  /** What re-running one account needs: the design and the calibrated exogenous path. */
  rerun: { design: unknown; fundamentalLog: number[][]; crash?: CrashRerun };
}

/**
 * A run of one protocol of a crash with several: re-running one of its accounts re-runs the whole
 * crash (every protocol's flows move the shared price), tracking it in protocol `index`.
 */
export interface CrashRerun {
  scenarios: Scenario[];
  designs: unknown[];
  accounts: number[];
  index: number;
}

/** What main keeps per finished run (in the run cache, keyed by `view.runId`). */
export interface StoredRun {
  view: RunView;
  records: RunRecords;
}

const list = (a: ArrayLike<number>): number[] => Array.from(a);

/** The mechanisms a design uses, by kind. */
export function runMechanism(design: Design): RunMechanism {
  const liq = design.liquidation;
  return {
    liquidation: liq.kind,
    margin: design.margin.kind,
    circuitBreaker: design.modifiers?.circuitBreaker != null,
    autoDeleverage: liq.kind === 'exchange-close' && liq.autoDeleverage,
    backstopVault: liq.kind === 'exchange-close' && liq.backstopVault !== null,
  };
}

/**
 * Converts a replay result. `runId` is the caller's; `scenario` must be the one the replay ran on
 * (its population asset picks the observed path).
 */
export function toRunView(result: ReplayResult, runId: string, scenario: Scenario): RunView {
  if (scenario.id !== result.scenarioId) {
    throw new Error(`toRunView: result is of scenario ${result.scenarioId}, not ${scenario.id}`);
  }
  const run = result.run;
  const assetIdx = scenario.assets.findIndex((a) => a.id === run.asset);
  const observedLog = result.timeline.observedLog[assetIdx];
  const observedKind = result.timeline.stepKind[assetIdx];
  if (!observedLog || !observedKind) throw new Error(`toRunView: no observed path for asset ${run.asset}`);
  const s = run.series;
  return {
    runId,
    scenarioId: result.scenarioId,
    designId: result.design.id,
    designName: result.design.name,
    designHash: result.designHash,
    seed: result.seed,
    accounts: result.accounts,
    engineVersion: result.engineVersion,
    startSec: run.startSec,
    stepSeconds: run.stepSeconds,
    steps: run.steps,
    asset: run.asset,
    calibration: {
      ...result.calibration,
      diagnostics: {
        ...result.calibration.diagnostics,
        warnings: [...result.calibration.diagnostics.warnings],
      },
    },
    bridgeNote: result.timeline.bridge.note,
    units: unitsOf(scenario),
    market: marketOf(scenario),
    fitWarnings: fitWarnings(scenario, result.design),
    summary: { ...structuredClone(result.summary) },
    mechanism: runMechanism(result.design),
    waves: result.waves.map((w) => ({ ...w })),
    log: result.log.map((l) => ({ step: l.step, time: l.time, kind: l.kind, text: l.text })),
    series: {
      observed: Array.from(observedLog, (x) => Math.exp(x)),
      observedKind: list(observedKind),
      fundamental: list(s.fundamental),
      price: list(s.price),
      oracle: list(s.oracle),
      venues: s.venues.map((v) => ({ name: v.name, price: list(v.price) })),
      flows: {
        liquidation: list(s.flows.liquidation),
        auction: list(s.flows.auction),
        deleverage: list(s.flows.deleverage),
        backstop: list(s.flows.backstop),
        hedging: list(s.flows.hedging),
        insurance: list(s.flows.insurance),
        soft: list(s.flows.soft),
      },
      callsIssued: list(s.callsIssued),
      callsAnswered: list(s.callsAnswered),
      liquidations: list(s.liquidations),
      accountsLiquidated: list(s.accountsLiquidated),
      collateralLiquidatedUsd: list(s.collateralLiquidatedUsd),
      zeroBids: list(s.zeroBids),
      badDebtUsd: list(s.badDebtUsd),
      surplusUsd: list(s.surplusUsd),
      debtAuctionUsd: list(s.debtAuctionUsd),
      collateralInAuctionsUsd: list(s.collateralInAuctionsUsd),
      openAuctions: list(s.openAuctions),
      activeKeepers: list(s.activeKeepers),
      gasGwei: list(s.gasGwei),
      oracleBlocked: list(s.oracleBlocked),
      requiredRatio: list(s.requiredRatio),
      breakerActive: list(s.breakerActive),
      poolDepositsUsd: list(s.poolDepositsUsd),
      backstopHoldingsUsd: list(s.backstopHoldingsUsd),
      insuranceFundUsd: list(s.insuranceFundUsd),
      vaultEquityUsd: list(s.vaultEquityUsd),
      adlAccounts: list(s.adlAccounts),
      adlNotionalUsd: list(s.adlNotionalUsd),
      underwater: {
        accountsAtOracle: list(s.underwaterAccountsOracle),
        shortfallAtOracleUsd: list(s.underwaterShortfallOracleUsd),
        accountsAtMarket: list(s.underwaterAccountsMarket),
        shortfallAtMarketUsd: list(s.underwaterShortfallMarketUsd),
      },
    },
    triggerHistogram: {
      initialPrice: run.triggerHistogram.initialPrice,
      buckets: HIST_BUCKETS,
      logLo: HIST_LOG_LO,
      logHi: HIST_LOG_HI,
      counts: list(run.triggerHistogram.counts),
      debtUsd: list(run.triggerHistogram.debtUsd),
    },
    liquidationRatio: result.design.margin.liquidationRatio,
    liquidations: result.run.liquidations.map((l) => ({
      account: l.account,
      step: l.step,
      debtUsd: l.debtUsd,
      valueUsd: l.valueUsd,
    })),
    options: optionsView(run, scenario.derivatives, result.design),
    keepers: runKeepers(scenario, result.design),
    sources: { price: scenario.assets[assetIdx]!.observed.source, gas: scenario.gas.source },
  };
}

/** The keeper population the engine generated for this design on this scenario. */
function runKeepers(scenario: Scenario, design: Design): RunView['keepers'] {
  const env = keeperEnvironment(scenario.keepers, design);
  return {
    count: env.count,
    lowballers: env.lowballers,
    gasCapMedianGwei: env.gasCapMedianGwei,
    lowballerGasCapGwei: env.lowballerGasCapGwei,
  };
}

export function trackedRecords(tracked: readonly TrackedAccount[]): RunRecords['tracked'] {
  return tracked.map((t) => ({
    account: t.account,
    collateral: list(t.collateral),
    debt: list(t.debt),
    firstCallStep: t.firstCallStep,
  }));
}

/** The view plus the per-account records, as the worker hands a run back to main. */
export function toStoredRun(result: ReplayResult, runId: string, scenario: Scenario): StoredRun {
  return {
    view: toRunView(result, runId, scenario),
    records: {
      liquidations: result.run.liquidations.map((r) => ({ ...r })),
      auctions: result.run.auctions.map((r) => ({ ...r })),
      tracked: trackedRecords(result.run.tracked),
      bids: [],
      rerun: { design: result.design, fundamentalLog: result.fundamentalLog.map(list) },
    },
  };
}
