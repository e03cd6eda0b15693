/**
 * Sweeps as use cases shared by the CLI and the app: resolve a sweep file against the library (the
 * same scenario and design lookups replay uses), estimate it, create it in the store, run it on an
 * executor with batched commits, stop and resume it. A sweep killed at any moment resumes from its
 * committed runs (matched by inputs hash); the results table depends only on the sweep, never on
 * the executor, the number of workers or the order runs finished in.
 */
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import type { Design } from '../../engine/design.ts';
import { parseDesign } from '../../engine/design.ts';
import { PRESETS } from '../../engine/presets.ts';
import { parseScenario } from '../../engine/scenario.ts';
import { buildTimeline } from '../../engine/timeline.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import type { Store } from '../../store/open-store.ts';
import {
  createSweep,
  finishedRunHashes,
  getSweep,
  insertSweepRuns,
  listSweepRuns,
  setSweepStatus,
} from '../../store/sweeps.ts';
import type { SweepMeta, SweepRunRow } from '../../store/sweeps.ts';
import type { StoredCrash } from '../crash-service.ts';
import { protocolIndex } from '../crash-service.ts';
import { loadCrash } from '../crash-store.ts';
import { loadDesign, loadScenario } from '../library.ts';
import { InputError, resolveDesign, validateRunNumbers } from '../replay-service.ts';
import type { SweepExecutor } from './sweep-executor.ts';
import { SweepCancelled } from './sweep-executor.ts';
import type { MetricKey } from './sweep-metrics.ts';
import { keptMetrics } from './sweep-metrics.ts';
import type { ResolvedSweep, SweepPlan, SweepScenario } from './sweep-plan.ts';
import { planSweep, runInputsHash } from './sweep-plan.ts';
import type { SweepRunResult, SweepTask, SweepTaskRun } from './sweep-run.ts';
import type { SweepSpec } from './sweep-spec.ts';
import { parseSweepSpec, SweepSpecError, thresholdOf } from './sweep-spec.ts';
import { searchThresholds } from './sweep-threshold.ts';
import type { PointShock } from './sweep-threshold.ts';
import type { ShockOutcome } from './sweep-threshold.ts';
import { outcomeOf } from './sweep-threshold.ts';

/** A design reference: preset, preset+oracle variant, design file, else a saved design's id. */
export function resolveDesignRef(store: Store, ref: string, readFile?: (p: string) => string): Design {
  const base = ref.split('+')[0]!;
  if (PRESETS.has(base) || /\.json$/i.test(base)) return resolveDesign(ref, readFile);
  return loadDesign(store, ref);
}

/** Resolves a spec's scenarios and designs through the library; InputError naming what is unknown. */
export function resolveSweep(store: Store, spec: SweepSpec, readFile?: (p: string) => string): ResolvedSweep {
  const numbers = {
    seed: 1,
    ...(spec.accounts !== undefined ? { accounts: spec.accounts } : {}),
    ...(spec.stepSeconds !== undefined ? { stepSeconds: spec.stepSeconds } : {}),
  };
  const scenarios: SweepScenario[] = spec.scenarios.map((id) => {
    const crash = loadCrash(store, id);
    if (crash) return crashScenario(crash, spec, numbers);
    const { scenario, version } = loadScenario(store, id);
    if (spec.protocol !== undefined) {
      throw new InputError(
        `sweep protocol ${spec.protocol}: scenario "${id}" has one protocol, so there is no protocol to pick; leave "protocol" (--protocol) out`,
      );
    }
    validateRunNumbers(numbers, scenario);
    return { scenario, version, historical: loadDesign(store, scenario.historicalDesignId) };
  });
  const designs = spec.designs.map((ref) => ({ ref, design: resolveDesignRef(store, ref, readFile) }));
  return { spec, scenarios, designs };
}

/**
 * A crash with several protocols as a sweep scenario: the protocol named by `spec.protocol` is
 * varied, the others keep their historical designs. Refused without a protocol, naming them.
 */
