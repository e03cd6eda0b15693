/**
 * Saved runs: a replay stored with everything needed to reproduce it (seed, the exact design JSON
 * and hash, the historical design it was calibrated against, engine and scenario versions, accounts,
 * step) and its results (summary, waves, event log, per-step series), then replayed from storage and
 * compared byte for byte, and exported as CSV or JSON.
 *
 * "Byte-identical" is checked on what is stored: the summary, waves and event log as JSON text and
 * the series as the store's binary container. Same inputs and seed give the same bytes (the engine
 * is deterministic), so a difference means the scenario, the design or the engine changed.
 */
import type { ReplayOptions } from '../engine/replay.ts';
import { observedCollateralLog } from '../engine/basket.ts';
import type { Design } from '../engine/design.ts';
import { canonicalJson, designHash, parseDesign } from '../engine/design.ts';
import type { ReplayResult } from '../engine/replay.ts';
import { replay } from '../engine/replay.ts';
import type { Scenario } from '../engine/scenario.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { encodeSeriesContainer, getRun, listRuns, saveRun } from '../store/index.ts';
import type { RunMeta, RunRecord, Store } from '../store/index.ts';
import type { CsvCell } from './export/csv.ts';
import { formatCsv } from './export/csv.ts';
import { loadDesign, loadScenario } from './library.ts';
import {
  assertWithinBudget,
  costliestEstimate,
  runTimeBudgetSeconds,
  withinTimeBudget,
} from './pool/run-budget.ts';
import { InputError, assertDesignRunnable, validateRunNumbers } from './replay-service.ts';
import type { MultiReplayResult, StoredCrash } from './crash-service.ts';
import { runCrash } from './crash-service.ts';
import { loadCrash } from './crash-store.ts';

/** Format of the `summary` JSON of a saved run (bump when its shape changes). */
export const RUN_SUMMARY_FORMAT = 1;

/** The inputs a stored run is replayed from, kept in its summary JSON. */
export interface StoredRunInputs {
  stepSeconds: number;
  /** The design the exogenous path was calibrated against (its JSON, so a later preset edit cannot change it). */
  historicalDesign: Design;
  /** A run of one protocol of a crash with several (crash-runs.ts); absent for every other run. */
  crash?: StoredCrashInputs;
}

/** What re-running one protocol's run of a crash with several needs, kept in its summary JSON. */
export interface StoredCrashInputs {
  /** This run's protocol: its name and index among the crash's protocols. */
  protocol: string;
  index: number;
  protocols: string[];
  /** Every protocol's design in that run (JSON, so a later preset edit cannot change it). */
  designs: Design[];
  /** The `--accounts` the crash ran with (every protocol), or null: each population's own. */
  accounts: number | null;
}

/** The stored summary JSON of a run. */
export interface StoredRunSummary {
  format: number;
  inputs: StoredRunInputs;
  scenarioTitle: string;
  designName: string;
  startSec: number;
  steps: number;
  calibration: ReplayResult['calibration'];
  bridge: string;
  summary: ReplayResult['summary'];
}

/** What is stored for a run, in the shape the store takes it. */
export interface RunPayload {
  summary: StoredRunSummary;
  waves: ReplayResult['waves'];
  events: ReplayResult['log'];
  series: Map<string, Float64Array>;
}

/** The per-step series of a replay, by name, in a fixed order. */
export function runSeries(scenario: Scenario, result: ReplayResult): Map<string, Float64Array> {
  const s = result.run.series;
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const series = new Map<string, Float64Array>();
  // A basket scenario's price is the basket's: so is its observed value (engine/basket.ts).
  const observedLog = scenario.population.basket
    ? observedCollateralLog(scenario, result.timeline.observedLog)
    : result.timeline.observedLog[assetIdx]!;
  series.set(
    'observed_usd',
    Float64Array.from(observedLog, (x) => Math.exp(x)),
  );
  series.set('fundamental_usd', s.fundamental);
  series.set('price_usd', s.price);
  series.set('oracle_usd', s.oracle);
  for (const v of s.venues) series.set(`venue_usd:${v.name}`, v.price);
  series.set('flow_liquidation_usd', s.flows.liquidation);
  series.set('flow_auction_usd', s.flows.auction);
  series.set('flow_deleverage_usd', s.flows.deleverage);
  series.set('calls_issued', s.callsIssued);
  series.set('calls_answered', s.callsAnswered);
  series.set('liquidations', s.liquidations);
  series.set('accounts_liquidated', s.accountsLiquidated);
  series.set('collateral_liquidated_usd', s.collateralLiquidatedUsd);
  series.set('zero_bids', s.zeroBids);
  series.set('auctions_settled', s.auctionsSettled);
  series.set('bad_debt_usd', s.badDebtUsd);
  series.set('underwater_accounts_oracle', s.underwaterAccountsOracle);
  series.set('underwater_shortfall_oracle_usd', s.underwaterShortfallOracleUsd);
  series.set('underwater_accounts_market', s.underwaterAccountsMarket);
  series.set('underwater_shortfall_market_usd', s.underwaterShortfallMarketUsd);
  series.set('surplus_usd', s.surplusUsd);
  series.set('debt_auction_usd', s.debtAuctionUsd);
  series.set('collateral_in_auctions_usd', s.collateralInAuctionsUsd);
  series.set('open_auctions', s.openAuctions);
  series.set('active_keepers', s.activeKeepers);
  series.set('gas_gwei', s.gasGwei);
  series.set('oracle_blocked', s.oracleBlocked);
  series.set('impact_log', result.run.impactLog);
  return series;
}

