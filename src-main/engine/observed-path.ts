/**
 * The observed price path on the step grid (MODEL.md §7, "Paths between observations").
 *
 * Source data comes as OHLC bars (exchange klines, daily candles), as dated points (published prices,
 * intraday knots) or both. On the grid:
 *  - inside each bar the path opens at the bar's open, closes at its close and touches its high and
 *    its low, never beyond them; the steps between those anchors are a seeded Brownian bridge in log
 *    price whose volatility is the bar's own (Parkinson's range estimator, σ² = ln(H/L)² / 4 ln 2
 *    over the bar), reflected into [low, high]. Where the data does not say when the high and the
 *    low came, the usual convention is taken: a bar that closes up dips first (open → low → high →
 *    close), one that closes down rallies first. Points inside a bar are knots the path passes through.
 *  - a bar needs four steps (open, two extremes, close): where the step is too coarse for the bars,
 *    consecutive bars are merged into longer ones (highs and lows keep the time of the sub-bar they
 *    came from), so the path still touches every low and high of the data;
 *  - between points outside bars the path is straight in log price: no volatility is invented
 *    between sparse observations (a bridge with the volatility of a whole crash would cross the
 *    published lows and highs);
 *  - outside the trading sessions, when a scenario has them, the market is closed: the price holds at
 *    the last close, and the next session opens with its overnight gap.
 * Every step is marked: observed (a source value sits on it), filled, or closed.
 */
import { Rng } from './random.ts';

/** An OHLC bar: [start (epoch s), length (s), open, high, low, close]. */
export type Bar = [number, number, number, number, number, number];
type BarIn = readonly [number, number, number, number, number, number];
/** A dated observation: [epoch s, price]. */
export type DatedPoint = readonly [number, number];

/** What a step of the observed path is: filled inside a bar, a source value, market closed, or joined between points. */
export const STEP_FILLED = 0;
export const STEP_OBSERVED = 1;
export const STEP_CLOSED = 2;
export const STEP_INTERPOLATED = 3;

export interface ObservedInput {
  points: readonly DatedPoint[];
  bars?: readonly BarIn[] | undefined;
  /** Trading sessions [open, close) in epoch seconds; absent: the market never closes. */
  sessions?: readonly (readonly [number, number])[] | undefined;
}

export interface ObservedPath {
  /** Log price at every step. */
  log: Float64Array;
  /** STEP_FILLED, STEP_OBSERVED, STEP_CLOSED or STEP_INTERPOLATED per step. */
  kind: Uint8Array;
  observedSteps: number;
  filledSteps: number;
  closedSteps: number;
  /** Source observations that found no step of their own (the step is coarser than the data). */
  droppedObservations: number;
  /** Lengths (s) of the bars the path was filled in, after merging; empty without bars. */
  barSeconds: number[];
  /** Lengths (s) of the source bars (before merging). */
  sourceBarSeconds: number[];
  /** Whether any step was filled between points outside bars (straight in log price). */
  interpolatedPoints: boolean;
  /** Lowest and highest source value inside the window (bar lows and highs, points). */
  dataLow: number;
  dataHigh: number;
}

interface Grid {
  startSec: number;
  stepSeconds: number;
  steps: number;
}

interface WorkBar {
  start: number;
  len: number;
  o: number;
  h: number;
  l: number;
  c: number;
  /** Where the high and the low came from, when known (the middle of the sub-bar that held them). */
  tHigh?: number;
  tLow?: number;
}

/** Steps a bar needs for its open, high, low and close. */
const STEPS_PER_BAR = 4;

/** Builds the observed log-price path of one asset on the grid. */
export function observedPath(
  input: ObservedInput,
  startSec: number,
  stepSeconds: number,
  steps: number,
  rng: Rng,
): ObservedPath {
  const grid: Grid = { startSec, stepSeconds, steps };
  const endSec = startSec + (steps - 1) * stepSeconds;
  const log = new Float64Array(steps).fill(NaN);
  const kind = new Uint8Array(steps);
  const sourceBars = input.bars ?? [];
  const bars = mergeBars(sourceBars, stepSeconds);
  const inBar = (t: number) => bars.find((b) => t >= b.start && t < b.start + b.len);
  let dropped = 0;
  const barOfPoint = new Map<WorkBar, DatedPoint[]>();
  const loose: DatedPoint[] = [];
  for (const p of input.points) {
    const b = inBar(p[0]);
    if (b) barOfPoint.set(b, [...(barOfPoint.get(b) ?? []), p]);
    else loose.push(p);
  }
  for (const b of bars) dropped += placeBar(b, barOfPoint.get(b) ?? [], grid, log, kind, rng);
  dropped += placeLoosePoints(loose, grid, log, kind);
  const interpolated = fillGaps(log, kind);
  if (interpolated < 0) throw new RangeError('no observed price falls inside the scenario window');
  applySessions(input.sessions, grid, log, kind);

  let observedSteps = 0;
  let closedSteps = 0;
  for (let i = 0; i < steps; i++) {
    if (kind[i] === STEP_OBSERVED) observedSteps++;
    else if (kind[i] === STEP_CLOSED) closedSteps++;
  }
  const { low, high } = dataRange(input, startSec, endSec);
  return {
    log,
    kind,
    observedSteps,
    filledSteps: steps - observedSteps - closedSteps,
    closedSteps,
    droppedObservations: dropped,
    barSeconds: distinct(bars.map((b) => b.len)),
    sourceBarSeconds: distinct(sourceBars.map((b) => b[1])),
    interpolatedPoints: interpolated > 0,
    dataLow: low,
    dataHigh: high,
  };
}

