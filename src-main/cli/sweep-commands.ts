/**
 * `cascade-lab sweep …` and `cascade-lab worker`: design-space sweeps on this machine's worker pool
 * or over a BullMQ queue on Redis. Bad input exits 2 with one line; a stopped sweep (Ctrl-C) exits
 * 130 after committing what finished, and says how to resume it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openLibraryStore } from '../services/library.ts';
import { InputError } from '../services/replay-service.ts';
import type { SweepExecutor } from '../services/sweep/sweep-executor.ts';
import { defaultWorkerCount, localSweepExecutor, SweepCancelled } from '../services/sweep/sweep-executor.ts';
import { planSweep } from '../services/sweep/sweep-plan.ts';
import { checkRedisReachable, QueueSweepExecutor, runQueueWorker } from '../services/sweep/sweep-queue.ts';
import type { SweepReport } from '../services/sweep/sweep-report.ts';
import { buildSweepReport, exportSweepCsv, exportSweepJson } from '../services/sweep/sweep-report.ts';
import {
  checkLimits,
  createStoredSweep,
  estimateSweep,
  formatDuration,
  resolveSweep,
  runStoredSweep,
} from '../services/sweep/sweep-service.ts';
import type { SweepSpec } from '../services/sweep/sweep-spec.ts';
import { parseSweepSpec, parseSweepText } from '../services/sweep/sweep-spec.ts';
import { getSweepMeta, listSweeps } from '../services/sweep/sweep-service.ts';
import { resolveDataDir } from '../services/open-app-store.ts';
import type { Store } from '../services/library.ts';
import type { Parsed } from './args.ts';
import { allowOnly, intFlag, positionals, textFlag } from './args.ts';

interface SweepIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readFile?: (path: string) => string;
  dataDir?: string;
  /** Stops a running sweep or worker (the process binds it to SIGINT/SIGTERM); default: never. */
  stopSignal?: AbortSignal;
}

async function withStore<T>(io: SweepIo, fn: (store: Store) => Promise<T>): Promise<T> {
  const { store } = await openLibraryStore({ dataDir: io.dataDir ?? resolveDataDir() });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

const usd = (x: number) => `$${(x / 1e6).toFixed(2)}M`;

export async function runSweepCommand(command: string, p: Parsed, io: SweepIo): Promise<number> {
  if (command === 'worker') return cmdWorker(p, io);
  const [sub, ...rest] = p.positional;
  const q: Parsed = { ...p, positional: rest };
  switch (sub) {
    case 'run':
      return cmdRun(q, io);
    case 'resume':
      return cmdResume(q, io);
    case 'status':
      return cmdStatus(q, io);
    case 'export':
      return cmdExport(q, io);
    case 'list':
      return cmdList(q, io);
    default:
      throw new InputError(
        `sweep needs a subcommand: run FILE | run --scenario ID --design REF --vary PATH=FROM:TO:COUNT … --seeds A-B | status ID | resume ID | export ID --csv|--json | list`,
      );
  }
}

/** `--vary PATH=FROM:TO:COUNT` (a grid range) or `--vary PATH=A,B,C` (a list). */
function parseVary(text: string): SweepSpec['axes'][number] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError(`--vary "${text}": write PATH=FROM:TO:COUNT or PATH=A,B,C`);
  const path = text.slice(0, eq);
  const body = text.slice(eq + 1);
  const range = /^(-?[\d.e+-]+):(-?[\d.e+-]+):(\d+)$/i.exec(body);
  if (range)
    return {
      path,
      range: { from: Number(range[1]), to: Number(range[2]), count: Number(range[3]), integer: false },
    };
  const values = body
    .split(',')
    .map((v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v.trim()));
  if (values.length === 0 || values.some((v) => v === '')) {
    throw new InputError(`--vary "${text}": write PATH=FROM:TO:COUNT or PATH=A,B,C`);
  }
  return { path, values };
}

function parseSeeds(text: string): { from: number; to: number } | number[] {
  const m = /^(\d+)-(\d+)$/.exec(text);
  if (m) return { from: Number(m[1]), to: Number(m[2]) };
  if (/^\d+(,\d+)*$/.test(text)) return text.split(',').map(Number);
  throw new InputError(`--seeds "${text}": write A-B (a range) or A,B,C`);
}

