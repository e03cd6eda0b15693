/**
 * Public types of the CSV price-series importer. The importer is pure parsing: it turns a file (or
 * chunks of text) into typed arrays plus a preview and a report; the store decides what to keep.
 */

/** Field delimiters the importer recognises. */
export type CsvDelimiter = ',' | ';' | '\t' | '|';

/** Decimal separator of numbers in the file. */
export type DecimalSeparator = '.' | ',';

/** Line ending of the first record break seen; `null` for a one-line file. */
export type LineEnding = 'LF' | 'CRLF' | 'CR';

/** Layouts the importer recognises; the `generic-*` ones are mapped by header names. */
export type CsvFormat =
  | 'binance-kline'
  | 'coinbase-candles'
  | 'coinbase-export'
  | 'kraken-ohlcvt'
  | 'cryptodatadownload'
  | 'generic-ohlcv'
  | 'generic-price';

/** Columns of a price series. */
export type SeriesField = 'timestamp' | 'open' | 'high' | 'low' | 'close' | 'volume';

/** A column chosen by header name (case-insensitive) or by 0-based index. */
export type ColumnRef = string | number;

/** Size limits; every one turns into a located error instead of unbounded memory. */
export interface ImportLimits {
  /** Longest single field, in UTF-16 code units (default 1 MiB = 1,048,576). */
  maxFieldChars: number;
  /** Longest record, all fields together (default 4 MiB). */
  maxRecordChars: number;
  /** Most fields in one record (default 1024). */
  maxColumns: number;
  /** Most data rows (default 5,000,000). */
  maxRows: number;
  /** Largest file accepted by `parseCsvFile` (default 1 GiB). */
  maxFileBytes: number;
}

/** How to read a date written `9/1/1987`: month/day/year (`mdy`, US) or day/month/year (`dmy`). */
export type DateOrder = 'mdy' | 'dmy';

/** What to do with a naive local time that occurs twice (clocks going back). */
export type AmbiguousLocalTime = 'reject' | 'earlier' | 'later';

/** Options shared by preview and import; leave a field out to have it detected. */
export interface ImportOptions {
  delimiter?: CsvDelimiter;
  /** Default '.'. A detected decimal comma is only used when this says ','. */
  decimalSeparator?: DecimalSeparator;
  /** Force header present / absent instead of detecting it. */
  hasHeader?: boolean;
  /** IANA zone (e.g. 'Europe/Berlin') for timestamps without offset; default UTC, with a warning. */
  timeZone?: string;
  /** Default 'reject'. */
  ambiguousLocalTime?: AmbiguousLocalTime;
  /**
   * The order of dates written with slashes or dots (`9/1/1987`); without it such dates are refused
   * as ambiguous (error code 'ambiguous-date-order', which a host answers by asking the user).
   */
  dateOrder?: DateOrder;
  /** Override the detected column mapping. */
  columns?: Partial<Record<SeriesField, ColumnRef>>;
  limits?: Partial<ImportLimits>;
  /** Close-to-close relative move that is reported as a warning (default 0.5 = 50 %). */
  priceJumpWarningRatio?: number;
  /** Name used in errors for chunk/text input (default '<text>'). */
  fileName?: string;
}

/** Stable machine-readable error codes. */
export type ImportErrorCode =
  | 'file-not-found'
  | 'file-unreadable'
  | 'file-too-large'
  | 'not-utf8'
  | 'utf16'
  | 'empty-file'
  | 'undetectable-delimiter'
  | 'quote-not-closed'
  | 'invalid-closing-quote'
  | 'stray-quote'
  | 'field-too-large'
  | 'record-too-large'
  | 'too-many-columns'
  | 'too-many-rows'
  | 'too-few-fields'
  | 'too-many-fields'
  | 'unknown-format'
  | 'missing-column'
  | 'invalid-number'
  | 'invalid-value'
  | 'bar-time-unknown'
  | 'non-positive-price'
  | 'negative-volume'
  | 'invalid-timestamp'
  | 'ambiguous-date-order'
  | 'timestamp-unit-changed'
  | 'mixed-timestamp-formats'
  | 'mixed-time-zones'
  | 'nonexistent-local-time'
  | 'ambiguous-local-time'
  | 'unknown-time-zone'
  | 'out-of-order'
  | 'duplicate-conflict'
  | 'no-data'
  | 'invalid-option'
  | 'aborted'
  | 'internal';

