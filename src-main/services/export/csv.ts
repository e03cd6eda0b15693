/**
 * RFC 4180 CSV writer with formula-injection escaping (OWASP ASVS 1.2.10).
 *
 * - A cell is quoted when it contains the delimiter, '"', CR or LF, when it starts with a BOM
 *   (U+FEFF, which a reader would strip at the start of a file), or when it is the only, empty
 *   cell of its record (an unquoted empty line would read back as a blank line). Inner quotes
 *   are doubled.
 * - Text cells that start with a formula trigger — `=` `+` `-` `@`, tab, CR, NUL, or the
 *   full-width look-alikes `＝` `＋` `－` `＠` — get a leading `'`, so spreadsheets show them as
 *   text instead of running them. A cell that already starts with `'` is left alone, which makes
 *   export → parse → export stable.
 * - Numbers are cells of type `number` and are written as numbers, with the shortest text that
 *   reads back as the same double (`String(x)`, `-0` kept). A negative number is NOT escaped:
 *   `-5` is a number to a spreadsheet, not a formula, and `'-5` would turn it into text. Only
 *   text is escaped, so a caller must pass numbers as numbers (the string `'-5'` does get `'`).
 *   NaN and ±Infinity cannot be written and throw a RangeError.
 */
import type { PriceSeries } from '../import/types.ts';

/** A cell: text (escaped), number (written as is), or empty. */
export type CsvCell = string | number | null | undefined;

export interface CsvWriteOptions {
  /** Default ','. */
  delimiter?: ',' | ';' | '\t' | '|';
  /** Default '\r\n' (RFC 4180). */
  lineEnding?: '\r\n' | '\n';
  /** Default true; only turn off for files that never reach a spreadsheet. */
  escapeFormulae?: boolean;
}

const FORMULA_TRIGGERS = new Set([
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\0',
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
]);

/** True when a text cell would be taken as a formula by a spreadsheet. */
export function startsWithFormulaTrigger(text: string): boolean {
  return text.length > 0 && FORMULA_TRIGGERS.has(text.charAt(0));
}

/** Prefixes `'` to text that starts with a formula trigger. */
export function escapeFormulaText(text: string): string {
  return startsWithFormulaTrigger(text) ? `'${text}` : text;
}

/** Shortest round-trip text of a finite double (`-0` kept). */
export function formatCsvNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `cannot write ${value} to CSV; filter out non-finite values (NaN, Infinity) before exporting`,
    );
  }
  return Object.is(value, -0) ? '-0' : String(value);
}

function needsQuotes(text: string, delimiter: string): boolean {
  if (text.charCodeAt(0) === 0xfeff) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === delimiter || c === '"' || c === '\r' || c === '\n') return true;
  }
  return false;
}

/** One cell as CSV text (escaped and quoted as needed). */
export function formatCsvCell(cell: CsvCell, options: CsvWriteOptions = {}): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return formatCsvNumber(cell);
  const delimiter = options.delimiter ?? ',';
  const text = options.escapeFormulae === false ? cell : escapeFormulaText(cell);
  return needsQuotes(text, delimiter) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record without its line ending. */
export function formatCsvRecord(cells: readonly CsvCell[], options: CsvWriteOptions = {}): string {
  if (cells.length === 1 && formatCsvCell(cells[0], options) === '') return '""';
  const delimiter = options.delimiter ?? ',';
  return cells.map((c) => formatCsvCell(c, options)).join(delimiter);
}

/** Each record followed by the line ending, for streaming into a file. */
export function* csvLines(
  rows: Iterable<readonly CsvCell[]>,
  options: CsvWriteOptions = {},
): Generator<string> {
  const eol = options.lineEnding ?? '\r\n';
  for (const row of rows) yield formatCsvRecord(row, options) + eol;
}

/** A whole CSV document; every record ends with the line ending. */
export function formatCsv(rows: Iterable<readonly CsvCell[]>, options: CsvWriteOptions = {}): string {
  let out = '';
  for (const line of csvLines(rows, options)) out += line;
  return out;
}

/** Extra text column written after the series columns (notes, labels). */
export interface CsvTextColumn {
  name: string;
  values: readonly string[];
}

/**
 * Rows of a price series: header `timestamp_ms,open,high,low,close,volume` (present columns
 * only, then any text columns), then one row per point. The `_ms` header tells the importer
 * the unit, so the file imports back bit-exactly.
 */
export function* priceSeriesRows(
  series: PriceSeries,
  textColumns: readonly CsvTextColumn[] = [],
): Generator<CsvCell[]> {
  const n = series.timestampMs.length;
  const numeric: Array<[string, Float64Array]> = [['timestamp_ms', series.timestampMs]];
  if (series.open) numeric.push(['open', series.open]);
  if (series.high) numeric.push(['high', series.high]);
  if (series.low) numeric.push(['low', series.low]);
  numeric.push(['close', series.close]);
  if (series.volume) numeric.push(['volume', series.volume]);
  for (const [name, values] of numeric) {
    if (values.length !== n)
      throw new RangeError(`series.${name} has ${values.length} values, timestampMs has ${n}`);
  }
  for (const c of textColumns) {
    if (c.values.length !== n)
      throw new RangeError(`text column ${c.name} has ${c.values.length} values, expected ${n}`);
  }
  yield [...numeric.map(([name]) => name), ...textColumns.map((c) => c.name)];
  for (let i = 0; i < n; i++) {
    yield [
      ...numeric.map(([, values]) => values[i] ?? Number.NaN),
      ...textColumns.map((c) => c.values[i] ?? ''),
    ];
  }
}

/** A price series as one CSV document (see `priceSeriesRows`). */
export function priceSeriesToCsv(
  series: PriceSeries,
  options: CsvWriteOptions = {},
  textColumns: readonly CsvTextColumn[] = [],
): string {
  return formatCsv(priceSeriesRows(series, textColumns), options);
}
