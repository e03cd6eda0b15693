/**
 * `npm run bench`: speed and memory figures, printed, never asserted. For 10 k, 100 k and 1 M
 * accounts on Black Thursday at 1-minute steps (48 h = 2,881 steps), one simulation pass of the
 * historical design: wall time, ns per account-step, memory per account, and the ratio against the
 * full-scan reference implementation of the same step (whose output must be identical). Then the
 * store's series load time.
 */
import { ACCOUNT_BYTES } from '../engine/accounts.ts';
import { PRESETS } from '../engine/presets.ts';
import { calibrate } from '../engine/replay.ts';
import { simulate } from '../engine/simulate.ts';
import type { SimulationResult } from '../engine/simulate.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { blackThursday } from '../scenarios/black-thursday.ts';

const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const design = PRESETS.get(process.env.BENCH_DESIGN ?? 'maker-2020-flip')!;
const timeline = buildTimeline(blackThursday, 60, 1);
// The exogenous path a replay runs on: calibrated once under the historical design at the scenario's
// default population (the fixed point depends on total debt, not on how finely it is split).
const calibration = calibrate(blackThursday, PRESETS.get(blackThursday.historicalDesignId)!, timeline, {
  seed: 1,
});
const gc = (globalThis as { gc?: () => void }).gc;

function pass(
  accounts: number,
  index: 'heap' | 'scan',
  sampleMemory = false,
): { run: SimulationResult; peakBytes: number; baseBytes: number } {
  gc?.();
  const mem = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const baseBytes = mem();
  let peakBytes = baseBytes;
  const run = simulate({
    scenario: blackThursday,
    design,
    timeline,
    fundamentalLog: calibration.fundamentalLog,
    seed: 1,
    accounts,
    index,
    clock: () => performance.now(),
    ...(sampleMemory
      ? {
          onStep: (s) => {
            if ((s.step & 127) === 0) peakBytes = Math.max(peakBytes, mem());
          },
        }
      : {}),
  });
  peakBytes = Math.max(peakBytes, mem());
  return { run, peakBytes, baseBytes };
}

const fingerprint = (r: SimulationResult): string =>
  JSON.stringify([
    r.totals,
    Array.from(r.series.price),
    Array.from(r.series.liquidations),
    r.auctions.length,
  ]);

const fmt = (x: number, d = 1): string => x.toFixed(d);
console.log(
  `Cascade Lab benchmark · ${design.id} on ${blackThursday.id} · ${timeline.steps} steps of 60 s (48 h) · calibrated path (residual ${calibration.residual.toExponential(1)}) · node ${process.version}${gc ? '' : ' (run with --expose-gc for steadier memory figures)'}`,
);
console.log(
  'accounts   setup ms   step ms   ns/account-step   scan step ms   speed-up   bytes/account (arrays+index)   peak heap Δ/account   identical',
);
for (const n of sizes) {
  const heap = pass(n, 'heap');
  const scan = pass(n, 'scan');
  const memRun = pass(n, 'heap', true);
  const t = heap.run.timings!;
  const ts = scan.run.timings!;
  // Account columns + trigger arrays, histogram bucket and debt, ever-liquidated flag + both indexes.
  const structural = ACCOUNT_BYTES + 8 * 2 + 2 + 8 + 1 + t.indexBytes / n;
  const peakPerAccount = (memRun.peakBytes - memRun.baseBytes) / n;
  const same = fingerprint(heap.run) === fingerprint(scan.run);
  console.log(
    [
      String(n).padStart(8),
      fmt(t.setupMs).padStart(10),
      fmt(t.stepMs).padStart(9),
      fmt((t.stepMs * 1e6) / (n * timeline.steps), 2).padStart(17),
      fmt(ts.stepMs).padStart(14),
      `${fmt(ts.stepMs / t.stepMs)}×`.padStart(10),
      fmt(structural, 0).padStart(30),
      fmt(peakPerAccount, 0).padStart(21),
      (same ? 'yes' : 'NO — heap and scan differ').padStart(11),
    ].join(' '),
  );
  console.log(
    `          total (setup + steps) ${fmt(t.setupMs + t.stepMs)} ms vs reference ${fmt(ts.setupMs + ts.stepMs)} ms (${fmt((ts.setupMs + ts.stepMs) / (t.setupMs + t.stepMs))}×); records ${fmt(t.recordBytes / n, 0)} B/account; ${heap.run.totals.accountsLiquidated} accounts liquidated, ${heap.run.totals.callsIssued} margin calls`,
  );
}

try {
  const { benchSeriesLoad } = await import('../store/bench-series-load.ts');
  const s = await benchSeriesLoad();
  console.log(`store: one 1-minute year of one series (525,600 points): ${JSON.stringify(s)}`);
} catch (e) {
  console.log(`store benchmark unavailable: ${(e as Error).message}`);
}
