/**
 * Importing what users bring, one file at a time: price or gas series (CSV or JSON, OHLC bars with
 * their bar-time convention settled — see import/bar-time.ts), positions files and event ledgers.
 * The same code serves the command line (a file path) and the app (the file's text, sent in
 * chunks). A file is read once with progress and cancel; only a file that is good in every row is
 * stored, in ONE transaction with its provenance (file name, SHA-256, the importer's report).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImportedTableMeta, SeriesMeta, Store } from '../store/index.ts';
import { StoreError, writeImportedTable, writeSeriesImport } from '../store/index.ts';
import type { BarDecision, BarTime } from './import/bar-time.ts';
import { csvBarInfo, decideBarTime, observedPath } from './import/bar-time.ts';
import { normalizeColumnName } from './import/detect-layout.ts';
import { importError } from './import/import-error.ts';
import type { ImportError, ImportPreview, ParseControl } from './import/index.ts';
import { parseCsvChunks } from './import/index.ts';
import type { BarInfo } from './import/json-series.ts';
import { parseJsonSeries } from './import/json-series.ts';
import type { LedgerTable, PositionTable } from './import/position-ledger-csv.ts';
import {
  readLedgerCsv,
  readPositionsCsv,
  summarizeLedger,
  summarizePositions,
} from './import/position-ledger-csv.ts';
import { fileReadError } from './import/price-csv-import.ts';
import { ImportFailure } from './import/import-error.ts';

/** What a file holds. */
export type DataKind = 'price' | 'gas' | 'positions' | 'ledger';
export const DATA_KINDS: readonly DataKind[] = ['price', 'gas', 'positions', 'ledger'];

/** A file to read: a path on this machine (command line), or its text (the app sends it). */
export interface DataSource {
  fileName: string;
  path?: string;
  text?: string;
}

/** Choices for a series file; leave one out to have it detected (or asked, for the bar time). */
export interface SeriesChoices {
  /** Asset the prices are for (required for prices); for gas, the chain (default ETH). */
  asset?: string;
  venue?: string;
  timeZone?: string;
  barTime?: BarTime;
  delimiter?: ',' | ';' | '\t' | '|';
  timeColumn?: string;
  valueColumn?: string;
  /** How to read a date such as 9/1/1987 (month first or day first); absent: such dates are refused, asking. */
  dateOrder?: 'mdy' | 'dmy';
}

/** A series read from a file, ready to store as observed points. */
export interface ParsedSeries {
  kind: 'price' | 'gas';
  /** Detected layout ('binance-kline', 'generic-ohlcv', 'json-pairs', …). */
  format: string;
  timestampMs: Float64Array;
  values: Float64Array;
  rows: number;
  duplicatesDropped: number;
  /** Typical spacing of the file's rows, ms. */
  spacingMs: number | null;
  gaps: number;
  bars: BarDecision;
  /** How times, bars and units were read (one line each). */
  notes: string[];
  warnings: string[];
  /** The CSV preview (columns, sample rows), when the file is CSV. */
  preview: ImportPreview | null;
}

export type SeriesParse =
  { ok: true; series: ParsedSeries } | { ok: false; error: ImportError; preview?: ImportPreview };

const ASSET_ID = /^[A-Za-z0-9.-]{1,16}$/;
const MAX_JSON_BYTES = 256 * 1024 * 1024;
const TEXT_CHUNK = 64 * 1024;

function optionError(file: string, detail: string): ImportError {
  return importError(file, 'invalid-option', null, null, detail);
}

/** The file's chunks: bytes from disk (with its size), or the app's text in 64 KiB pieces. */
async function chunksOf(
  source: DataSource,
): Promise<{ chunks: AsyncIterable<string | Uint8Array>; total: number | null }> {
  if (source.text !== undefined) {
    const text = source.text;
    return {
      total: text.length,
      chunks: (async function* () {
        for (let i = 0; i < text.length; i += TEXT_CHUNK) {
          // Let main's event loop breathe between chunks (progress events, a cancel, other calls).
          if (i > 0) await new Promise((resolve) => setImmediate(resolve));
          yield text.slice(i, i + TEXT_CHUNK);
        }
      })(),
    };
  }
  const path = source.path!;
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    size = info.size;
  } catch (error) {
    throw fileReadError(source.fileName, error);
  }
  return {
    total: size,
    chunks: (async function* () {
      const stream = createReadStream(path, { highWaterMark: TEXT_CHUNK });
      try {
        for await (const chunk of stream) yield chunk as Uint8Array;
      } catch (error) {
        throw fileReadError(source.fileName, error);
      } finally {
        stream.destroy();
      }
    })(),
  };
}

