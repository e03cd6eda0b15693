/**
 * Time series (prices, gas, venue depth) stored compactly: values as raw little-endian Float64
 * bytes; timestamps either as start + step (regular, no timestamp bytes at all) or as Float64
 * bytes (irregular). A one-minute year (525,600 points, 4.2 MB) loads with one row read and one
 * memcpy. Imported series keep their provenance in `imports`, written in the same transaction.
 */
import { sha256Hex, verifyRowBlobs } from './blob-checksum.ts';
import { bytesToFloat64, float64ToBytes } from './float64-bytes.ts';
import type { Store } from './open-store.ts';
import { newId, notFound, requireText, statement, writeTransaction } from './sql-support.ts';
import { StoreError } from './store-errors.ts';

/** What a series measures. */
export type SeriesKind = 'price' | 'gas' | 'depth';
const SERIES_KINDS: readonly SeriesKind[] = ['price', 'gas', 'depth'];

/** A series to write. */
export interface SeriesInput {
  /** Default: a new UUID. */
  id?: string;
  /** The scenario it belongs to, or null for a free-standing (e.g. imported) series. */
  scenarioId?: string | null;
  /** e.g. `ETH`. */
  asset: string;
  /** e.g. `coinbase`, `uniswap-v2`, `ethereum` (for gas). */
  venue: string;
  kind: SeriesKind;
  /** Epoch ms, whole milliseconds, strictly increasing, same length as values. */
  timestampsMs: Float64Array;
  /** In the series' unit (USD for prices, gwei for gas, USD per 1% for depth). */
  values: Float64Array;
  /** Where the numbers come from (a citation or file name). */
  source: string;
}

/** A series without its arrays (for lists). */
export interface SeriesMeta {
  id: string;
  scenarioId: string | null;
  /** The `imports` row it came from, or null. */
  importId: string | null;
  asset: string;
  venue: string;
  kind: SeriesKind;
  startMs: number;
  endMs: number;
  /** Step between points, ms, for a regular series; null when irregular. */
  stepMs: number | null;
  count: number;
  source: string;
  createdAtMs: number;
}

/** A loaded series. */
export interface SeriesRecord extends SeriesMeta {
  /** Null for a regular series: timestamps are startMs + i·stepMs (see seriesTimestampsMs). */
  timestampsMs: Float64Array | null;
  values: Float64Array;
}

interface SeriesMetaRow {
  id: string;
  scenario_id: string | null;
  import_id: string | null;
  asset: string;
  venue: string;
  kind: string;
  start_ms: number;
  end_ms: number;
  step_ms: number | null;
  count: number;
  source: string;
  created_at_ms: number;
}

interface SeriesDataRow extends SeriesMetaRow {
  timestamps_ms_f64: Buffer | null;
  values_f64: Buffer;
  timestamps_sha256: string | null;
  values_sha256: string;
}

function toKind(kind: string): SeriesKind {
  const found = SERIES_KINDS.find((k) => k === kind);
  if (found === undefined)
    throw new StoreError('store-input', `Series kind "${kind}" must be one of ${SERIES_KINDS.join(', ')}.`);
  return found;
}

function metaFromRow(row: SeriesMetaRow): SeriesMeta {
  return {
    id: row.id,
    scenarioId: row.scenario_id,
    importId: row.import_id,
    asset: row.asset,
    venue: row.venue,
    kind: toKind(row.kind),
    startMs: row.start_ms,
    endMs: row.end_ms,
    stepMs: row.step_ms,
    count: row.count,
    source: row.source,
    createdAtMs: row.created_at_ms,
  };
}

function recordFromRow(row: SeriesDataRow): SeriesRecord {
  verifyRowBlobs('series', row as unknown as Record<string, unknown>);
  return {
    ...metaFromRow(row),
    // The row's buffers are fresh copies from SQLite that nothing else holds: adopt them.
    timestampsMs:
      row.timestamps_ms_f64 === null
        ? null
        : bytesToFloat64(row.timestamps_ms_f64, `series ${row.id} timestamps`, { adopt: true }),
    values: bytesToFloat64(row.values_f64, `series ${row.id} values`, { adopt: true }),
  };
}

/** The timestamps of a series, materialised for a regular one. Epoch ms. */
export function seriesTimestampsMs(
  series: Pick<SeriesRecord, 'timestampsMs' | 'startMs' | 'stepMs' | 'count'>,
): Float64Array {
  if (series.timestampsMs !== null) return series.timestampsMs;
  const out = new Float64Array(series.count);
  const step = series.stepMs ?? 0;
  for (let i = 0; i < out.length; i++) out[i] = series.startMs + i * step;
  return out;
}

