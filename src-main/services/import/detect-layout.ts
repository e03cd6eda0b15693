/**
 * Layout detection from the head of a file: delimiter, title lines, header, format, column
 * mapping and decimal separator. Works on already tokenized sample records; never guesses when
 * two answers fit equally well (that is an error asking the user to choose).
 */
import type { CsvRecord } from './csv-tokenizer.ts';
import { looksLikeDecimalComma, looksNumeric, parseStrictNumber } from './strict-number.ts';
import { parseEpochText, parseIsoTimestamp, type EpochUnit } from './timestamps.ts';
import type {
  ColumnMapping,
  ColumnRef,
  CsvDelimiter,
  CsvFormat,
  DecimalSeparator,
  ImportErrorCode,
  ImportOptions,
  SeriesField,
} from './types.ts';

/** Candidates in the order used to break nothing: ties are errors, not a preference. */
export const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

/** How a delimiter is named in messages. */
export function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `'${delimiter}'`;
}

/** A detection problem; the caller adds the file name. */
export interface DetectionFailure {
  code: ImportErrorCode;
  row: number | null;
  column: string | null;
  detail: string;
}

/** Everything the row reader needs to know about the file. */
export interface CsvLayout {
  delimiter: CsvDelimiter;
  /** Title/URL records above the header. */
  titleRows: CsvRecord[];
  hasHeader: boolean;
  headerRow: number | null;
  /** Display names: header cells, or the format's names for headerless files. */
  columnNames: string[];
  columnCount: number;
  format: CsvFormat;
  mapping: ColumnMapping;
  /** Unit named by the time column (`*_ms`), overriding magnitude detection. */
  timeUnitHint: EpochUnit | null;
  /** The time column says its naive values are UTC (`date_utc`). */
  timeColumnIsUtc: boolean;
  detectedDecimalSeparator: DecimalSeparator | null;
  decimalSeparator: DecimalSeparator;
  /** Non-blank records before the first data record (title rows + header). */
  recordsBeforeData: number;
  dataSample: CsvRecord[];
}

function isValueLike(text: string): boolean {
  const t = text.trim();
  return t !== '' && (looksNumeric(t) || parseIsoTimestamp(t) !== null);
}

function isHeaderLike(record: CsvRecord): boolean {
  return record.fields.every((f) => !isValueLike(f));
}

/** Title lines (a URL, a comment) above the first multi-column record; at most 3. */
export function countTitleRows(records: readonly CsvRecord[]): number {
  const firstWide = records.findIndex((r) => r.fields.length > 1);
  if (firstWide <= 0 || firstWide > 3) return 0;
  for (let i = 0; i < firstWide; i++) {
    const field = records[i]?.fields[0] ?? '';
    if (isValueLike(field)) return 0;
  }
  return firstWide;
}

interface DelimiterScore {
  delimiter: CsvDelimiter;
  consistency: number;
  valueLike: number;
}

function scoreDelimiter(delimiter: CsvDelimiter, records: readonly CsvRecord[]): DelimiterScore | null {
  const recs = records.slice(countTitleRows(records));
  const first = recs[0];
  if (first === undefined) return null;
  const freq = new Map<number, number>();
  for (const r of recs) freq.set(r.fields.length, (freq.get(r.fields.length) ?? 0) + 1);
  let mode = 0;
  let modeFreq = 0;
  for (const [count, f] of freq) {
    if (f > modeFreq || (f === modeFreq && count > mode)) {
      mode = count;
      modeFreq = f;
    }
  }
  const consistency = modeFreq / recs.length;
  if (mode < 2 || first.fields.length !== mode || consistency < 0.5) return null;
  const data = recs.length > 1 && isHeaderLike(first) ? recs.slice(1) : recs;
  let cells = 0;
  let values = 0;
  for (const r of data) {
    if (r.fields.length !== mode) continue;
    for (const f of r.fields) {
      cells++;
      if (isValueLike(f)) values++;
    }
  }
  return { delimiter, consistency, valueLike: cells === 0 ? 0 : values / cells };
}

/**
 * Picks the delimiter whose split gives the same column count (≥ 2) on the sample, preferring
 * the one that yields more numbers/timestamps. Two equally good candidates are an error.
 */
