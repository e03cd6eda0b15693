/**
 * Where a sweep's tasks run. `SweepExecutor` is the one seam: in the app, the host's one engine pool
 * (`EnginePoolSweepExecutor`, pool/engine-pool.ts: sweeps share its threads and its bound with
 * replays and every other engine job); on the command line, a pool of its own (piscina, a warm
 * worker thread per core, bundled entry build/main/sweep-worker.js); the in-process fallback for
 * unit tests run from TypeScript sources; and the BullMQ queue (sweep-queue.ts).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { piscinaClass } from '../piscina-class.ts';
import type { EnginePool } from '../pool/engine-pool.ts';
import { runTimeBudgetSeconds } from '../pool/run-budget.ts';
import type { SweepRunResult, SweepTask } from './sweep-run.ts';
import { executeSweepTask } from './sweep-run.ts';

export interface SweepExecutor {
  /** 'pool', 'in-process' or 'queue'. */
  readonly kind: string;
  /** Tasks it runs at once (what the time estimate divides by). */
  readonly concurrency: number;
  /** Runs one task; rejects with a `SweepCancelled` when `signal` aborts first. */
  run(task: SweepTask, signal: AbortSignal): Promise<SweepRunResult[]>;
  close(): Promise<void>;
}

export class SweepCancelled extends Error {
  constructor() {
    super('the sweep was stopped');
    this.name = 'SweepCancelled';
  }
}

/** The sweep worker bundle beside the running bundle (build/main/sweep-worker.js), if there is one. */
export function bundledSweepWorkerUrl(): URL | undefined {
  const url = new URL('./sweep-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * V8 flags of a process whose sweep worker threads keep every core busy (the command line relaunches
 * itself with them, cli/relaunch.ts): no garbage-collector or compiler helper threads taking CPU from
 * the workers. `npm run bench` prints the sweep scaling with and without them.
 */
export const SWEEP_V8_FLAGS: readonly string[] = ['--single-threaded'];

/** Cores to use by default: every core the OS reports (at least one). */
export function defaultWorkerCount(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * A warm pool of worker threads (piscina): workers start once and keep their calibration caches.
 * Give it a worker URL to own a pool of `threads` threads, or an existing (shared) Piscina pool: its
 * tasks then name this module's worker file per task (`filename`), so one pool serves every kind of
 * engine job, and `close()` leaves the shared pool running.
 */
export class PiscinaSweepExecutor implements SweepExecutor {
  readonly kind = 'pool';
  readonly concurrency: number;
  readonly #pool: Piscina;
  readonly #owned: boolean;
  readonly #filename: string | undefined;

  constructor(workerUrl: URL, threads: number, shared?: Piscina) {
    this.concurrency = threads;
    this.#owned = shared === undefined;
    this.#filename = shared ? workerUrl.href : undefined;
    this.#pool =
      shared ??
      new (piscinaClass())({
        filename: workerUrl.href,
        minThreads: threads,
        maxThreads: threads,
        // Tasks are long (whole simulations): one at a time per thread, the rest wait in the queue.
        concurrentTasksPerWorker: 1,
        idleTimeout: 60_000,
      });
  }

  async run(task: SweepTask, signal: AbortSignal): Promise<SweepRunResult[]> {
    try {
      return (await this.#pool.run(task, {
        signal,
        ...(this.#filename ? { filename: this.#filename } : {}),
      })) as SweepRunResult[];
    } catch (e) {
      if (signal.aborted) throw new SweepCancelled();
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#pool.destroy();
  }
}

/**
 * The app's executor: the host's engine pool (its threads, its bound of cores − 1, its cancel and
 * its time budget, here per run of the task). Closing it leaves the pool to its owner.
 */
export class EnginePoolSweepExecutor implements SweepExecutor {
  readonly kind = 'pool';

  constructor(private readonly pool: EnginePool) {}

  get concurrency(): number {
    return this.pool.stats().maxThreads;
  }

  async run(task: SweepTask, signal: AbortSignal): Promise<SweepRunResult[]> {
    try {
      return await this.pool.run('sweep', task, {
        signal,
        budgetSeconds: runTimeBudgetSeconds(Math.max(1, task.runs.length)),
      });
    } catch (e) {
      if (signal.aborted) throw new SweepCancelled();
      throw e;
    }
  }

  async close(): Promise<void> {}
}

/**
 * FALLBACK FOR UNIT TESTS: runs tasks one after another on the calling thread (blocking it) on the
 * next turns of the event loop. Used only where no worker bundle exists (TypeScript sources).
 */
export class InProcessSweepExecutor implements SweepExecutor {
  readonly kind = 'in-process';
  readonly concurrency = 1;
  #chain: Promise<unknown> = Promise.resolve();

  run(task: SweepTask, signal: AbortSignal): Promise<SweepRunResult[]> {
    const next = this.#chain.then(
      () =>
        new Promise<SweepRunResult[]>((resolve, reject) => {
          setImmediate(() => {
            if (signal.aborted) return reject(new SweepCancelled());
            try {
              resolve(executeSweepTask(task, () => signal.aborted));
            } catch (e) {
              reject(signal.aborted ? new SweepCancelled() : e);
            }
          });
        }),
    );
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {}
}

/**
 * The local executor: the worker pool with `threads` threads when the bundle exists, else the
 * in-process fallback, said loudly through `warn`.
 */
export function localSweepExecutor(
  threads: number,
  workerUrl: URL | undefined = bundledSweepWorkerUrl(),
  warn: (line: string) => void = console.warn,
): SweepExecutor {
  if (workerUrl) return new PiscinaSweepExecutor(workerUrl, threads);
  warn(
    'cascade-lab: IN-PROCESS SWEEP FALLBACK — no sweep-worker.js bundle next to this module (run `node src-main/tools/build-main.js`); one run at a time, blocking.',
  );
  return new InProcessSweepExecutor();
}
