/**
 * The sweep channels of the contract (`sweeps.*`): estimate, start (in the background on the local
 * worker pool, progress as `sweep.progress` events), stop, resume, list, report, export, open a
 * design point in Replay, and the seed band Replay shows. Sweeps live in the app's store; without
 * one (the data folder could not be opened) every channel says so.
 */
import type { Channel, SeedBandView } from '../../contract/api.ts';
import type { Design } from '../../engine/design.ts';
import { canonicalJson, fnv1a64, parseDesign } from '../../engine/design.ts';
import type { Store } from '../../store/open-store.ts';
import { listSweepRuns, listSweeps } from '../../store/sweeps.ts';
import type { CallContext, Handlers } from '../handlers.ts';
import { AppError, invalidInput, toApiError } from '../app-errors.ts';
import type { DesignRepository } from '../design-repository.ts';
import { InputError } from '../replay-service.ts';
import type { SweepExecutor } from './sweep-executor.ts';
import { SweepCancelled } from './sweep-executor.ts';
import { planSweep } from './sweep-plan.ts';
import { buildSweepReport, exportSweepCsv } from './sweep-report.ts';
import {
  checkLimits,
  createStoredSweep,
  estimateSweep,
  loadSweepPlan,
  resolveSweep,
  runStoredSweep,
  SweepNeedsConfirmation,
} from './sweep-service.ts';
import { parseSweepSpec, SweepSpecError } from './sweep-spec.ts';
import { quantileSorted } from './sweep-stats.ts';

export type SweepChannel = Extract<Channel, `sweeps.${string}`>;

export interface SweepHandlerDeps {
  store: Store | null;
  designs: DesignRepository;
  /** The app's sweep executor (a warm pool), made on first use. */
  executor: () => SweepExecutor;
  /** Resolves a design id (preset or saved) as replay does. */
  designByRef: (id: string) => Design;
  log?: (line: string) => void;
}

function asInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SweepSpecError || e instanceof SweepNeedsConfirmation || e instanceof InputError) {
      throw invalidInput(e.message.replace(/\s*\n\s*/g, ' '));
    }
    throw e;
  }
}

export function createSweepHandlers(deps: SweepHandlerDeps): {
  handlers: Pick<Handlers, SweepChannel>;
  close(): Promise<void>;
} {
  const active = new Map<string, AbortController>();

  function store(): Store {
    if (!deps.store) {
      // Not 'failed' (a bug): the app runs without its data folder, and sweeps live there.
      throw new AppError(
        'not-found',
        'no sweeps here: sweeps are kept in the data folder, which could not be opened (see the message at start)',
      );
    }
    return deps.store;
  }

  function launch(id: string, ctx: CallContext): void {
    const stop = new AbortController();
    active.set(id, stop);
    void runStoredSweep(store(), id, deps.executor(), {
      signal: stop.signal,
      onProgress: (p) => ctx.emit({ type: 'sweep.progress', sweepId: id, ...p }),
    })
      .then(() => ctx.emit({ type: 'sweep.done', sweepId: id, status: 'done' }))
      .catch((e: unknown) => {
        if (e instanceof SweepCancelled) ctx.emit({ type: 'sweep.done', sweepId: id, status: 'stopped' });
        else {
          deps.log?.(`cascade-lab: sweep ${id} failed: ${(e as Error).stack ?? String(e)}`);
          ctx.emit({ type: 'sweep.done', sweepId: id, status: 'failed', error: toApiError(e) });
        }
      })
      .finally(() => active.delete(id));
  }

  function prepare(spec: unknown) {
    const s = store();
    return asInput(() => {
      const parsed = parseSweepSpec(spec);
      // Main never reads a file the renderer names: designs are preset or saved design ids here.
      const file = parsed.designs.find((r) => /\.json$/i.test(r.split('+')[0]!));
      if (file !== undefined) {
        throw new SweepSpecError(
          `sweep.designs: "${file}" is a file path; the app takes preset or saved design ids`,
        );
      }
      const resolved = resolveSweep(s, parsed);
      const plan = planSweep(resolved);
      return { resolved, plan, estimate: estimateSweep(resolved, plan, deps.executor().concurrency) };
    });
  }

  const handlers: Pick<Handlers, SweepChannel> = {
    'sweeps.estimate': async ({ spec }) => {
      const { estimate } = prepare(spec);
      return {
        points: estimate.points,
        gridRuns: estimate.gridRuns,
        seconds: estimate.seconds,
        memoryBytes: estimate.memoryBytes,
        workers: estimate.workers,
        needsConfirmation: estimate.needsConfirmation,
      };
    },

    'sweeps.start': async ({ spec, confirmed }, ctx) => {
      const { resolved, plan, estimate } = prepare(spec);
      asInput(() => checkLimits(estimate, confirmed));
      const meta = createStoredSweep(store(), resolved, plan);
      launch(meta.id, ctx);
      return { sweepId: meta.id };
    },

    'sweeps.list': async () => (deps.store ? listSweeps(deps.store) : []),

    'sweeps.report': async ({ sweepId }) => ({
      ...(await buildSweepReport(store(), sweepId)),
      active: active.has(sweepId),
    }),

    'sweeps.cancel': async ({ sweepId }) => {
      const c = active.get(sweepId);
      c?.abort();
      return { cancelled: c !== undefined };
    },

    'sweeps.resume': async ({ sweepId }, ctx) => {
      if (active.has(sweepId)) throw invalidInput(`sweep ${sweepId} is already running`);
      loadSweepPlan(store(), sweepId); // not found / other engine: a clear error before starting
      launch(sweepId, ctx);
      return { sweepId };
    },

    'sweeps.exportCsv': async ({ sweepId }) => ({
      fileName: `cascade-lab-${sweepId}.csv`,
      csv: exportSweepCsv(store(), sweepId),
    }),

    'sweeps.openPoint': async ({ sweepId, point }) => {
      const { resolved, plan } = loadSweepPlan(store(), sweepId);
      const p = plan.points[point];
      if (!p) throw invalidInput(`sweep ${sweepId} has no design point ${point}`, 'point');
      const id = `${sweepId}-p${point}`;
      const design = parseDesign({
        ...p.design,
        id,
        name: `${resolved.designs[p.base]!.ref} (sweep ${sweepId}, point ${point})`.slice(0, 80),
      });
      if (!deps.designs.get(id)) deps.designs.save(design);
      return {
        scenarioId: resolved.scenarios[p.scenario]!.scenario.id,
        designId: id,
        seed: plan.seeds[0]!,
        accounts: resolved.spec.accounts ?? null,
      };
    },

    'sweeps.seedBand': async ({ scenarioId, designId }) => {
      const design = deps.designByRef(designId);
      return deps.store ? seedBand(deps.store, scenarioId, design) : null;
    },
  };

  return {
    handlers,
    async close() {
      for (const c of active.values()) c.abort();
    },
  };
}

