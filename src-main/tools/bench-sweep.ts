/**
 * `npm run bench`, sweep section: Black Thursday design variants (maker-2021-clip with its liquidation
 * ratio and auction start buffer varied by a Latin hypercube, seed 1, shock 1) at 100 k accounts, run
 * as a real sweep (calibration cached per worker, warm piscina pool, batched SQLite commits in a
 * temporary store). Prints wall time and runs per second for all of them on every core, then the
 * speed-up of 2 workers over 1 on the same first runs. Printed, never asserted.
 * BENCH_SWEEP_RUNS (1000), BENCH_SWEEP_ACCOUNTS (100000), BENCH_SWEEP_SCALING_RUNS (100) and
 * BENCH_SWEEP=0 (skip) select.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLibraryStore } from '../services/library.ts';
import { defaultWorkerCount, localSweepExecutor } from '../services/sweep/sweep-executor.ts';
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

/** Wall seconds, and CPU seconds of the whole process (every worker thread included). */
async function timeSweep(
  points: number,
  accounts: number,
  workers: number,
): Promise<{ wall: number; cpu: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cascade-bench-sweep-'));
  const { store } = await openLibraryStore({ dataDir });
  const executor = localSweepExecutor(workers);
  try {
    const r = resolveSweep(store, specFor(points, accounts));
    const meta = createStoredSweep(store, r, planSweep(r));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await runStoredSweep(store, meta.id, executor);
    const c = process.cpuUsage(c0);
    return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
  } finally {
    await executor.close();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchSweep(): Promise<void> {
  if (process.env.BENCH_SWEEP === '0') return;
  const runs = Number(process.env.BENCH_SWEEP_RUNS ?? 1000);
  const accounts = Number(process.env.BENCH_SWEEP_ACCOUNTS ?? 100_000);
  const scaling = Number(process.env.BENCH_SWEEP_SCALING_RUNS ?? 100);
  const cores = defaultWorkerCount();
  const n = accounts.toLocaleString('en-US');
  const all = await timeSweep(runs, accounts, cores);
  // CPU time per run hardly depends on other load; wall time does.
  const cpuPerRun = all.cpu / runs;
  console.log(
    `sweep: ${runs} Black Thursday variants at ${n} accounts on ${cores} worker(s): ${all.wall.toFixed(1)} s (${(runs / all.wall).toFixed(2)} runs/s; target < 120 s for 1,000 at 100 k on 2 cores); ` +
      `CPU ${cpuPerRun.toFixed(2)} s per run → 1,000 runs need ≥ ${((1000 * cpuPerRun) / cores).toFixed(0)} s on ${cores} otherwise idle core(s)`,
  );
  const one = await timeSweep(scaling, accounts, 1);
  const two = await timeSweep(scaling, accounts, 2);
  console.log(
    `sweep scaling, first ${scaling} of the same variants: 1 worker ${one.wall.toFixed(1)} s, 2 workers ${two.wall.toFixed(1)} s → ${(one.wall / two.wall).toFixed(2)}× (target ≥ 1.8×; the machine's other load counts against it)`,
  );
}
