/**
 * The application as the renderer sees it: ONE typed handler per contract channel, shared by every
 * host (Electron IPC and the loopback browser host). `dispatch` is the only entry a host calls: it
 * checks the channel, parses the payload with the contract's schema, runs the handler and answers a
 * Result — it never throws, and an error never carries a stack.
 *
 * Replays run as jobs on worker threads (replay-jobs.ts); finished runs stay in a small LRU so the
 * renderer can export them or open an account autopsy without keeping the records itself.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type {
  ApiError,
  ApiEvent,
  Channel,
  DesignSummary,
  Input,
  Outputs,
  Result,
  ScenarioCard,
  ScenarioDetail,
} from '../contract/api.ts';
import { isChannel, parseInput } from '../contract/api.ts';
import type { Design } from '../engine/design.ts';
import { DesignError, parseDesign } from '../engine/design.ts';
import { ORACLE_VARIANTS, PRESETS, withOracle } from '../engine/presets.ts';
import type { Scenario } from '../engine/scenario.ts';
import { maxDrawdown } from '../engine/report.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { accountAutopsy } from './account-autopsy.ts';
import { trackAccountInRun } from './account-rerun.ts';
import { AppError, invalidInput, notFound, toApiError } from './app-errors.ts';
import type { DesignRepository } from './design-repository.ts';
import { InMemoryDesignRepository } from './design-repository.ts';
import { GLOSSARY } from './glossary.ts';
import type { ReplayExecutor, ReplayJobHandle } from './replay-jobs.ts';
import { defaultReplayExecutor } from './replay-jobs.ts';
import { runToCsv } from './run-csv.ts';
import type { StoredRun } from './run-view.ts';
import type { TrainingDb } from '../store/index.ts';
import { openMemoryTrainingDb } from '../store/index.ts';
import { createTrainingHandlers } from './training-handlers.ts';
import { derivativesCard } from './options-view.ts';
import type { Store } from '../store/open-store.ts';
import type { SweepExecutor } from './sweep/sweep-executor.ts';
import { defaultWorkerCount, localSweepExecutor } from './sweep/sweep-executor.ts';
import { createSweepHandlers } from './sweep/sweep-handlers.ts';

/** Per call: where the events this call causes (job progress, completion) go. */
export interface CallContext {
  emit(event: ApiEvent): void;
}

/** One handler per channel; input already parsed; throws AppError and friends, which dispatch maps. */
export type Handlers = { [C in Channel]: (input: Input<C>, ctx: CallContext) => Promise<Outputs[C]> };

export interface AppServiceOptions {
  designs?: DesignRepository;
  /** Default: worker threads from the bundled worker.js (see replay-jobs.ts). */
  executor?: ReplayExecutor;
  /** Finished runs kept for export and autopsy (default 16). */
  runCacheSize?: number;
  /** Jobs running at once; more wait in a queue (default: cores − 1, at least 1). */
  maxConcurrentJobs?: number;
  /** Finished jobs remembered for `replay.result` (default 64). */
  jobHistorySize?: number;
  /** Diagnostics (internal errors with their stacks go here, never to the renderer). */
  log?: (line: string) => void;
  /** Where training progress lives (the app's store); default: an in-memory database. */
  training?: TrainingDb;
  /** The app's store, where sweeps live (none: the sweep channels say the data folder is missing). */
  sweepStore?: Store | null;
  /** Default: the local worker pool on every core (sweep-executor.ts), made on the first sweep. */
  sweepExecutor?: () => SweepExecutor;
}

export interface AppService {
  readonly handlers: Handlers;
  /** Parses and runs one call. Never rejects. */
  dispatch(channel: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  /** Cancels every job and stops the workers. */
  close(): Promise<void>;
}

/** A tiny least-recently-used map. */
export class LruMap<K, V> {
  readonly #map = new Map<K, V>();
  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('LruMap capacity must be at least 1');
  }
  get(key: K): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.capacity) {
      const oldest = this.#map.keys().next().value as K;
      this.#map.delete(oldest);
    }
  }
  get size(): number {
    return this.#map.size;
  }
}

type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

