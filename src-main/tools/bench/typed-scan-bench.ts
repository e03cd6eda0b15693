/**
 * The bench's "engine steps vs typed-array scan" section: the engine's indexed pass and the
 * standalone typed-array full scan (typed-scan.ts) on the same run — Black Thursday, 1-minute steps,
 * the calibrated path, a fixed-discount market sale (compound-market-sale) on a population that
 * answers no margin call (what the scan models) — at each size: stepping time of both, the ratio,
 * and whether their outputs are identical. Printed, never asserted.
 */
import { loadavg } from 'node:os';
import { PRESETS } from '../../engine/presets.ts';
import { calibrate } from '../../engine/replay.ts';
import { DEFAULT_INDEX, simulate } from '../../engine/simulate.ts';
import { buildTimeline } from '../../engine/timeline.ts';
import { blackThursday } from '../../scenarios/black-thursday.ts';
import { noResponses, typedScanPass } from './typed-scan.ts';

/** Prints the section; returns the ratio (scan step time / engine step time) at the largest size. */
export function benchTypedScan(sizes: readonly number[]): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  const scenario = noResponses(blackThursday);
  const design = PRESETS.get(process.env.BENCH_SCAN_DESIGN ?? 'compound-market-sale')!;
  const timeline = buildTimeline(scenario, 60, 1);
  const { fundamentalLog } = calibrate(scenario, PRESETS.get(scenario.historicalDesignId)!, timeline, {
    seed: 1,
  });
  console.log(
    `\n[engine steps vs typed-array scan] ${design.id} on ${scenario.id} (population answering no margin call), ${timeline.steps} steps of 60 s, calibrated path; engine ${DEFAULT_INDEX} index against bench/typed-scan.ts (one loop over every account per step); load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    'accounts   engine step ms   scan step ms   scan / engine   ns per account-step (scan)   identical',
  );
  let ratio = NaN;
  for (const n of sizes) {
    const o = { scenario, design, timeline, fundamentalLog, seed: 1, accounts: n };
    gc?.();
    const run = simulate({ ...o, index: DEFAULT_INDEX, clock: () => performance.now() });
    gc?.();
    const ref = typedScanPass(o);
    const T = run.totals;
    const same =
      ref.liquidations === run.liquidations.length &&
      ref.accountsLiquidated === T.accountsLiquidated &&
      ref.callsIssued === T.callsIssued &&
      ref.repaidUsd === T.repaid &&
      ref.badDebtUsd === T.badDebt &&
      ref.price.every((p, t) => p === run.series.price[t]);
    const stepMs = run.timings!.stepMs;
    ratio = ref.stepMs / stepMs;
    console.log(
      [
        String(n).padStart(8),
        stepMs.toFixed(1).padStart(16),
        ref.stepMs.toFixed(1).padStart(14),
        `${ratio.toFixed(1)}×`.padStart(15),
        ((ref.stepMs * 1e6) / (n * timeline.steps)).toFixed(2).padStart(28),
        (same ? 'yes' : 'NO — engine and scan differ').padStart(11),
      ].join(' '),
    );
  }
  return ratio;
}
