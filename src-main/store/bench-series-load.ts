/**
 * Figures for `npm run bench`: how long writing and loading a one-minute year of prices takes
 * (525,600 points, regular and irregular). No assertions here: timings vary by machine; the
 * correctness of the same load is asserted in series.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { upperMedian } from '../engine/medians.ts';
import { openStore } from './open-store.ts';
import { getSeries, writeSeries } from './series.ts';

/** Points in a year of one-minute samples. */
export const MINUTES_PER_YEAR = 525_600;

/** What {@link benchSeriesLoad} measured; times in milliseconds. */
export interface SeriesLoadBench {
  points: number;
  valueBytes: number;
  writeRegularMs: number;
  loadRegularMsMedian: number;
  loadRegularMsMin: number;
  loadIrregularMsMedian: number;
  loadIrregularMsMin: number;
  repetitions: number;
}

/** A one-minute year of a random-walk price starting 2020-01-01, epoch ms timestamps. */
export function makeMinuteYear(points = MINUTES_PER_YEAR): {
  timestampsMs: Float64Array;
  values: Float64Array;
} {
  const start = Date.UTC(2020, 0, 1);
  const timestampsMs = new Float64Array(points);
  const values = new Float64Array(points);
  let price = 7200;
  let state = 0x9e3779b9;
  for (let i = 0; i < points; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    price *= 1 + (state / 0x100000000 - 0.5) * 0.002;
    timestampsMs[i] = start + i * 60_000;
    values[i] = price;
  }
  return { timestampsMs, values };
}

/** Writes and loads a one-minute year in a temporary store and returns the timings. */
export async function benchSeriesLoad(options: { repetitions?: number } = {}): Promise<SeriesLoadBench> {
  const repetitions = options.repetitions ?? 20;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-lab-bench-'));
  const store = await openStore({ dataDir });
  try {
    const year = makeMinuteYear();
    const t0 = performance.now();
    const regular = writeSeries(store, {
      asset: 'ETH',
      venue: 'bench',
      kind: 'price',
      source: 'bench',
      ...year,
    });
    const writeRegularMs = performance.now() - t0;
    const jittered = Float64Array.from(year.timestampsMs, (t, i) => t + (i % 7));
    const irregular = writeSeries(store, {
      asset: 'ETH',
      venue: 'bench-irregular',
      kind: 'price',
      source: 'bench',
      timestampsMs: jittered,
      values: year.values,
    });
    const time = (id: string): number[] =>
      Array.from({ length: repetitions }, () => {
        const start = performance.now();
        getSeries(store, id);
        return performance.now() - start;
      });
    const regularTimes = time(regular.id);
    const irregularTimes = time(irregular.id);
    return {
      points: MINUTES_PER_YEAR,
      valueBytes: year.values.byteLength,
      writeRegularMs,
      loadRegularMsMedian: upperMedian(regularTimes),
      loadRegularMsMin: Math.min(...regularTimes),
      loadIrregularMsMedian: upperMedian(irregularTimes),
      loadIrregularMsMin: Math.min(...irregularTimes),
      repetitions,
    };
  } finally {
    store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
