/**
 * Replay jobs: `replay.start` answers at once with a job id and the replay runs on the engine pool;
 * progress and completion go out as events, `jobs.cancel` stops it, `replay.result` fetches the
 * runs. A job is also stopped when the client that started it goes away (the call context's
 * signal). Finished runs go to the app's run cache (for export and the account autopsy).
 */
import { randomUUID } from 'node:crypto';
import type { ApiError, ApiEvent, RunView } from '../contract/api.ts';
import type { Design } from '../engine/design.ts';
import type { Scenario } from '../engine/scenario.ts';
import type { ValidationReport } from '../engine/validation.ts';
import { AppError, notFound, toApiError } from './app-errors.ts';
import type { CallContext } from './handlers.ts';
import type { EnginePool } from './pool/engine-pool.ts';
import { assertWithinBudget, costliestEstimate, runTimeBudgetSeconds } from './pool/run-budget.ts';
import type { StoredRun } from './run-view.ts';
import type { FirstReplay } from './first-replay.ts';
import type { ReplayTaskInput } from './pool/tasks.ts';
import type { StoredCrash } from './crash-service.ts';
import type { PublishedTarget } from './scenario-file/compile.ts';

type JobState = 'running' | 'done' | 'failed' | 'cancelled';

interface Job {
  id: string;
  state: JobState;
  controller: AbortController;
  runIds: string[];
  /** A validation job's report (validation.start). */
  report?: ValidationReport;
  error?: ApiError;
  /** Resolves (never rejects) when the job reaches done, failed or cancelled. */
  finished: Promise<void>;
}

export interface ReplayJobsOptions {
  pool: EnginePool;
  /** Where finished runs go (the app's run cache), and how they are read back. */
  keepRun(run: StoredRun): void;
  runView(runId: string): RunView;
  /** Finished jobs remembered for `replay.result`. */
  historySize: number;
  /** The featured crash's default run, started early and kept (first-replay.ts). */
  firstReplay?: FirstReplay;
  log(line: string): void;
}

/** Which field of a `replay.start` call a budget driver names. */
export function replayBudgetField(driverField: string, designIndex: number): string {
  return driverField === 'accounts' || driverField === 'stepSeconds'
    ? driverField
    : `designIds.${designIndex}`;
}

/**
 * Time a scenario's validation may run, seconds: its grid is a few dozen replays at the scenario's
 * default population (about a minute on two cores for the longest), so ten minutes means stuck.
 */
export const VALIDATION_BUDGET_SECONDS = 600;

export class ReplayJobs {
  readonly #jobs = new Map<string, Job>();
  #closed = false;

  constructor(private readonly options: ReplayJobsOptions) {}