/** The storable payload of a replay (what {@link saveReplayRun} writes). */
export function runPayload(scenario: Scenario, result: ReplayResult, historical: Design): RunPayload {
  return {
    summary: {
      format: RUN_SUMMARY_FORMAT,
      inputs: { stepSeconds: result.stepSeconds, historicalDesign: historical },
      scenarioTitle: scenario.title,
      designName: result.design.name,
      startSec: result.timeline.startSec,
      steps: result.run.steps,
      calibration: result.calibration,
      bridge: result.timeline.bridge.note,
      summary: result.summary,
    },
    waves: result.waves,
    events: result.log,
    series: runSeries(scenario, result),
  };
}

/** Options of a replay to run and save. */
export interface RunRequest {
  scenarioId: string;
  /** Default: the scenario's historical design. */
  design?: Design;
  seed: number;
  accounts?: number;
  stepSeconds?: number;
  /** Draws half of a large population on another thread (ReplayOptions); same output. */
  populationHelper?: ReplayOptions['populationHelper'];
}

function runReplay(
  scenario: Scenario,
  design: Design,
  historical: Design,
  opts: Omit<RunRequest, 'scenarioId' | 'design'>,
): ReplayResult {
  const run = {
    ...(opts.accounts !== undefined ? { accounts: opts.accounts } : {}),
    ...(opts.stepSeconds !== undefined ? { stepSeconds: opts.stepSeconds } : {}),
  };
  const helper = opts.populationHelper ? { populationHelper: opts.populationHelper } : {};
  assertDesignRunnable(design);
  // Bounded like every engine run: refused when over budget, stopped past its time budget.
  assertWithinBudget(scenario, [design], run);
  try {
    return withinTimeBudget(
      runTimeBudgetSeconds(1),
      costliestEstimate(scenario, [design], run),
      (shouldCancel) =>
        replay(scenario, design, historical, { seed: opts.seed, ...run, ...helper, shouldCancel }),
    );
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(error.message);
    throw error;
  }
}

/**
 * Runs a replay of a scenario in the store (built-in or user). The historical design is resolved
 * from the presets, else from the store's designs.
 */
export function runStoredScenario(
  store: Store,
  req: RunRequest,
): { result: ReplayResult; scenario: Scenario; historical: Design } {
  const { scenario } = loadScenario(store, req.scenarioId);
  validateRunNumbers(req, scenario);
  const historical = loadDesign(store, scenario.historicalDesignId);
  const result = runReplay(scenario, req.design ?? historical, historical, req);
  return { result, scenario, historical };
}

/** Runs a replay of a scenario in the store and saves it (see {@link runStoredScenario}). */
export function runAndSave(store: Store, req: RunRequest): { meta: RunMeta; result: ReplayResult } {
  const { result, scenario, historical } = runStoredScenario(store, req);
  return { meta: saveReplayRun(store, scenario, result, historical), result };
}

/** The payload of one protocol's run of a crash (its inputs say which protocol, and the designs). */
function crashPayload(
  scenario: Scenario,
  result: ReplayResult,
  historical: Design,
  crash: StoredCrashInputs,
): RunPayload {
  const payload = runPayload(scenario, result, historical);
  payload.summary.inputs = { ...payload.summary.inputs, crash };
  return payload;
}

/**
 * Saves a crash with several protocols: one run per protocol (each its own series, waves and
 * events), each holding what re-running the whole crash needs. Answers the runs in protocol order.
 */