interface Job {
  id: string;
  state: JobState;
  start: () => void;
  handle?: ReplayJobHandle;
  runIds: string[];
  error?: ApiError;
  /** Resolves (never rejects) when the job reaches done, failed or cancelled. */
  finished: Promise<void>;
  finish: () => void;
}

function scenarioCard(s: Scenario): ScenarioCard {
  return {
    id: s.id,
    title: s.title,
    date: s.dateLabel,
    summary: s.summary,
    lesson: s.lesson,
    historicalDesignId: s.historicalDesignId,
    published: s.published.map((p) => ({ ...p })),
    resolution: describeResolution(s),
    observedDrawdown: observedDrawdown(s),
    derivatives: derivativesCard(s.derivatives),
    collateral: (s.population.basket ?? [{ asset: s.population.asset, weight: 1 }]).map((b) => ({ ...b })),
  };
}

/** Max drawdown of the population asset's observed points inside the scenario's window. */
function observedDrawdown(s: Scenario): number {
  const asset = s.assets.find((a) => a.id === s.population.asset) ?? s.assets[0]!;
  const from = Date.parse(s.startTime) / 1000;
  const to = Date.parse(s.endTime) / 1000;
  return maxDrawdown(asset.observed.points.filter(([t]) => t >= from && t <= to).map(([, p]) => p));
}

function describeDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "ETH observed every 10 min; simulated in 1 min steps". */
function describeResolution(s: Scenario): string {
  const observed = s.assets
    .map((a) => `${a.id} observed every ${describeDuration(a.observed.resolutionSeconds)}`)
    .join(', ');
  return `${observed}; simulated in ${describeDuration(s.defaultStepSeconds)} steps`;
}

function scenarioDetail(s: Scenario): ScenarioDetail {
  return {
    ...scenarioCard(s),
    assumptions: [...s.assumptions],
    limits: [...s.limits],
    sources: [...s.sources],
    startTime: s.startTime,
    endTime: s.endTime,
    venues: s.assets.flatMap((a) => a.venues.map((v) => `${a.id} · ${v.name}`)),
    defaultAccounts: s.population.defaultAccounts,
  };
}

function designSummary(d: Design, preset: boolean): DesignSummary {
  return { id: d.id, name: d.name, description: d.description, preset, mechanism: d.liquidation.kind };
}

