/**
 * The application as the renderer sees it: ONE typed handler per contract channel, shared by every
 * host (Electron IPC and the loopback browser host). `dispatch` is the only entry a host calls: it
 * checks the channel, parses the payload with the contract's schema, runs the handler and answers a
 * Result — it never throws, and an error never carries a stack.
 *
 * Every engine run goes to ONE pool of worker threads (pool/engine-pool.ts): replays as jobs
 * (replay-jobs.ts), challenge judging and lesson try-its awaited by their call, and the account
 * autopsy's re-run. Each is checked against its budget first (pool/run-budget.ts) and stops when
 * its caller goes away (the call context's signal). Finished runs stay in a small LRU so the renderer
 * can export them or open an account autopsy without keeping the records itself.
 */
import { randomUUID } from 'node:crypto';
import type { DesignSummary, Result, ScenarioCard, ScenarioDetail } from '../contract/api.ts';
import { isChannel, parseInput } from '../contract/api.ts';
import type { Design } from '../engine/design.ts';
import { parseDesign } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import type { Scenario } from '../engine/scenario.ts';
import { marketOf, unitsOf } from '../engine/scenario.ts';
import { uncertainLabel, uncertainValue } from '../engine/validation.ts';
import { BUILTIN_SCENARIOS, BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import { scenarioAssumptions } from '../scenarios/describe.ts';
import { fitRefusal } from './fit-check.ts';
import { accountAutopsy } from './account-autopsy.ts';
import { addRerun, needsRerun, rerunRequest } from './account-rerun.ts';
import { ProgressTasks } from './progress-tasks.ts';
import type { TaskLike } from './progress-tasks.ts';
import { AppError, invalidInput, notFound, toApiError } from './app-errors.ts';
import { designFormSpec, validateDesign } from './design-form.ts';
import type { DesignRepository } from './design-repository.ts';
import { InMemoryDesignRepository } from './design-repository.ts';
import type { StorageStatusSource } from './open-app-store.ts';
import { storageWithoutStore } from './open-app-store.ts';
import { GLOSSARY } from './glossary.ts';
import type { EnginePool } from './pool/engine-pool.ts';
import { PiscinaEnginePool, defaultEnginePool } from './pool/engine-pool.ts';
import { ENGINE_WORKER_FILE } from './pool/tasks.ts';
import { observedDrawdown, readCardDrawdowns } from './card-drawdowns.ts';
import type { ShippedCardFacts } from './card-drawdowns.ts';
import { FirstReplay, featuredReplay, shippedFirstReplayDir, workerFingerprint } from './first-replay.ts';
import { assertWithinBudget, costliestEstimate, runTimeBudgetSeconds } from './pool/run-budget.ts';
import { ReplayJobs } from './replay-jobs.ts';
import { InputError, resolveDesign, validateRunNumbers } from './replay-service.ts';
import type { StoredCrash } from './crash-service.ts';
import { protocolIndex } from './crash-service.ts';
import { loadCrash } from './crash-store.ts';
import { publishedTargets } from './scenario-file/compile.ts';
import { getUserScenarioDocument } from './user-scenarios.ts';
import { runToCsv } from './run-csv.ts';
import type { StoredRun } from './run-view.ts';
import type { TrainingDb } from '../store/index.ts';
import { openMemoryTrainingDb } from '../store/index.ts';
import type { CallContext, Handlers } from './handlers.ts';
import { createTrainingHandlers } from './training-handlers.ts';
import { derivativesCard } from './options-view.ts';
import type { Store } from '../store/index.ts';
import { resolveRunnable } from './library.ts';
import { createScenarioHandlers } from './scenario-handlers.ts';
import type { SweepExecutor } from './sweep/sweep-executor.ts';
import { EnginePoolSweepExecutor } from './sweep/sweep-executor.ts';
import { createSweepHandlers } from './sweep/sweep-handlers.ts';

export type { CallContext, Handlers };

export interface AppServiceOptions {
  designs?: DesignRepository;
  /** Where engine runs go. Default: worker threads from the bundled engine-worker.js (pool/engine-pool.ts). */
  pool?: EnginePool;
  /** Finished runs kept for export and autopsy (default 16). */
  runCacheSize?: number;
  /** Finished jobs remembered for `replay.result` (default 64). */
  jobHistorySize?: number;
  /** Diagnostics (internal errors with their stacks go here, never to the renderer). */
  log?: (line: string) => void;
  /** Where training progress lives (the app's store); default: an in-memory database. */
  training?: TrainingDb;
  /** The data folder's status and the restore/dismiss actions (open-app-store.ts); default: none. */
  storage?: StorageStatusSource;
  /** The app's store: user scenarios, imports (null or absent: those channels say it is missing). */
  store?: Store | null;
  /** The app's store, where sweeps live (none: the sweep channels say the data folder is missing). */
  sweepStore?: Store | null;
  /** Default: the local worker pool on every core (sweep-executor.ts), made on the first sweep. */
  sweepExecutor?: () => SweepExecutor;
  /**
   * Start the Library's featured crash under its historical design at once and keep it
   * (first-replay.ts), cached in `cacheDir` when given. `codeFingerprint` names the code that runs
   * engine jobs (default: a hash of the pool's worker bundle; none, no disk cache). `shippedDir`:
   * where the build left the same run (default: `first-replay` beside the pool's worker bundle;
   * null: none, the run is read from `cacheDir` or computed). Default: off.
   */
  firstReplay?: { cacheDir?: string; codeFingerprint?: string; shippedDir?: string | null };
  /**
   * Where the build left the built-in cards' drawdowns, and the engine build they were computed by
   * (card-drawdowns.ts). Default: `first-replay` beside the pool's worker bundle and that bundle's
   * hash; null: always computed.
   */
  cardDrawdowns?: { dir: string; codeFingerprint: string } | null;
}

export interface AppService {
  readonly handlers: Handlers;
  /** Parses and runs one call. Never rejects. */
  dispatch(channel: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  /** The engine pool (its bound and load, for diagnostics and tests). */
  readonly pool: EnginePool;
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

function scenarioCard(
  s: Scenario,
  user?: {
    version: number;
    protocols: string[];
    protocolDesigns: string[];
    hasLedger: boolean;
    /** Several protocols: the crash's validation targets (the compiled scenarios carry none). */
    targets?: ScenarioCard['targets'];
  },
  /** The drawdown the build recorded for this exact scenario (card-drawdowns.ts), when there is one. */
  shippedDrawdown?: number,
): ScenarioCard {
  return {
    origin: user ? 'user' : 'builtin',
    version: user?.version ?? s.version,
    protocols: user?.protocols ?? [s.historicalDesignId],
    protocolDesigns: user?.protocolDesigns ?? [s.historicalDesignId],
    hasLedger: user?.hasLedger ?? false,
    positions: (user?.protocols.length ?? 1) > 1 ? null : (s.population.positions?.debtUsd.length ?? null),
    id: s.id,
    title: s.title,
    date: s.dateLabel,
    summary: s.summary,
    lesson: s.lesson,
    historicalDesignId: s.historicalDesignId,
    published: s.published.map((p) => ({ ...p })),
    resolution: describeResolution(s),
    observedDrawdown: shippedDrawdown ?? observedDrawdown(s),
    derivatives: derivativesCard(s.derivatives),
    collateral: (s.population.basket ?? [{ asset: s.population.asset, weight: 1 }]).map((b) => ({ ...b })),
    units: unitsOf(s),
    market: marketOf(s),
    targets:
      user?.targets ??
      (s.validation?.targets ?? []).map((t) => ({
        id: t.id,
        figure: t.figure,
        published: t.published,
        source: t.source,
        status: t.status,
      })),
    fitted: (s.validation?.fitted ?? []).map((f) => ({ ...f })),
  };
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

function scenarioDetail(s: Scenario, user?: Parameters<typeof scenarioCard>[1]): ScenarioDetail {
  return {
    ...scenarioCard(s, user),
    assumptions: scenarioAssumptions(s),
    uncertain: (s.validation?.uncertain ?? []).map((u) => ({
      label: uncertainLabel(u),
      low: uncertainValue(u, u.low),
      high: uncertainValue(u, u.high),
      why: u.why,
    })),
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

/** The featured crash (the Library's first) under its historical design, started now. */
function startFirstReplay(
  opts: NonNullable<AppServiceOptions['firstReplay']>,
  pool: EnginePool,
  log: (line: string) => void,
): FirstReplay | undefined {
  const featured = featuredReplay();
  if (!featured) return undefined;
  const fingerprint =
    opts.codeFingerprint ??
    (pool instanceof PiscinaEnginePool ? workerFingerprint(pool.workerDir, ENGINE_WORKER_FILE) : undefined);
  const shippedDir =
    opts.shippedDir === undefined
      ? pool instanceof PiscinaEnginePool
        ? shippedFirstReplayDir(pool.workerDir)
        : undefined
      : opts.shippedDir;
  const first = new FirstReplay({
    pool,
    ...featured,
    log,
    ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
    ...(shippedDir ? { shippedDir } : {}),
    ...(fingerprint ? { codeFingerprint: fingerprint } : {}),
  });
  first.start();
  return first;
}

export function createAppService(options: AppServiceOptions = {}): AppService {
  const log = options.log ?? ((line: string) => console.error(line));
  const designs = options.designs ?? new InMemoryDesignRepository();
  const pool = options.pool ?? defaultEnginePool({}, log);
  const storage =
    options.storage ?? storageWithoutStore(null, 'this app runs without a data folder: nothing is saved');
  const runs = new LruMap<string, StoredRun>(options.runCacheSize ?? 16);
  let closed = false;

  const userScenarios = createScenarioHandlers({ store: options.store ?? null });
  const knownScenarios = () =>
    [...BUILTIN_SCENARIOS.keys(), ...userScenarios.userScenarios().map((u) => u.scenario.id)].join(', ');

  // The built-in cards' drawdowns as the build recorded them, read on the first scenarios.list.
  let shippedDrawdowns: Map<string, ShippedCardFacts> | undefined;
  const builtinDrawdowns = (): Map<string, ShippedCardFacts> => {
    if (shippedDrawdowns) return shippedDrawdowns;
    let where = options.cardDrawdowns;
    if (where === undefined && pool instanceof PiscinaEnginePool) {
      const codeFingerprint = workerFingerprint(pool.workerDir, ENGINE_WORKER_FILE);
      where = codeFingerprint ? { dir: shippedFirstReplayDir(pool.workerDir), codeFingerprint } : null;
    }
    shippedDrawdowns = where
      ? readCardDrawdowns(where.dir, where.codeFingerprint, BUILTIN_SCENARIO_LIST)
      : new Map();
    return shippedDrawdowns;
  };

  /**
   * A scenario to run, resolved in main: a built-in, or a user scenario from the store with the
   * design it is calibrated against (workers receive both; several protocols go to startCrash).
   */
  function runnableById(id: string, field: string): { scenario: Scenario; historical?: Design } {
    const s = BUILTIN_SCENARIOS.get(id);
    if (s) return { scenario: s };
    if (options.store) {
      try {
        const { scenario, historical } = resolveRunnable(options.store, id);
        return { scenario, historical };
      } catch (e) {
        if (!(e instanceof InputError && /^unknown scenario/.test(e.message))) throw e;
      }
    }
    throw notFound(`unknown scenario "${id}" (known: ${knownScenarios()})`, field);
  }

  /**
   * A replay of a crash with several protocols on the same venues: `designIds` replace the design of
   * `protocol` (default the first), the others keep theirs; one run per protocol per design.
   */
  function startCrash(
    crash: StoredCrash,
    input: {
      designIds: string[];
      seed: number;
      accounts?: number | undefined;
      protocol?: string | undefined;
    },
    ctx: CallContext,
  ): { jobId: string } {
    const k = ((): number => {
      try {
        return input.protocol === undefined ? 0 : protocolIndex(crash, input.protocol, 'protocol');
      } catch (e) {
        if (e instanceof InputError) throw invalidInput(e.message, 'protocol');
        throw e;
      }
    })();
    const chosen = crash.protocols[k]!;
    const resolved = input.designIds.map((ref, i) => designByRef(ref, `designIds.${i}`));
    for (const [i, d] of resolved.entries()) {
      const refused = fitRefusal(chosen.scenario, [d]);
      if (refused) throw invalidInput(`protocol ${chosen.name}: ${refused}`, `designIds.${i}`);
    }
    for (const p of crash.protocols) {
      try {
        validateRunNumbers(
          { seed: input.seed, ...(input.accounts !== undefined ? { accounts: input.accounts } : {}) },
          p.scenario,
        );
      } catch (e) {
        if (e instanceof InputError) throw invalidInput(`protocol ${p.name}: ${e.message}`, 'accounts');
        throw e;
      }
    }
    return jobs.start(
      {
        scenario: chosen.scenario,
        historical: chosen.historical,
        designs: resolved,
        seed: input.seed,
        ...(input.accounts !== undefined ? { accounts: input.accounts } : {}),
        crash: {
          names: crash.protocols.map((p) => p.name),
          scenarios: crash.protocols.map((p) => p.scenario),
          historicals: crash.protocols.map((p) => p.historical),
          protocol: k,
        },
      },
      ctx,
    );
  }

  function scenarioById(id: string, field: string): Scenario {
    return runnableById(id, field).scenario;
  }

  /**
   * A design reference: a saved design's id, a preset id, or either with an oracle variant mixed in
   * (`maker-2021-clip+twap-30m`). File paths are NOT accepted here (the CLI's resolveDesign reads
   * files; the renderer must never make main read one).
   */
  function designByRef(ref: string, field: string): Design {
    try {
      // The one resolver the CLI uses too; `null`: the renderer can never make main read a file.
      return resolveDesign(ref, null, (id) => designs.get(id));
    } catch (e) {
      if (e instanceof InputError) throw notFound(e.message, field);
      throw e;
    }
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

  const firstReplay = options.firstReplay ? startFirstReplay(options.firstReplay, pool, log) : undefined;
  const jobs = new ReplayJobs({
    pool,
    ...(firstReplay ? { firstReplay } : {}),
    keepRun: (r) => runs.set(r.view.runId, r),
    runView: (runId) => storedRun(runId).view,
    historySize: options.jobHistorySize ?? 64,
    log,
  });

  let memoryTraining: (TrainingDb & { close(): void }) | null = null;
  const trainingDb = options.training ?? (memoryTraining = openMemoryTrainingDb());

  /** Calls running under a caller's progress id (try-its, challenges, autopsies). */
  const tasks = new ProgressTasks((ctx, event) => {
    if (closed) return;
    try {
      ctx.emit(event);
    } catch (e) {
      log(`cascade-lab: could not deliver a ${event.type} event: ${(e as Error).message}`);
    }
  });

  /**
   * What stops a call's pool work: its client going away (the call context's signal) or its
   * progress task being cancelled (`jobs.cancel` with the progress id).
   */
  function stopSignal(ctx: CallContext, task: TaskLike | null): { signal: AbortSignal; off: () => void } {
    const controller = new AbortController();
    const abort = () => controller.abort();
    if (ctx.signal?.aborted) abort();
    ctx.signal?.addEventListener('abort', abort, { once: true });
    const offTask = task?.onCancel(abort);
    return {
      signal: controller.signal,
      off: () => {
        ctx.signal?.removeEventListener('abort', abort);
        offTask?.();
      },
    };
  }

  /**
   * Runs designs on the pool and awaits them (challenge judging, try-its): within budget, reporting
   * to `task`, and stopped if the caller goes away or the task is cancelled.
   */
  async function runDesigns(
    req: { scenarioId: string; designs: Design[]; seed: number; accounts?: number },
    ctx: CallContext,
    task: TaskLike | null = null,
  ): Promise<StoredRun['view'][]> {
    if (closed) throw new AppError('failed', 'Cascade Lab is shutting down; no new runs');
    const scenario = scenarioById(req.scenarioId, 'scenarioId');
    const run = req.accounts !== undefined ? { accounts: req.accounts } : {};
    assertWithinBudget(scenario, req.designs, run, (field) =>
      field === 'accounts' || field === 'stepSeconds' ? field : 'designId',
    );
    const stop = stopSignal(ctx, task);
    try {
      const stored = await pool.run(
        'replay',
        { ...req, runIdPrefix: randomUUID() },
        {
          signal: stop.signal,
          onProgress: (done, total, label) => task?.progress(done, total, label),
          budgetSeconds: runTimeBudgetSeconds(req.designs.length),
          estimate: costliestEstimate(scenario, req.designs, run),
          budgetField: 'designId',
        },
      );
      return stored.map((r) => r.view);
    } finally {
      stop.off();
    }
  }

  async function trackAccount(
    stored: StoredRun,
    account: number,
    ctx: CallContext,
    task: TaskLike | null,
  ): Promise<void> {
    // A user scenario exists only in main's store: the worker gets the scenario itself (a crash
    // with several protocols carries all of them in its records).
    const crash = stored.records.rerun.crash;
    const scenario = crash ? crash.scenarios[crash.index]! : scenarioById(stored.view.scenarioId, 'runId');
    const stop = stopSignal(ctx, task);
    try {
      const result = await pool.run('track-account', rerunRequest(stored, account, scenario), {
        signal: stop.signal,
        onProgress: (done, total, label) => task?.progress(done, total, label),
        budgetSeconds: runTimeBudgetSeconds(1),
      });
      if (needsRerun(stored, account)) addRerun(stored, result);
    } finally {
      stop.off();
    }
  }

  let sweepExecutor: SweepExecutor | null = null;
  const sweeps = createSweepHandlers({
    store: options.sweepStore ?? null,
    designs,
    executor: () => (sweepExecutor ??= options.sweepExecutor?.() ?? new EnginePoolSweepExecutor(pool)),
    designByRef: (id) => designByRef(id, 'designId'),
    log,
  });

  const handlers: Handlers = {
    ...sweeps.handlers,
    ...createTrainingHandlers({
      db: trainingDb,
      runView: (runId) => storedRun(runId).view,
      runDesigns,
      openTask: (progressId, ctx) => tasks.open(progressId, ctx),
      designByRef,
      nowIso: () => new Date().toISOString(),
    }),

    ...userScenarios.handlers,

    'scenarios.list': async () => [
      ...BUILTIN_SCENARIO_LIST.map((raw) => {
        // A built-in the build found valid as it is needs no schema check for its card.
        const shipped = builtinDrawdowns().get(`${raw.id}@${raw.version}`);
        const s = shipped?.parsedUnchanged ? raw : BUILTIN_SCENARIOS.get(raw.id)!;
        return scenarioCard(s, undefined, shipped?.drawdown);
      }),
      ...userScenarios.userScenarios().map((u) => scenarioCard(u.scenario, u)),
    ],

    'scenarios.get': async ({ id }) => {
      const builtin = BUILTIN_SCENARIOS.get(id);
      if (builtin) return scenarioDetail(builtin);
      const user = userScenarios.userScenarios().find((u) => u.scenario.id === id);
      if (!user) throw notFound(`unknown scenario "${id}" (known: ${knownScenarios()})`, 'id');
      return scenarioDetail(user.scenario, user);
    },

    'designs.list': async () => [
      ...[...PRESETS.values()].map((d) => designSummary(d, true)),
      ...designs.list().map((d) => designSummary(d, false)),
    ],

    'designs.get': async ({ id }) => structuredClone(designByRef(id, 'id')),

    'designs.validate': async ({ design, scenarioId }) =>
      validateDesign(design, scenarioId === undefined ? undefined : scenarioById(scenarioId, 'scenarioId')),

    'designs.form': async () => designFormSpec(),

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
      const crash = options.store ? loadCrash(options.store, input.scenarioId) : null;
      if (crash) return startCrash(crash, input, ctx);
      if (input.protocol !== undefined) {
        throw invalidInput(
          `protocol: scenario "${input.scenarioId}" has one protocol; leave the protocol out`,
          'protocol',
        );
      }
      const { scenario, historical } = runnableById(input.scenarioId, 'scenarioId');
      const resolved = input.designIds.map((ref, i) => designByRef(ref, `designIds.${i}`));
      // Fit checks before the run: a design that cannot act on this population is refused.
      for (const [i, d] of resolved.entries()) {
        const refused = fitRefusal(scenario, [d]);
        if (refused) throw invalidInput(refused, `designIds.${i}`);
      }
      const minAccounts = scenario.population.whales.length + 1;
      if (input.accounts !== undefined && input.accounts < minAccounts) {
        throw invalidInput(
          `accounts: ${scenario.title} needs at least ${minAccounts} accounts (its named whales plus one ordinary account)`,
          'accounts',
        );
      }
      return jobs.start(
        {
          scenario,
          ...(historical ? { historical } : {}),
          designs: resolved,
          seed: input.seed,
          ...(input.accounts !== undefined ? { accounts: input.accounts } : {}),
        },
        ctx,
      );
    },

    'replay.result': async ({ jobId }) => jobs.result(jobId),

    'validation.start': async ({ scenarioId }, ctx) => {
      // Several protocols: the grid over the crash, rows from the document's published outcomes.
      const crash = options.store ? loadCrash(options.store, scenarioId) : null;
      if (crash) {
        const targets = publishedTargets(getUserScenarioDocument(options.store!, scenarioId));
        if (targets.length === 0) {
          throw invalidInput(
            `scenario "${scenarioId}" has nothing to validate against: none of its published outcomes has a "measure" and an "amount" (see the scenario format in the README)`,
            'scenarioId',
          );
        }
        return jobs.startValidation(crash.protocols[0]!.scenario, ctx, undefined, { crash, targets });
      }
      const { scenario, historical } = runnableById(scenarioId, 'scenarioId');
      return jobs.startValidation(scenario, ctx, historical);
    },

    'validation.result': async ({ jobId }) => jobs.validationResult(jobId),

    // A progress id of a running call (try-it, challenge, autopsy), else a job id.
    'jobs.cancel': async ({ jobId }) => (tasks.cancel(jobId) ? { cancelled: true } : jobs.cancel(jobId)),

    'runs.exportCsv': async ({ runId }) => runToCsv(storedRun(runId).view),

    'runs.account': async ({ runId, account, progressId }, ctx) => {
      const stored = storedRun(runId);
      // Health over time and the bids need the account tracked through the run: re-run it once on
      // the pool (deterministic: same design, seed, population and calibrated path).
      if (needsRerun(stored, account)) {
        const task = tasks.open(progressId, ctx);
        try {
          await trackAccount(stored, account, ctx, task);
        } finally {
          task?.close();
        }
      }
      return accountAutopsy(stored, account);
    },

    'glossary.list': async () => GLOSSARY.map((e) => ({ ...e })),
    'store.status': async () => storage.status(),
    'store.dismissNotice': async () => storage.dismiss(),
    'store.restore': async ({ backupId }) => storage.restore(backupId),
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
    tasks.cancelAll();
    closed = true;
    jobs.close();
    await pool.close();
    await sweeps.close();
    await sweepExecutor?.close();
    memoryTraining?.close();
  }

  return { handlers, dispatch, close, pool };
}
