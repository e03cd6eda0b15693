/**
 * The statistics a sweep reports over the runs of one design point (its seeds × shocks). Pure: no
 * Node, no DOM, deterministic (every sum runs in the order the values are given, and callers give
 * them in run order).
 *
 * Definitions, with their sources:
 * - **VaR at p** (Gauntlet): "we then order them by the net insolvent amounts and then take the 95th
 *   percentile value" (risk.gauntlet.network/faq); Gauntlet's dashboard VaR is "the expected
 *   insolvent amount … under extremely adverse market conditions" (app.gauntlet.xyz/faq, and the
 *   2022 "VaR Deepdive", medium.com/gauntlet-networks/var-deepdive-b4a9b6097e9f, which split
 *   insolvencies from liquidations). Here: the empirical p-quantile of the loss distribution (the
 *   ⌈p·n⌉-th smallest of n outcomes, the inverse of the empirical CDF), at p = 95% and 99%.
 * - **LaR** (Gauntlet, same FAQ): "LaR is calculated as the 95th percentile amount of liquidations":
 *   VaR at 95% of the liquidated value.
 * - **Expected shortfall at α** (LlamaRisk): the mean of the worst α share of outcomes. LlamaRisk sets
 *   a market's liquidation discount from ES at 1% and adds the gap from ES at 1% to ES at 0.25% for
 *   the loan discount (gov.curve.finance/t/…/10890, "Modify Loan Discounts in LlamaLend Markets");
 *   their simulations take ES as the mean of the top α·n samples ("n_top_samples = 150 → ES = 99%
 *   (0.01 × 15k)", gov.curve.finance/t/…/10884). Here, for α·n not a whole number, the standard
 *   fractional estimator (Acerbi & Tasche 2002): the worst ⌊α·n⌋ outcomes in full and the next one
 *   with weight α·n − ⌊α·n⌋, divided by α·n. With fewer than 1/α outcomes it is the worst outcome.
 */

/** Distribution summary of one metric over a design point's runs (upper tail = worse). */
export interface MetricStats {
  n: number;
  mean: number;
  min: number;
  max: number;
  p10: number;
  p50: number;
  p90: number;
  var95: number;
  var99: number;
  es1: number;
  es025: number;
}

/** Ascending copy of `values` (numbers only; NaN is refused: a metric never holds one). */
export function sortedAscending(values: readonly number[]): number[] {
  for (const v of values) if (Number.isNaN(v)) throw new RangeError('a sweep metric is NaN');
  return [...values].sort((a, b) => a - b);
}

/**
 * Empirical p-quantile, 0 < p ≤ 1: the ⌈p·n⌉-th smallest value (type 1, the inverse empirical CDF).
 * `sorted` must be ascending and non-empty.
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  if (!(p > 0 && p <= 1)) throw new RangeError(`quantile level must be in (0, 1], got ${p}`);
  // A tiny tolerance keeps p·n = 19.000000000000004 from becoming the 20th value.
  const rank = Math.max(1, Math.ceil(p * sorted.length - 1e-9));
  return sorted[rank - 1]!;
}

/** Expected shortfall at α (0 < α ≤ 1): the mean of the worst α share of the outcomes (see above). */
export function expectedShortfallSorted(sorted: readonly number[], alpha: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('expected shortfall of no values');
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`ES level must be in (0, 1], got ${alpha}`);
  const tail = alpha * n;
  if (tail <= 1) return sorted[n - 1]!;
  const whole = Math.floor(tail + 1e-9);
  let sum = 0;
  for (let i = 0; i < whole; i++) sum += sorted[n - 1 - i]!;
  const frac = tail - whole;
  if (frac > 1e-9 && whole < n) sum += frac * sorted[n - 1 - whole]!;
  return sum / tail;
}

/** Arithmetic mean in the given order. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of no values');
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Every statistic of {@link MetricStats} for one metric's values (given in run order). */
export function metricStats(values: readonly number[]): MetricStats {
  const sorted = sortedAscending(values);
  return {
    n: values.length,
    mean: mean(values),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    p10: quantileSorted(sorted, 0.1),
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    var95: quantileSorted(sorted, 0.95),
    var99: quantileSorted(sorted, 0.99),
    es1: expectedShortfallSorted(sorted, 0.01),
    es025: expectedShortfallSorted(sorted, 0.0025),
  };
}

/** A design point on the efficiency plane: more efficiency is better, more tail loss is worse. */
export interface FrontierInput {
  efficiency: number;
  tailLoss: number;
}

/**
 * Marks dominated points: a point is dominated when another has at least its efficiency and at most
 * its tail loss, and is strictly better in one of the two. The undominated points are the efficiency
 * frontier. Equal points do not dominate each other. O(n²), fine for the few thousand points of a sweep.
 */
export function dominatedFlags(points: readonly FrontierInput[]): boolean[] {
  return points.map((p, i) =>
    points.some(
      (q, j) =>
        j !== i &&
        q.efficiency >= p.efficiency &&
        q.tailLoss <= p.tailLoss &&
        (q.efficiency > p.efficiency || q.tailLoss < p.tailLoss),
    ),
  );
}

