/**
 * Replays of a user scenario with several protocols on one crash (engine/replay-multi.ts): every
 * protocol with its own population, design and oracle, all on the same venues, so one protocol's
 * sales move the others' prices. Results per protocol and in total; a comparison swaps ONE
 * protocol's design at a time on one shared calibration. Same bounds as every run (numbers checked,
 * designs fit-checked, budgets). Hosts (CLI, app) and engine workers call these; nothing here prints
 * or touches the store (crash-store.ts loads a crash from it).
 */
import type { Design } from '../engine/design.ts';
import type { CrashProtocol, MultiReplayOptions, MultiReplayResult } from '../engine/replay-multi.ts';
import { calibrateMulti, runMultiOnCalibration } from '../engine/replay-multi.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { fitRefusal } from './fit-check.ts';
import {
  assertWithinBudget,
  costliestEstimate,
  runTimeBudgetSeconds,
  withinTimeBudget,
} from './pool/run-budget.ts';
import {
  InputError,
  assertDesignRunnable,
  assertFiniteReport,
  reportJson,
  validateRunNumbers,
} from './replay-service.ts';

export type { MultiReplayResult };

/** A stored scenario with several protocols, ready to run. */
export interface StoredCrash {
  id: string;
  version: number;
  protocols: CrashProtocol[];
}

/** The index of protocol `name` (exact), or an InputError listing the protocols. */
export function protocolIndex(crash: StoredCrash, name: string, field = '--protocol'): number {
  const k = crash.protocols.findIndex((p) => p.name === name);
  if (k < 0) {
    throw new InputError(
      `${field} ${name}: scenario "${crash.id}" has no protocol of that name (its protocols: ${crash.protocols.map((p) => p.name).join(', ')})`,
    );
  }
  return k;
}

export interface CrashRunRequest {
  seed: number;
  /** Accounts of every protocol (default: each population's; positions files run their positions). */
  accounts?: number;
  stepSeconds?: number;
  shouldCancel?: () => boolean;
  onProgress?: (done: number, total: number, label: string) => void;
}

function checkRequest(crash: StoredCrash, req: CrashRunRequest, designs: Design[][]): void {
  crash.protocols.forEach((p, k) => {
    try {
      validateRunNumbers(req, p.scenario);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`protocol ${p.name}: ${e.message}`);
      throw e;
    }
    const mine = designs.map((set) => set[k]!);
    for (const d of mine) assertDesignRunnable(d);
    const refused = fitRefusal(p.scenario, mine);
    if (refused) throw new InputError(`protocol ${p.name}: ${refused}`);
    assertWithinBudget(p.scenario, mine, runOf(req));
  });
}

function runOf(req: CrashRunRequest): { accounts?: number; stepSeconds?: number } {
  return {
    ...(req.accounts !== undefined ? { accounts: req.accounts } : {}),
    ...(req.stepSeconds !== undefined ? { stepSeconds: req.stepSeconds } : {}),
  };
}

/**
 * Runs the crash once per design set (each set: one design per protocol) on one calibration under
 * every protocol's historical design; bounded by the run budget like every replay.
 */
export function runCrash(
  crash: StoredCrash,
  designSets: Design[][],
  req: CrashRunRequest,
): MultiReplayResult[] {
  checkRequest(crash, req, designSets);
  const opts: MultiReplayOptions = {
    seed: req.seed,
    ...(req.stepSeconds !== undefined ? { stepSeconds: req.stepSeconds } : {}),
    ...(req.accounts !== undefined ? { accountsPerProtocol: crash.protocols.map(() => req.accounts!) } : {}),
  };
  const first = crash.protocols[0]!.scenario;
  const estimate = costliestEstimate(
    first,
    crash.protocols.map((p) => p.historical),
    runOf(req),
  );
  return withinTimeBudget(
    runTimeBudgetSeconds((designSets.length + 1) * crash.protocols.length),
    estimate,
    (shouldCancel) => {
      let timeline;
      try {
        timeline = buildTimeline(first, req.stepSeconds ?? first.defaultStepSeconds, req.seed);
      } catch (e) {
        if (e instanceof RangeError) throw new InputError(e.message);
        throw e;
      }
      const run = { ...opts, shouldCancel };
      const cal = calibrateMulti(crash.protocols, timeline, run);
      return designSets.map((set, i) => {
        req.onProgress?.(i + 1, designSets.length, `replaying design set ${i + 1}`);
        return runMultiOnCalibration(crash.protocols, set, timeline, cal, run);
      });
    },
    req.shouldCancel,
  );
}

/** Every protocol's historical design, with protocol `k`'s replaced by `design` (k < 0: none replaced). */
export function designSet(crash: StoredCrash, k: number, design?: Design): Design[] {
  return crash.protocols.map((p, i) => (i === k && design ? design : p.historical));
}

/** The public JSON report of a crash's replay: each protocol's report, then the totals. */
export function crashReportJson(r: MultiReplayResult) {
  const t = r.total;
  const iso = (step: number): string | null =>
    step < 0
      ? null
      : new Date((r.protocols[0]!.result.timeline.startSec + step * r.stepSeconds) * 1000)
          .toISOString()
          .replace('.000Z', 'Z');
  const at = (x: typeof t.insolvency.atOracle) => ({
    peakAccounts: x.peakAccounts,
    peakAccountsAt: iso(x.peakAccountsStep),
    peakShortfallUsd: x.peakShortfallUsd,
    peakShortfallAt: iso(x.peakShortfallStep),
    accountsAtPeakShortfall: x.accountsAtPeakShortfall,
    endAccounts: x.endAccounts,
    endShortfallUsd: x.endShortfallUsd,
  });
  return assertFiniteReport({
    scenario: r.scenarioId,
    scenarioVersion: r.scenarioVersion,
    seed: r.seed,
    engineVersion: r.engineVersion,
    stepSeconds: r.stepSeconds,
    sharedVenues:
      'every protocol trades on the same venues: the price each sees carries the impact of all their forced flows',
    protocols: r.protocols.map((p) => ({
      protocol: p.name,
      historicalDesign: p.historicalDesign,
      ...reportJson(p.result),
    })),
    total: {
      accounts: t.accounts,
      liquidatedUsd: t.liquidatedUsd,
      accountsLiquidated: t.accountsLiquidated,
      badDebtUsd: t.badDebtUsd,
      unrealisedBadDebt: {
        note: 'every protocol’s accounts underwater and their shortfall, summed step by step: the worst step and the end',
        atOracle: at(t.insolvency.atOracle),
        atMarket: at(t.insolvency.atMarket),
      },
    },
  });
}
