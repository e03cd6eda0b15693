/**
 * A `PopulationHelper` (engine/helper-tasks.ts) on a worker thread: while the engine does the first
 * rows of each step before a large run's first price move (the population's collateral ratios, its
 * other attributes, the scaling of its debts, the accounts' first triggers), the worker does the
 * later rows in shared columns (engine/helper-tasks.ts `CALLER_SHARE`), then files the accounts in
 * the call index while the engine files the liquidation index.
 * The engine is synchronous, so `finish` blocks on the task's flag (Atomics.wait) instead of
 * awaiting a message. The worker is started when the helper is made — a command makes it as it
 * starts, so the thread has booted by the time the population is drawn — and is unref'd: it never
 * keeps a finished process alive.
 *
 * If the worker cannot help (its file is missing, it failed, or it does not answer in time), the
 * engine draws the rows itself: same accounts, only slower, and the reason is written once to
 * `warn`. Idle for a while after a task, the worker retires (flags.ts), giving its memory back
 * before the run it helped peaks; later tasks are then drawn by the caller, without a warning.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { HelperTask, PopulationHelper } from '../../engine/helper-tasks.ts';
import { FLAG_DONE, FLAG_RUNNING, WORKER_BUSY, WORKER_IDLE, WORKER_RETIRED } from './flags.ts';
import type { HelperTaskMessage } from './population-worker.ts';

export type { PopulationHelper };

/** The worker's bundle, beside the bundle that loads this module (build/main). */
export const POPULATION_WORKER_FILE = 'population-worker.js';

/**
 * Below this many accounts the engine draws alone: part of a small population takes less time than
 * handing it over.
 */
export const HELPER_MIN_ACCOUNTS = 50_000;

/** Released buffers kept per size to be handed out again (a population gives back three). */
const MAX_RELEASED = 4;

/** The longest `finish` waits for the worker before the engine draws the rows itself. */
const WAIT_MS = 30_000;

export interface PopulationHelperOptions {
  /** The worker bundle (default: population-worker.js beside this bundle). */
  workerFile?: string;
  minAccounts?: number;
  /** Told why the worker could not help, once. */
  warn?: (message: string) => void;
  waitMs?: number;
}

class WorkerPopulationHelper implements PopulationHelper {
  readonly minAccounts: number;
  private flag: Int32Array | null = null;
  private failed: string | null = null;
  /** Buffers given back (`release`), by size, to be handed out again. */
  private readonly released = new Map<number, SharedArrayBuffer[]>();

  constructor(
    private readonly worker: Worker,
    /** Tasks go out on it; a failed task's reason comes back on it (read synchronously). */
    private readonly port: MessagePort,
    /** The worker's state (flags.ts WORKER_*), shared with it. */
    private readonly state: Int32Array,
    minAccounts: number,
    private readonly warn: (message: string) => void,
    private readonly waitMs: number,
  ) {
    this.minAccounts = minAccounts;
    worker.on('error', (e) => this.fail(`the population worker stopped: ${e.message}`));
    worker.unref();
    port.unref();
  }

  /** The worker has let itself go after a while without a task (see flags.ts). */
  get retired(): boolean {
    return Atomics.load(this.state, 0) === WORKER_RETIRED;
  }

  shared(bytes: number): SharedArrayBuffer {
    const reused = this.released.get(bytes)?.pop();
    if (reused === undefined) return new SharedArrayBuffer(bytes);
    new Uint8Array(reused).fill(0);
    return reused;
  }

  release(buffer: ArrayBufferLike): void {
    if (!(buffer instanceof SharedArrayBuffer)) return;
    const list = this.released.get(buffer.byteLength);
    if (!list) this.released.set(buffer.byteLength, [buffer]);
    else if (list.length < MAX_RELEASED) list.push(buffer);
  }

  start(task: HelperTask): void {
    this.flag = null;
    if (this.failed !== null) return;
    // Busy from here, unless the worker has retired (then the caller draws these rows itself).
    if (Atomics.compareExchange(this.state, 0, WORKER_IDLE, WORKER_BUSY) === WORKER_RETIRED) return;
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    const message: HelperTaskMessage = { task, flag: this.flag };
    this.port.postMessage(message);
  }

  finish(): boolean {
    const flag = this.flag;
    this.flag = null;
    if (flag === null || this.failed !== null) return false;
    if (Atomics.wait(flag, 0, FLAG_RUNNING, this.waitMs) === 'timed-out') {
      this.fail(`the population worker did not answer within ${this.waitMs} ms`);
      void this.worker.terminate();
      return false;
    }
    if (Atomics.load(flag, 0) === FLAG_DONE) return true;
    const reply = receiveMessageOnPort(this.port);
    this.fail(
      `the population worker failed: ${(reply?.message as { error?: string })?.error ?? 'no reason given'}`,
    );
    return false;
  }

  private fail(reason: string): void {
    if (this.failed !== null) return;
    this.failed = reason;
    this.warn(`cascade-lab: ${reason}; drawing the population on one thread (same accounts, slower)`);
  }
}

/**
 * A helper with its worker starting now, or null (with the reason given to `warn`) when the worker
 * bundle is not there (TypeScript sources run without a build).
 */
export function createPopulationHelper(opts: PopulationHelperOptions = {}): PopulationHelper | null {
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  const file = opts.workerFile ?? fileURLToPath(new URL(POPULATION_WORKER_FILE, import.meta.url));
  if (!existsSync(file)) {
    warn(
      `cascade-lab: no ${POPULATION_WORKER_FILE} beside this module (run \`npm run build:main\`); drawing populations on one thread`,
    );
    return null;
  }
  const { port1, port2 } = new MessageChannel();
  const state = new Int32Array(new SharedArrayBuffer(4));
  return new WorkerPopulationHelper(
    new Worker(file, { workerData: { port: port2, state }, transferList: [port2] }),
    port1,
    state,
    opts.minAccounts ?? HELPER_MIN_ACCOUNTS,
    warn,
    opts.waitMs ?? WAIT_MS,
  );
}