export function chooseDelimiter(
  samples: ReadonlyArray<{ delimiter: CsvDelimiter; records: readonly CsvRecord[] }>,
): { ok: true; delimiter: CsvDelimiter } | { ok: false; failure: DetectionFailure } {
  const scores = samples
    .map((s) => scoreDelimiter(s.delimiter, s.records))
    .filter((s): s is DelimiterScore => s !== null)
    .sort((a, b) => b.consistency - a.consistency || b.valueLike - a.valueLike);
  const [best, second] = scores;
  if (best === undefined) {
    return {
      ok: false,
      failure: {
        code: 'undetectable-delimiter',
        row: null,
        column: null,
        detail:
          "could not tell the delimiter: none of ',', ';', tab or '|' splits the first rows into the same number " +
          'of columns (at least 2); check that the file has a time and a price column, or choose the delimiter ' +
          '(Import view: "Delimiter"; command line: --delimiter ";")',
      },
    };
  }
  if (
    second !== undefined &&
    Math.abs(best.consistency - second.consistency) < 1e-9 &&
    Math.abs(best.valueLike - second.valueLike) < 1e-9
  ) {
    return {
      ok: false,
      failure: {
        code: 'undetectable-delimiter',
        row: null,
        column: null,
        detail:
          `the delimiter is ambiguous: both ${delimiterName(best.delimiter)} and ${delimiterName(second.delimiter)} ` +
          'split the first rows equally well; choose the delimiter (Import view: "Delimiter"; command line: ' +
          `--delimiter "${best.delimiter === '\t' ? 'tab' : best.delimiter}")`,
      },
    };
  }
  return { ok: true, delimiter: best.delimiter };
}