/** One bar of a tornado: how far a metric's mean moves between an axis's low and high values. */
export interface TornadoBar {
  axis: string;
  /** Mean of the metric over the points in the axis's low group / high group. */
  low: number;
  high: number;
  /** |high − low|; bars are ranked by it, largest first. */
  swing: number;
  lowLabel: string;
  highLabel: string;
}

/**
 * The sensitivity of `metric` to each axis (a main-effect tornado). For an axis with distinct values
 * v₁ < … < v_m over the points, the low group holds the points whose value is among the lowest
 * ⌈m/3⌉ distinct values and the high group those among the highest ⌈m/3⌉ (with m = 2: the lowest and
 * the highest); the bar is the two groups' mean metric. A categorical axis (values that are not all
 * numbers) compares the categories with the lowest and highest mean. Axes with one value get no bar.
 * Ranked by swing, then by axis name (a stable order for equal swings).
 */
export function tornado(
  axes: readonly string[],
  points: readonly { values: readonly unknown[]; metric: number }[],
): TornadoBar[] {
  const bars: TornadoBar[] = [];
  axes.forEach((axis, a) => {
    const keyOf = (v: unknown) => (typeof v === 'number' ? v : JSON.stringify(v));
    const groups = new Map<string | number, { value: unknown; sum: number; n: number }>();
    for (const p of points) {
      const k = keyOf(p.values[a]);
      const g = groups.get(k) ?? { value: p.values[a], sum: 0, n: 0 };
      g.sum += p.metric;
      g.n++;
      groups.set(k, g);
    }
    if (groups.size < 2) return;
    const entries = [...groups.values()];
    const numeric = entries.every((e) => typeof e.value === 'number');
    let low: { label: string; mean: number };
    let high: { label: string; mean: number };
    if (numeric) {
      entries.sort((x, y) => (x.value as number) - (y.value as number));
      const k = Math.ceil(entries.length / 3);
      const pool = (part: typeof entries) => {
        const sum = part.reduce((s, e) => s + e.sum, 0);
        const n = part.reduce((s, e) => s + e.n, 0);
        const label =
          part.length === 1
            ? String(part[0]!.value)
            : `${String(part[0]!.value)}–${String(part[part.length - 1]!.value)}`;
        return { label, mean: sum / n };
      };
      low = pool(entries.slice(0, k));
      high = pool(entries.slice(entries.length - k));
    } else {
      const means = entries.map((e) => ({ label: String(e.value), mean: e.sum / e.n }));
      means.sort((x, y) => x.mean - y.mean || (x.label < y.label ? -1 : 1));
      low = means[0]!;
      high = means[means.length - 1]!;
    }
    bars.push({
      axis,
      low: low.mean,
      high: high.mean,
      swing: Math.abs(high.mean - low.mean),
      lowLabel: low.label,
      highLabel: high.label,
    });
  });
  return bars.sort((x, y) => y.swing - x.swing || (x.axis < y.axis ? -1 : x.axis > y.axis ? 1 : 0));
}

/** A bracket of the cascade threshold: the indicator is off at `lo` and on at `hi`. */
export interface Bracket {
  lo: number;
  hi: number;
}

/** The next shock to try in a bracket (its midpoint), or null once it is narrower than `tolerance`. */
export function bisectionMidpoint(b: Bracket, tolerance: number): number | null {
  if (b.hi - b.lo <= tolerance) return null;
  return (b.lo + b.hi) / 2;
}

/** Narrows a bracket with the indicator's value at its midpoint. */
export function narrowBracket(b: Bracket, mid: number, onAtMid: boolean): Bracket {
  return onAtMid ? { lo: b.lo, hi: mid } : { lo: mid, hi: b.hi };
}

/**
 * Bisection of a monotone on/off indicator on [lo, hi] (synchronous form, for tests and small
 * uses): off at lo and on at hi gives the bracket of width ≤ tolerance around the switch;
 * 'below' when it is already on at lo, 'above' when it is still off at hi.
 */
export function bisect(
  on: (k: number) => boolean,
  lo: number,
  hi: number,
  tolerance: number,
):
  | { kind: 'found'; bracket: Bracket; evaluations: number }
  | { kind: 'below' | 'above'; evaluations: number } {
  if (on(lo)) return { kind: 'below', evaluations: 1 };
  if (!on(hi)) return { kind: 'above', evaluations: 2 };
  let b: Bracket = { lo, hi };
  let evaluations = 2;
  for (let mid = bisectionMidpoint(b, tolerance); mid !== null; mid = bisectionMidpoint(b, tolerance)) {
    b = narrowBracket(b, mid, on(mid));
    evaluations++;
  }
  return { kind: 'found', bracket: b, evaluations };
}

/**
 * Latin hypercube sample of `n` points in [0, 1)^d: along every dimension each of the n strata
 * [i/n, (i+1)/n) holds exactly one point. `uniform` draws from [0, 1) (a seeded generator); the
 * permutations are Fisher–Yates shuffles with it.
 */
export function latinHypercube(n: number, d: number, uniform: () => number): number[][] {
  const out = Array.from({ length: n }, () => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++) {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(uniform() * (i + 1));
      [perm[i], perm[k]] = [perm[k]!, perm[i]!];
    }
    for (let i = 0; i < n; i++) out[i]![j] = (perm[i]! + uniform()) / n;
  }
  return out;
}
