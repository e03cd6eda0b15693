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
import type { RunRecords, StoredRun } from './run-view.ts';
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