function parseShock(text: string): { from: number; to: number; count: number } | number[] {
  const m = /^([\d.]+):([\d.]+):(\d+)$/.exec(text);
  if (m) return { from: Number(m[1]), to: Number(m[2]), count: Number(m[3]) };
  if (/^[\d.]+(,[\d.]+)*$/.test(text)) return text.split(',').map(Number);
  throw new InputError(`--shock "${text}": write FROM:TO:COUNT (e.g. 0.5:1.5:5) or a list 0.5,1,1.5`);
}

/** The spec of `sweep run`: from a file, or from flags. */
function specOf(p: Parsed, io: SweepIo): SweepSpec {
  const file = p.positional[0];
  if (file !== undefined) {
    positionals(p, 'sweep run', ['file']);
    for (const f of ['scenario', 'design', 'vary', 'seeds', 'shock', 'accounts', 'protocol']) {
      if (p.flags.has(f)) throw new InputError(`sweep run FILE takes its ${f} from the file: drop --${f}`);
    }
    let text: string;
    try {
      text = (io.readFile ?? ((f: string) => readFileSync(f, 'utf8')))(file);
    } catch (e) {
      throw new InputError(
        `sweep file ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      );
    }
    return parseSweepText(text, file);
  }
  const scenarios = p.flags.get('scenario');
  const designs = p.flags.get('design');
  if (!scenarios || !designs) {
    throw new InputError(
      'sweep run needs a sweep FILE, or --scenario ID and --design REF (with --vary, --seeds, --shock)',
    );
  }
  const seeds = textFlag(p, 'seeds');
  const shock = textFlag(p, 'shock');
  const accounts = intFlag(p, 'accounts');
  const protocol = textFlag(p, 'protocol');
  return parseSweepSpec({
    format: 'cascade-lab-sweep',
    version: 1,
    scenarios,
    ...(protocol !== undefined ? { protocol } : {}),
    designs,
    axes: (p.flags.get('vary') ?? []).map(parseVary),
    ...(seeds !== undefined ? { seeds: parseSeeds(seeds) } : {}),
    ...(shock !== undefined ? { shocks: parseShock(shock) } : {}),
    ...(accounts !== undefined ? { accounts } : {}),
  });
}

async function executorFor(p: Parsed, sweepId: string, io: SweepIo): Promise<SweepExecutor> {
  const queue = textFlag(p, 'queue');
  if (queue !== undefined) return QueueSweepExecutor.connect(queue, sweepId);
  return localSweepExecutor(workersOf(p), undefined, (l) => io.err(`${l}\n`));
}

function workersOf(p: Parsed): number {
  const w = intFlag(p, 'workers');
  if (w !== undefined && (w < 1 || w > 256))
    throw new InputError(`--workers must be from 1 to 256 (got ${w})`);
  return w ?? defaultWorkerCount();
}

async function execute(store: Store, id: string, p: Parsed, io: SweepIo): Promise<number> {
  const json = p.bools.has('json');
  const executor = await executorFor(p, id, io);
  let last = 0;
  try {
    const meta = await runStoredSweep(store, id, executor, {
      ...(io.stopSignal ? { signal: io.stopSignal } : {}),
      onProgress: (pr) => {
        if (json || Date.now() - last < 1000) return;
        last = Date.now();
        io.err(`  ${pr.phase === 'grid' ? 'runs' : 'threshold search'}: ${pr.done}/${pr.total}\n`);
      },
    });
    const report = await buildSweepReport(store, id);
    if (json)
      io.out(
        `${JSON.stringify({ sweepId: id, status: meta.status, runs: meta.gridDone, report: reportJson(report) })}\n`,
      );
    else io.out(renderReport(report));
    return 0;
  } catch (e) {
    if (e instanceof SweepCancelled) {
      const m = getSweepMeta(store, id);
      io.err(
        `sweep ${id} stopped after ${m.gridDone}/${m.gridRuns} runs; continue with: cascade-lab sweep resume ${id}\n`,
      );
      if (json) io.out(`${JSON.stringify({ sweepId: id, status: 'stopped', runs: m.gridDone })}\n`);
      return 130;
    }
    throw e;
  } finally {
    await executor.close();
  }
}

async function cmdRun(p: Parsed, io: SweepIo): Promise<number> {
  allowOnly(p, 'sweep run', [
    'scenario',
    'design',
    'vary',
    'seeds',
    'shock',
    'accounts',
    'workers',
    'queue',
    'json',
    'yes',
    'protocol',
  ]);
  const spec = specOf(p, io);
  return withStore(io, async (store) => {
    const resolved = resolveSweep(store, spec, io.readFile);
    const plan = planSweep(resolved);
    const workers = p.flags.has('queue') ? Math.max(1, intFlag(p, 'workers') ?? 1) : workersOf(p);
    const est = estimateSweep(resolved, plan, workers);
    checkLimits(est, p.bools.has('yes'));
    // An unreachable queue is refused before anything is written.
    const queue = textFlag(p, 'queue');
    if (queue !== undefined) await checkRedisReachable(queue);
    const meta = createStoredSweep(store, resolved, plan);
    if (!p.bools.has('json')) {
      io.out(
        `sweep ${meta.id}: ${est.points} design point(s), ${est.gridRuns} runs (+ threshold search), about ${formatDuration(est.seconds)} on ${workers} worker(s)\n`,
      );
    }
    return execute(store, meta.id, p, io);
  });
}

async function cmdResume(p: Parsed, io: SweepIo): Promise<number> {
  allowOnly(p, 'sweep resume', ['workers', 'queue', 'json']);
  const [id] = positionals(p, 'sweep resume', ['id']);
  return withStore(io, async (store) => {
    const m = getSweepMeta(store, id!);
    if (!p.bools.has('json')) io.out(`sweep ${m.id}: resuming at ${m.gridDone}/${m.gridRuns} runs\n`);
    return execute(store, m.id, p, io);
  });
}

async function cmdStatus(p: Parsed, io: SweepIo): Promise<number> {
  allowOnly(p, 'sweep status', ['json']);
  const [id] = positionals(p, 'sweep status', ['id']);
  return withStore(io, async (store) => {
    const report = await buildSweepReport(store, id!);
    if (p.bools.has('json')) io.out(`${JSON.stringify(reportJson(report))}\n`);
    else io.out(renderReport(report));
    return 0;
  });
}

async function cmdExport(p: Parsed, io: SweepIo): Promise<number> {
  allowOnly(p, 'sweep export', ['csv', 'json', 'out']);
  const [id] = positionals(p, 'sweep export', ['id']);
  const csv = p.bools.has('csv');
  if (csv === p.bools.has('json')) throw new InputError('sweep export needs exactly one of --csv and --json');
  const out = textFlag(p, 'out');
  return withStore(io, async (store) => {
    const text = csv ? exportSweepCsv(store, id!) : exportSweepJson(store, id!);
    if (out) {
      writeFileSync(out, text);
      io.out(`wrote ${out}\n`);
    } else io.out(text);
    return 0;
  });
}

async function cmdList(p: Parsed, io: SweepIo): Promise<number> {
  allowOnly(p, 'sweep list', ['json']);
  positionals(p, 'sweep list', []);
  return withStore(io, async (store) => {
    const list = listSweeps(store);
    if (p.bools.has('json')) {
      io.out(`${JSON.stringify(list)}\n`);
      return 0;
    }
    if (list.length === 0) io.out('no sweeps yet (cascade-lab sweep run …)\n');
    for (const s of list) {
      io.out(
        `${s.id}  ${new Date(s.createdAtMs).toISOString().slice(0, 16)}  ${s.status.padEnd(7)} ${s.gridDone}/${s.gridRuns}  ${s.name}\n`,
      );
    }
    return 0;
  });
}

async function cmdWorker(p: Parsed, io: SweepIo): Promise<number> {
  allowOnly(p, 'worker', ['queue', 'workers']);
  positionals(p, 'worker', []);
  const queue = textFlag(p, 'queue');
  if (!queue) throw new InputError('worker needs --queue redis://HOST:PORT');
  const executor = localSweepExecutor(workersOf(p), undefined, (l) => io.err(`${l}\n`));
  const lockMs = Number(process.env.CASCADE_LAB_QUEUE_LOCK_MS ?? '') || undefined;
  try {
    await runQueueWorker(queue, executor, {
      signal: io.stopSignal ?? new AbortController().signal,
      ...(lockMs ? { lockMs } : {}),
      log: (l) => io.err(`cascade-lab worker: ${l}\n`),
    });
  } finally {
    await executor.close();
  }
  return 0;
}

/** The report as JSON (what `--json` prints). */
export function reportJson(r: SweepReport) {
  return {
    id: r.sweep.id,
    name: r.sweep.name,
    status: r.sweep.status,
    protocol: r.protocol,
    gridRuns: r.sweep.gridRuns,
    gridDone: r.sweep.gridDone,
    metrics: r.metrics,
    axes: r.axes,
    points: r.points,
    tornado: r.tornado,
    threshold: r.threshold,
    notes: r.notes,
  };
}

function thresholdText(t: SweepReport['points'][number]['threshold']): string {
  if (!t) return '—';
  if (t.kind === 'below') return 'on at the lowest shock';
  if (t.kind === 'above') return 'off at the highest shock';
  return `×${t.shock.toFixed(3)}`;
}

/** The report as text: one line per design point, the frontier marked, then the tornado. */
export function renderReport(r: SweepReport): string {
  const lines = [
    `sweep ${r.sweep.id} (${r.sweep.status === 'running' ? 'running, or interrupted: `sweep resume` continues it' : r.sweep.status}): ${r.sweep.gridDone}/${r.sweep.gridRuns} runs — ${r.sweep.name}`,
    ...(r.protocol !== null
      ? [`protocol varied: ${r.protocol} (the other protocols of the crash keep their historical designs)`]
      : []),
    '',
    `${'design point'.padEnd(48)} ${'bad debt mean'.padStart(13)} ${'VaR95'.padStart(9)} ${'ES1%'.padStart(9)} ${'LaR'.padStart(9)} ${'unreal.'.padStart(9)} ${'underw.'.padStart(7)} ${'maxLTV'.padStart(7)}  frontier  threshold`,
  ];
  for (const p of r.points) {
    const bd = p.stats.badDebtUsd;
    const ub = p.stats.unrealisedBadDebtUsd;
    const uw = p.stats.underwaterAccounts;
    lines.push(
      `${p.label.slice(0, 48).padEnd(48)} ${(bd ? usd(bd.mean) : '—').padStart(13)} ${(bd ? usd(bd.var95) : '—').padStart(9)} ${(bd ? usd(bd.es1) : '—').padStart(9)} ${(p.larUsd !== null ? usd(p.larUsd) : '—').padStart(9)} ${(ub ? usd(ub.mean) : '—').padStart(9)} ${(uw ? String(Math.round(uw.max)) : '—').padStart(7)} ${(p.efficiency !== null ? `${(100 * p.efficiency).toFixed(1)}%` : '—').padStart(7)}  ${p.efficiency === null ? '—       ' : p.dominated ? 'dominated' : 'FRONTIER '} ${thresholdText(p.threshold)}`,
    );
  }
  if (r.tornado.bars.length > 0) {
    lines.push('', 'sensitivity of mean bad debt (tornado):');
    for (const b of r.tornado.bars) {
      lines.push(
        `  ${b.axis.padEnd(36)} ${usd(b.low)} (${b.lowLabel}) → ${usd(b.high)} (${b.highLabel}); swing ${usd(b.swing)}`,
      );
    }
  }
  if (r.threshold) {
    lines.push(
      '',
      `cascade threshold: smallest shock scale in [${r.threshold.from}, ${r.threshold.to}] where mean bad debt ≥ ${100 * r.threshold.badDebtShare}% of debt or amplification ≥ ${r.threshold.amplification} (±${r.threshold.tolerance})`,
    );
  }
  lines.push(
    '',
    'columns: bad debt realised (mean, VaR 95%, expected shortfall 1%), liquidations at risk (VaR 95% of liquidated USD), unrealised bad debt (mean over runs of the worst step’s shortfall at the oracle), accounts underwater (most at any step, worst run), max LTV (capital efficiency)',
    ...r.notes.map((n) => `note: ${n}`),
  );
  return `${lines.join('\n')}\n`;
}
