/**
 * The bench's "engine steps vs typed-array scan" section: the engine's indexed pass and the
 * standalone typed-array full scan (typed-scan.ts) on the same run — Black Thursday, 1-minute steps,
 * the calibrated path, a fixed-discount market sale (compound-market-sale) on a population that
 * answers no margin call (what the scan models) — at each size: stepping time of both, the ratios,
 * and whether their outputs are identical. Printed, never asserted.
 *
 * The engine's steps are timed two ways, both printed:
 * - **steady**: in this process, the pass repeated back to back (the first of STEADY_PASSES + 1
 *   unmeasured), the median of the rest — the engine as a long-lived process runs it (the app, a
 *   sweep's workers), V8's compiled code in place and no collection forced between passes;
 * - **fresh**: the pass alone in a new process (`benchScanChild`, the calibrated path handed over in
 *   a file, nothing else run before it) — the one-off command line's case, V8 compiling as it goes.
 * A collection forced just before a pass (`gc()`, as this section did before) is neither: in a
 * process that had run the pass's code it cost the next 1 M pass a third of its steps (measured:
 * 413–451 ms back to back, 582–594 ms after `gc()`), a state no real run is in.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { PRESETS } from '../../engine/presets.ts';
import { calibrate } from '../../engine/replay.ts';
import { median } from '../../engine/medians.ts';
import { DEFAULT_INDEX, simulate } from '../../engine/simulate.ts';
import type { SimulationResult } from '../../engine/simulate.ts';
import { buildTimeline } from '../../engine/timeline.ts';
import { blackThursday } from '../../scenarios/black-thursday.ts';
import { noResponses, typedScanPass } from './typed-scan.ts';

/** Measured passes of the steady timing (after one unmeasured). */
const STEADY_PASSES = 3;

const SCENARIO = noResponses(blackThursday);
const STEP_SECONDS = 60;

/** What the parent hands its fresh process (a JSON file). */
interface ChildTask {
  accounts: number;
  design: string;
  fundamentalLog: number[][];
}

/** What a pass reports for the comparison with the scan. */
interface PassFigures {
  stepMs: number;
  liquidations: number;
  accountsLiquidated: number;
  callsIssued: number;
  repaidUsd: number;
  badDebtUsd: number;
  price: number[];
}

function figuresOf(run: SimulationResult): PassFigures {
  const T = run.totals;
  return {
    stepMs: run.timings!.stepMs,
    liquidations: run.liquidations.length,
    accountsLiquidated: T.accountsLiquidated,
    callsIssued: T.callsIssued,
    repaidUsd: T.repaid,
    badDebtUsd: T.badDebt,
    price: Array.from(run.series.price),
  };
}

type Timeline = ReturnType<typeof buildTimeline>;

/** The run both sides make: the scenario, a design, the calibrated path, seed 1. */
function runOptions(design: string, timeline: Timeline, fundamentalLog: Float64Array[], accounts: number) {
  return { scenario: SCENARIO, design: PRESETS.get(design)!, timeline, fundamentalLog, seed: 1, accounts };
}

function enginePass(
  design: string,
  timeline: Timeline,
  fundamentalLog: Float64Array[],
  accounts: number,
): PassFigures {
  const o = runOptions(design, timeline, fundamentalLog, accounts);
  return figuresOf(simulate({ ...o, index: DEFAULT_INDEX, clock: () => performance.now() }));
}

/** The fresh process's side: one engine pass, its figures written to BENCH_SCAN_CHILD_OUT. */
export function benchScanChild(taskFile: string, outFile: string): void {
  const task = JSON.parse(readFileSync(taskFile, 'utf8')) as ChildTask;
  const fundamentalLog = task.fundamentalLog.map((a) => Float64Array.from(a));
  const timeline = buildTimeline(SCENARIO, STEP_SECONDS, 1);
  writeFileSync(outFile, JSON.stringify(enginePass(task.design, timeline, fundamentalLog, task.accounts)));
}