export function saveCrashRun(
  store: Store,
  crash: StoredCrash,
  result: MultiReplayResult,
  accounts: number | null,
): RunMeta[] {
  const designs = result.protocols.map((p) => p.result.design);
  const names = crash.protocols.map((p) => p.name);
  return store.db.transaction(() =>
    result.protocols.map((p, k) =>
      saveReplayRun(store, crash.protocols[k]!.scenario, p.result, crash.protocols[k]!.historical, {
        protocol: p.name,
        index: k,
        protocols: names,
        designs,
        accounts,
      }),
    ),
  )();
}

/** Saves a finished replay of `scenario` (which must be in the store at the run's version). */
export function saveReplayRun(
  store: Store,
  scenario: Scenario,
  result: ReplayResult,
  historical: Design,
  /** A run of one protocol of a crash with several: what re-running the crash needs. */
  crash?: StoredCrashInputs,
): RunMeta {
  const payload = runPayload(scenario, result, historical);
  if (crash) payload.summary.inputs = { ...payload.summary.inputs, crash };
  return saveRun(store, {
    scenarioId: result.scenarioId,
    scenarioVersion: result.scenarioVersion,
    designId: result.design.id,
    designJson: canonicalJson(result.design),
    designHash: result.designHash,
    seed: result.seed,
    engineVersion: result.engineVersion,
    accounts: result.accounts,
    summary: payload.summary,
    waves: payload.waves,
    events: payload.events,
    series: payload.series,
  });
}

/** The bytes a run is compared on: summary, waves and events as JSON text, series as the container. */
export interface RunBytes {
  summary: string;
  waves: string;
  events: string;
  series: Buffer;
}

export function payloadBytes(p: {
  summary: unknown;
  waves: unknown;
  events: unknown;
  series: ReadonlyMap<string, Float64Array>;
}): RunBytes {
  return {
    summary: JSON.stringify(p.summary),
    waves: JSON.stringify(p.waves),
    events: JSON.stringify(p.events),
    series: encodeSeriesContainer(p.series),
  };
}

/** Names the parts that differ (empty when byte-identical). */
export function compareRunBytes(a: RunBytes, b: RunBytes): string[] {
  const out: string[] = [];
  if (a.summary !== b.summary) out.push('summary');
  if (a.waves !== b.waves) out.push('waves');
  if (a.events !== b.events) out.push('events');
  if (!a.series.equals(b.series)) out.push('series');
  return out;
}

function storedSummary(run: RunRecord): StoredRunSummary {
  const s = run.summary as Partial<StoredRunSummary> | null;
  if (s === null || typeof s !== 'object' || s.format !== RUN_SUMMARY_FORMAT || !s.inputs) {
    throw new InputError(
      `run ${run.id} was saved in a format this app cannot replay (summary format ${String(s?.format)}, expected ${RUN_SUMMARY_FORMAT}); run the scenario again and save the new run`,
    );
  }
  return s as StoredRunSummary;
}

/** The outcome of replaying a stored run. */
export interface StoredReplay {
  runId: string;
  identical: boolean;
  /** Parts that differ from what is stored: 'summary', 'waves', 'events', 'series'. */
  differences: string[];
  result: ReplayResult;
}

/**
 * Re-runs a stored run from its stored inputs (the scenario as stored, the run's own design JSON,
 * the stored historical design, seed, accounts, step) and compares the result byte for byte with
 * what was saved. Refuses, saying why, when the scenario or engine version differs from the run's
 * or the stored design no longer matches its hash.
 */
export function replayFromStorage(store: Store, runId: string): StoredReplay {
  const run = getRun(store, runId);
  const inputs = storedSummary(run).inputs;
  const held = loadScenario(store, run.scenarioId, { allowSeveralProtocols: true });
  if (held.version !== run.scenarioVersion) {
    throw new InputError(
      `run ${run.id} used scenario "${run.scenarioId}" version ${run.scenarioVersion}, but the store now holds version ${held.version}: it cannot be replayed identically; run the scenario again to compare`,
    );
  }
  if (run.engineVersion !== ENGINE_VERSION) {
    throw new InputError(
      `run ${run.id} was made by engine ${run.engineVersion}; this app has engine ${ENGINE_VERSION}: run the scenario again to compare`,
    );
  }
  const design = parseDesign(JSON.parse(run.designJson));
  if (designHash(design) !== run.designHash) {
    throw new InputError(
      `run ${run.id}: its stored design does not match its hash ${run.designHash}; the run is damaged`,
    );
  }
  const historical = parseDesign(inputs.historicalDesign);
  if (inputs.crash) {
    const c = inputs.crash;
    const crash = loadCrash(store, run.scenarioId);
    if (crash === null || crash.protocols.length !== c.protocols.length) {
      throw new InputError(
        `run ${run.id} is one protocol (${c.protocol}) of a crash with ${c.protocols.length} protocols, but scenario "${run.scenarioId}" no longer has them; run it again`,
      );
    }
    const [all] = runCrash(crash, [c.designs.map((d) => parseDesign(d))], {
      seed: run.seed,
      stepSeconds: inputs.stepSeconds,
      ...(c.accounts !== null ? { accounts: c.accounts } : {}),
    });
    const mine = all!.protocols[c.index]!.result;
    const fresh = payloadBytes(
      crashPayload(crash.protocols[c.index]!.scenario, mine, crash.protocols[c.index]!.historical, c),
    );
    const differences = compareRunBytes(payloadBytes(run), fresh);
    return { runId: run.id, identical: differences.length === 0, differences, result: mine };
  }
  const { scenario } = loadScenario(store, run.scenarioId);
  const result = runReplay(scenario, design, historical, {
    seed: run.seed,
    accounts: run.accounts,
    stepSeconds: inputs.stepSeconds,
  });
  const fresh = payloadBytes(runPayload(scenario, result, historical));
  const stored = payloadBytes(run);
  const differences = compareRunBytes(stored, fresh);
  return { runId: run.id, identical: differences.length === 0, differences, result };
}