/** Lower case, units in brackets dropped, spaces/dashes/dots to '_': `Volume BTC` → `volume_btc`. */
export function normalizeColumnName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]/g, '')
    .trim()
    .replace(/[\s\-./]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const EPOCH_TIME_NAMES = new Set([
  'unix',
  'unix_timestamp',
  'unix_time',
  'unix_ts',
  'unix_ms',
  'unix_s',
  'unix_us',
  'epoch',
  'epoch_ms',
  'epoch_s',
  'epoch_us',
  'timestamp_ms',
  'timestamp_s',
  'timestamp_us',
  'time_ms',
  'time_s',
  'time_us',
  'open_time',
  'opentime',
]);
const TIME_NAMES = new Set([
  'timestamp',
  'time',
  'datetime',
  'date_time',
  'date',
  'timestamp_utc',
  'time_utc',
  'datetime_utc',
  'date_utc',
]);
const CLOSE_NAMES = ['close', 'price', 'close_price', 'closing_price', 'last', 'last_price', 'adj_close'];
const OPEN_NAMES = ['open', 'open_price'];
const HIGH_NAMES = ['high', 'high_price'];
const LOW_NAMES = ['low', 'low_price'];
const VOLUME_NAMES = ['volume', 'vol', 'base_volume', 'volume_base'];

function unitHint(name: string): EpochUnit | null {
  if (/(?:^|_)ms$/.test(name)) return 'ms';
  if (/(?:^|_)(?:us|\u00b5s|micros)$/.test(name)) return 'us'; // \u00b5: µ (the bundle stays ASCII)
  if (/(?:^|_)s$/.test(name)) return 's';
  return null;
}

function isTimeValue(text: string): boolean {
  return (
    parseEpochText(text, '.') !== null ||
    parseEpochText(text, ',') !== null ||
    parseIsoTimestamp(text) !== null
  );
}

function findFirst(names: readonly string[], wanted: readonly string[]): number | null {
  for (const w of wanted) {
    const i = names.indexOf(w);
    if (i >= 0) return i;
  }
  return null;
}

function mapByNames(names: readonly string[], sample: CsvRecord | undefined): Partial<ColumnMapping> {
  const candidates: number[] = [];
  names.forEach((n, i) => {
    if (EPOCH_TIME_NAMES.has(n) || n.startsWith('unix')) candidates.push(i);
  });
  names.forEach((n, i) => {
    if (TIME_NAMES.has(n) && !candidates.includes(i)) candidates.push(i);
  });
  const timestamp =
    candidates.find((i) => sample !== undefined && isTimeValue(sample.fields[i] ?? '')) ?? candidates[0];
  let volume = findFirst(names, VOLUME_NAMES);
  if (volume === null) {
    const i = names.findIndex((n) => n.startsWith('volume_'));
    volume = i >= 0 ? i : null;
  }
  const mapping: Partial<ColumnMapping> = {
    open: findFirst(names, OPEN_NAMES),
    high: findFirst(names, HIGH_NAMES),
    low: findFirst(names, LOW_NAMES),
    volume,
  };
  if (timestamp !== undefined) mapping.timestamp = timestamp;
  const close = findFirst(names, CLOSE_NAMES);
  if (close !== null) mapping.close = close;
  return mapping;
}

interface HeaderlessFormat {
  format: CsvFormat;
  label: string;
  names: string[];
  mapping: ColumnMapping;
}

const BINANCE: HeaderlessFormat = {
  format: 'binance-kline',
  label: 'Binance kline (12 columns)',
  names: [
    'open_time',
    'open',
    'high',
    'low',
    'close',
    'volume',
    'close_time',
    'quote_volume',
    'trades',
    'taker_buy_base_volume',
    'taker_buy_quote_volume',
    'ignore',
  ],
  mapping: { timestamp: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
};
const KRAKEN_8: HeaderlessFormat = {
  format: 'kraken-ohlcvt',
  label: 'Kraken OHLCVT (8 columns)',
  names: ['time', 'open', 'high', 'low', 'close', 'vwap', 'volume', 'count'],
  mapping: { timestamp: 0, open: 1, high: 2, low: 3, close: 4, volume: 6 },
};
const KRAKEN_7: HeaderlessFormat = {
  format: 'kraken-ohlcvt',
  label: 'Kraken OHLCVT (7 columns)',
  names: ['time', 'open', 'high', 'low', 'close', 'volume', 'count'],
  mapping: { timestamp: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
};
const COINBASE: HeaderlessFormat = {
  format: 'coinbase-candles',
  label: 'Coinbase candles (time,low,high,open,close,volume)',
  names: ['time', 'low', 'high', 'open', 'close', 'volume'],
  mapping: { timestamp: 0, low: 1, high: 2, open: 3, close: 4, volume: 5 },
};
const OHLCV_6: HeaderlessFormat = {
  format: 'generic-ohlcv',
  label: 'time,open,high,low,close,volume',
  names: ['time', 'open', 'high', 'low', 'close', 'volume'],
  mapping: { timestamp: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
};
const PRICE_2: HeaderlessFormat = {
  format: 'generic-price',
  label: 'time,price',
  names: ['time', 'price'],
  mapping: { timestamp: 0, close: 1, open: null, high: null, low: null, volume: null },
};

/** Headerless 6 columns: Coinbase order or plain OHLCV, told apart by which fits low ≤ o,c ≤ high. */
function sixColumnFormat(data: readonly CsvRecord[], decimal: DecimalSeparator): HeaderlessFormat | null {
  let coinbase = true;
  let ohlcv = true;
  let rows = 0;
  for (const r of data) {
    const v = r.fields.slice(1, 5).map((f) => parseStrictNumber(f, decimal));
    if (v.length < 4 || v.some((x) => !x.ok)) continue;
    const [a = 0, b = 0, c = 0, d = 0] = v.map((x) => (x.ok ? x.value : 0));
    rows++;
    if (!(a <= Math.min(c, d) && b >= Math.max(c, d))) coinbase = false;
    if (!(b >= Math.max(a, d) && c <= Math.min(a, d))) ohlcv = false;
  }
  if (rows === 0 || coinbase === ohlcv) return null;
  return coinbase ? COINBASE : OHLCV_6;
}

function fail(code: ImportErrorCode, row: number | null, column: string | null, detail: string) {
  return { ok: false as const, failure: { code, row, column, detail } };
}

function resolveRef(
  ref: ColumnRef,
  names: readonly string[],
  field: SeriesField,
): { ok: true; index: number } | { ok: false; failure: DetectionFailure } {
  if (typeof ref === 'number') {
    if (Number.isInteger(ref) && ref >= 0 && ref < names.length) return { ok: true, index: ref };
    return fail(
      'invalid-option',
      null,
      null,
      `columns.${field} = ${ref} is not a column index of this file (0 to ${names.length - 1}); pick an existing column`,
    );
  }
  const wanted = normalizeColumnName(ref);
  const index = names.findIndex((n) => normalizeColumnName(n) === wanted);
  if (index >= 0) return { ok: true, index };
  return fail(
    'invalid-option',
    null,
    null,
    `columns.${field} = ${JSON.stringify(ref)} is not a column of this file (columns: ${names.join(', ')}); pick an existing column`,
  );
}

/** Detects the layout from the sample records tokenized with `delimiter`. */
export function detectLayout(
  records: readonly CsvRecord[],
  delimiter: CsvDelimiter,
  options: ImportOptions,
): { ok: true; layout: CsvLayout } | { ok: false; failure: DetectionFailure } {
  const titleCount = countTitleRows(records);
  const titleRows = records.slice(0, titleCount);
  const recs = records.slice(titleCount);
  const first = recs[0];
  if (first === undefined) {
    return fail('no-data', null, null, 'the file has no rows; export the price series again');
  }
  const decimal = options.decimalSeparator ?? '.';
  const hasHeader = options.hasHeader ?? isHeaderLike(first);
  const data = hasHeader ? recs.slice(1) : recs;
  const columnCount = first.fields.length;
  let format: CsvFormat;
  let columnNames: string[];
  let partial: Partial<ColumnMapping>;

  if (hasHeader) {
    columnNames = first.fields.map((f, i) => (f.trim() === '' ? `column ${i + 1}` : f.trim()));
    const names = columnNames.map(normalizeColumnName);
    partial = mapByNames(names, data[0]);
    const titleText = titleRows.map((r) => r.fields[0] ?? '').join(' ');
    if (
      /cryptodatadownload/i.test(titleText) ||
      (names[0]?.startsWith('unix') && names[1]?.startsWith('date') && names[2] === 'symbol')
    ) {
      format = 'cryptodatadownload';
    } else if (names.join(',') === 'time,low,high,open,close,volume') {
      format = 'coinbase-candles';
    } else if (names.includes('unix_timestamp') && names.includes('timestamp')) {
      format = 'coinbase-export';
    } else if (names[0] === 'open_time' && names.length === 12) {
      format = 'binance-kline';
    } else {
      const ohlcv =
        partial.open != null || partial.high != null || partial.low != null || partial.volume != null;
      format = ohlcv ? 'generic-ohlcv' : 'generic-price';
    }
  } else {
    let known: HeaderlessFormat | null = null;
    const firstIsEpoch = parseEpochText(first.fields[0] ?? '', decimal) !== null;
    if (columnCount === 12 && firstIsEpoch) known = BINANCE;
    else if (columnCount === 8 && firstIsEpoch) known = KRAKEN_8;
    else if (columnCount === 7 && firstIsEpoch) known = KRAKEN_7;
    else if (columnCount === 2) known = PRICE_2;
    else if (columnCount === 6) {
      known = sixColumnFormat(data, decimal);
      if (known === null && options.columns === undefined) {
        return fail(
          'unknown-format',
          first.row,
          null,
          'the file has no header row and 6 columns, which could be Coinbase candles (time,low,high,open,close,volume) ' +
            'or time,open,high,low,close,volume; add a header row naming the columns',
        );
      }
    }
    if (known === null && options.columns === undefined) {
      return fail(
        'unknown-format',
        first.row,
        null,
        `the file has no header row and ${columnCount} columns, which matches no known layout (Binance kline 12, ` +
          'Kraken OHLCVT 7 or 8, Coinbase candles 6, time,price 2); add a header row naming the time and close columns',
      );
    }
    format = known?.format ?? 'generic-price';
    columnNames = known?.names ?? first.fields.map((_, i) => `column ${i + 1}`);
    partial = known === null ? {} : { ...known.mapping };
  }

  if (options.columns !== undefined) {
    for (const [field, ref] of Object.entries(options.columns) as Array<
      [SeriesField, ColumnRef | undefined]
    >) {
      if (ref === undefined) continue;
      const resolved = resolveRef(ref, columnNames, field);
      if (!resolved.ok) return resolved;
      partial[field] = resolved.index;
    }
    if (!hasHeader && format === 'generic-price') {
      const ohlcv =
        partial.open != null || partial.high != null || partial.low != null || partial.volume != null;
      if (ohlcv) format = 'generic-ohlcv';
    }
  }

  if (partial.timestamp === undefined) {
    return fail(
      'missing-column',
      hasHeader ? first.row : null,
      null,
      'no time column found; name it time, timestamp, date, datetime or unix, or choose it (Import view: "Time column"; command line: --time-column NAME)',
    );
  }
  if (partial.close === undefined) {
    return fail(
      'missing-column',
      hasHeader ? first.row : null,
      null,
      'no price column found; name it close or price, or choose it (Import view: "Value column"; command line: --value-column NAME)',
    );
  }
  const mapping: ColumnMapping = {
    timestamp: partial.timestamp,
    close: partial.close,
    open: partial.open ?? null,
    high: partial.high ?? null,
    low: partial.low ?? null,
    volume: partial.volume ?? null,
  };

  const timeName = hasHeader ? normalizeColumnName(columnNames[mapping.timestamp] ?? '') : '';
  const numericColumns = [mapping.close, mapping.open, mapping.high, mapping.low, mapping.volume].filter(
    (i): i is number => i !== null,
  );
  let detectedDecimalSeparator: DecimalSeparator | null = null;
  for (const r of data) {
    for (const i of numericColumns) {
      const f = r.fields[i] ?? '';
      if (delimiter !== ',' && looksLikeDecimalComma(f)) detectedDecimalSeparator = ',';
      else if (detectedDecimalSeparator === null && /\d\.\d/.test(f) && parseStrictNumber(f, '.').ok) {
        detectedDecimalSeparator = '.';
      }
    }
  }

  return {
    ok: true,
    layout: {
      delimiter,
      titleRows,
      hasHeader,
      headerRow: hasHeader ? first.row : null,
      columnNames,
      columnCount,
      format,
      mapping,
      timeUnitHint: hasHeader ? unitHint(timeName) : null,
      timeColumnIsUtc: /(?:^|_)(?:utc|gmt)(?:$|_)/.test(timeName),
      detectedDecimalSeparator,
      decimalSeparator: decimal,
      recordsBeforeData: titleCount + (hasHeader ? 1 : 0),
      dataSample: data,
    },
  };
}
