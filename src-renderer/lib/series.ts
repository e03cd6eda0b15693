/**
 * Preparing per-step series for charts. A run has thousands of steps; drawing them all on every
 * cursor move would cost more than a frame, so series are decimated once per run (min and max of
 * each bin, kept in time order so crash lows survive) and each cursor move only slices.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Decimated {
  binSize: number;
  points: Point[];
  /** binEnds[k]: index in `points` one past bin k's last point. */
  binEnds: number[];
}

/** Steps per bin so a series of `steps` draws at most about `targetBins` bins. */
export function binSizeFor(steps: number, targetBins: number): number {
  return Math.max(1, Math.ceil(steps / Math.max(1, targetBins)));
}

/** Min/max decimation (x = step). Non-finite values are skipped. */
export function decimate(values: ArrayLike<number>, binSize: number): Decimated {
  return decimateSlice(values, 0, values.length, binSize);
}

/**
 * The points to draw for the steps in `range` (the whole run when null), about `targetBins` bins of
 * min/max: a zoomed chart shows the detail of its range, at the same drawing cost as the whole run.
 * One step beyond each end is included, so lines run to the chart's edges.
 */
export function decimateRange(
  values: ArrayLike<number>,
  range: { min: number; max: number } | null,
  targetBins: number,
): Point[] {
  const n = values.length;
  const lo = range ? Math.max(0, Math.floor(range.min) - 1) : 0;
  const hi = range ? Math.min(n, Math.ceil(range.max) + 2) : n;
  return decimateSlice(values, lo, hi, binSizeFor(hi - lo, targetBins)).points;
}

/** Min/max decimation of values[from … to−1], bins of `binSize` steps from `from`. */
function decimateSlice(values: ArrayLike<number>, from: number, to: number, binSize: number): Decimated {
  const points: Point[] = [];
  const binEnds: number[] = [];
  for (let start = from; start < to; start += binSize) {
    const end = Math.min(to, start + binSize);
    let iMin = -1;
    let iMax = -1;
    for (let i = start; i < end; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (iMin < 0 || v < values[iMin]!) iMin = i;
      if (iMax < 0 || v > values[iMax]!) iMax = i;
    }
    if (iMin >= 0) {
      const first = Math.min(iMin, iMax);
      const second = Math.max(iMin, iMax);
      points.push({ x: first, y: values[first]! });
      if (second !== first) points.push({ x: second, y: values[second]! });
    }
    binEnds.push(points.length);
  }
  return { binSize, points, binEnds };
}

/**
 * The decimated points up to and including `cursor`: every bin wholly before the cursor's bin, then
 * the raw values of the cursor's bin up to the cursor, so the line ends exactly at the cursor.
 */
export function pointsUpTo(d: Decimated, values: ArrayLike<number>, cursor: number): Point[] {
  if (values.length === 0 || cursor < 0) return [];
  const c = Math.min(cursor, values.length - 1);
  const bin = Math.floor(c / d.binSize);
  const out = d.points.slice(0, bin > 0 ? d.binEnds[bin - 1]! : 0);
  for (let i = bin * d.binSize; i <= c; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out.push({ x: i, y: v });
  }
  return out;
}

/** prefix[i] = sum of values[0 … i−1]. */
export function prefixSums(values: ArrayLike<number>): Float64Array {
  const prefix = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++)
    prefix[i + 1] = prefix[i]! + (Number.isFinite(values[i]!) ? values[i]! : 0);
  return prefix;
}

/**
 * Sums per bin of `binSize` steps up to and including `cursor`; bins after the cursor are null so a
 * bar chart keeps its full time axis while showing only what has happened.
 */
export function binnedSumsUpTo(prefix: Float64Array, binSize: number, cursor: number): (number | null)[] {
  const n = prefix.length - 1;
  const bins = Math.ceil(n / binSize);
  const out: (number | null)[] = new Array(bins);
  for (let k = 0; k < bins; k++) {
    const start = k * binSize;
    if (start > cursor) {
      out[k] = null;
      continue;
    }
    const end = Math.min(n, start + binSize, cursor + 1);
    out[k] = prefix[end]! - prefix[start]!;
  }
  return out;
}

export interface Marker extends Point {
  /** Events in the bin (e.g. liquidations). */
  count: number;
}

/**
 * One marker per bin that has events: placed at the bin's busiest step at `priceAt` that step,
 * carrying the bin's total. Precomputed once; `markersUpTo` slices by cursor.
 */
export function binMarkers(counts: ArrayLike<number>, priceAt: ArrayLike<number>, binSize: number): Marker[] {
  const out: Marker[] = [];
  for (let start = 0; start < counts.length; start += binSize) {
    const end = Math.min(counts.length, start + binSize);
    let total = 0;
    let best = -1;
    for (let i = start; i < end; i++) {
      const c = counts[i]!;
      if (!(c > 0)) continue;
      total += c;
      if (best < 0 || c > counts[best]!) best = i;
    }
    if (best >= 0 && Number.isFinite(priceAt[best]!)) out.push({ x: best, y: priceAt[best]!, count: total });
  }
  return out;
}

export function markersUpTo(markers: readonly Marker[], cursor: number): Marker[] {
  let hi = 0;
  while (hi < markers.length && markers[hi]!.x <= cursor) hi++;
  return markers.slice(0, hi);
}

/** Largest finite value of a series (0 when none), for fixed axis ranges. */
export function maxOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!) && values[i]! > m) m = values[i]!;
  return m;
}

export function minOf(values: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!) && values[i]! < m) m = values[i]!;
  return Number.isFinite(m) ? m : 0;
}