function crashScenario(
  crash: StoredCrash,
  spec: SweepSpec,
  numbers: { seed: number; accounts?: number; stepSeconds?: number },
): SweepScenario {
  const names = crash.protocols.map((p) => p.name).join(', ');
  if (spec.protocol === undefined) {
    throw new InputError(
      `scenario "${crash.id}" has ${crash.protocols.length} protocols (${names}) sharing one crash: a sweep varies one protocol's design while the others keep theirs; name it with "protocol" in the sweep file or --protocol NAME`,
    );
  }
  const varied = protocolIndex(crash, spec.protocol, 'sweep protocol');
  for (const p of crash.protocols) {
    try {
      validateRunNumbers(numbers, p.scenario);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`protocol ${p.name}: ${e.message}`);
      throw e;
    }
  }
  const mine = crash.protocols[varied]!;
  return {
    scenario: mine.scenario,
    version: crash.version,
    historical: mine.historical,
    crash: { protocols: crash.protocols, varied },
  };
}

/** What is stored as a sweep's inputs: everything needed to re-plan it exactly. */
function storedInputs(r: ResolvedSweep) {
  return { scenarios: r.scenarios, designs: r.designs };
}

/** Rebuilds a stored sweep's resolved inputs (validated again by the engine's parsers). */
export function resolvedFromStore(spec: unknown, resolved: unknown): ResolvedSweep {
  const s = parseSweepSpec(spec);
  const raw = resolved as { scenarios: SweepScenario[]; designs: { ref: string; design: Design }[] };
  return {
    spec: s,
    scenarios: raw.scenarios.map((x) => ({
      scenario: parseScenario(x.scenario),
      version: x.version,
      historical: parseDesign(x.historical),
      ...(x.crash
        ? {
            crash: {
              protocols: x.crash.protocols.map((p) => ({
                name: p.name,
                scenario: parseScenario(p.scenario),
                historical: parseDesign(p.historical),
              })),
              varied: x.crash.varied,
            },
          }
        : {}),
    })),
    designs: raw.designs.map((d) => ({ ref: d.ref, design: parseDesign(d.design) })),
  };
}

/**
 * Cost model of one run in a sweep (CPU time of one worker): fitted to maker-2021-clip variants on
 * Black Thursday (2,881 steps) at 4 k, 20 k and 100 k accounts, engine 0.5.2, population shared
 * across the runs of a seed — 46, 55 and 146 ms per run on the 2-core development machine.
 */
const NS_PER_ACCOUNT_STEP = 0.35;
const NS_PER_STEP = 12_000;
const NS_SETUP_PER_ACCOUNT = 250;
/** Generating a population (once per seed and worker), per account. */
const NS_GENERATE_PER_ACCOUNT = 300;
/** Peak bytes per account of one simulation (columns, indexes, records), and per step (series). */
const BYTES_PER_ACCOUNT = 600;
const BYTES_PER_STEP = 600;
/** Past this estimated time a sweep needs confirmation (`--yes`). */
export const CONFIRM_SECONDS = 15 * 60;

export interface SweepEstimate {
  points: number;
  gridRuns: number;
  /** Calibrations: scenarios × seeds per worker (each worker calibrates a seed once). */
  calibrations: number;
  /** Estimated wall time of the grid with `workers` workers, seconds (threshold search not included). */
  seconds: number;
  /** Estimated peak memory of the workers, bytes. */
  memoryBytes: number;
  workers: number;
  /** Whether the estimate is past CONFIRM_SECONDS. */
  needsConfirmation: boolean;
}

/** Estimates a plan's time and memory on `workers` workers. */
export function estimateSweep(r: ResolvedSweep, plan: SweepPlan, workers: number): SweepEstimate {
  let ns = 0;
  let peak = 0;
  let calibrations = 0;
  r.scenarios.forEach((s, i) => {
    const steps = buildTimeline(s.scenario, plan.stepSeconds(i), plan.seeds[0]!).steps;
    const accounts = plan.accounts(i);
    // A crash runs every protocol together: cost each protocol's population (at its own size).
    const sizes = s.crash
      ? s.crash.protocols.map((p) => r.spec.accounts ?? p.scenario.population.defaultAccounts)
      : [accounts];
    const perRun = sizes.reduce(
      (sum, n) => sum + steps * (NS_PER_STEP + n * NS_PER_ACCOUNT_STEP) + n * NS_SETUP_PER_ACCOUNT,
      0,
    );
    const generate = sizes.reduce((sum, n) => sum + n * NS_GENERATE_PER_ACCOUNT, 0);
    const bytes = sizes.reduce((sum, n) => sum + n * BYTES_PER_ACCOUNT + steps * BYTES_PER_STEP, 0);
    const runs = plan.runs.filter((run) => plan.points[run.point]!.scenario === i).length;
    // A calibration is one pass (its construction pass meets the tolerance) plus the population.
    const cals = plan.seeds.length * Math.min(workers, runs);
    ns += (perRun + generate) * cals + perRun * runs;
    calibrations += cals;
    peak = Math.max(peak, bytes);
  });
  const seconds = ns / 1e9 / Math.max(1, Math.min(workers, plan.runs.length));
  return {
    points: plan.points.length,
    gridRuns: plan.runs.length,
    calibrations,
    seconds,
    memoryBytes: peak * workers,
    workers,
    needsConfirmation: seconds > CONFIRM_SECONDS,
  };
}

