/**
 * Header-mapped CSV tables (positions files, event ledgers): a header row names the columns, one
 * record a row. Streams chunk by chunk through the RFC 4180 tokenizer; the delimiter is the one of
 * ',', ';', tab or '|' under which the header holds every required column. Every problem is a
 * located error (file, row, column, what to fix) and stops the read: a table is all good or not
 * imported. Column names match case-insensitively, with spaces, dashes and dots read as '_'.
 */
import { CsvTokenizer } from './csv-tokenizer.ts';
import type { CsvSyntaxError } from './csv-tokenizer.ts';
import { DELIMITERS, delimiterName, normalizeColumnName } from './detect-layout.ts';
import { ImportFailure, importError, quoteValue } from './import-error.ts';
import { decodeChunks } from './price-csv-import.ts';
import { parseStrictNumber } from './strict-number.ts';
import { epochToMs, epochUnitOf, isoToUtcMs, parseEpochText, parseIsoTimestamp } from './timestamps.ts';
import type { CsvDelimiter, ImportError, ParseControl } from './types.ts';

/** What a cell parser answers: the value, or what is wrong with the text and how to fix it. */
export type CellResult<T> = { ok: true; value: T } | { ok: false; detail: string };

export interface TableColumn<T = unknown> {
  /** Canonical name (normalized: lower case, '_'). */
  name: string;
  /** Other accepted names (normalized). */
  aliases?: readonly string[];
  required: boolean;
  /** Parses a non-empty cell (empty optional cells are null). */
  parse: (text: string) => CellResult<T>;
}

export interface TableSpec {
  /** What the table is, for messages ("positions file"). */
  what: string;
  columns: readonly TableColumn[];
  /** Most data rows (default 5,000,000). */
  maxRows?: number;
}

export interface TableRead {
  delimiter: CsvDelimiter;
  /** The header as written. */
  header: string[];
  /** Columns present in the file that the table does not use (kept out, reported). */
  ignoredColumns: string[];
  /** Per canonical column name: one value per row (null for an empty optional cell or a missing optional column). */
  values: Map<string, unknown[]>;
  /** Physical line of each row (1-based, as a text editor shows it). */
  lines: number[];
  rows: number;
}

export type TableResult = { ok: true; table: TableRead } | { ok: false; error: ImportError };

const HEADER_SCAN_CHARS = 64 * 1024;