  /** Checks the budget, then queues the replay; answers the job id at once. */
  start(
    req: {
      scenario: Scenario;
      historical?: Design;
      designs: Design[];
      seed: number;
      accounts?: number;
      /** Several protocols on one crash (pool/tasks.ts): every protocol, and whose design is swapped. */
      crash?: ReplayTaskInput['crash'];
    },
    ctx: CallContext,
  ): { jobId: string } {
    if (this.#closed) throw new AppError('failed', 'Cascade Lab is shutting down; no new replays');
    const run = req.accounts !== undefined ? { accounts: req.accounts } : {};
    assertWithinBudget(req.scenario, req.designs, run, replayBudgetField);
    const jobId = randomUUID();
    const controller = new AbortController();
    // The client that started the job went away: nobody will read it, so it stops.
    ctx.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const emit = (event: ApiEvent) => this.#emit(ctx, event);
    const onProgress = (done: number, total: number, label: string) =>
      emit({ type: 'job.progress', jobId, done, total, label });
    const first = this.options.firstReplay;
    const task =
      !req.crash && first?.matches(req)
        ? first.take(jobId, onProgress, controller.signal)
        : this.options.pool.run(
            'replay',
            {
              scenarioId: req.scenario.id,
              // The scenario object itself: a user scenario exists only in main's store.
              scenario: req.scenario,
              ...(req.historical ? { historical: req.historical } : {}),
              designs: req.designs,
              seed: req.seed,
              ...run,
              runIdPrefix: jobId,
              ...(req.crash ? { crash: req.crash } : {}),
            },
            {
              signal: controller.signal,
              onProgress,
              budgetSeconds: runTimeBudgetSeconds(req.designs.length * (req.crash?.names.length ?? 1)),
              estimate: costliestEstimate(req.scenario, req.designs, run),
              budgetField: 'designIds',
            },
          );
    const job: Job = { id: jobId, state: 'running', controller, runIds: [], finished: Promise.resolve() };
    job.finished = task.then(
      (stored) => {
        for (const r of stored) this.options.keepRun(r);
        job.runIds = stored.map((r) => r.view.runId);
        job.state = 'done';
        emit({ type: 'job.done', jobId, ok: true });
      },
      (e: unknown) => this.#failed(job, e, emit),
    );
    void job.finished.finally(() => this.#forgetOld());
    this.#jobs.set(jobId, job);
    emit({ type: 'job.progress', jobId, done: 0, total: 1, label: 'queued' });
    return { jobId };
  }

  /**
   * Queues the validation of a scenario (a bounded grid of replays, engine/validation.ts) on
   * the pool, with the same progress, cancel and client-gone rules as a replay; answers the job id.
   */
  startValidation(
    scenario: Scenario,
    ctx: CallContext,
    historical?: Design,
    crash?: { crash: StoredCrash; targets: PublishedTarget[] },
  ): { jobId: string } {
    if (this.#closed) throw new AppError('failed', 'Cascade Lab is shutting down; no new validations');
    const jobId = randomUUID();
    const controller = new AbortController();
    ctx.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const emit = (event: ApiEvent) => this.#emit(ctx, event);
    const task = this.options.pool.run(
      'validate',
      // A user scenario travels whole (it exists only in main's store), with its calibration design.
      crash
        ? { scenarioId: scenario.id, crash }
        : historical
          ? { scenarioId: scenario.id, scenario, historical }
          : { scenarioId: scenario.id },
      {
        signal: controller.signal,
        onProgress: (done, total, label) => emit({ type: 'job.progress', jobId, done, total, label }),
        budgetSeconds: VALIDATION_BUDGET_SECONDS,
        budgetField: 'scenarioId',
      },
    );
    const job: Job = { id: jobId, state: 'running', controller, runIds: [], finished: Promise.resolve() };
    job.finished = task.then(
      (report) => {
        job.report = report;
        job.state = 'done';
        emit({ type: 'job.done', jobId, ok: true });
      },
      (e: unknown) => this.#failed(job, e, emit),
    );
    void job.finished.finally(() => this.#forgetOld());
    this.#jobs.set(jobId, job);
    emit({ type: 'job.progress', jobId, done: 0, total: 1, label: 'queued' });
    return { jobId };
  }

  /** Answers when the job has finished (immediately if it has). */
  async result(jobId: string): Promise<RunView[]> {
    const job = await this.#finished(jobId);
    return job.runIds.map((id) => this.options.runView(id));
  }

  /** The report of a finished validation job. */
  async validationResult(jobId: string): Promise<ValidationReport> {
    const job = await this.#finished(jobId);
    if (!job.report) throw notFound(`job "${jobId}" is not a validation`, 'jobId');
    return job.report;
  }

  async #finished(jobId: string): Promise<Job> {
    const job = this.#jobs.get(jobId);
    if (!job)
      throw notFound(`no job "${jobId}" (it never existed, or it finished long ago; run it again)`, 'jobId');
    await job.finished;
    if (job.state !== 'done') {
      const error = job.error ?? { code: 'failed', message: `job ${jobId} did not finish` };
      throw new AppError(error.code, error.message, error.field);
    }
    return job;
  }

  #failed(job: Job, e: unknown, emit: (event: ApiEvent) => void): void {
    const error = toApiError(e);
    job.state = error.code === 'cancelled' ? 'cancelled' : 'failed';
    job.error = error;
    if (error.code === 'failed')
      this.options.log(`cascade-lab: job ${job.id} failed: ${(e as Error)?.stack ?? String(e)}`);
    emit({ type: 'job.done', jobId: job.id, ok: false, error });
  }

  cancel(jobId: string): { cancelled: boolean } {
    const job = this.#jobs.get(jobId);
    if (!job) throw notFound(`no job "${jobId}"`, 'jobId');
    if (job.state !== 'running') return { cancelled: false };
    job.controller.abort();
    return { cancelled: true };
  }

  /** Stops every job (the pool's close stops the workers). */
  close(): void {
    this.#closed = true;
    for (const job of this.#jobs.values()) job.controller.abort();
  }

  #emit(ctx: CallContext, event: ApiEvent): void {
    if (this.#closed) return;
    try {
      ctx.emit(event);
    } catch (e) {
      this.options.log(`cascade-lab: could not deliver a ${event.type} event: ${(e as Error).message}`);
    }
  }

  #forgetOld(): void {
    const finished = [...this.#jobs.values()].filter((j) => j.state !== 'running');
    for (let i = 0; i < finished.length - this.options.historySize; i++) this.#jobs.delete(finished[i]!.id);
  }
}