/** One engine pass in a new process (this bench's bundle, BENCH_SCAN_CHILD set); null if it failed. */
function freshPass(dir: string, task: ChildTask): PassFigures | null {
  const taskFile = path.join(dir, 'task.json');
  const outFile = path.join(dir, `pass-${task.accounts}.json`);
  writeFileSync(taskFile, JSON.stringify(task));
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_SCAN_CHILD: taskFile, BENCH_SCAN_CHILD_OUT: outFile },
  });
  if (r.status !== 0) {
    console.log(`typed scan: the fresh engine process failed (exit ${r.status ?? r.signal})`);
    return null;
  }
  return JSON.parse(readFileSync(outFile, 'utf8')) as PassFigures;
}

/** Same liquidations, totals and price path (exactly) as the scan's. */
function sameAsScan(p: PassFigures, ref: ReturnType<typeof typedScanPass>): boolean {
  return (
    ref.liquidations === p.liquidations &&
    ref.accountsLiquidated === p.accountsLiquidated &&
    ref.callsIssued === p.callsIssued &&
    ref.repaidUsd === p.repaidUsd &&
    ref.badDebtUsd === p.badDebtUsd &&
    ref.price.length === p.price.length &&
    ref.price.every((x, t) => x === p.price[t])
  );
}

/**
 * Prints the section; returns the ratios (scan step time / engine step time, steady and fresh) at
 * the largest size.
 */
export function benchTypedScan(sizes: readonly number[]): { steady: number; fresh: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  const design = process.env.BENCH_SCAN_DESIGN ?? 'compound-market-sale';
  const timeline = buildTimeline(SCENARIO, STEP_SECONDS, 1);
  const { fundamentalLog } = calibrate(SCENARIO, PRESETS.get(SCENARIO.historicalDesignId)!, timeline, {
    seed: 1,
  });
  console.log(
    `\n[engine steps vs typed-array scan] ${design} on ${SCENARIO.id} (population answering no margin call), ${timeline.steps} steps of ${STEP_SECONDS} s, calibrated path; engine ${DEFAULT_INDEX} index against bench/typed-scan.ts (one loop over every account per step); load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `engine steps "steady": median of ${STEADY_PASSES} passes repeated in this process after one unmeasured (compiled code in place, no forced collection); "fresh": the pass alone in a new process`,
  );
  console.log(
    'accounts   engine steady ms   engine fresh ms   scan step ms   scan/steady   scan/fresh   ns per account-step (scan)   identical',
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'cascade-bench-scan-'));
  let steady = NaN;
  let fresh = NaN;
  const pathAsJson = fundamentalLog.map((a) => Array.from(a));
  try {
    for (const n of sizes) {
      const fromChild = freshPass(dir, { accounts: n, design, fundamentalLog: pathAsJson });
      const passes: PassFigures[] = [];
      for (let k = 0; k <= STEADY_PASSES; k++) passes.push(enginePass(design, timeline, fundamentalLog, n));
      const steadyMs = median(passes.slice(1).map((p) => p.stepMs));
      gc?.();
      const ref = typedScanPass(runOptions(design, timeline, fundamentalLog, n));
      const same =
        passes.every((p) => sameAsScan(p, ref)) && (fromChild === null || sameAsScan(fromChild, ref));
      steady = ref.stepMs / steadyMs;
      fresh = fromChild ? ref.stepMs / fromChild.stepMs : NaN;
      console.log(
        [
          String(n).padStart(8),
          steadyMs.toFixed(1).padStart(18),
          (fromChild ? fromChild.stepMs.toFixed(1) : 'failed').padStart(17),
          ref.stepMs.toFixed(1).padStart(14),
          `${steady.toFixed(1)}×`.padStart(13),
          (fromChild ? `${fresh.toFixed(1)}×` : '—').padStart(12),
          ((ref.stepMs * 1e6) / (n * timeline.steps)).toFixed(2).padStart(28),
          (same ? 'yes' : 'NO — engine and scan differ').padStart(11),
        ].join(' '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { steady, fresh };
}