function headerCells(line: string, delimiter: CsvDelimiter): string[] {
  return line.split(delimiter).map((c) => normalizeColumnName(c.replace(/^\ufeff/, '').replace(/"/g, '')));
}

function columnIndex(names: readonly string[], column: TableColumn): number {
  for (const wanted of [column.name, ...(column.aliases ?? [])]) {
    const i = names.indexOf(wanted);
    if (i >= 0) return i;
  }
  return -1;
}

/** Picks the delimiter from the header line: the one under which every required column is named. */
function chooseHeaderDelimiter(file: string, line: string, spec: TableSpec): CsvDelimiter {
  const required = spec.columns.filter((c) => c.required);
  for (const d of DELIMITERS) {
    const names = headerCells(line, d);
    if (required.every((c) => columnIndex(names, c) >= 0)) return d;
  }
  const best = DELIMITERS.map((d) => headerCells(line, d)).sort((a, b) => b.length - a.length)[0] ?? [];
  const missing = required.filter((c) => columnIndex(best, c) < 0).map((c) => c.name);
  throw new ImportFailure(
    importError(
      file,
      'missing-column',
      1,
      null,
      `the first row must be the header of a ${spec.what}, naming the columns ${required.map((c) => c.name).join(', ')}; ` +
        `missing: ${missing.join(', ')} (found: ${best.join(', ') || 'nothing'}). Add or rename the header ` +
        `cells; values may be separated by ',', ';', tab or '|'`,
    ),
  );
}

interface Reader {
  spec: TableSpec;
  file: string;
  header: string[] | null;
  indices: number[];
  values: unknown[][];
  lines: number[];
  failure: ImportError | null;
}

function readHeader(reader: Reader, fields: string[]): void {
  reader.header = fields.map((f) => f.replace(/^\ufeff/, '').trim());
  const names = reader.header.map(normalizeColumnName);
  reader.indices = reader.spec.columns.map((c) => columnIndex(names, c));
}

function readRow(reader: Reader, fields: string[], row: number): boolean {
  const { spec, file } = reader;
  if (reader.lines.length >= (spec.maxRows ?? 5_000_000)) {
    reader.failure = importError(
      file,
      'too-many-rows',
      row,
      null,
      `the ${spec.what} has more than ${spec.maxRows ?? 5_000_000} rows; split it`,
    );
    return false;
  }
  const header = reader.header!;
  if (fields.length !== header.length) {
    reader.failure = importError(
      file,
      fields.length < header.length ? 'too-few-fields' : 'too-many-fields',
      row,
      null,
      `the row has ${fields.length} values but the header has ${header.length} columns; ` +
        'give every row one value per column (quote values that contain the delimiter)',
    );
    return false;
  }
  for (let k = 0; k < spec.columns.length; k++) {
    const column = spec.columns[k]!;
    const i = reader.indices[k]!;
    const text = i < 0 ? '' : fields[i]!.trim();
    if (text === '') {
      if (column.required) {
        reader.failure = importError(
          file,
          'invalid-value',
          row,
          header[i] ?? column.name,
          `the ${column.name} is empty; every row needs one`,
        );
        return false;
      }
      reader.values[k]!.push(null);
      continue;
    }
    const parsed = column.parse(text);
    if (!parsed.ok) {
      reader.failure = importError(
        file,
        'invalid-value',
        row,
        header[i]!,
        `${quoteValue(text)} ${parsed.detail}`,
      );
      return false;
    }
    reader.values[k]!.push(parsed.value);
  }
  reader.lines.push(row);
  return true;
}

function syntaxError(file: string, error: CsvSyntaxError, header: string[] | null): ImportError {
  const column = header?.[error.columnIndex] ?? `column ${error.columnIndex + 1}`;
  return importError(file, error.code, error.row, column, error.detail);
}

async function nextChunk(
  chunks: AsyncIterator<string>,
  file: string,
  control: ParseControl,
  counted: { bytes: number },
  totalBytes: number | null,
): Promise<string | null> {
  if (control.signal?.aborted) {
    throw new ImportFailure(
      importError(file, 'aborted', null, null, 'the import was cancelled; nothing was stored'),
    );
  }
  const next = await chunks.next();
  control.onProgress?.(counted.bytes, totalBytes);
  return next.done ? null : next.value;
}

/**
 * Reads a header-mapped CSV table from chunks of text or UTF-8 bytes. Never throws: a bad file
 * answers `{ ok: false, error }` naming the row and column and what to fix.
 */
export async function readTableCsv(
  input: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  spec: TableSpec,
  options: { file: string; totalBytes?: number | null },
  control: ParseControl = {},
): Promise<TableResult> {
  const file = options.file;
  const counted = { bytes: 0 };
  const chunks = decodeChunks(input, file, (n) => (counted.bytes += n));
  const reader: Reader = { spec, file, header: null, indices: [], values: [], lines: [], failure: null };
  reader.values = spec.columns.map(() => []);
  try {
    let head = '';
    let chunk: string | null = '';
    while (chunk !== null && !/[\r\n]/.test(head) && head.length < HEADER_SCAN_CHARS) {
      chunk = await nextChunk(chunks, file, control, counted, options.totalBytes ?? null);
      if (chunk !== null) head += chunk;
    }
    const firstLine = head.split(/\r\n|\r|\n/, 1)[0] ?? '';
    if (firstLine.replace(/^\ufeff/, '').trim() === '') {
      throw new ImportFailure(
        importError(file, 'empty-file', 1, null, `the ${spec.what} is empty or starts with a blank line`),
      );
    }
    const delimiter = chooseHeaderDelimiter(file, firstLine, spec);
    const tokenizer = new CsvTokenizer({ delimiter }, (fields, row) => {
      if (reader.header === null) {
        readHeader(reader, fields);
        return true;
      }
      return readRow(reader, fields, row);
    });
    let syntax = tokenizer.push(head);
    while (!tokenizer.finished) {
      chunk = await nextChunk(chunks, file, control, counted, options.totalBytes ?? null);
      syntax = chunk === null ? tokenizer.end() : tokenizer.push(chunk);
    }
    if (reader.failure !== null) return { ok: false, error: reader.failure };
    if (syntax !== null) return { ok: false, error: syntaxError(file, syntax, reader.header) };
    if (reader.lines.length === 0) {
      return {
        ok: false,
        error: importError(file, 'no-data', null, null, `the ${spec.what} has a header but no rows`),
      };
    }
    const header = reader.header ?? [];
    const used = new Set(reader.indices.filter((i) => i >= 0));
    return {
      ok: true,
      table: {
        delimiter,
        header,
        ignoredColumns: header.filter((_, i) => !used.has(i)),
        values: new Map(spec.columns.map((c, k) => [c.name, reader.values[k]!])),
        lines: reader.lines,
        rows: reader.lines.length,
      },
    };
  } catch (error) {
    if (error instanceof ImportFailure) return { ok: false, error: error.detail };
    return {
      ok: false,
      error: importError(
        file,
        'internal',
        null,
        null,
        `unexpected error while reading (${String((error as Error)?.message ?? error)}); please report this with the file`,
      ),
    };
  } finally {
    await chunks.return(undefined).catch(() => undefined);
  }
}

// Cell parsers shared by the tables.

/** A number > 0 (or ≥ 0 when `allowZero`) with '.' as decimal point. */
export function positiveNumber(unit: string, allowZero = false): (text: string) => CellResult<number> {
  return (text) => {
    const n = parseStrictNumber(text, '.');
    if (!n.ok) {
      const hint =
        n.problem === 'decimal-comma' || n.problem === 'thousands-separator'
          ? "use '.' as the decimal point and no thousands separators"
          : `write a plain number (${unit})`;
      return { ok: false, detail: `is not a number; ${hint}` };
    }
    if (allowZero ? n.value < 0 : n.value <= 0) {
      return { ok: false, detail: `must be ${allowZero ? '≥ 0' : '> 0'} (${unit})` };
    }
    return { ok: true, value: n.value };
  };
}

/** Text up to `max` characters. */
export function text(max: number): (t: string) => CellResult<string> {
  return (t) =>
    t.length > max
      ? { ok: false, detail: `is longer than ${max} characters; shorten it` }
      : { ok: true, value: t };
}

/** An asset id the engine accepts. */
export function assetId(t: string): CellResult<string> {
  return /^[A-Za-z0-9.-]{1,16}$/.test(t)
    ? { ok: true, value: t }
    : { ok: false, detail: 'is not an asset symbol; use 1–16 letters, digits, "." or "-" (e.g. ETH, WBTC)' };
}

/**
 * A time: epoch seconds or milliseconds (told apart by magnitude), or ISO 8601 with an offset or Z.
 * A time without an offset is refused (a ledger's hours must not shift silently).
 */
export function instantMs(t: string): CellResult<number> {
  const epoch = parseEpochText(t, '.');
  if (epoch !== null) {
    const unit = epochUnitOf(Number(`${epoch.intPart}.${epoch.fracPart || '0'}`));
    if (unit === null) {
      return {
        ok: false,
        detail: 'is not a time: epoch numbers must be seconds, milliseconds or microseconds after 1973',
      };
    }
    return { ok: true, value: Math.round(epochToMs(epoch, unit)) };
  }
  const iso = parseIsoTimestamp(t);
  if (iso === null) {
    return {
      ok: false,
      detail: 'is not a time; write ISO 8601 with an offset (2024-08-05T06:20:00Z) or epoch seconds',
    };
  }
  if (iso.offsetMinutes === null) {
    return {
      ok: false,
      detail: 'has no time zone; add Z or an offset (2024-08-05T06:20:00Z), or write epoch seconds',
    };
  }
  return { ok: true, value: isoToUtcMs(iso) };
}

export { delimiterName };