/** A design's parameters without its identity (id, name, description, sources): what runs the same. */
export function parameterHash(d: Design): string {
  const {
    id: _id,
    name: _name,
    description: _description,
    sources: _sources,
    ...rest
  } = d as Design & {
    description?: unknown;
    sources?: unknown;
  };
  return fnv1a64(canonicalJson(rest));
}

/**
 * The 10–90% band over seeds of the simulated price of `design` on `scenarioId`, from the finished
 * sweep runs at shock 1 of a design with the same parameters (whatever its name) with the most seeds (at least 3); null when no
 * sweep has them.
 */
export function seedBand(store: Store, scenarioId: string, design: Design): SeedBandView | null {
  const hash = parameterHash(design);
  let best: SeedBandView | null = null;
  for (const meta of listSweeps(store)) {
    let plan;
    try {
      plan = loadSweepPlan(store, meta.id);
    } catch {
      continue; // a sweep from another engine version: it cannot speak for this one
    }
    const points = new Set(
      plan.plan.points
        .filter(
          (p) =>
            parameterHash(p.design) === hash &&
            plan.resolved.scenarios[p.scenario]!.scenario.id === scenarioId &&
            // A crash's runs carry the varied protocol's price, not the one a replay may chart.
            plan.resolved.scenarios[p.scenario]!.crash === undefined,
        )
        .map((p) => p.index),
    );
    if (points.size === 0) continue;
    const runs = listSweepRuns(store, meta.id).filter(
      (r) => r.phase === 'grid' && r.shock === 1 && points.has(r.point) && r.pricePath.length > 1,
    );
    const bySeed = new Map(runs.map((r) => [r.seed, r]));
    if (bySeed.size < 3 || (best && best.seeds >= bySeed.size)) continue;
    const chosen = [...bySeed.values()];
    const m = Math.min(...chosen.map((r) => r.pricePath.length));
    const q = (xs: number[], p: number) =>
      quantileSorted(
        [...xs].sort((a, b) => a - b),
        p,
      );
    const column = (i: number) => chosen.map((r) => r.pricePath[i]!);
    const bd = plan.metrics.indexOf('badDebtUsd');
    const bads = chosen.map((r) => r.metrics[bd]!);
    best = {
      sweepId: meta.id,
      seeds: chosen.length,
      at: Array.from({ length: m }, (_, i) => (m === 1 ? 0 : i / (m - 1))),
      p10: Array.from({ length: m }, (_, i) => q(column(i), 0.1)),
      p50: Array.from({ length: m }, (_, i) => q(column(i), 0.5)),
      p90: Array.from({ length: m }, (_, i) => q(column(i), 0.9)),
      badDebtUsd: { p10: q(bads, 0.1), p50: q(bads, 0.5), p90: q(bads, 0.9) },
    };
  }
  return best;
}
