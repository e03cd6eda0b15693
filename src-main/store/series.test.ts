import { describe, expect, it } from 'vitest';
import { MINUTES_PER_YEAR, makeMinuteYear } from './bench-series-load.ts';
import type { Store } from './open-store.ts';
import { seedBuiltins } from './scenarios.ts';
import {
  findImportsBySha256,
  getImport,
  getSeries,
  listImports,
  listSeries,
  seriesTimestampsMs,
  writeSeries,
  writeSeriesBatch,
  writeSeriesImport,
} from './series.ts';
import type { SeriesImportInput } from './series.ts';
import { StoreError } from './store-errors.ts';
import { minuteTimestamps, openTempStore, scenarioJson } from './store-test-support.ts';

const SHA = 'ab'.repeat(32);

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function counts(store: Store): { imports: number; series: number } {
  const one = (sql: string): number => (store.db.prepare(sql).get() as { n: number }).n;
  return {
    imports: one('SELECT count(*) AS n FROM imports'),
    series: one('SELECT count(*) AS n FROM series'),
  };
}

function importInput(points: number, overrides: Partial<SeriesImportInput> = {}): SeriesImportInput {
  return {
    fileName: 'eth-usd.csv',
    sha256: SHA,
    asset: 'ETH',
    venue: 'coinbase',
    kind: 'price',
    timestampMs: minuteTimestamps(points),
    values: Float64Array.from({ length: points }, (_, i) => 200 - i * 0.01),
    report: { delimiter: ',', warnings: ['90% drop at row 3'] },
    ...overrides,
  };
}

describe('series storage', () => {
  it('stores a one-minute year as start + step and loads it back bit-exactly', async () => {
    const store = await openTempStore();
    const year = makeMinuteYear();
    const meta = writeSeries(store, {
      asset: 'ETH',
      venue: 'coinbase',
      kind: 'price',
      source: 'test',
      ...year,
    });
    expect(meta).toMatchObject({ count: MINUTES_PER_YEAR, stepMs: 60_000, startMs: year.timestampsMs[0] });

    const stored = store.db
      .prepare(
        'SELECT length(values_f64) AS valueBytes, timestamps_ms_f64 IS NULL AS regular FROM series WHERE id = ?',
      )
      .get(meta.id);
    expect(stored).toEqual({ valueBytes: MINUTES_PER_YEAR * 8, regular: 1 });

    const loaded = getSeries(store, meta.id);
    expect(loaded.values.length).toBe(MINUTES_PER_YEAR);
    expect(sameBits(loaded.values, year.values)).toBe(true);
    expect(loaded.timestampsMs).toBeNull();
    expect(sameBits(seriesTimestampsMs(loaded), year.timestampsMs)).toBe(true);
    expect(loaded.endMs).toBe(year.timestampsMs[MINUTES_PER_YEAR - 1]);
  });

  it('stores irregular timestamps as bytes and loads them exactly', async () => {
    const store = await openTempStore();
    const timestampsMs = Float64Array.of(1_000, 2_000, 2_500, 10_000);
    const values = Float64Array.of(1, 2, 3, 4);
    const meta = writeSeries(store, {
      asset: 'ETH',
      venue: 'x',
      kind: 'gas',
      source: 't',
      timestampsMs,
      values,
    });
    expect(meta.stepMs).toBeNull();
    const loaded = getSeries(store, meta.id);
    expect([...(loaded.timestampsMs ?? [])]).toEqual([...timestampsMs]);
    expect([...loaded.values]).toEqual([...values]);
  });

  it('refuses inconsistent input with a message that says what to fix', async () => {
    const store = await openTempStore();
    const base = { asset: 'ETH', venue: 'x', kind: 'price' as const, source: 't' };
    const attempt = (timestampsMs: Float64Array, values: Float64Array, kind: string = 'price'): unknown => {
      try {
        writeSeries(store, { ...base, kind: kind as 'price', timestampsMs, values });
        return undefined;
      } catch (error) {
        return error;
      }
    };
    expect(attempt(Float64Array.of(1, 2), Float64Array.of(1))).toMatchObject({
      message: expect.stringMatching(/must match/) as unknown,
    });
    expect(attempt(Float64Array.of(2, 1), Float64Array.of(1, 1))).toMatchObject({
      message: expect.stringMatching(/sort and de-duplicate/) as unknown,
    });
    expect(attempt(Float64Array.of(1.5), Float64Array.of(1))).toMatchObject({
      message: expect.stringMatching(/round it/) as unknown,
    });
    expect(attempt(Float64Array.of(), Float64Array.of())).toBeInstanceOf(StoreError);
    expect(attempt(Float64Array.of(1), Float64Array.of(1), 'volume')).toMatchObject({ code: 'store-input' });
    expect(counts(store).series).toBe(0);
  });

  it('writes a batch all-or-nothing', async () => {
    const store = await openTempStore();
    const good = {
      asset: 'ETH',
      venue: 'x',
      kind: 'price' as const,
      source: 't',
      timestampsMs: minuteTimestamps(3),
      values: Float64Array.of(1, 2, 3),
    };
    expect(() => writeSeriesBatch(store, [good, { ...good, scenarioId: 'no-such-scenario' }])).toThrow(
      /FOREIGN KEY/,
    );
    expect(counts(store).series).toBe(0);
    writeSeriesBatch(store, [good, good]);
    expect(listSeries(store, { scenarioId: null })).toHaveLength(2);
  });
});

