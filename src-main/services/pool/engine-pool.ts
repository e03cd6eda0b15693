/**
 * One warm pool of worker threads (piscina) for every engine job of a host: replays and compares,
 * challenge judging, lesson try-its, account autopsies — and, later, sweeps. `pool.run(kind, input,
 * { onProgress, signal, budgetSeconds })` queues a task; at most `maxThreads` run at once (default:
 * cores − 1, at least 1, so main's event loop and the window keep a core), the rest wait in a
 * bounded queue.
 *
 * Stopping a task: aborting `signal` (the job was cancelled, or its client went away) raises the
 * task's shared flag, which the engine polls every 64 steps; a task still running `cancelGraceMs`
 * later has its worker terminated (piscina replaces it). A queued task is simply dropped. A task that
 * runs past its time budget stops the same way and rejects with the budget's message.
 *
 * `InProcessEnginePool` runs the same tasks on the calling thread, one at a time (it BLOCKS the event
 * loop while a task runs): the fallback for unit tests from TypeScript sources, where no worker
 * bundle exists. `defaultEnginePool` says so loudly when it falls back.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { piscinaClass } from '../piscina-class.ts';
import { AppError } from '../app-errors.ts';
import type { WorkerTaskMessage } from './engine-worker.ts';
import type { RunEstimate } from './run-budget.ts';
import { timeBudgetMessage } from './run-budget.ts';
import type { TaskNote, TaskOutcome } from './task-runner.ts';
import { CANCEL_SLOT, runTask } from './task-runner.ts';
import type { TaskInput, TaskKind, TaskOutput } from './tasks.ts';
import { ENGINE_WORKER_FILE, TASK_ENTRIES } from './tasks.ts';

export interface RunTaskOptions {
  onProgress?: (done: number, total: number, label: string) => void;
  /** Abort to stop the task (cancelled, or its client went away). */
  signal?: AbortSignal;
  /** Seconds the task may run once started (default: the pool's). */
  budgetSeconds?: number;
  /** The run's estimate, to name the costliest field if the time budget runs out. */
  estimate?: RunEstimate | null;
  /** Field the budget error names (e.g. `designIds.0`). */
  budgetField?: string;
}

export interface PoolStats {
  kind: 'worker' | 'in-process';
  maxThreads: number;
  /** Worker threads alive now, and the most ever alive at once. */
  threads: number;
  peakThreads: number;
  running: number;
  queued: number;
}

export interface EnginePool {
  /** Runs one task; rejects with AppError ('cancelled', 'invalid-input' for a budget, 'failed'). */
  run<K extends TaskKind>(kind: K, input: TaskInput<K>, options?: RunTaskOptions): Promise<TaskOutput<K>>;
  stats(): PoolStats;
  /** Stops every task and every worker. */
  close(): Promise<void>;
}

export interface EnginePoolOptions {
  /** Folder of the bundled worker entries (build/main). */
  workerDir: string;
  /** Default: cores − 1, at least 1. */
  maxThreads?: number;
  /** Tasks waiting for a thread before `run` refuses more (default 1000). */
  maxQueue?: number;
  /** How long a stopped task may take to notice its flag before its worker is terminated (ms). */
  cancelGraceMs?: number;
  /** Default time budget of a task, seconds. */
  budgetSeconds?: number;
  /** Heap limit of each worker, MB (a run that needs more fails instead of swapping the machine). */
  maxHeapMb?: number;
}

/** The default bound: one thread per core but one, never fewer than one. */
export function defaultMaxThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

const DEFAULT_BUDGET_SECONDS = 120;

function cancelled(): AppError {
  return new AppError('cancelled', 'the job was cancelled');
}

function budgetError(seconds: number, options: RunTaskOptions): AppError {
  return new AppError(
    'invalid-input',
    timeBudgetMessage(seconds, options.estimate ?? null),
    options.budgetField,
  );
}

function fromOutcome<T>(outcome: TaskOutcome<T>, seconds: number, options: RunTaskOptions): T {
  if (outcome.ok) return outcome.value;
  if (outcome.reason === 'budget') throw budgetError(seconds, options);
  if (outcome.reason === 'cancelled') throw cancelled();
  throw new AppError(outcome.error.code, outcome.error.message, outcome.error.field);
}

