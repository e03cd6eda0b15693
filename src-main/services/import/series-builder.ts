/**
 * Accumulates validated rows into growable Float64Arrays and enforces order: timestamps must be
 * strictly monotonic in one direction. An entirely descending file (newest first) is reversed at
 * the end; any other out-of-order row is an error. An exact duplicate (same timestamp, same
 * values) is dropped and counted; the same timestamp with other values is an error.
 */
import type { GapReport, PriceSeries } from './types.ts';

class GrowableF64 {
  private buf = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = value;
  }

  at(i: number): number {
    return this.buf[i] ?? Number.NaN;
  }

  /** A right-sized copy; the builder's buffer is released. */
  take(reverse: boolean): Float64Array {
    const out = this.buf.slice(0, this.length);
    this.buf = new Float64Array(0);
    if (reverse) out.reverse();
    return out;
  }
}

/** Optional columns present in the file. */
export interface SeriesColumns {
  open: boolean;
  high: boolean;
  low: boolean;
  volume: boolean;
}

/** One row's values; absent columns are NaN. */
export interface SeriesRow {
  timestampMs: number;
  close: number;
  open: number;
  high: number;
  low: number;
  volume: number;
}

const FIELDS = ['close', 'open', 'high', 'low', 'volume'] as const;

export type AddOutcome =
  | { kind: 'added' }
  | { kind: 'duplicate' }
  | { kind: 'conflict'; previousRow: number; field: (typeof FIELDS)[number]; previous: number; value: number }
  | { kind: 'out-of-order'; previousRow: number; previousMs: number; descending: boolean; firstRow: number };

/** Summary of the finished series. */
export interface BuiltSeries {
  series: PriceSeries;
  reversed: boolean;
  gaps: GapReport;
  jumps: { count: number; first: Array<{ timestampMs: number; fromClose: number; toClose: number }> };
}

export class SeriesBuilder {
  duplicates = 0;
  /** +1 ascending, -1 descending, 0 unknown yet. */
  direction = 0;

  private readonly cols: SeriesColumns;
  private readonly ts = new GrowableF64();
  private readonly close = new GrowableF64();
  private readonly open: GrowableF64 | null;
  private readonly high: GrowableF64 | null;
  private readonly low: GrowableF64 | null;
  private readonly volume: GrowableF64 | null;
  private lastRow = 0;
  private firstRow = 0;
  private last: SeriesRow | null = null;

  constructor(cols: SeriesColumns) {
    this.cols = cols;
    this.open = cols.open ? new GrowableF64() : null;
    this.high = cols.high ? new GrowableF64() : null;
    this.low = cols.low ? new GrowableF64() : null;
    this.volume = cols.volume ? new GrowableF64() : null;
  }

  get length(): number {
    return this.ts.length;
  }

  /** Adds a row read at file line `row`. */
  add(row: number, v: SeriesRow): AddOutcome {
    const last = this.last;
    if (last !== null) {
      const d = v.timestampMs - last.timestampMs;
      if (d === 0) {
        for (const f of FIELDS) {
          if (f !== 'close' && !this.cols[f]) continue;
          if (!Object.is(v[f], last[f])) {
            return { kind: 'conflict', previousRow: this.lastRow, field: f, previous: last[f], value: v[f] };
          }
        }
        this.duplicates++;
        return { kind: 'duplicate' };
      }
      const sign = d > 0 ? 1 : -1;
      if (this.direction === 0) {
        this.direction = sign;
      } else if (sign !== this.direction) {
        return {
          kind: 'out-of-order',
          previousRow: this.lastRow,
          previousMs: last.timestampMs,
          descending: this.direction < 0,
          firstRow: this.firstRow,
        };
      }
    } else {
      this.firstRow = row;
    }
    this.ts.push(v.timestampMs);
    this.close.push(v.close);
    this.open?.push(v.open);
    this.high?.push(v.high);
    this.low?.push(v.low);
    this.volume?.push(v.volume);
    this.last = v;
    this.lastRow = row;
    return { kind: 'added' };
  }

  /** Finishes: reverses a descending series, computes gaps and price jumps. */
  finish(jumpRatio: number): BuiltSeries {
    const reversed = this.direction < 0;
    const series: PriceSeries = { timestampMs: this.ts.take(reversed), close: this.close.take(reversed) };
    if (this.open !== null) series.open = this.open.take(reversed);
    if (this.high !== null) series.high = this.high.take(reversed);
    if (this.low !== null) series.low = this.low.take(reversed);
    if (this.volume !== null) series.volume = this.volume.take(reversed);
    return { series, reversed, gaps: findGaps(series.timestampMs), jumps: findJumps(series, jumpRatio) };
  }
}

/** Most common spacing, and every spacing larger than it (count + first 10). */
export function findGaps(timestampMs: Float64Array): GapReport {
  const n = timestampMs.length;
  if (n < 2) return { typicalSpacingMs: null, count: 0, first: [] };
  const diffs = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) diffs[i - 1] = (timestampMs[i] ?? 0) - (timestampMs[i - 1] ?? 0);
  diffs.sort();
  let typical = diffs[0] ?? 0;
  let best = 0;
  let runStart = 0;
  for (let i = 1; i <= diffs.length; i++) {
    if (i === diffs.length || diffs[i] !== diffs[runStart]) {
      if (i - runStart > best) {
        best = i - runStart;
        typical = diffs[runStart] ?? 0;
      }
      runStart = i;
    }
  }
  let count = 0;
  const first: GapReport['first'] = [];
  for (let i = 1; i < n; i++) {
    const from = timestampMs[i - 1] ?? 0;
    const to = timestampMs[i] ?? 0;
    if (to - from > typical) {
      count++;
      if (first.length < 10) first.push({ fromTimestampMs: from, toTimestampMs: to, spacingMs: to - from });
    }
  }
  return { typicalSpacingMs: typical, count, first };
}

function findJumps(series: PriceSeries, ratio: number): BuiltSeries['jumps'] {
  const close = series.close;
  const first: BuiltSeries['jumps']['first'] = [];
  let count = 0;
  for (let i = 1; i < close.length; i++) {
    const a = close[i - 1] ?? 0;
    const b = close[i] ?? 0;
    if (Math.abs(b / a - 1) >= ratio) {
      count++;
      if (first.length < 5) first.push({ timestampMs: series.timestampMs[i] ?? 0, fromClose: a, toClose: b });
    }
  }
  return { count, first };
}
