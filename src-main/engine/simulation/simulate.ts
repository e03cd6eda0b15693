/**
 * One simulation pass: a design on a given exogenous path, step by step (step.ts, MODEL.md §7), with
 * the reporters recording every step (phase 9) and the result assembled at the end.
 *
 * Accounts that need acting on are found through a trigger-price index instead of a scan;
 * `index: 'scan'` selects the full-scan reference, which must give identical output.
 */
import type { AuctionRecord, LiquidationRecord } from '../auction-book.ts';
import { designHash } from '../design.ts';
import { ENGINE_VERSION } from '../version.ts';
import { createMechanism } from './mechanisms/registry.ts';
import { arrayColumn, attachRecordColumns } from './record-columns.ts';
import { EventLog } from './reporters/event-log.ts';
import { OptionsRecorder } from './reporters/options-recorder.ts';
import { SeriesRecorder } from './reporters/series-recorder.ts';
import { step } from './step.ts';
import type { LiveState, SimulationOptions, SimulationResult } from './types.ts';
import { CancelledError } from './types.ts';
import { attachWaveCounterfactuals, WaveForks } from './wave-forks.ts';
import { World } from './world.ts';

/** The reporters of a run (phase 9): they observe the world after each step. */
export interface Reporters {
  series: SeriesRecorder;
  log: EventLog;
  options: OptionsRecorder | null;
}

/** Runs one pass. Deterministic: same options, same output. */
export function simulate(opts: SimulationOptions): SimulationResult {
  const t0 = opts.clock?.() ?? 0;
  return runPass(new World(opts, createMechanism), t0);
}

/** Runs the pass of a world built from its options (`t0`: the clock when its setup began). */
export function runPass(w: World, t0 = w.opts.clock?.() ?? 0): SimulationResult {
  const opts = w.opts;
  const reporters = createReporters(w);
  const clock = opts.clock;
  const t1 = clock?.() ?? 0;
  let recordMs = 0;
  const waves = opts.measureWaves ? new WaveForks(w) : null;
  for (let t = 0; t < w.steps; t++) {
    if (opts.shouldCancel && (t & 63) === 0 && opts.shouldCancel()) throw new CancelledError();
    if (waves) waves.step(t);
    else step(w, t);
    if (clock) {
      const r0 = clock();
      record(w, reporters);
      recordMs += clock() - r0;
    } else record(w, reporters);
  }
  const t2 = clock?.() ?? 0;
  const result = assemble(w, reporters);
  if (waves) {
    waves.finish();
    attachWaveCounterfactuals(result, waves.measured);
  }
  if (clock) result.timings = { ...timings(w, t1 - t0, t2 - t1), recordMs };
  return result;
}

export function createReporters(w: World): Reporters {
  return {
    series: new SeriesRecorder(w),
    log: new EventLog(w),
    options: w.layer ? new OptionsRecorder(w, w.layer) : null,
  };
}

/** Phase 9: the step's metrics and events, then the live state for `onStep`. */
export function record(w: World, reporters: Reporters): void {
  reporters.series.record();
  reporters.log.record();
  reporters.options?.record();
  w.opts.onStep?.(liveState(w, reporters));
}

/** The live state handed to `onStep` (read-only by convention). */
function liveState(w: World, reporters: Reporters): LiveState {
  const m = w.mechanism;
  return {
    step: w.now.t,
    accounts: w.acc,
    auctionLots: m.auctionLots,
    auctionDebt: m.auctionDebt,
    totals: w.totals,
    prices: Array.from(w.path.venuePrices),
    oracle: w.now.price,
    surplus: w.ledger.surplus,
    backstopUnits: m.backstopUnits,
    pendingDebt: m.pendingDebtUsd,
    insuranceFund: w.fund.balance,
    poolDeposits: m.poolDepositsUsd,
    derivatives: w.layer
      ? { conservationError: w.layer.conservationError(), minBalance: w.layer.minBalance() }
      : null,
    marketPrice: w.now.ref,
    insolvency: reporters.series.insolvency,
    heldForAccountsUsd: m.heldForAccountsUsd(),
  };
}

/** The run's result: series, events, records (built only when read) and the end-of-run totals. */
export function assemble(w: World, reporters: Reporters): SimulationResult {
  const { totals, margin, mechanism } = w;
  totals.openAuctionsAtEnd = mechanism.openAuctions;
  totals.breakerTrips = margin.breakerTrips;
  const events = reporters.log.events;
  const options = reporters.options?.finish(events) ?? null;
  totals.peakRequiredRatio = margin.peakRatio;
  const result: SimulationResult = {
    engineVersion: ENGINE_VERSION,
    designId: w.design.id,
    designHash: designHash(w.design),
    seed: w.opts.seed,
    accounts: w.acc.count,
    steps: w.steps,
    stepSeconds: w.dt,
    startSec: w.timeline.startSec,
    asset: w.scenario.population.asset,
    series: reporters.series.series,
    triggerHistogram: {
      initialPrice: w.P0,
      counts: reporters.series.histCounts,
      debtUsd: reporters.series.histDebt,
    },
    events,
    auctions: [],
    liquidations: [],
    totals,
    impactLog: reporters.series.impactLog,
    fundamentalLog: w.path.fundamentalLog,
    tracked: reporters.series.tracked,
    options,
  };
  // Record objects are built only when a report reads them (a million-account run keeps columns).
  let auctionRecords: AuctionRecord[] | null = null;
  let liquidationRecords: LiquidationRecord[] | null = null;
  // The getters hold the two books, not the world (a kept result must not keep every account column).
  const book = mechanism.auctionBook();
  const log = w.liqLog;
  Object.defineProperty(result, 'auctions', {
    enumerable: true,
    get: () => (auctionRecords ??= book ? book.records() : []),
  });
  Object.defineProperty(result, 'liquidations', {
    enumerable: true,
    get: () => (liquidationRecords ??= log.records(book)),
  });
  attachRecordColumns(result, {
    liquidations: { size: log.size, step: log.step, account: log.account },
    auctions: book
      ? { size: book.size, kickStep: book.kickStep, shortfallUsd: book.shortfallUsd }
      : { size: 0, kickStep: arrayColumn([]), shortfallUsd: arrayColumn([]) },
    waves: {
      gapSteps: w.waves.gapSteps,
      liquidations: w.waves.liquidations.toArray(),
      accounts: w.waves.accounts.toArray(),
    },
  });
  return result;
}

/** Setup and stepping times (ms) and the memory of the indexes and records (bytes), for benchmarks. */
function timings(
  w: World,
  setupMs: number,
  stepMs: number,
): Omit<NonNullable<SimulationResult['timings']>, 'recordMs'> {
  return {
    setupMs,
    stepMs,
    indexBytes: w.health.memoryBytes + (w.shorts?.memoryBytes ?? 0),
    recordBytes: (w.mechanism.auctionBook()?.memoryBytes ?? 0) + w.liqLog.memoryBytes,
  };
}
