/**
 * `npm run bench`, sweep section: Black Thursday design variants (maker-2021-clip with its liquidation
 * ratio and auction start buffer varied by a Latin hypercube, seed 1, shock 1) at 100 k accounts, run
 * as a real sweep (calibration and population made once per worker and seed, warm piscina pool,
 * batched SQLite commits in a temporary store). Prints the load, wall time, runs per second and CPU
 * seconds per run for all of them on every core, then the speed-up of 2 workers over 1 on the same
 * first runs with each one's CPU time and cores kept busy — under the command line's V8 flags (in a
 * child process, as `cascade-lab sweep run` relaunches itself) and under node's defaults. Printed,
 * never asserted.
 * BENCH_SWEEP_RUNS (1000), BENCH_SWEEP_ACCOUNTS (100000), BENCH_SWEEP_SCALING_RUNS (100) and
 * BENCH_SWEEP=0 (skip) select.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { openLibraryStore } from '../services/library.ts';
import { defaultWorkerCount, localSweepExecutor, SWEEP_V8_FLAGS } from '../services/sweep/sweep-executor.ts';
import { planSweep } from '../services/sweep/sweep-plan.ts';
import { createStoredSweep, resolveSweep, runStoredSweep } from '../services/sweep/sweep-service.ts';
import { parseSweepSpec } from '../services/sweep/sweep-spec.ts';

function specFor(points: number, accounts: number) {
  return parseSweepSpec({
    format: 'cascade-lab-sweep',
    version: 1,
    name: 'bench',
    scenarios: ['black-thursday-2020'],
    designs: ['maker-2021-clip'],
    axes: [
      { path: 'margin.liquidationRatio', range: { from: 1.3, to: 1.75 } },
      { path: 'liquidation.startBuffer', range: { from: 1.05, to: 1.5 } },
    ],
    sampling: { kind: 'lhs', points, seed: 2020 },
    seeds: [1],
    shocks: [1],
    accounts,
    threshold: null,
  });
}

interface Timed {
  runs: number;
  workers: number;
  /** Wall seconds of the sweep (pool already started; calibration and population inside). */
  wall: number;
  /** CPU seconds of the whole process (every worker thread and the main thread's SQLite commits). */
  cpu: number;
  /** The machine's 1-minute load average before and after. */
  loadBefore: number;
  loadAfter: number;
}