interface EncodedSeries {
  id: string;
  scenarioId: string | null;
  asset: string;
  venue: string;
  kind: SeriesKind;
  startMs: number;
  endMs: number;
  stepMs: number | null;
  count: number;
  timestamps: Buffer | null;
  values: Buffer;
  timestampsSha256: string | null;
  valuesSha256: string;
  source: string;
}

/** Validates and encodes; all checks happen before any transaction starts (checklist I11). */
function encodeSeries(input: SeriesInput): EncodedSeries {
  const { timestampsMs, values } = input;
  if (!(timestampsMs instanceof Float64Array) || !(values instanceof Float64Array)) {
    throw new StoreError('store-input', 'timestampsMs and values must be Float64Arrays.');
  }
  if (timestampsMs.length !== values.length) {
    throw new StoreError(
      'store-input',
      `timestampsMs has ${timestampsMs.length} points but values has ${values.length}: they must match.`,
    );
  }
  if (values.length === 0) throw new StoreError('store-input', 'A series needs at least one point.');
  let regular = timestampsMs.length >= 2;
  const first = timestampsMs[0] as number;
  const step = regular ? (timestampsMs[1] as number) - first : 0;
  for (let i = 0; i < timestampsMs.length; i++) {
    const t = timestampsMs[i] as number;
    if (!Number.isSafeInteger(t)) {
      throw new StoreError(
        'store-input',
        `Timestamp ${i} (${t}) is not a whole number of epoch milliseconds: round it.`,
      );
    }
    if (i > 0) {
      const diff = t - (timestampsMs[i - 1] as number);
      if (diff <= 0) {
        throw new StoreError(
          'store-input',
          `Timestamps must strictly increase; point ${i} (${t}) does not: sort and de-duplicate first.`,
        );
      }
      if (diff !== step) regular = false;
    }
  }
  const kind = toKind(input.kind);
  return {
    id: input.id ?? newId(),
    scenarioId: input.scenarioId ?? null,
    asset: requireText(input.asset, 'asset'),
    venue: requireText(input.venue, 'venue'),
    kind,
    startMs: first,
    endMs: timestampsMs[timestampsMs.length - 1] as number,
    stepMs: regular ? step : null,
    count: values.length,
    timestamps: regular ? null : float64ToBytes(timestampsMs),
    values: float64ToBytes(values),
    timestampsSha256: regular ? null : sha256Hex(float64ToBytes(timestampsMs)),
    valuesSha256: sha256Hex(float64ToBytes(values)),
    source: requireText(input.source, 'source'),
  };
}

const INSERT_SERIES = `
  INSERT INTO series (id, scenario_id, import_id, asset, venue, kind, start_ms, end_ms, step_ms, count,
                      timestamps_ms_f64, values_f64, timestamps_sha256, values_sha256, source, created_at_ms)
  VALUES (@id, @scenarioId, @importId, @asset, @venue, @kind, @startMs, @endMs, @stepMs, @count,
          @timestamps, @values, @timestampsSha256, @valuesSha256, @source, @createdAtMs)`;

function insertEncoded(store: Store, s: EncodedSeries, importId: string | null): SeriesMeta {
  const createdAtMs = store.nowMs();
  statement<[Record<string, unknown>]>(store.db, INSERT_SERIES).run({ ...s, importId, createdAtMs });
  return {
    id: s.id,
    scenarioId: s.scenarioId,
    importId,
    asset: s.asset,
    venue: s.venue,
    kind: s.kind,
    startMs: s.startMs,
    endMs: s.endMs,
    stepMs: s.stepMs,
    count: s.count,
    source: s.source,
    createdAtMs,
  };
}

/** Writes one series (a single statement: atomic by itself, or part of a caller's transaction). */
export function writeSeries(store: Store, input: SeriesInput): SeriesMeta {
  return insertEncoded(store, encodeSeries(input), null);
}

/** Writes several series in one transaction: all or none. */
export function writeSeriesBatch(store: Store, inputs: readonly SeriesInput[]): SeriesMeta[] {
  const encoded = inputs.map(encodeSeries);
  return writeTransaction(store, () => encoded.map((s) => insertEncoded(store, s, null)));
}

const SELECT_META = `SELECT id, scenario_id, import_id, asset, venue, kind, start_ms, end_ms, step_ms, count, source, created_at_ms
  FROM series`;

/** Loads a series with its arrays. Throws `not-found` when there is none with that id. */
export function getSeries(store: Store, id: string): SeriesRecord {
  const row = statement<[string], SeriesDataRow>(
    store.db,
    `SELECT id, scenario_id, import_id, asset, venue, kind, start_ms, end_ms, step_ms, count, source, created_at_ms,
            timestamps_ms_f64, values_f64, timestamps_sha256, values_sha256
       FROM series WHERE id = ?`,
  ).get(id);
  return row === undefined ? notFound('series', id) : recordFromRow(row);
}