/** A sweep past the time limit, not confirmed. */
export class SweepNeedsConfirmation extends Error {
  constructor(readonly estimate: SweepEstimate) {
    super(
      `sweep: ${estimate.gridRuns.toLocaleString('en-US')} runs would take about ${formatDuration(estimate.seconds)} on ${estimate.workers} worker(s), over the ${formatDuration(CONFIRM_SECONDS)} limit: confirm with --yes, or use fewer runs or accounts`,
    );
    this.name = 'SweepNeedsConfirmation';
  }
}

/** Refuses a sweep too large for this machine's memory; asks for confirmation past the time limit. */
export function checkLimits(e: SweepEstimate, confirmed: boolean, totalMemory = os.totalmem()): void {
  if (e.memoryBytes > 0.8 * totalMemory) {
    throw new SweepSpecError(
      `sweep: ${e.workers} worker(s) would need about ${(e.memoryBytes / 2 ** 30).toFixed(1)} GiB, more than this machine's ${(totalMemory / 2 ** 30).toFixed(1)} GiB allows: lower "accounts" or --workers`,
    );
  }
  if (e.needsConfirmation && !confirmed) throw new SweepNeedsConfirmation(e);
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Creates a sweep in the store from resolved inputs (nothing runs yet). */
export function createStoredSweep(store: Store, r: ResolvedSweep, plan: SweepPlan): SweepMeta {
  const metrics = keptMetrics(r.spec.metrics);
  return createSweep(store, {
    name:
      r.spec.name ??
      `${r.spec.scenarios.join('+')}${r.spec.protocol !== undefined ? ` (protocol ${r.spec.protocol})` : ''} × ${r.spec.designs.join(', ')}`.slice(
        0,
        200,
      ),
    spec: r.spec,
    resolved: storedInputs(r),
    metrics,
    engineVersion: ENGINE_VERSION,
    gridRuns: plan.runs.length,
  });
}

export interface SweepProgress {
  phase: 'grid' | 'threshold';
  done: number;
  total: number;
}

export interface RunSweepOptions {
  onProgress?: (p: SweepProgress) => void;
  signal?: AbortSignal;
  /** Commit after this many finished runs … */
  batchRuns?: number;
  /** … or this long after the oldest uncommitted one, ms. */
  batchMs?: number;
  /** Runs per task sent to a worker (default: about 16 tasks per worker, at most 8 runs each). */
  runsPerTask?: number;
}

/** Loads a stored sweep ready to run: its resolved inputs, plan and kept metrics. */
export function loadSweepPlan(store: Store, id: string) {
  const rec = getSweep(store, id);
  if (rec.engineVersion !== ENGINE_VERSION) {
    throw new InputError(
      `sweep ${id} was run by engine ${rec.engineVersion}; this app's engine is ${ENGINE_VERSION}: its results cannot be continued (run the sweep file again)`,
    );
  }
  const resolved = resolvedFromStore(rec.spec, rec.resolved);
  return { rec, resolved, plan: planSweep(resolved), metrics: rec.metrics as MetricKey[] };
}

/** Buffers finished runs and commits them in batches (one transaction each). */
class BatchWriter {
  #buf: SweepRunRow[] = [];
  #since = 0;
  constructor(
    private readonly store: Store,
    private readonly sweepId: string,
    private readonly maxRuns: number,
    private readonly maxMs: number,
  ) {}
  add(rows: SweepRunRow[]): void {
    if (this.#buf.length === 0) this.#since = Date.now();
    this.#buf.push(...rows);
    if (this.#buf.length >= this.maxRuns || Date.now() - this.#since >= this.maxMs) this.flush();
  }
  flush(): void {
    if (this.#buf.length === 0) return;
    insertSweepRuns(this.store, this.sweepId, this.#buf);
    this.#buf = [];
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface Needed {
  point: number;
  seed: number;
  shock: number;
  hash: string;
  runIndex: number | null;
}

/**
 * Runs `needed` on the executor in tasks grouped by scenario and seed (a worker calibrates a seed
 * once), committing results as they arrive. Returns the results by inputs hash.
 */
async function runNeeded(
  ctx: { store: Store; id: string; resolved: ResolvedSweep; plan: SweepPlan; metrics: MetricKey[] },
  needed: Needed[],
  executor: SweepExecutor,
  writer: BatchWriter,
  opts: RunSweepOptions,
  onDone: (n: number) => void,
): Promise<Map<string, SweepRunResult>> {
  const { resolved, plan } = ctx;
  const byHash = new Map(needed.map((n) => [n.hash, n]));
  const groups = new Map<string, Needed[]>();
  for (const n of needed) {
    const key = `${plan.points[n.point]!.scenario}:${n.seed}`;
    const group = groups.get(key);
    if (group) group.push(n);
    else groups.set(key, [n]);
  }
  // Small tasks keep the workers evenly loaded to the end (a worker takes the next task when it is
  // free, so the last one finishes at most one task after the others); a task costs little besides
  // its runs (the scenario is a few kB; the calibration and population are cached per worker).
  const size =
    opts.runsPerTask ?? Math.max(1, Math.min(8, Math.ceil(needed.length / (executor.concurrency * 16))));
  const tasks: SweepTask[] = [];
  for (const group of groups.values()) {
    const s = plan.points[group[0]!.point]!.scenario;
    const sc = resolved.scenarios[s]!;
    for (const part of chunk(group, size)) {
      tasks.push({
        scenario: sc.scenario,
        historical: sc.historical,
        ...(sc.crash
          ? {
              crash: {
                protocols: sc.crash.protocols,
                varied: sc.crash.varied,
                accounts: sc.crash.protocols.map(
                  (p) => resolved.spec.accounts ?? p.scenario.population.defaultAccounts,
                ),
              },
            }
          : {}),
        accounts: plan.accounts(s),
        stepSeconds: plan.stepSeconds(s),
        metrics: ctx.metrics,
        runs: part.map((n): SweepTaskRun => ({
          index: n.runIndex ?? -1,
          inputsHash: n.hash,
          design: plan.points[n.point]!.design,
          seed: n.seed,
          shock: n.shock,
        })),
      });
    }
  }
  const signal = opts.signal ?? new AbortController().signal;
  // Every task in flight listens for the stop: hundreds of listeners are expected, not a leak.
  setMaxListeners(0, signal);
  const out = new Map<string, SweepRunResult>();
  await Promise.all(
    tasks.map(async (task) => {
      const results = await executor.run(task, signal);
      writer.add(
        results.map((r) => {
          const n = byHash.get(r.inputsHash)!;
          out.set(r.inputsHash, r);
          return {
            inputsHash: r.inputsHash,
            phase: n.runIndex === null ? 'threshold' : 'grid',
            runIndex: n.runIndex,
            point: n.point,
            seed: n.seed,
            shock: n.shock,
            metrics: r.metrics,
            pricePath: Float64Array.from(r.pricePath),
          } satisfies SweepRunRow;
        }),
      );
      onDone(results.length);
    }),
  );
  return out;
}

/**
 * Runs (or resumes) a stored sweep to the end: the grid runs not yet committed, then the cascade
 * threshold search. Status: 'done', or 'stopped' when the signal aborts (what was committed stays),
 * or 'failed' with the error. Returns the sweep's final metadata.
 */
export async function runStoredSweep(
  store: Store,
  id: string,
  executor: SweepExecutor,
  opts: RunSweepOptions = {},
): Promise<SweepMeta> {
  const { resolved, plan, metrics } = loadSweepPlan(store, id);
  const ctx = { store, id, resolved, plan, metrics };
  const writer = new BatchWriter(store, id, opts.batchRuns ?? 64, opts.batchMs ?? 2000);
  setSweepStatus(store, id, 'running');
  try {
    const finished = finishedRunHashes(store, id);
    const pending = plan.runs
      .filter((r) => !finished.has(r.inputsHash))
      .map((r) => ({ point: r.point, seed: r.seed, shock: r.shock, hash: r.inputsHash, runIndex: r.index }));
    let done = plan.runs.length - pending.length;
    opts.onProgress?.({ phase: 'grid', done, total: plan.runs.length });
    await runNeeded(ctx, pending, executor, writer, opts, (n) => {
      done += n;
      opts.onProgress?.({ phase: 'grid', done, total: plan.runs.length });
    });
    writer.flush();
    await runThresholdPhase(ctx, executor, writer, opts);
    writer.flush();
    setSweepStatus(store, id, 'done');
  } catch (e) {
    writer.flush();
    if (e instanceof SweepCancelled || opts.signal?.aborted) {
      setSweepStatus(store, id, 'stopped');
      throw new SweepCancelled();
    }
    setSweepStatus(store, id, 'failed', (e as Error).message ?? String(e));
    throw e;
  }
  return getSweep(store, id);
}

/** The committed runs of a sweep by inputs hash (metrics only). */
export function knownRuns(store: Store, id: string): Map<string, SweepRunRow> {
  return new Map(listSweepRuns(store, id, { withPaths: false }).map((r) => [r.inputsHash, r]));
}

/** Outcome at (point, shock) from runs over every seed; null when a run is missing. */
export function outcomeFrom(
  ctx: { resolved: ResolvedSweep; plan: SweepPlan; metrics: readonly string[] },
  known: ReadonlyMap<string, { metrics: number[] }>,
  q: PointShock,
): ShockOutcome | null {
  const bd = ctx.metrics.indexOf('badDebtPctOfDebt');
  const amp = ctx.metrics.indexOf('amplification');
  const runs = [];
  for (const seed of ctx.plan.seeds) {
    const r = known.get(thresholdRunHash(ctx, q.point, seed, q.shock));
    if (!r) return null;
    runs.push({ badDebtPct: r.metrics[bd]!, amplification: r.metrics[amp]! });
  }
  return outcomeOf(runs);
}

export function thresholdRunHash(
  ctx: { resolved: ResolvedSweep; plan: SweepPlan },
  point: number,
  seed: number,
  shock: number,
): string {
  const p = ctx.plan.points[point]!;
  return runInputsHash({
    scenario: ctx.resolved.scenarios[p.scenario]!,
    designHash: p.designHash,
    seed,
    shock,
    accounts: ctx.plan.accounts(p.scenario),
    stepSeconds: ctx.plan.stepSeconds(p.scenario),
  });
}

async function runThresholdPhase(
  ctx: { store: Store; id: string; resolved: ResolvedSweep; plan: SweepPlan; metrics: MetricKey[] },
  executor: SweepExecutor,
  writer: BatchWriter,
  opts: RunSweepOptions,
): Promise<void> {
  const t = thresholdOf(ctx.resolved.spec);
  if (!t) return;
  const known = knownRuns(ctx.store, ctx.id) as Map<string, { metrics: number[] }>;
  let done = 0;
  await searchThresholds(t, ctx.plan.points.length, ctx.plan.shocks, async (queries) => {
    const needed = new Map<string, Needed>();
    for (const q of queries)
      for (const seed of ctx.plan.seeds) {
        const hash = thresholdRunHash(ctx, q.point, seed, q.shock);
        if (!known.has(hash))
          needed.set(hash, { point: q.point, seed, shock: q.shock, hash, runIndex: null });
      }
    const total = done + needed.size;
    opts.onProgress?.({ phase: 'threshold', done, total });
    const fresh = await runNeeded(ctx, [...needed.values()], executor, writer, opts, (n) => {
      done += n;
      opts.onProgress?.({ phase: 'threshold', done, total });
    });
    for (const [h, r] of fresh) known.set(h, r);
    return queries.map((q) => outcomeFrom(ctx, known, q));
  });
}

/** The stored sweeps and one sweep's record, for hosts (the CLI's `sweep list` and `status`). */
export { getSweepMeta, listSweeps } from '../../store/sweeps.ts';