function distinct(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** Lowest and highest source value of bars and points that fall inside [from, to]. */
export function dataRange(input: ObservedInput, from: number, to: number): { low: number; high: number } {
  let low = Infinity;
  let high = -Infinity;
  for (const [t, len, , h, l] of input.bars ?? []) {
    if (t + len <= from || t > to) continue;
    low = Math.min(low, l);
    high = Math.max(high, h);
  }
  for (const [t, p] of input.points) {
    if (t < from || t > to) continue;
    low = Math.min(low, p);
    high = Math.max(high, p);
  }
  return { low, high };
}

/**
 * Merges consecutive bars of the same length into bars of k times that length, k the smallest that
 * gives each at least four steps (groups aligned on multiples of k·length in epoch time).
 */
export function mergeBars(bars: readonly BarIn[], stepSeconds: number): WorkBar[] {
  const out: WorkBar[] = [];
  let group: { key: string; bar: WorkBar } | null = null;
  for (const [start, len, o, h, l, c] of bars) {
    const k = Math.max(1, Math.ceil((STEPS_PER_BAR * stepSeconds) / len));
    if (k === 1) {
      group = null;
      out.push({ start, len, o, h, l, c });
      continue;
    }
    const key = `${len}:${Math.floor(start / (k * len))}`;
    const mid = start + len / 2;
    if (group && group.key === key) {
      const g = group.bar;
      if (h > g.h) [g.h, g.tHigh] = [h, mid];
      if (l < g.l) [g.l, g.tLow] = [l, mid];
      g.c = c;
      g.len = start + len - g.start;
      continue;
    }
    group = { key, bar: { start, len, o, h, l, c, tHigh: mid, tLow: mid } };
    out.push(group.bar);
  }
  return out;
}

const stepOf = (g: Grid, t: number): number => (t - g.startSec) / g.stepSeconds;

/** Places one bar's anchors and bridges between them; returns the observations dropped. */
function placeBar(
  b: WorkBar,
  knots: DatedPoint[],
  g: Grid,
  log: Float64Array,
  kind: Uint8Array,
  rng: Rng,
): number {
  const i0 = Math.max(0, Math.ceil(stepOf(g, b.start) - 1e-9));
  const i1 = Math.min(g.steps - 1, Math.ceil(stepOf(g, b.start + b.len) - 1e-9) - 1);
  if (i0 > i1) return 1 + knots.length;
  const lo = Math.log(b.l);
  const hi = Math.log(b.h);
  const anchors = new Map<number, number>();
  const fixed = new Set<number>();
  anchors.set(i0, Math.log(b.o));
  anchors.set(i1, Math.log(b.c));
  let dropped = 0;
  for (const [t, p] of knots) {
    const i = Math.min(i1, Math.max(i0, Math.round(stepOf(g, t))));
    if (fixed.has(i)) dropped++;
    anchors.set(i, Math.log(p));
    fixed.add(i);
  }
  placeExtremes(b, anchors, fixed, i0, i1, g);
  const order = [...anchors.keys()].sort((x, y) => x - y);
  for (const i of order) {
    log[i] = anchors.get(i)!;
    kind[i] = STEP_OBSERVED;
  }
  const sigma = Math.sqrt(((hi - lo) ** 2 / (4 * Math.LN2)) * (g.stepSeconds / b.len));
  for (let k = 1; k < order.length; k++) bridge(log, kind, order[k - 1]!, order[k]!, sigma, lo, hi, rng);
  return dropped;
}

/** Adds the high and the low as anchors where no anchor touches them yet. */
function placeExtremes(
  b: WorkBar,
  anchors: Map<number, number>,
  fixed: Set<number>,
  i0: number,
  i1: number,
  g: Grid,
): void {
  const lo = Math.log(b.l);
  const hi = Math.log(b.h);
  const values = () => [...anchors.values()];
  const needHigh = Math.max(...values()) < hi;
  const needLow = Math.min(...values()) > lo;
  if (!needHigh && !needLow) return;
  const n = i1 - i0 + 1;
  const third = (f: number) => i0 + Math.round(((n - 1) * f) / 3);
  const extremeStep = (want: number, hint: number | undefined, nearValue: number): number => {
    if (hint !== undefined) return Math.round(stepOf(g, hint));
    if (fixed.size > 0) {
      // Knots inside the bar: the extreme comes next to the knot closest to it in value.
      let best = i0;
      for (const [i, v] of anchors)
        if (Math.abs(v - nearValue) < Math.abs(anchors.get(best)! - nearValue)) best = i;
      return best;
    }
    return want;
  };
  const lowFirst = b.c >= b.o;
  const targets: { value: number; step: number }[] = [];
  if (needHigh) targets.push({ value: hi, step: extremeStep(third(lowFirst ? 2 : 1), b.tHigh, hi) });
  if (needLow) targets.push({ value: lo, step: extremeStep(third(lowFirst ? 1 : 2), b.tLow, lo) });
  targets.sort((x, y) => x.step - y.step);
  for (const t of targets) {
    const i = nearestFree(t.step, i0, i1, anchors, fixed);
    anchors.set(i, t.value);
    fixed.add(i);
  }
}

/**
 * The step nearest `target` in (i0, i1) with no anchor; failing that, the open or close step (the
 * extremes matter more than an open or close one step away), never a knot or an extreme.
 */
function nearestFree(
  target: number,
  i0: number,
  i1: number,
  anchors: Map<number, number>,
  fixed: Set<number>,
): number {
  const t = Math.min(i1, Math.max(i0, target));
  for (let d = 0; d <= i1 - i0; d++) {
    for (const i of [t - d, t + d]) {
      if (i > i0 && i < i1 && !anchors.has(i)) return i;
    }
  }
  for (const i of [i0, i1]) if (!fixed.has(i)) return i;
  return t;
}

/** Seeded Brownian bridge in log price over (ia, ib), reflected into [lo, hi]. */
function bridge(
  log: Float64Array,
  kind: Uint8Array,
  ia: number,
  ib: number,
  sigma: number,
  lo: number,
  hi: number,
  rng: Rng,
): void {
  const xb = log[ib]!;
  for (let i = ia + 1; i < ib; i++) {
    const remaining = ib - i + 1;
    const prev = log[i - 1]!;
    const x = prev + (xb - prev) / remaining + sigma * Math.sqrt((remaining - 1) / remaining) * rng.normal();
    log[i] = reflect(x, lo, hi);
    kind[i] = STEP_FILLED;
  }
}

/** Folds x into [lo, hi] by reflection at the bounds. */
export function reflect(x: number, lo: number, hi: number): number {
  const w = hi - lo;
  if (!(w > 0)) return lo;
  const period = 2 * w;
  let y = (x - lo) % period;
  if (y < 0) y += period;
  return y <= w ? lo + y : hi - (y - w);
}

/** Points outside bars: each on its nearest step; a step already taken keeps its first value. */
function placeLoosePoints(
  points: readonly DatedPoint[],
  g: Grid,
  log: Float64Array,
  kind: Uint8Array,
): number {
  let dropped = 0;
  for (const [t, p] of points) {
    const exact = stepOf(g, t);
    if (exact < -0.5 || exact > g.steps - 0.5) continue;
    const i = Math.round(exact);
    if (kind[i] === STEP_OBSERVED) {
      dropped++;
      continue;
    }
    log[i] = Math.log(p);
    kind[i] = STEP_OBSERVED;
  }
  return dropped;
}

/**
 * Fills steps no bar or point set: straight in log price between the nearest set steps, held flat
 * before the first and after the last. Returns how many steps lie between two set steps, or −1 when
 * nothing was set at all.
 */
function fillGaps(log: Float64Array, kind: Uint8Array): number {
  const n = log.length;
  let prev = -1;
  let interpolated = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(log[i]!)) continue;
    if (prev < 0) {
      for (let j = 0; j < i; j++) [log[j], kind[j]] = [log[i]!, STEP_INTERPOLATED];
    } else if (i - prev > 1) {
      for (let j = prev + 1; j < i; j++) {
        log[j] = log[prev]! + ((log[i]! - log[prev]!) * (j - prev)) / (i - prev);
        kind[j] = STEP_INTERPOLATED;
        interpolated++;
      }
    }
    prev = i;
  }
  if (prev < 0) return -1;
  for (let j = prev + 1; j < n; j++) [log[j], kind[j]] = [log[prev]!, STEP_INTERPOLATED];
  return interpolated;
}

/** Outside every session the market is closed: the price holds at the last value before the close. */
function applySessions(
  sessions: ObservedInput['sessions'],
  g: Grid,
  log: Float64Array,
  kind: Uint8Array,
): void {
  if (!sessions || sessions.length === 0) return;
  let k = 0;
  for (let i = 0; i < g.steps; i++) {
    const t = g.startSec + i * g.stepSeconds;
    while (k < sessions.length && sessions[k]![1] <= t) k++;
    const open = k < sessions.length && t >= sessions[k]![0];
    if (open) continue;
    kind[i] = STEP_CLOSED;
    if (i > 0) log[i] = log[i - 1]!;
  }
}

/**
 * The observations as one dated series (for storage and listing): each bar's open at its start and
 * close at its end, and the points, in time order; a later value at the same time wins.
 */
export function observationSeries(input: ObservedInput): DatedPoint[] {
  const byTime = new Map<number, number>();
  for (const [t, len, o, , , c] of input.bars ?? []) {
    if (!byTime.has(t)) byTime.set(t, o);
    byTime.set(t + len, c);
  }
  for (const [t, p] of input.points) byTime.set(t, p);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]);
}
