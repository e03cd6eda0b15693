/**
 * Re-runs a finished replay's design with one account tracked, so the account autopsy can show its
 * health at every step and every bid in its auctions. Deterministic: same scenario, design, seed,
 * population size and calibrated path as the stored run, so the tracked account lives through
 * exactly the run the user saw.
 */
import { parseDesign } from '../engine/design.ts';
import type { Scenario } from '../engine/scenario.ts';
import { simulate } from '../engine/simulate.ts';
import { buildTimeline } from '../engine/timeline.ts';
import type { StoredRun } from './run-view.ts';
import { trackedRecords } from './run-view.ts';
import { AccountAuctionWatch } from './auction-watch.ts';

/**
 * Adds `account`'s tracked series to `stored.records.tracked` and its auctions' bids to
 * `stored.records.bids` (no-op if already there). `shouldCancel` is polled by the engine.
 */
export function trackAccountInRun(
  stored: StoredRun,
  scenario: Scenario,
  account: number,
  hooks: { shouldCancel?: () => boolean } = {},
): void {
  if (stored.records.tracked.some((t) => t.account === account)) return;
  const { view, records } = stored;
  if (!Number.isSafeInteger(account) || account < 0 || account >= view.accounts) return;
  const design = parseDesign(records.rerun.design);
  const timeline = buildTimeline(scenario, view.stepSeconds, view.seed);
  const watch = new AccountAuctionWatch(account);
  const stop = watch.start();
  let run;
  try {
    run = simulate({
      scenario,
      design,
      timeline,
      fundamentalLog: records.rerun.fundamentalLog.map((p) => Float64Array.from(p)),
      seed: view.seed,
      accounts: view.accounts,
      trackAccounts: [account],
      onStep: (s) => watch.afterStep(s.step),
      ...(hooks.shouldCancel ? { shouldCancel: hooks.shouldCancel } : {}),
    });
  } finally {
    stop();
  }
  records.tracked.push(...trackedRecords(run.tracked));
  records.bids.push(...watch.bids);
}