/** Stored runs, newest first. */
export function listSavedRuns(store: Store, filter: { scenarioId?: string; limit?: number } = {}): RunMeta[] {
  return listRuns(store, filter);
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
}

function exportBaseName(run: RunRecord): string {
  return `${safeName(run.scenarioId)}_${safeName(run.designId ?? run.designHash)}_seed${run.seed}_${run.accounts}acc_${safeName(run.id.slice(0, 8))}`;
}

/**
 * A stored run's per-step series as CSV: `step`, `time_utc`, then one column per series (all of
 * them, or the `columns` asked for — a chart's data). Text cells are formula-escaped, numbers are
 * written as numbers, non-finite values as empty cells.
 */
export function exportRunCsv(
  store: Store,
  runId: string,
  options: { columns?: readonly string[] } = {},
): { fileName: string; csv: string } {
  const run = getRun(store, runId);
  const summary = storedSummary(run);
  const names = options.columns ?? [...run.series.keys()];
  for (const name of names) {
    if (!run.series.has(name)) {
      throw new InputError(
        `run ${run.id} has no series "${name}" (it has: ${[...run.series.keys()].join(', ')})`,
      );
    }
  }
  const cols = names.map((n) => [n, run.series.get(n)!] as const);
  const step = summary.inputs.stepSeconds;
  function* rows(): Generator<CsvCell[]> {
    yield ['step', 'time_utc', ...names];
    for (let t = 0; t < summary.steps; t++) {
      const time = new Date((summary.startSec + t * step) * 1000).toISOString().replace('.000Z', 'Z');
      yield [
        t,
        time,
        ...cols.map(([, values]) => {
          const v = values[t];
          return v !== undefined && Number.isFinite(v) ? v : null;
        }),
      ];
    }
  }
  return { fileName: `${exportBaseName(run)}.csv`, csv: formatCsv(rows()) };
}

/**
 * A stored run as one JSON document: identity and inputs (seed, design, versions, step), summary,
 * waves, event log, notes, and the per-step series as arrays (non-finite values become null).
 */
export function exportRunJson(store: Store, runId: string): { fileName: string; json: string } {
  const run = getRun(store, runId);
  const summary = storedSummary(run);
  const doc = {
    format: 'cascade-lab-run',
    formatVersion: 1,
    id: run.id,
    createdAt: new Date(run.createdAtMs).toISOString(),
    scenario: { id: run.scenarioId, version: run.scenarioVersion, title: summary.scenarioTitle },
    design: JSON.parse(run.designJson) as unknown,
    designHash: run.designHash,
    historicalDesign: summary.inputs.historicalDesign,
    seed: run.seed,
    accounts: run.accounts,
    engineVersion: run.engineVersion,
    stepSeconds: summary.inputs.stepSeconds,
    startTime: new Date(summary.startSec * 1000).toISOString(),
    steps: summary.steps,
    calibration: summary.calibration,
    bridge: summary.bridge,
    summary: summary.summary,
    waves: run.waves,
    events: run.events,
    notes: run.notes.map((n) => ({ text: n.text, createdAt: new Date(n.createdAtMs).toISOString() })),
    series: Object.fromEntries([...run.series].map(([name, values]) => [name, Array.from(values)])),
  };
  return { fileName: `${exportBaseName(run)}.json`, json: `${JSON.stringify(doc, null, 2)}\n` };
}