/** Worker threads from the bundled entries, through piscina. */
export class PiscinaEnginePool implements EnginePool {
  readonly #piscina: Piscina;
  readonly #options: Required<EnginePoolOptions>;
  #peakThreads = 0;
  #running = 0;
  #closed = false;
  readonly #stops = new Set<() => void>();

  constructor(options: EnginePoolOptions) {
    this.#options = {
      maxThreads: defaultMaxThreads(),
      maxQueue: 1000,
      cancelGraceMs: 1500,
      budgetSeconds: DEFAULT_BUDGET_SECONDS,
      maxHeapMb: 4096,
      ...options,
    };
    this.#piscina = new (piscinaClass())({
      filename: path.join(this.#options.workerDir, ENGINE_WORKER_FILE),
      minThreads: 1,
      maxThreads: this.#options.maxThreads,
      maxQueue: this.#options.maxQueue,
      idleTimeout: 30_000,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: this.#options.maxHeapMb },
    });
    const events = this.#piscina as unknown as EventEmitter;
    const count = () => {
      this.#peakThreads = Math.max(this.#peakThreads, this.#piscina.threads.length);
    };
    events.on('workerCreate', count);
    events.on('workerDestroy', count);
    // A worker that dies (out of memory, terminated) fails its task; the pool itself must not throw.
    events.on('error', () => {});
  }

  get workerDir(): string {
    return this.#options.workerDir;
  }

  async run<K extends TaskKind>(
    kind: K,
    input: TaskInput<K>,
    options: RunTaskOptions = {},
  ): Promise<TaskOutput<K>> {
    if (this.#closed) throw new AppError('failed', 'Cascade Lab is shutting down; no new engine jobs');
    if (options.signal?.aborted) throw cancelled();
    const seconds = options.budgetSeconds ?? this.#options.budgetSeconds;
    const entry = TASK_ENTRIES[kind];
    const { port1, port2 } = new MessageChannel();
    const control = new Int32Array(new SharedArrayBuffer(4));
    const kill = new AbortController();
    let started = false;
    let stopRequested = false;
    let timedOut = false;
    const timers: NodeJS.Timeout[] = [];
    const later = (ms: number, fn: () => void) => {
      const t = setTimeout(fn, ms);
      t.unref();
      timers.push(t);
    };

    const stop = () => {
      if (stopRequested) return;
      stopRequested = true;
      Atomics.store(control, CANCEL_SLOT, 1);
      if (!started) kill.abort();
      else later(this.#options.cancelGraceMs, () => kill.abort());
    };
    port1.on('message', (note: TaskNote) => {
      if (note.type === 'started') {
        started = true;
        this.#running++;
        // The worker checks its own deadline every 64 steps; this catches a step that never ends.
        later(seconds * 1000 + this.#options.cancelGraceMs, () => {
          timedOut = true;
          kill.abort();
        });
        if (stopRequested) later(this.#options.cancelGraceMs, () => kill.abort());
      } else if (!stopRequested) options.onProgress?.(note.done, note.total, note.label);
    });
    options.signal?.addEventListener('abort', stop, { once: true });
    this.#stops.add(stop);
    this.#peakThreads = Math.max(this.#peakThreads, this.#piscina.threads.length);

    const message: WorkerTaskMessage<K> = { input, port: port2, control, budgetMs: seconds * 1000 };
    try {
      const outcome = (await this.#piscina.run(message, {
        name: entry.exportName,
        filename: path.join(this.#options.workerDir, entry.file),
        signal: kill.signal,
        transferList: [port2],
      })) as TaskOutcome<TaskOutput<K>>;
      return fromOutcome(outcome, seconds, options);
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (timedOut) throw budgetError(seconds, options);
      if (stopRequested || kill.signal.aborted) throw cancelled();
      throw this.#workerFailure(e);
    } finally {
      for (const t of timers) clearTimeout(t);
      if (started) this.#running--;
      options.signal?.removeEventListener('abort', stop);
      this.#stops.delete(stop);
      port1.close();
    }
  }

  #workerFailure(e: unknown): AppError {
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new AppError(
        'failed',
        `the run needed more than the ${this.#options.maxHeapMb} MB an engine worker may use; run fewer accounts`,
      );
    }
    if (/queue is at limit/i.test(err?.message ?? '')) {
      return new AppError(
        'failed',
        `${this.#options.maxQueue} engine jobs are already waiting; wait for some to finish, then try again`,
      );
    }
    return new AppError('failed', `the engine worker failed: ${err?.message ?? String(e)}`);
  }

  stats(): PoolStats {
    return {
      kind: 'worker',
      maxThreads: this.#options.maxThreads,
      threads: this.#piscina.threads.length,
      peakThreads: this.#peakThreads,
      running: this.#running,
      queued: this.#piscina.queueSize,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of [...this.#stops]) stop();
    await this.#piscina.destroy();
  }
}