/** One sweep of `points` variants on a fresh pool of `workers` threads in a temporary store. */
async function timeSweep(points: number, accounts: number, workers: number): Promise<Timed> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cascade-bench-sweep-'));
  const { store } = await openLibraryStore({ dataDir });
  const executor = localSweepExecutor(workers);
  try {
    const r = resolveSweep(store, specFor(points, accounts));
    const meta = createStoredSweep(store, r, planSweep(r));
    const loadBefore = loadavg()[0]!;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await runStoredSweep(store, meta.id, executor);
    const c = process.cpuUsage(c0);
    const wall = (performance.now() - t0) / 1000;
    return {
      runs: points,
      workers,
      wall,
      cpu: (c.user + c.system) / 1e6,
      loadBefore,
      loadAfter: loadavg()[0]!,
    };
  } finally {
    await executor.close();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const load = (t: Timed) => `load ${t.loadBefore.toFixed(1)}→${t.loadAfter.toFixed(1)}`;
/** Cores the sweep kept busy on average: CPU seconds over wall seconds. */
const busy = (t: Timed) => (t.cpu / t.wall).toFixed(2);

/** 1 worker against 2 on the same first variants, a fresh pool each (each worker calibrates and
 * generates the population of the seed it meets once, inside the timing). */
async function scalingLine(
  scaling: number,
  accounts: number,
  flags: string,
): Promise<{ one: Timed; two: Timed }> {
  const one = await timeSweep(scaling, accounts, 1);
  const two = await timeSweep(scaling, accounts, 2);
  console.log(
    `sweep scaling (${flags}), first ${scaling} of the same variants: 1 worker ${one.wall.toFixed(1)} s (${(one.cpu / scaling).toFixed(3)} CPU-s/run, ${busy(one)} cores busy, ${load(one)}), ` +
      `2 workers ${two.wall.toFixed(1)} s (${(two.cpu / scaling).toFixed(3)} CPU-s/run, ${busy(two)} cores busy, ${load(two)}) → ${(one.wall / two.wall).toFixed(2)}× ` +
      `(target ≥ 1.8×; needs 2 idle cores: with other load the 2-worker run gets fewer than 2 cores busy)`,
  );
  return { one, two };
}

const settings = () => ({
  runs: Number(process.env.BENCH_SWEEP_RUNS ?? 1000),
  accounts: Number(process.env.BENCH_SWEEP_ACCOUNTS ?? 100_000),
  scaling: Number(process.env.BENCH_SWEEP_SCALING_RUNS ?? 100),
});

/**
 * The sweep section. First in a node started with the flags the command line uses for a sweep whose
 * workers fill every core (cli/relaunch.ts, `SWEEP_V8_FLAGS`): this bench's bundle again with
 * BENCH_SWEEP_CHILD=1 (the 1,000 variants, then 1 worker against 2). Then in this process, under
 * node's default flags (what a 1-worker command and the app's host run with), 1 worker against 2
 * again; last, the two as the command line runs them: 1 worker under the defaults, 2 under the flags.
 */
export async function benchSweep(): Promise<void> {
  if (process.env.BENCH_SWEEP === '0') return;
  const { spawnSync } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'cascade-bench-sweep-out-')), 'scaling.json');
  const r = spawnSync(process.execPath, [...SWEEP_V8_FLAGS, ...process.execArgv, process.argv[1]!], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_SWEEP_CHILD: '1', BENCH_SWEEP_OUT: out },
  });
  if (r.status !== 0) console.log(`sweep: the sweep bench process failed (exit ${r.status ?? r.signal})`);
  const { accounts, scaling } = settings();
  const defaults = await scalingLine(scaling, accounts, "node's default V8 flags");
  if (r.status !== 0) return;
  const flagged = JSON.parse(readFileSync(out, 'utf8')) as { one: Timed; two: Timed };
  rmSync(path.dirname(out), { recursive: true, force: true });
  console.log(
    `sweep scaling as the command line runs it: 1 worker under node's defaults ${defaults.one.wall.toFixed(1)} s, ` +
      `2 workers under ${SWEEP_V8_FLAGS.join(' ')} ${flagged.two.wall.toFixed(1)} s → ${(defaults.one.wall / flagged.two.wall).toFixed(2)}× (target ≥ 1.8×)`,
  );
}

/** What the child started by `benchSweep` runs (the command line's flags for a sweep on every core). */
export async function benchSweepChild(): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  const { runs, accounts, scaling } = settings();
  const cores = defaultWorkerCount();
  const n = accounts.toLocaleString('en-US');
  const flags = `node ${SWEEP_V8_FLAGS.join(' ')}`;
  console.log(
    `sweep (${flags}, as \`cascade-lab sweep run\` runs when its workers fill every core): ${cores} core(s), load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(
        ' / ',
      )} (1/5/15 min) before the sweeps; wall times count the machine's other load, CPU time per run hardly does`,
  );
  const all = await timeSweep(runs, accounts, cores);
  const cpuPerRun = all.cpu / runs;
  console.log(
    `sweep: ${runs} Black Thursday variants at ${n} accounts on ${cores} worker(s): ${all.wall.toFixed(1)} s, ${(runs / all.wall).toFixed(2)} runs/s ` +
      `(target < 120 s for 1,000 at 100 k on 2 cores; ${load(all)}, ${busy(all)} cores busy); ` +
      `CPU ${cpuPerRun.toFixed(3)} s per run → 1,000 runs need ≥ ${((1000 * cpuPerRun) / cores).toFixed(0)} s on ${cores} otherwise idle core(s)`,
  );
  const timed = await scalingLine(scaling, accounts, flags);
  if (process.env.BENCH_SWEEP_OUT) writeFileSync(process.env.BENCH_SWEEP_OUT, JSON.stringify(timed));
}