/** The whole text (JSON is parsed at once; bounded). */
async function textOf(source: DataSource, control: ParseControl): Promise<string> {
  if (source.text !== undefined) return source.text;
  const { chunks, total } = await chunksOf(source);
  if (total !== null && total > MAX_JSON_BYTES) {
    throw new ImportFailure(
      optionError(
        source.fileName,
        `the file is ${total} bytes; JSON series up to ${MAX_JSON_BYTES} bytes are read — split it or export CSV`,
      ),
    );
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  let read = 0;
  for await (const chunk of chunks) {
    if (control.signal?.aborted)
      throw new ImportFailure(
        importError(source.fileName, 'aborted', null, null, 'the import was cancelled; nothing was stored'),
      );
    const bytes = chunk as Uint8Array;
    read += bytes.length;
    try {
      text += decoder.decode(bytes, { stream: true });
    } catch {
      throw new ImportFailure(
        importError(source.fileName, 'not-utf8', null, null, 'the file is not valid UTF-8; save it as UTF-8'),
      );
    }
    control.onProgress?.(read, total);
  }
  return text + decoder.decode();
}

/** The first line of the file (to read a header before parsing). */
async function firstLine(source: DataSource): Promise<string> {
  if (source.text !== undefined) return source.text.slice(0, 64 * 1024).split(/\r\n|\r|\n/, 1)[0] ?? '';
  const { chunks } = await chunksOf(source);
  let head = '';
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    head += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (/[\r\n]/.test(head) || head.length > 64 * 1024) break;
  }
  return head.replace(/^\ufeff/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
}

function headerNames(line: string): string[] {
  const delimiter = [',', ';', '\t', '|'].sort((a, b) => line.split(b).length - line.split(a).length)[0]!;
  return line.split(delimiter).map((c) => normalizeColumnName(c.replace(/"/g, '')));
}

/** Whether the file looks like JSON (by name or first character). */
function isJson(source: DataSource, head: string): boolean {
  return /\.json$/i.test(source.fileName) || /^\s*[[{]/.test(head);
}

/**
 * Guesses what a file holds from its name and header: a positions file and a ledger have their own
 * columns; a header naming gas or gwei and no price is gas; anything else is a price series.
 */
export async function detectKind(source: DataSource): Promise<DataKind> {
  const head = await firstLine(source);
  if (isJson(source, head)) return /gas|gwei/i.test(source.fileName) ? 'gas' : 'price';
  const names = new Set(headerNames(head));
  if (names.has('protocol') && names.has('debt_usd')) return 'positions';
  if (names.has('protocol') && (names.has('collateral_sold') || names.has('debt_repaid'))) return 'ledger';
  const gas = [...names].some((n) => /gwei|gas/.test(n));
  const price = [...names].some((n) => ['close', 'price', 'last', 'value'].includes(n));
  return gas && !price ? 'gas' : 'price';
}

/** The gas column of a header (a name with gas or gwei in it), and its unit. */
function gasColumn(names: string[], chosen: string | undefined): { name: string; wei: boolean } | null {
  const name =
    chosen !== undefined
      ? normalizeColumnName(chosen)
      : names.find((n) => /gwei|gas/.test(n) && !/time|date/.test(n));
  if (name === undefined) return null;
  return { name, wei: /(^|_)wei($|_)/.test(name) && !/gwei/.test(name) };
}

async function parseCsvSeries(
  source: DataSource,
  kind: 'price' | 'gas',
  choices: SeriesChoices,
  control: ParseControl,
): Promise<SeriesParse> {
  const file = source.fileName;
  const columns: { timestamp?: string; close?: string } = {};
  if (choices.timeColumn !== undefined) columns.timestamp = choices.timeColumn;
  if (choices.valueColumn !== undefined) columns.close = choices.valueColumn;
  let wei = false;
  if (kind === 'gas') {
    const g = gasColumn(headerNames(await firstLine(source)), choices.valueColumn);
    if (g === null)
      return {
        ok: false,
        error: optionError(
          file,
          'no gas column found: name it gas_gwei (or anything with "gas" or "gwei"), or choose it (Import view: "Value column"; command line: --value-column NAME)',
        ),
      };
    columns.close = g.name;
    wei = g.wei;
  }
  const { chunks, total } = await chunksOf(source);
  const result = await parseCsvChunks(
    chunks,
    {
      fileName: file,
      ...(choices.delimiter !== undefined ? { delimiter: choices.delimiter } : {}),
      ...(choices.timeZone !== undefined ? { timeZone: choices.timeZone } : {}),
      ...(choices.dateOrder !== undefined ? { dateOrder: choices.dateOrder } : {}),
      ...(Object.keys(columns).length > 0 ? { columns } : {}),
    },
    {
      ...(control.signal ? { signal: control.signal } : {}),
      onProgress: (n) => control.onProgress?.(n, total),
    },
  );
  if (!result.ok) return result;
  const { preview, report, series } = result;
  const info = kind === 'gas' ? ({ kind: 'points' } as BarInfo) : csvBarInfo(preview);
  const timeName = preview.columns[preview.mapping.timestamp]?.name ?? 'time';
  const decided = decideBarTime(file, info, choices.barTime, timeName);
  if (!decided.ok) return { ok: false, error: decided.error, preview };
  const path = observedPath(series, decided.decision, report.gaps.typicalSpacingMs ?? 0);
  const values = wei ? path.values.map((v) => v / 1e9) : path.values;
  return {
    ok: true,
    series: {
      kind,
      format: preview.format,
      timestampMs: path.timestampMs,
      values,
      rows: report.rows,
      duplicatesDropped: report.duplicatesDropped,
      spacingMs: report.gaps.typicalSpacingMs,
      gaps: report.gaps.count,
      bars: decided.decision,
      notes: [path.note, ...(wei ? [`column "${columns.close}" is in wei: divided by 1e9 to gwei`] : [])],
      warnings: [...report.warnings.map((w) => w.message), ...decided.warnings],
      preview,
    },
  };
}

async function parseJsonFile(
  source: DataSource,
  kind: 'price' | 'gas',
  choices: SeriesChoices,
  control: ParseControl,
): Promise<SeriesParse> {
  const text = await textOf(source, control);
  const r = parseJsonSeries(text, { file: source.fileName, timeZone: choices.timeZone ?? null });
  if (!r.ok) return r;
  const p = r.parsed;
  const decided = decideBarTime(
    source.fileName,
    kind === 'gas' ? { kind: 'points' } : p.bars,
    choices.barTime,
    p.timeKey,
  );
  if (!decided.ok) return decided;
  const path = observedPath(p.series, decided.decision, p.gaps.typicalSpacingMs ?? 0);
  return {
    ok: true,
    series: {
      kind,
      format: p.format,
      timestampMs: path.timestampMs,
      values: path.values,
      rows: p.rows,
      duplicatesDropped: p.duplicatesDropped,
      spacingMs: p.gaps.typicalSpacingMs,
      gaps: p.gaps.count,
      bars: decided.decision,
      notes: [
        `times from ${p.timeKey} (${p.timeUnit === 'iso' ? 'ISO 8601' : `epoch ${p.timeUnit}`}), values from ${p.valueKey}`,
        path.note,
      ],
      warnings: [...p.warnings, ...decided.warnings],
      preview: null,
    },
  };
}

/** Reads a price or gas series file (CSV or JSON). Never throws for a bad file. */
export async function parseSeriesSource(
  source: DataSource,
  kind: 'price' | 'gas',
  choices: SeriesChoices = {},
  control: ParseControl = {},
): Promise<SeriesParse> {
  try {
    const head = await firstLine(source);
    return isJson(source, head)
      ? await parseJsonFile(source, kind, choices, control)
      : await parseCsvSeries(source, kind, choices, control);
  } catch (error) {
    if (error instanceof ImportFailure) return { ok: false, error: error.detail };
    throw error;
  }
}

/** Reads a positions file. */
export async function parsePositionsSource(
  source: DataSource,
  control: ParseControl = {},
): Promise<
  { ok: true; positions: PositionTable; ignoredColumns: string[] } | { ok: false; error: ImportError }
> {
  try {
    const { chunks, total } = await chunksOf(source);
    return await readPositionsCsv(chunks, { file: source.fileName, totalBytes: total }, control);
  } catch (error) {
    if (error instanceof ImportFailure) return { ok: false, error: error.detail };
    throw error;
  }
}

/** Reads an event ledger. */
export async function parseLedgerSource(
  source: DataSource,
  control: ParseControl = {},
): Promise<{ ok: true; ledger: LedgerTable; ignoredColumns: string[] } | { ok: false; error: ImportError }> {
  try {
    const { chunks, total } = await chunksOf(source);
    return await readLedgerCsv(chunks, { file: source.fileName, totalBytes: total }, control);
  } catch (error) {
    if (error instanceof ImportFailure) return { ok: false, error: error.detail };
    throw error;
  }
}

async function sha256Of(source: DataSource): Promise<string> {
  const hash = createHash('sha256');
  if (source.text !== undefined) return hash.update(source.text, 'utf8').digest('hex');
  for await (const chunk of createReadStream(source.path!)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What an import stored. */
export type DataImportOutcome =
  | { ok: true; kind: 'price' | 'gas'; importId: string; series: SeriesMeta; parsed: ParsedSeries }
  | {
      ok: true;
      kind: 'positions' | 'ledger';
      importId: string;
      table: ImportedTableMeta;
      summary: unknown;
      ignoredColumns: string[];
    }
  | { ok: false; error: ImportError; preview?: ImportPreview };

function checkChoices(file: string, kind: DataKind, choices: SeriesChoices): ImportError | null {
  if (kind === 'price' && (choices.asset === undefined || !ASSET_ID.test(choices.asset))) {
    return optionError(
      file,
      choices.asset === undefined
        ? 'name the asset the prices are for (Import view: "Asset"; command line: --asset ETH)'
        : `asset "${choices.asset}" must be 1–16 letters, digits, "." or "-" (e.g. ETH, WBTC)`,
    );
  }
  if (kind === 'gas' && choices.asset !== undefined && !ASSET_ID.test(choices.asset)) {
    return optionError(file, `chain "${choices.asset}" must be 1–16 letters, digits, "." or "-" (e.g. ETH)`);
  }
  if (choices.venue !== undefined && choices.venue.trim() === '')
    return optionError(file, 'venue must not be empty; leave it out to use the exchange the file comes from');
  return null;
}

const VENUE_OF_FORMAT: Record<string, string> = {
  'binance-kline': 'Binance',
  'coinbase-candles': 'Coinbase',
  'coinbase-export': 'Coinbase',
  'kraken-ohlcvt': 'Kraken',
  cryptodatadownload: 'CryptoDataDownload',
};

function storeSeries(
  store: Store,
  source: DataSource,
  sha256: string,
  parsed: ParsedSeries,
  choices: SeriesChoices,
): { importId: string; series: SeriesMeta } {
  const venue =
    choices.venue?.trim() ??
    (parsed.kind === 'gas' ? 'network' : (VENUE_OF_FORMAT[parsed.format] ?? 'imported'));
  return writeSeriesImport(store, {
    fileName: source.fileName,
    sha256,
    asset: choices.asset ?? 'ETH',
    venue,
    kind: parsed.kind,
    timestampMs: parsed.timestampMs,
    values: parsed.values,
    report: {
      format: parsed.format,
      rows: parsed.rows,
      notes: parsed.notes,
      warnings: parsed.warnings,
      bars: parsed.bars,
    },
    source: `${source.fileName} (sha256 ${sha256.slice(0, 12)}…; ${parsed.kind === 'gas' ? 'gas, gwei' : 'close prices'}, format ${parsed.format}; ${parsed.notes[0] ?? ''})`,
  });
}

async function importTable(
  store: Store,
  source: DataSource,
  kind: 'positions' | 'ledger',
  control: ParseControl,
): Promise<DataImportOutcome> {
  const parsed =
    kind === 'positions'
      ? await parsePositionsSource(source, control)
      : await parseLedgerSource(source, control);
  if (!parsed.ok) return parsed;
  const rows = 'positions' in parsed ? parsed.positions : parsed.ledger;
  const summary =
    'positions' in parsed ? summarizePositions(parsed.positions) : summarizeLedger(parsed.ledger);
  const sha256 = await sha256Of(source);
  const { importId, table } = writeImportedTable(store, {
    kind,
    fileName: source.fileName,
    sha256,
    rows: rows.lines.length,
    summary,
    json: JSON.stringify(rows),
    report: { ignoredColumns: parsed.ignoredColumns },
  });
  return { ok: true, kind, importId, table, summary, ignoredColumns: parsed.ignoredColumns };
}

/**
 * Imports one file of `kind` (detected when left out). A bad file, a bad choice or a cancel answers
 * `{ ok: false }` with the located error, and nothing is stored.
 */
export async function importDataSource(
  store: Store,
  source: DataSource,
  request: SeriesChoices & { kind?: DataKind },
  control: ParseControl = {},
): Promise<DataImportOutcome> {
  const file = source.fileName;
  try {
    const kind = request.kind ?? (await detectKind(source));
    const bad = checkChoices(file, kind, request);
    if (bad !== null) return { ok: false, error: bad };
    if (kind === 'positions' || kind === 'ledger') return await importTable(store, source, kind, control);
    const parsed = await parseSeriesSource(source, kind, request, control);
    if (!parsed.ok) return parsed;
    if (control.signal?.aborted)
      return {
        ok: false,
        error: importError(file, 'aborted', null, null, 'the import was cancelled; nothing was stored'),
      };
    const sha256 = await sha256Of(source);
    const { importId, series } = storeSeries(store, source, sha256, parsed.series, request);
    return { ok: true, kind, importId, series, parsed: parsed.series };
  } catch (error) {
    if (error instanceof ImportFailure) return { ok: false, error: error.detail };
    if (error instanceof StoreError && (error.code === 'store-input' || error.code === 'not-found')) {
      return { ok: false, error: optionError(file, error.message) };
    }
    throw error;
  }
}

/** A source for a path on this machine (the file name is its base name). */
export function fileSource(path: string): DataSource {
  return { fileName: basename(path), path };
}
