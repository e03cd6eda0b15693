/**
 * The gas and keepers chart: shown where a scenario's gas moves (a flat placeholder series, as for
 * an exchange or 1987, has nothing to show), with the stretches where the oracle's feeds could not
 * post and the keepers' capacity to transact at each step.
 */
import type { RunView } from './contract.ts';
import { maxOf, minOf } from './series.ts';

/** True when the run's gas series varies (by more than 1%): a chart of it says something. */
export function hasGasChart(run: Pick<RunView, 'series'>): boolean {
  const g = run.series.gasGwei;
  if (g.length === 0) return false;
  return maxOf(g) > minOf(g) * 1.01;
}

/** [from, to) step ranges where a series is on (> 0): the oracle blocked by gas, for instance. */
export function onBands(values: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let t = 0; t < values.length; t++) {
    const on = values[t]! > 0;
    if (on && start < 0) start = t;
    else if (!on && start >= 0) {
      out.push([start, t]);
      start = -1;
    }
  }
  if (start >= 0) out.push([start, values.length]);
  return out;
}

/** Steps in which gas stood above the keepers' median cap: half of them or more were priced out. */
export function stepsAboveMedianCap(run: Pick<RunView, 'series' | 'keepers'>): number {
  let n = 0;
  for (const g of run.series.gasGwei) if (g > run.keepers.gasCapMedianGwei) n++;
  return n;
}
