/**
 * Re-runs a finished replay's design with one account tracked, so the account autopsy can show its
 * health at every step and every bid in its auctions. Deterministic: same scenario, design, seed,
 * population size and calibrated path as the stored run, so the tracked account lives through
 * exactly the run the user saw. It runs on the engine pool in the app (pool/tasks.ts).
 */
import { parseDesign } from '../engine/design.ts';
import type { Scenario } from '../engine/scenario.ts';
import { simulate } from '../engine/simulate.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { simulateMulti } from '../engine/simulation/multi.ts';
import type { CrashRerun, RunRecords, StoredRun } from './run-view.ts';
import { trackedRecords } from './run-view.ts';
import { AccountAuctionWatch } from './auction-watch.ts';
import { notFound } from './app-errors.ts';

/** What re-running one account needs (plain data: it crosses to a worker). */
export interface AccountRerunRequest {
  scenarioId: string;
  /** The scenario itself when it is not built in (a user scenario, from main's store). */
  scenario?: Scenario;
  design: unknown;
  fundamentalLog: number[][];
  seed: number;
  accounts: number;
  stepSeconds: number;
  account: number;
  /** A run of one protocol of a crash with several: the whole crash is re-run (run-view.ts). */
  crash?: CrashRerun;
}

export interface AccountRerunResult {
  tracked: RunRecords['tracked'];
  bids: RunRecords['bids'];
}

/** The request that re-runs `account` of a stored run. */
export function rerunRequest(stored: StoredRun, account: number, scenario?: Scenario): AccountRerunRequest {
  const { view, records } = stored;
  return {
    scenarioId: view.scenarioId,
    ...(scenario && !BUILTIN_SCENARIOS.has(scenario.id) ? { scenario } : {}),
    design: records.rerun.design,
    fundamentalLog: records.rerun.fundamentalLog,
    seed: view.seed,
    accounts: view.accounts,
    stepSeconds: view.stepSeconds,
    account,
    ...(records.rerun.crash ? { crash: records.rerun.crash } : {}),
  };
}

/** True when the autopsy of `account` still needs a re-run (in range and not tracked yet). */
export function needsRerun(stored: StoredRun, account: number): boolean {
  return (
    Number.isSafeInteger(account) &&
    account >= 0 &&
    account < stored.view.accounts &&
    !stored.records.tracked.some((t) => t.account === account)
  );
}

/** Re-runs one account: its collateral and debt at every step, and its auctions' bids. */
export function rerunAccount(
  req: AccountRerunRequest,
  hooks: {
    onProgress?: (done: number, total: number, label: string) => void;
    shouldCancel?: () => boolean;
  } = {},
): AccountRerunResult {
  if (req.crash) return rerunCrashAccount(req, req.crash, hooks);
  const scenario: Scenario | undefined = req.scenario ?? BUILTIN_SCENARIOS.get(req.scenarioId);
  if (!scenario) throw notFound(`no scenario "${req.scenarioId}" to re-run`, 'runId');
  const design = parseDesign(req.design);
  const timeline = buildTimeline(scenario, req.stepSeconds, req.seed);
  const watch = new AccountAuctionWatch(req.account);
  const stop = watch.start();
  const label = `re-running account ${req.account}`;
  try {
    const run = simulate({
      scenario,
      design,
      timeline,
      fundamentalLog: req.fundamentalLog.map((p) => Float64Array.from(p)),
      seed: req.seed,
      accounts: req.accounts,
      trackAccounts: [req.account],
      onStep: (s) => {
        watch.afterStep(s.step);
        if ((s.step & 127) === 0) hooks.onProgress?.(s.step, timeline.steps, label);
      },
      ...(hooks.shouldCancel ? { shouldCancel: hooks.shouldCancel } : {}),
    });
    return { tracked: trackedRecords(run.tracked), bids: watch.bids };
  } finally {
    stop();
  }
}

/** Re-runs the whole crash with one account of protocol `crash.index` tracked. */
function rerunCrashAccount(
  req: AccountRerunRequest,
  crash: CrashRerun,
  hooks: {
    onProgress?: (done: number, total: number, label: string) => void;
    shouldCancel?: () => boolean;
  },
): AccountRerunResult {
  const designs = crash.designs.map((d) => parseDesign(d));
  const timeline = buildTimeline(crash.scenarios[0]!, req.stepSeconds, req.seed);
  const watch = new AccountAuctionWatch(req.account);
  // One auction book per protocol whose mechanism holds auctions, made in protocol order.
  const booksBefore = designs
    .slice(0, crash.index)
    .filter((d) => d.liquidation.kind === 'english-auction' || d.liquidation.kind === 'dutch-auction').length;
  const stop = watch.start(booksBefore);
  const label = `re-running account ${req.account}`;
  try {
    const runs = simulateMulti({
      protocols: crash.scenarios.map((scenario, j) => ({
        scenario,
        design: designs[j]!,
        accounts: crash.accounts[j]!,
        ...(j === crash.index ? { trackAccounts: [req.account] } : {}),
      })),
      timeline,
      fundamentalLog: req.fundamentalLog.map((p) => Float64Array.from(p)),
      seed: req.seed,
      onStep: (j, s) => {
        if (j !== crash.index) return;
        watch.afterStep(s.step);
        if ((s.step & 127) === 0) hooks.onProgress?.(s.step, timeline.steps, label);
      },
      ...(hooks.shouldCancel ? { shouldCancel: hooks.shouldCancel } : {}),
    });
    return { tracked: trackedRecords(runs[crash.index]!.tracked), bids: watch.bids };
  } finally {
    stop();
  }
}

/** Adds what `rerunAccount` found to the stored run's records. */
export function addRerun(stored: StoredRun, result: AccountRerunResult): void {
  stored.records.tracked.push(...result.tracked);
  stored.records.bids.push(...result.bids);
}

/**
 * Re-runs `account` of a stored run on this thread and adds it to the records (no-op if already
 * there). Tests and the in-process fallback use it; the app runs `rerunAccount` in a worker.
 */
export function trackAccountInRun(stored: StoredRun, scenario: Scenario, account: number): void {
  if (!needsRerun(stored, account) || scenario.id !== stored.view.scenarioId) return;
  addRerun(stored, rerunAccount(rerunRequest(stored, account, scenario)));
}
