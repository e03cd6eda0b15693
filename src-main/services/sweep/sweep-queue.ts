/**
 * Many machines: a sweep's tasks fan out over BullMQ on Redis. The sweep's owner (`cascade-lab sweep
 * run --queue URL`) adds one job per task and commits each job's results to its own SQLite as they
 * come back through Redis (the job's return value). `cascade-lab worker --queue URL` on any number of
 * machines pulls jobs and runs them in its local worker pool, so its event loop stays free to renew
 * job locks. A worker that dies stops renewing; once its lock expires another worker's stalled-job
 * check puts the job back in the queue and it runs elsewhere. A job's id is the hash of its runs'
 * inputs hashes, and the owner's store ignores a run it already has, so a job that runs twice is
 * counted once.
 *
 * bullmq is loaded only on these paths (`bullmq()` below): a desktop user who never names a queue never
 * loads it.
 */
import { createHash } from 'node:crypto';
import type netModule from 'node:net';
import type { Job, Queue, QueueEvents, Worker } from 'bullmq';
import type { SweepExecutor } from './sweep-executor.ts';
import { SweepCancelled } from './sweep-executor.ts';
import type { SweepRunResult, SweepTask } from './sweep-run.ts';
import { SweepSpecError } from './sweep-spec.ts';
import { lazyPackage } from '../../store/lazy-package.ts';

type Bullmq = typeof import('bullmq');

/** bullmq, loaded by the first queue made (store/lazy-package.ts). */
const bullmq = lazyPackage<Bullmq>('bullmq');
/** node:net, for the queue's reachability check only. */
const net = lazyPackage<typeof netModule>('node:net');

export const QUEUE_NAME = 'cascade-lab-sweep-runs';
/** Lock on an active job, ms: a dead worker's jobs are retried elsewhere after about this long. */
export const DEFAULT_LOCK_MS = 30_000;

export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
}

/** Parses `redis://[user:pass@]HOST:PORT[/DB]`; a one-line error naming the problem otherwise. */
export function parseQueueUrl(url: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SweepSpecError(`--queue "${url}" is not a URL: give redis://HOST:PORT`);
  }
  if (u.protocol !== 'redis:')
    throw new SweepSpecError(`--queue "${url}": only redis://HOST:PORT is supported`);
  if (!u.hostname) throw new SweepSpecError(`--queue "${url}": name the Redis host (redis://HOST:PORT)`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !(Number.isInteger(db) && db >= 0)) {
    throw new SweepSpecError(`--queue "${url}": the database number after / must be a whole number`);
  }
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined ? { db } : {}),
  };
}

/**
 * Checks that Redis answers PING within `timeoutMs` (a plain RESP exchange, before BullMQ, whose
 * client would retry forever). Throws a one-line error saying what to fix.
 */
export async function checkRedisReachable(url: string, timeoutMs = 3000): Promise<RedisTarget> {
  const t = parseQueueUrl(url);
  const commands: string[][] = [];
  if (t.password) commands.push(t.username ? ['AUTH', t.username, t.password] : ['AUTH', t.password]);
  commands.push(['PING']);
  const wire = commands
    .map((c) => `*${c.length}\r\n${c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
    .join('');
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = net().connect({ host: t.host, port: t.port });
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(wire));
    socket.on('data', (d) => {
      text += d.toString('utf8');
      if (text.includes('PONG') || text.startsWith('-')) {
        clearTimeout(timer);
        socket.end();
        resolve(text);
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(e.code ?? e.message));
    });
  }).catch((e: Error) => {
    throw new SweepSpecError(
      `cannot reach Redis at ${t.host}:${t.port} (${e.message}): start Redis there or fix --queue redis://HOST:PORT`,
    );
  });
  if (reply.startsWith('-')) {
    throw new SweepSpecError(
      `Redis at ${t.host}:${t.port} refused the queue: ${reply.split('\r\n')[0]!.slice(1)} (give the password as redis://:PASSWORD@HOST:PORT)`,
    );
  }
  return t;
}

function connectionOf(t: RedisTarget) {
  return { ...t, maxRetriesPerRequest: null };
}

/** A job's id: the hash of its runs' inputs hashes (the same runs make the same job). */
export function jobIdOf(sweepId: string, task: SweepTask): string {
  const h = createHash('sha256');
  for (const r of task.runs) h.update(r.inputsHash);
  return `${sweepId}-${h.digest('hex').slice(0, 24)}`;
}

function parseReturn(v: unknown): SweepRunResult[] {
  return (typeof v === 'string' ? JSON.parse(v) : v) as SweepRunResult[];
}

