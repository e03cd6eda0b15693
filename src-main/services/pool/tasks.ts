/**
 * The engine pool's task kinds: what each takes and answers, the function that runs it (in a
 * worker thread, or on the calling thread in the in-process fallback), and the worker entry that
 * hosts it. A new kind (a sweep's short runs, say) adds a line to each of the three maps: its
 * types to EngineTasks, its handler to TASK_HANDLERS, and its entry to TASK_ENTRIES — a kind with
 * heavy dependencies of its own can name its own bundled entry file there.
 *
 * Handlers are pure of the pool: plain input in, plain (structured-cloneable) output out, progress
 * and cancellation through the hooks, which the engine polls every 64 steps.
 */
import type { Design } from '../../engine/design.ts';
import type { Scenario } from '../../engine/scenario.ts';
import type { ValidationReport } from '../../engine/validation.ts';
import type { AccountRerunRequest, AccountRerunResult } from '../account-rerun.ts';
import { rerunAccount } from '../account-rerun.ts';
import type { CrashProtocol } from '../../engine/replay-multi.ts';
import type { StoredCrash } from '../crash-service.ts';
import { runCrash } from '../crash-service.ts';
import { getScenario, runReplays } from '../replay-service.ts';
import { runValidation } from '../validation-service.ts';
import { validateCrash } from '../crash-validation.ts';
import type { PublishedTarget } from '../scenario-file/compile.ts';
import type { SweepRunResult, SweepTask } from '../sweep/sweep-run.ts';
import { executeSweepTask } from '../sweep/sweep-run.ts';
import type { StoredRun } from '../run-view.ts';
import { toStoredRun } from '../run-view.ts';

/** A replay: designs already resolved and validated in main, run on one calibration. */
export interface ReplayTaskInput {
  scenarioId: string;
  /** The scenario and its calibration design, resolved in main (user scenarios live in the store). */
  scenario?: Scenario;
  historical?: Design;
  designs: Design[];
  seed: number;
  accounts?: number;
  stepSeconds?: number;
  /** Run ids are `<runIdPrefix>-<index of the design>` (a crash: `-<design>-<protocol>`). */
  runIdPrefix: string;
  /**
   * A crash with several protocols on the same venues: every protocol (its scenario and historical
   * design); `designs` replace protocol `protocol`'s design, one run of the crash per design.
   */
  crash?: { names: string[]; scenarios: Scenario[]; historicals: Design[]; protocol: number };
}

/** Every task kind: its input and its output. */
export interface EngineTasks {
  replay: { input: ReplayTaskInput; output: StoredRun[] };
  /** A finished run re-run with one account tracked: its health over time and its auctions' bids. */
  'track-account': { input: AccountRerunRequest; output: AccountRerunResult };
  /**
   * A scenario's validation grid (services/validation-service.ts); a crash with several protocols
   * with its published targets (services/crash-validation.ts).
   */
  validate: {
    input: {
      scenarioId: string;
      scenario?: Scenario;
      historical?: Design;
      crash?: { crash: StoredCrash; targets: PublishedTarget[] };
    };
    output: ValidationReport;
  };
  /** A batch of a sweep's short runs (services/sweep/sweep-run.ts). */
  sweep: { input: SweepTask; output: SweepRunResult[] };
}
export type TaskKind = keyof EngineTasks;
export type TaskInput<K extends TaskKind> = EngineTasks[K]['input'];
export type TaskOutput<K extends TaskKind> = EngineTasks[K]['output'];

/** What a running task may tell and ask. */
export interface TaskHooks {
  onProgress(done: number, total: number, label: string): void;
  /** True once the task should stop (cancelled, or over its time budget). */
  shouldCancel(): boolean;
}

export type TaskHandler<K extends TaskKind> = (input: TaskInput<K>, hooks: TaskHooks) => TaskOutput<K>;

function runReplayTask(input: ReplayTaskInput, hooks: TaskHooks): StoredRun[] {
  if (input.crash) return runCrashTask(input, input.crash, hooks);
  const scenario = input.scenario ?? getScenario(input.scenarioId);
  const results = runReplays({
    scenarioId: input.scenarioId,
    scenario,
    ...(input.historical ? { historical: input.historical } : {}),
    designs: input.designs,
    seed: input.seed,
    ...(input.accounts !== undefined ? { accounts: input.accounts } : {}),
    ...(input.stepSeconds !== undefined ? { stepSeconds: input.stepSeconds } : {}),
    onProgress: hooks.onProgress,
    shouldCancel: hooks.shouldCancel,
  });
  return results.map((r, i) => toStoredRun(r, `${input.runIdPrefix}-${i}`, scenario));
}

/** Every protocol's run of every design set, in order: design 0's protocols, then design 1's, … */
function runCrashTask(
  input: ReplayTaskInput,
  crash: NonNullable<ReplayTaskInput['crash']>,
  hooks: TaskHooks,
): StoredRun[] {
  const protocols: CrashProtocol[] = crash.names.map((name, k) => ({
    name,
    scenario: crash.scenarios[k]!,
    historical: crash.historicals[k]!,
  }));
  const results = runCrash(
    { id: input.scenarioId, version: crash.scenarios[0]!.version, protocols },
    input.designs.map((d) => protocols.map((p, k) => (k === crash.protocol ? d : p.historical))),
    {
      seed: input.seed,
      ...(input.accounts !== undefined ? { accounts: input.accounts } : {}),
      ...(input.stepSeconds !== undefined ? { stepSeconds: input.stepSeconds } : {}),
      onProgress: hooks.onProgress,
      shouldCancel: hooks.shouldCancel,
    },
  );
  return results.flatMap((r, i) =>
    r.protocols.map((p, k) => {
      const run = toStoredRun(p.result, `${input.runIdPrefix}-${i}-${k}`, crash.scenarios[k]!);
      run.records.rerun.crash = {
        scenarios: crash.scenarios,
        designs: r.protocols.map((q) => q.result.design),
        accounts: r.protocols.map((q) => q.result.accounts),
        index: k,
      };
      run.view.crash = {
        protocol: p.name,
        protocols: crash.names,
        designSet: i,
        swapped: crash.names[crash.protocol]!,
        total: r.total,
      };
      return run;
    }),
  );
}

export const TASK_HANDLERS: { [K in TaskKind]: TaskHandler<K> } = {
  replay: runReplayTask,
  'track-account': rerunAccount,
  validate: (input, hooks) =>
    input.crash
      ? validateCrash(input.crash.crash, input.crash.targets, hooks)
      : runValidation(
          input.scenarioId,
          hooks,
          input.scenario && input.historical
            ? { scenario: input.scenario, historical: input.historical }
            : undefined,
        ),
  sweep: (input, hooks) => executeSweepTask(input, hooks.shouldCancel),
};

/** The bundled worker file (beside the main bundle in build/main) and the export that runs a kind. */
export const ENGINE_WORKER_FILE = 'engine-worker.js';
export const TASK_ENTRIES: { [K in TaskKind]: { file: string; exportName: string } } = {
  replay: { file: ENGINE_WORKER_FILE, exportName: 'replay' },
  'track-account': { file: ENGINE_WORKER_FILE, exportName: 'trackAccount' },
  validate: { file: ENGINE_WORKER_FILE, exportName: 'validate' },
  sweep: { file: ENGINE_WORKER_FILE, exportName: 'sweep' },
};