/**
 * FALLBACK FOR UNIT TESTS FROM SOURCES ONLY: runs each task on the calling thread, one at a time,
 * on a later turn of the event loop (blocking it while the task runs). Cancel and the time budget
 * work through the same flag and deadline the engine polls.
 */
export class InProcessEnginePool implements EnginePool {
  #tail: Promise<unknown> = Promise.resolve();
  #running = 0;
  #queued = 0;
  #closed = false;

  constructor(private readonly budgetSeconds = DEFAULT_BUDGET_SECONDS) {}

  run<K extends TaskKind>(
    kind: K,
    input: TaskInput<K>,
    options: RunTaskOptions = {},
  ): Promise<TaskOutput<K>> {
    if (this.#closed)
      return Promise.reject(new AppError('failed', 'Cascade Lab is shutting down; no new engine jobs'));
    const seconds = options.budgetSeconds ?? this.budgetSeconds;
    const control = new Int32Array(new SharedArrayBuffer(4));
    const stop = () => Atomics.store(control, CANCEL_SLOT, 1);
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal?.aborted) stop();
    this.#queued++;
    const result = this.#tail.then(
      () =>
        new Promise<TaskOutput<K>>((resolve, reject) => {
          setImmediate(() => {
            this.#queued--;
            this.#running++;
            try {
              const outcome = runTask(kind, input, control, seconds * 1000, (note) => {
                if (note.type === 'progress') options.onProgress?.(note.done, note.total, note.label);
              });
              resolve(fromOutcome(outcome, seconds, options));
            } catch (e) {
              reject(e);
            } finally {
              this.#running--;
              options.signal?.removeEventListener('abort', stop);
            }
          });
        }),
    );
    this.#tail = result.catch(() => {});
    return result;
  }

  stats(): PoolStats {
    return {
      kind: 'in-process',
      maxThreads: 1,
      threads: 0,
      peakThreads: 0,
      running: this.#running,
      queued: this.#queued,
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}

/**
 * The folder of this bundle (build/main) when the engine worker was built beside it. In a packaged
 * Electron app the worker is unpacked from the asar archive (electron-builder.yml), so a folder
 * inside `app.asar` is looked up in `app.asar.unpacked`.
 */
export function bundledWorkerDir(): string | undefined {
  const url = new URL('.', import.meta.url);
  if (url.protocol !== 'file:') return undefined;
  const dir = unpackedDir(fileURLToPath(url));
  return existsSync(path.join(dir, ENGINE_WORKER_FILE)) ? dir : undefined;
}

/** `…/app.asar/build/main/` → `…/app.asar.unpacked/build/main/`; other folders unchanged. */
export function unpackedDir(dir: string): string {
  return dir.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/**
 * The pool a host should use: worker threads from `workerDir` (or the bundle beside this module).
 * Without a bundle — only when running from TypeScript sources, as in vitest — the blocking
 * in-process pool, and a loud line through `warn`.
 */
export function defaultEnginePool(
  options: Partial<EnginePoolOptions> = {},
  warn: (line: string) => void = console.warn,
): EnginePool {
  const workerDir = options.workerDir ?? bundledWorkerDir();
  if (workerDir) return new PiscinaEnginePool({ ...options, workerDir });
  warn(
    'cascade-lab: IN-PROCESS ENGINE FALLBACK — no engine-worker.js next to this module (run `node src-main/tools/build-main.js`); engine jobs will block the event loop.',
  );
  return new InProcessEnginePool(options.budgetSeconds);
}