/** The owner's side: adds jobs and waits for their results. */
export class QueueSweepExecutor implements SweepExecutor {
  readonly kind = 'queue';
  /** Tasks in flight: sized for many remote workers, so tasks stay small. */
  readonly concurrency = 32;
  readonly #waiting = new Map<
    string,
    { resolve: (r: SweepRunResult[]) => void; reject: (e: Error) => void }
  >();
  readonly #jobs = new Set<string>();

  private constructor(
    private readonly sweepId: string,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {
    events.on('completed', ({ jobId, returnvalue }) => this.#settle(jobId, parseReturn(returnvalue)));
    events.on('failed', ({ jobId, failedReason }) => this.#fail(jobId, failedReason));
  }

  /** Connects to the queue (Redis checked first: an unreachable Redis is a one-line error). */
  static async connect(url: string, sweepId: string): Promise<QueueSweepExecutor> {
    const target = await checkRedisReachable(url);
    const { Queue, QueueEvents } = bullmq();
    const queue = new Queue(QUEUE_NAME, { connection: connectionOf(target) });
    const events = new QueueEvents(QUEUE_NAME, { connection: connectionOf(target) });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueSweepExecutor(sweepId, queue, events);
  }

  #settle(jobId: string, r: SweepRunResult[]): void {
    const w = this.#waiting.get(jobId);
    if (!w) return;
    this.#waiting.delete(jobId);
    this.#jobs.delete(jobId);
    w.resolve(r);
  }

  async #fail(jobId: string, reason: string): Promise<void> {
    const w = this.#waiting.get(jobId);
    if (!w) return;
    // A failed attempt is retried; only the last one fails the task.
    const job = await this.queue.getJob(jobId);
    if (job && (await job.getState()) !== 'failed') return;
    this.#waiting.delete(jobId);
    this.#jobs.delete(jobId);
    w.reject(new Error(`a queue worker failed a task: ${reason}`));
  }

  async run(task: SweepTask, signal: AbortSignal): Promise<SweepRunResult[]> {
    if (signal.aborted) throw new SweepCancelled();
    const jobId = jobIdOf(this.sweepId, task);
    const result = new Promise<SweepRunResult[]>((resolve, reject) =>
      this.#waiting.set(jobId, { resolve, reject }),
    );
    const onAbort = () => {
      const w = this.#waiting.get(jobId);
      this.#waiting.delete(jobId);
      void this.queue
        .getJob(jobId)
        .then((j) => j?.remove())
        .catch(() => undefined);
      w?.reject(new SweepCancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.#jobs.add(jobId);
    const job: Job = await this.queue.add('runs', task, {
      jobId,
      attempts: 3,
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 24 * 3600 },
    });
    // The job may have finished before we listened (a resumed owner, a job left from before).
    const state = await job.getState();
    if (state === 'completed') {
      const done = await this.queue.getJob(jobId);
      if (done) this.#settle(jobId, parseReturn(done.returnvalue));
    } else if (state === 'failed') await this.#fail(jobId, job.failedReason);
    try {
      return await result;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.queue.close()]);
  }
}

/**
 * The worker's side (`cascade-lab worker`): pulls jobs and runs each on `executor` (the local pool,
 * so this thread stays free to renew locks). Resolves when `signal` aborts and the worker has closed.
 */
export async function runQueueWorker(
  url: string,
  executor: SweepExecutor,
  opts: { signal: AbortSignal; lockMs?: number; log?: (line: string) => void },
): Promise<void> {
  const target = await checkRedisReachable(url);
  const { Worker } = bullmq();
  const never = new AbortController().signal;
  const lockDuration = opts.lockMs ?? DEFAULT_LOCK_MS;
  const worker: Worker = new Worker(QUEUE_NAME, (job: Job) => executor.run(job.data as SweepTask, never), {
    connection: connectionOf(target),
    concurrency: executor.concurrency,
    lockDuration,
    stalledInterval: Math.max(1000, Math.round(lockDuration / 2)),
    maxStalledCount: 10,
  });
  worker.on('active', (job) => opts.log?.(`start ${job.id}`));
  worker.on('completed', (job) => opts.log?.(`done ${job.id} (${(job.data as SweepTask).runs.length} runs)`));
  worker.on('failed', (job, e) => opts.log?.(`failed ${job?.id ?? '?'}: ${e.message}`));
  await worker.waitUntilReady();
  opts.log?.(`worker ready: ${target.host}:${target.port}, ${executor.concurrency} thread(s)`);
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    else opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await worker.close();
}
