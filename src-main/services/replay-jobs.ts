/**
 * Runs replays off main's event loop. `WorkerReplayExecutor` starts one worker thread per job
 * (build/main/worker.js, bundled from worker.ts) and cancels through a flag in a SharedArrayBuffer
 * that the engine polls every 64 steps; a worker that does not stop within a grace period is
 * terminated. `InProcessReplayExecutor` is a fallback for unit tests run from TypeScript sources,
 * where no worker bundle exists: it BLOCKS the event loop while it runs and can only cancel a job
 * that has not started, so no host uses it when the bundle is present.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ApiError } from '../contract/api.ts';
import type { Design } from '../engine/design.ts';
import type { Scenario } from '../engine/scenario.ts';
import { AppError, toApiError } from './app-errors.ts';
import { getScenario, runReplays } from './replay-service.ts';
import type { StoredRun } from './run-view.ts';
import { toStoredRun } from './run-view.ts';

/** What a replay job runs: designs already resolved and validated in main. */
export interface ReplayJobRequest {
  scenarioId: string;
  /** The scenario and its calibration design, resolved in main (user scenarios live in the store). */
  scenario?: Scenario;
  historical?: Design;
  designs: Design[];
  seed: number;
  accounts?: number;
  /** Run ids are `<runIdPrefix>-<index of the design>`. */
  runIdPrefix: string;
}

/** Messages a replay worker posts to main. */
export type ReplayWorkerMessage =
  | { type: 'progress'; done: number; total: number; label: string }
  | { type: 'done'; runs: StoredRun[] }
  | { type: 'error'; error: ApiError };

/** The worker's `workerData`. */
export interface ReplayWorkerData {
  request: ReplayJobRequest;
  /** Int32Array over a SharedArrayBuffer; main stores 1 at index 0 to ask the run to stop. */
  cancelFlag: Int32Array;
}

/** Runs a replay job to stored runs (the worker's body; also the in-process fallback). */
export function executeReplayJob(
  request: ReplayJobRequest,
  hooks: { onProgress?: (done: number, total: number, label: string) => void; shouldCancel?: () => boolean },
): StoredRun[] {
  const scenario = request.scenario ?? getScenario(request.scenarioId);
  const results = runReplays({
    scenarioId: request.scenarioId,
    scenario,
    ...(request.historical ? { historical: request.historical } : {}),
    designs: request.designs,
    seed: request.seed,
    ...(request.accounts !== undefined ? { accounts: request.accounts } : {}),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.shouldCancel ? { shouldCancel: hooks.shouldCancel } : {}),
  });
  return results.map((r, i) => toStoredRun(r, `${request.runIdPrefix}-${i}`, scenario));
}

export interface ReplayJobHandle {
  /** Resolves with the runs; rejects with an AppError ('cancelled', 'invalid-input', 'failed', …). */
  readonly result: Promise<StoredRun[]>;
  /** Asks the job to stop; the result then rejects with code 'cancelled'. Idempotent. */
  cancel(): void;
}

export interface ReplayExecutor {
  /** A short name for logs: 'worker' or 'in-process'. */
  readonly kind: string;
  start(
    request: ReplayJobRequest,
    onProgress: (done: number, total: number, label: string) => void,
  ): ReplayJobHandle;
  /** Stops every job still running (host shutdown). */
  close(): Promise<void>;
}

const cancelledError = () => new AppError('cancelled', 'the job was cancelled');

/** One worker thread per job. */
export class WorkerReplayExecutor implements ReplayExecutor {
  readonly kind = 'worker';
  readonly #workers = new Set<Worker>();

  /**
   * @param workerUrl the bundled worker (build/main/worker.js).
   * @param cancelGraceMs how long a cancelled worker may take to notice its flag before it is terminated.
   */
  constructor(
    readonly workerUrl: URL,
    private readonly cancelGraceMs = 2000,
  ) {}

  start(
    request: ReplayJobRequest,
    onProgress: (done: number, total: number, label: string) => void,
  ): ReplayJobHandle {
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const data: ReplayWorkerData = { request, cancelFlag };
    const worker = new Worker(this.workerUrl, { workerData: data });
    this.#workers.add(worker);
    let cancelRequested = false;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const result = new Promise<StoredRun[]>((resolve, reject) => {
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        if (graceTimer) clearTimeout(graceTimer);
        this.#workers.delete(worker);
        fn();
        // The worker has said all it will say; make sure its thread is gone.
        void worker.terminate();
      };
      worker.on('message', (msg: ReplayWorkerMessage) => {
        if (msg.type === 'progress') {
          if (!settled && !cancelRequested) onProgress(msg.done, msg.total, msg.label);
        } else if (msg.type === 'done') {
          settle(() => (cancelRequested ? reject(cancelledError()) : resolve(msg.runs)));
        } else if (msg.type === 'error') {
          settle(() => reject(new AppError(msg.error.code, msg.error.message, msg.error.field)));
        }
      });
      worker.on('error', (e) =>
        settle(() =>
          reject(cancelRequested ? cancelledError() : new AppError('failed', toApiError(e).message)),
        ),
      );
      worker.on('exit', (code) =>
        settle(() =>
          reject(
            cancelRequested
              ? cancelledError()
              : new AppError('failed', `the replay worker stopped unexpectedly (exit code ${code})`),
          ),
        ),
      );
    });

    return {
      result,
      cancel: () => {
        if (settled || cancelRequested) return;
        cancelRequested = true;
        Atomics.store(cancelFlag, 0, 1);
        // Last resort: a worker stuck outside the engine's polling loop is terminated.
        graceTimer = setTimeout(() => void worker.terminate(), this.cancelGraceMs);
        graceTimer.unref();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((w) => w.terminate()));
    this.#workers.clear();
  }
}

/**
 * FALLBACK FOR UNIT TESTS ONLY: runs the job on the calling thread (blocking it) on the next turn
 * of the event loop. Cancel works only before the job starts.
 */
export class InProcessReplayExecutor implements ReplayExecutor {
  readonly kind = 'in-process';

  start(
    request: ReplayJobRequest,
    onProgress: (done: number, total: number, label: string) => void,
  ): ReplayJobHandle {
    let cancelled = false;
    const result = new Promise<StoredRun[]>((resolve, reject) => {
      setImmediate(() => {
        if (cancelled) return reject(cancelledError());
        try {
          resolve(executeReplayJob(request, { onProgress, shouldCancel: () => cancelled }));
        } catch (e) {
          const error = toApiError(e);
          reject(new AppError(error.code, error.message, error.field));
        }
      });
    });
    return {
      result,
      cancel: () => {
        cancelled = true;
      },
    };
  }

  async close(): Promise<void> {}
}

/** The worker bundle next to the running bundle (build/main/worker.js), if there is one. */
export function bundledWorkerUrl(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * The executor a host should use: worker threads from `workerUrl` (or the bundle beside this
 * module). Without a bundle — only when running from TypeScript sources, as in vitest — it falls
 * back to the blocking in-process executor and says so through `warn`.
 */
export function defaultReplayExecutor(
  workerUrl?: URL,
  warn: (line: string) => void = console.warn,
): ReplayExecutor {
  const url = workerUrl ?? bundledWorkerUrl();
  if (url) return new WorkerReplayExecutor(url);
  warn(
    'cascade-lab: IN-PROCESS REPLAY FALLBACK — no worker bundle next to this module (run `node src-main/tools/build-main.js`); replays will block the event loop.',
  );
  return new InProcessReplayExecutor();
}