/** Series metadata (no arrays), optionally only one scenario's (null: free-standing ones). */
export function listSeries(store: Store, filter: { scenarioId?: string | null } = {}): SeriesMeta[] {
  if (filter.scenarioId === undefined) {
    return statement<[], SeriesMetaRow>(store.db, `${SELECT_META} ORDER BY asset, venue, kind, start_ms`)
      .all()
      .map(metaFromRow);
  }
  return statement<[string | null], SeriesMetaRow>(
    store.db,
    `${SELECT_META} WHERE scenario_id IS ? ORDER BY asset, venue, kind, start_ms`,
  )
    .all(filter.scenarioId)
    .map(metaFromRow);
}

/** Deletes a series; true when one was deleted. */
export function deleteSeries(store: Store, id: string): boolean {
  return statement<[string]>(store.db, 'DELETE FROM series WHERE id = ?').run(id).changes > 0;
}

/** An imported file's provenance. */
export interface ImportRecord {
  id: string;
  fileName: string;
  /** SHA-256 of the file's bytes, lowercase hex. */
  sha256: string;
  rows: number;
  createdAtMs: number;
  /** The importer's report (warnings, detected delimiter, skipped rows, ...), parsed. */
  report: unknown;
}

interface ImportRow {
  id: string;
  file_name: string;
  sha256: string;
  rows: number;
  created_at_ms: number;
  report_json: string;
}

function importFromRow(row: ImportRow): ImportRecord {
  return {
    id: row.id,
    fileName: row.file_name,
    sha256: row.sha256,
    rows: row.rows,
    createdAtMs: row.created_at_ms,
    report: JSON.parse(row.report_json) as unknown,
  };
}

/** A validated, parsed import ready to store (the parsing lives in services). */
export interface SeriesImportInput {
  fileName: string;
  /** SHA-256 of the imported file, 64 hex digits. */
  sha256: string;
  asset: string;
  venue: string;
  kind: SeriesKind;
  /** Epoch ms, whole, strictly increasing. */
  timestampMs: Float64Array;
  values: Float64Array;
  /** The importer's report; stored as JSON. */
  report: unknown;
  /** Attach to a scenario; default none. */
  scenarioId?: string | null;
  /** Default `import: <fileName>`. */
  source?: string;
}

/**
 * Stores an imported series and its provenance in ONE transaction: after a crash, a kill or a
 * full disk there is either the whole import (provenance row + series) or nothing.
 */
export function writeSeriesImport(
  store: Store,
  input: SeriesImportInput,
): { importId: string; series: SeriesMeta } {
  const fileName = requireText(input.fileName, 'fileName');
  if (typeof input.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(input.sha256)) {
    throw new StoreError('store-input', "sha256 must be the 64 hex digits of the imported file's SHA-256.");
  }
  const reportJson = JSON.stringify(input.report ?? null);
  const encoded = encodeSeries({
    scenarioId: input.scenarioId ?? null,
    asset: input.asset,
    venue: input.venue,
    kind: input.kind,
    timestampsMs: input.timestampMs,
    values: input.values,
    source: input.source ?? `import: ${fileName}`,
  });
  const importId = newId();
  return writeTransaction(store, () => {
    statement<[string, string, string, number, number, string]>(
      store.db,
      'INSERT INTO imports (id, file_name, sha256, rows, created_at_ms, report_json) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(importId, fileName, input.sha256.toLowerCase(), encoded.count, store.nowMs(), reportJson);
    const series = insertEncoded(store, encoded, importId);
    return { importId, series };
  });
}

/** One import's provenance. Throws `not-found`. */
export function getImport(store: Store, id: string): ImportRecord {
  const row = statement<[string], ImportRow>(store.db, 'SELECT * FROM imports WHERE id = ?').get(id);
  return row === undefined ? notFound('import', id) : importFromRow(row);
}

/** All imports, newest first. */
export function listImports(store: Store): ImportRecord[] {
  return statement<[], ImportRow>(store.db, 'SELECT * FROM imports ORDER BY created_at_ms DESC, id')
    .all()
    .map(importFromRow);
}

/** The imports of a file with this SHA-256 (to warn about importing the same file twice). */
export function findImportsBySha256(store: Store, sha256: string): ImportRecord[] {
  return statement<[string], ImportRow>(
    store.db,
    'SELECT * FROM imports WHERE sha256 = ? ORDER BY created_at_ms',
  )
    .all(sha256.toLowerCase())
    .map(importFromRow);
}