export function createAppService(options: AppServiceOptions = {}): AppService {
  const log = options.log ?? ((line: string) => console.error(line));
  const designs = options.designs ?? new InMemoryDesignRepository();
  const executor = options.executor ?? defaultReplayExecutor(undefined, log);
  const runs = new LruMap<string, StoredRun>(options.runCacheSize ?? 16);
  const maxConcurrent = Math.max(1, options.maxConcurrentJobs ?? availableParallelism() - 1);
  const jobHistory = options.jobHistorySize ?? 64;
  const jobs = new Map<string, Job>();
  const queue: Job[] = [];
  let running = 0;
  let closed = false;

  const knownScenarios = () => [...BUILTIN_SCENARIOS.keys()].join(', ');

  function scenarioById(id: string, field: string): Scenario {
    const s = BUILTIN_SCENARIOS.get(id);
    if (!s) throw notFound(`unknown scenario "${id}" (known: ${knownScenarios()})`, field);
    return s;
  }

  /**
   * A design reference: a saved design's id, a preset id, or either with an oracle variant mixed in
   * (`maker-2021-clip+twap-30m`). File paths are NOT accepted here (the CLI's resolveDesign reads
   * files; the renderer must never make main read one).
   */
  function designByRef(ref: string, field: string): Design {
    const [base = '', variant, ...rest] = ref.split('+');
    const design = designs.get(base) ?? PRESETS.get(base);
    if (!design || rest.length > 0) {
      throw notFound(
        `unknown design "${ref}": use a preset (${[...PRESETS.keys()].join(', ')}), a saved design's id, or either plus an oracle variant (e.g. "maker-2021-clip+twap-30m")`,
        field,
      );
    }
    if (variant === undefined) return design;
    if (!ORACLE_VARIANTS.has(variant)) {
      throw notFound(
        `unknown oracle variant "${variant}" (known: ${[...ORACLE_VARIANTS.keys()].join(', ')})`,
        field,
      );
    }
    return withOracle(design, variant);
  }

  function storedRun(runId: string): StoredRun {
    const r = runs.get(runId);
    if (!r) {
      throw notFound(
        `no run "${runId}" in memory: only the ${runs.capacity} most recent runs are kept; replay the scenario again`,
        'runId',
      );
    }
    return r;
  }

  function forgetOldJobs(): void {
    const finished = [...jobs.values()].filter((j) => j.state !== 'queued' && j.state !== 'running');
    for (let i = 0; i < finished.length - jobHistory; i++) jobs.delete(finished[i]!.id);
  }

  function pump(): void {
    while (!closed && running < maxConcurrent && queue.length > 0) {
      const job = queue.shift()!;
      if (job.state !== 'queued') continue;
      running++;
      job.state = 'running';
      job.start();
    }
  }

  function emitSafely(ctx: CallContext, event: ApiEvent): void {
    if (closed) return;
    try {
      ctx.emit(event);
    } catch (e) {
      log(`cascade-lab: could not deliver a ${event.type} event: ${(e as Error).message}`);
    }
  }

  let memoryTraining: (TrainingDb & { close(): void }) | null = null;
  const trainingDb = options.training ?? (memoryTraining = openMemoryTrainingDb());

  /** Runs designs in a worker (not through the job queue: the caller awaits the answer). */
  async function runDesigns(req: {
    scenarioId: string;
    designs: Design[];
    seed: number;
    accounts?: number;
  }): Promise<StoredRun['view'][]> {
    if (closed) throw new AppError('failed', 'Cascade Lab is shutting down; no new runs');
    const handle = executor.start({ ...req, runIdPrefix: randomUUID() }, () => {});
    const stored = await handle.result;
    return stored.map((r) => r.view);
  }

  let sweepExecutor: SweepExecutor | null = null;
  const sweeps = createSweepHandlers({
    store: options.sweepStore ?? null,
    designs,
    executor: () =>
      (sweepExecutor ??=
        options.sweepExecutor?.() ?? localSweepExecutor(defaultWorkerCount(), undefined, log)),
    designByRef: (id) => designByRef(id, 'designId'),
    log,
  });

  const handlers: Handlers = {
    ...sweeps.handlers,
    ...createTrainingHandlers({
      db: trainingDb,
      runView: (runId) => storedRun(runId).view,
      runDesigns,
      designByRef,
      nowIso: () => new Date().toISOString(),
    }),

    'scenarios.list': async () => [...BUILTIN_SCENARIOS.values()].map(scenarioCard),

    'scenarios.get': async ({ id }) => scenarioDetail(scenarioById(id, 'id')),

    'designs.list': async () => [
      ...[...PRESETS.values()].map((d) => designSummary(d, true)),
      ...designs.list().map((d) => designSummary(d, false)),
    ],

    'designs.get': async ({ id }) => structuredClone(designByRef(id, 'id')),

    'designs.validate': async ({ design }) => {
      try {
        return { ok: true, design: parseDesign(design) };
      } catch (e) {
        if (e instanceof DesignError) return { ok: false, field: e.field, message: e.message };
        throw e;
      }
    },

    'designs.save': async ({ design }) => {
      const parsed = parseDesign(design);
      if (PRESETS.has(parsed.id)) {
        throw invalidInput(
          `design.id: "${parsed.id}" is a built-in preset and cannot be overwritten; save your design under its own id (for example "${parsed.id}-custom")`,
          'design.id',
        );
      }
      designs.save(parsed);
      return { id: parsed.id };
    },

    'replay.start': async (input, ctx) => {
      if (closed) throw new AppError('failed', 'Cascade Lab is shutting down; no new replays');
      const scenario = scenarioById(input.scenarioId, 'scenarioId');
      const resolved = input.designIds.map((ref, i) => designByRef(ref, `designIds.${i}`));
      const minAccounts = scenario.population.whales.length + 1;
      if (input.accounts !== undefined && input.accounts < minAccounts) {
        throw invalidInput(
          `accounts: ${scenario.title} needs at least ${minAccounts} accounts (its named whales plus one ordinary account)`,
          'accounts',
        );
      }
      const jobId = randomUUID();
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const job: Job = { id: jobId, state: 'queued', runIds: [], finished, finish, start: () => {} };
      job.start = () => {
        let handle: ReplayJobHandle;
        try {
          handle = executor.start(
            {
              scenarioId: scenario.id,
              designs: resolved,
              seed: input.seed,
              ...(input.accounts !== undefined ? { accounts: input.accounts } : {}),
              runIdPrefix: jobId,
            },
            (done, total, label) => emitSafely(ctx, { type: 'job.progress', jobId, done, total, label }),
          );
        } catch (e) {
          // The executor could not even start (e.g. the worker file is unreadable): fail the job.
          handle = { result: Promise.reject(e), cancel: () => {} };
        }
        job.handle = handle;
        handle.result
          .then(
            (stored) => {
              for (const r of stored) runs.set(r.view.runId, r);
              job.runIds = stored.map((r) => r.view.runId);
              job.state = 'done';
              emitSafely(ctx, { type: 'job.done', jobId, ok: true });
            },
            (e: unknown) => {
              const error = toApiError(e);
              job.state = error.code === 'cancelled' ? 'cancelled' : 'failed';
              job.error = error;
              if (error.code === 'failed')
                log(`cascade-lab: replay job ${jobId} failed: ${(e as Error)?.stack ?? String(e)}`);
              emitSafely(ctx, { type: 'job.done', jobId, ok: false, error });
            },
          )
          .finally(() => {
            running--;
            job.finish();
            forgetOldJobs();
            pump();
          });
      };
      jobs.set(jobId, job);
      queue.push(job);
      emitSafely(ctx, { type: 'job.progress', jobId, done: 0, total: 1, label: 'queued' });
      pump();
      return { jobId };
    },

    /** Answers when the job has finished (immediately if it has). */
    'replay.result': async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job)
        throw notFound(
          `no job "${jobId}" (it never existed, or it finished long ago; replay again)`,
          'jobId',
        );
      await job.finished;
      if (job.state !== 'done') {
        const error = job.error ?? { code: 'failed', message: `job ${jobId} did not finish` };
        throw new AppError(error.code, error.message, error.field);
      }
      return job.runIds.map((id) => storedRun(id).view);
    },

    'jobs.cancel': async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw notFound(`no job "${jobId}"`, 'jobId');
      if (job.state === 'queued') {
        job.state = 'cancelled';
        job.error = { code: 'cancelled', message: 'the job was cancelled before it started' };
        const i = queue.indexOf(job);
        if (i >= 0) queue.splice(i, 1);
        job.finish();
        return { cancelled: true };
      }
      if (job.state === 'running') {
        job.handle?.cancel();
        return { cancelled: true };
      }
      return { cancelled: false };
    },

    'runs.exportCsv': async ({ runId }) => runToCsv(storedRun(runId).view),

    'runs.account': async ({ runId, account }) => {
      const stored = storedRun(runId);
      const scenario = BUILTIN_SCENARIOS.get(stored.view.scenarioId);
      // Health over time needs the account tracked through the run: re-run it once (deterministic).
      if (scenario) trackAccountInRun(stored, scenario, account);
      return accountAutopsy(stored, account);
    },

    'glossary.list': async () => GLOSSARY.map((e) => ({ ...e })),
  };

  async function dispatch(channel: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>> {
    try {
      if (!isChannel(channel)) {
        const name =
          typeof channel === 'string' ? JSON.stringify(channel.slice(0, 80)) : `(${typeof channel})`;
        return { ok: false, error: { code: 'not-found', message: `unknown channel ${name}` } };
      }
      const parsed = parseInput(channel, input);
      if (!parsed.ok) return parsed;
      const handler = handlers[channel] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.value, ctx) };
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'failed')
        log(`cascade-lab: ${String(channel)} failed: ${(e as Error)?.stack ?? String(e)}`);
      return { ok: false, error };
    }
  }

  async function close(): Promise<void> {
    if (closed) return;
    for (const job of jobs.values()) {
      if (job.state === 'queued') {
        job.state = 'cancelled';
        job.error = { code: 'cancelled', message: 'Cascade Lab shut down before the job started' };
        job.finish();
      }
      if (job.state === 'running') job.handle?.cancel();
    }
    closed = true;
    queue.length = 0;
    await executor.close();
    await sweeps.close();
    await sweepExecutor?.close();
    memoryTraining?.close();
  }

  return { handlers, dispatch, close };
}