describe('writeSeriesImport', () => {
  it('stores the series with its provenance', async () => {
    const store = await openTempStore();
    const { importId, series } = writeSeriesImport(store, importInput(100));
    expect(series.importId).toBe(importId);
    expect(getImport(store, importId)).toMatchObject({
      fileName: 'eth-usd.csv',
      sha256: SHA,
      rows: 100,
      report: { delimiter: ',', warnings: ['90% drop at row 3'] },
    });
    expect(findImportsBySha256(store, SHA.toUpperCase()).map((i) => i.id)).toEqual([importId]);
    expect(listImports(store)).toHaveLength(1);
    expect(getSeries(store, series.id).source).toBe('import: eth-usd.csv');
  });

  it('leaves nothing behind when the series insert fails after the provenance row was written', async () => {
    const store = await openTempStore();
    seedBuiltins(store, [{ id: 'black-thursday', version: 1, json: scenarioJson('black-thursday', 1) }]);
    writeSeriesImport(store, importInput(10));
    const before = counts(store);
    // The provenance row goes in first; the series row then fails its foreign key.
    expect(() => writeSeriesImport(store, importInput(10, { scenarioId: 'no-such-scenario' }))).toThrow(
      /FOREIGN KEY/,
    );
    expect(counts(store)).toEqual(before);
    expect(store.db.inTransaction).toBe(false);
  });

  it('on a full disk (SQLITE_FULL at every size up to success) writes all or nothing and stays intact', async () => {
    const store = await openTempStore();
    const input = importInput(20_000); // 160 kB of values: about 40 pages
    const pagesNow = store.db.pragma('page_count', { simple: true }) as number;
    let limit = pagesNow;
    let failures = 0;
    for (;;) {
      store.db.pragma(`max_page_count = ${limit}`);
      try {
        writeSeriesImport(store, input);
        break;
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL');
        failures++;
        expect(store.db.inTransaction).toBe(false);
        expect(counts(store)).toEqual({ imports: 0, series: 0 });
        expect(store.db.pragma('quick_check', { simple: true })).toBe('ok');
        limit += 2;
      }
    }
    expect(failures).toBeGreaterThan(10);
    expect(counts(store)).toEqual({ imports: 1, series: 1 });
    expect(store.integrityCheck().ok).toBe(true);
  });

  it('refuses a malformed sha256 before writing anything', async () => {
    const store = await openTempStore();
    expect(() => writeSeriesImport(store, importInput(3, { sha256: 'abc' }))).toThrow(/64 hex digits/);
    expect(counts(store)).toEqual({ imports: 0, series: 0 });
  });
});