/**
 * A fatal import error. `row` is the 1-based line of the file where the offending record starts
 * (what a text editor or spreadsheet shows); `column` is the header name (or the format's
 * column name). `message` starts with the location and says how to fix the problem.
 */
export interface ImportError {
  file: string;
  row: number | null;
  column: string | null;
  code: ImportErrorCode;
  message: string;
}

export type ImportWarningCode =
  | 'time-zone-assumed'
  | 'decimal-comma-detected'
  | 'leading-rows-skipped'
  | 'blank-lines-skipped'
  | 'reversed'
  | 'mixed-offsets'
  | 'price-jump';

/** Non-fatal findings; collected, never stop the import. */
export interface ImportWarning {
  code: ImportWarningCode;
  row: number | null;
  message: string;
}

/** 0-based column index per series field; `null` when the file has no such column. */
export interface ColumnMapping {
  timestamp: number;
  close: number;
  open: number | null;
  high: number | null;
  low: number | null;
  volume: number | null;
}

export interface PreviewColumn {
  index: number;
  name: string;
  role: SeriesField | 'ignored';
}

/** How timestamps are read. */
export interface TimeHandling {
  /** epoch numbers, ISO times with offset/Z, or naive wall-clock times. */
  kind: 'epoch' | 'offset' | 'naive';
  epochUnit: 's' | 'ms' | 'us' | null;
  /** Zone used for naive times (null otherwise). */
  timeZone: string | null;
  source: 'epoch' | 'offset-in-file' | 'option' | 'column-name' | 'assumed-utc';
}

/** What the importer detected from the head of the file; show it before importing. */
export interface ImportPreview {
  file: string;
  bom: boolean;
  delimiter: CsvDelimiter;
  delimiterSource: 'detected' | 'option';
  /** The separator the import will use. */
  decimalSeparator: DecimalSeparator;
  /** What the values look like (null when nothing tells). */
  detectedDecimalSeparator: DecimalSeparator | null;
  lineEnding: LineEnding | null;
  /** Title/URL lines above the header (CryptoDataDownload puts one there). */
  leadingRowsSkipped: number;
  hasHeader: boolean;
  headerRow: number | null;
  format: CsvFormat;
  columnCount: number;
  columns: PreviewColumn[];
  mapping: ColumnMapping;
  /** Null when the head has no data row. */
  time: TimeHandling | null;
  /** Order of the first rows; 'descending' files are reversed on import. */
  order: 'ascending' | 'descending' | 'unknown';
  willReverse: boolean;
  sampleRows: Array<{ row: number; fields: string[] }>;
  /** First error found in the head, if any (the import would stop there). */
  sampleError: ImportError | null;
  warnings: ImportWarning[];
}

/** The parsed series, ascending by time, all arrays the same length. */
export interface PriceSeries {
  timestampMs: Float64Array;
  close: Float64Array;
  open?: Float64Array;
  high?: Float64Array;
  low?: Float64Array;
  volume?: Float64Array;
}

export interface GapReport {
  /** Most common spacing between consecutive points (null for fewer than two points). */
  typicalSpacingMs: number | null;
  /** Number of spacings larger than the typical one. */
  count: number;
  /** The first few gaps in time order. */
  first: Array<{ fromTimestampMs: number; toTimestampMs: number; spacingMs: number }>;
}

export interface ImportReport {
  /** Data rows read (header and title lines excluded). */
  rows: number;
  /** Points in the series (rows minus dropped duplicates). */
  points: number;
  duplicatesDropped: number;
  gaps: GapReport;
  /** The file was newest first and was reversed. */
  reversed: boolean;
  /** All warnings (the preview's included). */
  warnings: ImportWarning[];
}

export type ImportResult =
  | { ok: true; series: PriceSeries; preview: ImportPreview; report: ImportReport }
  | { ok: false; error: ImportError; preview?: ImportPreview };

export type PreviewResult = { ok: true; preview: ImportPreview } | { ok: false; error: ImportError };

/** Progress and cancellation of a streaming import. */
export interface ParseControl {
  /** Called after each chunk; `totalBytes` is null when unknown (chunk input). */
  onProgress?: (bytesRead: number, totalBytes: number | null) => void;
  signal?: AbortSignal;
}
