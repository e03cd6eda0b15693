/**
 * Price (or gas) series in JSON, as APIs export them:
 *
 * - pairs `[[t, v], …]` (CoinGecko's `{"prices": [[ms, v], …]}` too);
 * - rows `[[t, open, high, low, close, …], …]` (freqtrade, Binance REST klines — whose 7th entry,
 *   the close time, says that `t` is each bar's open time);
 * - objects `[{"time": …, "price": …}, …]` with the keys detected: time (`time`, `timestamp`, `t`,
 *   `date`, CoinAPI's `time_period_start` …), value (`price`, `close`, `value`, `price_close` …) and
 *   OHLC keys (`open`/`high`/`low`, `price_open` …); wrapped in `{"data": […]}` or similar.
 *
 * Times are epoch numbers (seconds, milliseconds or microseconds, from the magnitude of the first;
 * every other must agree) or ISO 8601 text (naive text is read in `timeZone`, else UTC with a
 * warning). Values are numbers or numeric strings. Every problem is a located error: item number
 * (1-based, in the array) and key, and what to fix.
 */
import { ImportFailure, importError, quoteValue } from './import-error.ts';
import { SeriesBuilder } from './series-builder.ts';
import { parseStrictNumber } from './strict-number.ts';
import {
  epochToMs,
  epochUnitOf,
  formatUtc,
  isoToUtcMs,
  parseEpochText,
  parseIsoTimestamp,
  ZoneConverter,
} from './timestamps.ts';
import type { EpochUnit } from './timestamps.ts';
import type { GapReport, ImportError, PriceSeries } from './types.ts';

/** Whether rows are bars, and what their time stamps mean. */
export type BarInfo =
  { kind: 'points' } | { kind: 'bars'; barTime: 'open' | 'close' | null; reason: string | null };

export interface JsonSeriesParsed {
  /** 'json-pairs' | 'json-rows' | 'json-objects'. */
  format: string;
  series: PriceSeries;
  /** The keys (or positions) read, for the preview. */
  timeKey: string;
  valueKey: string;
  timeUnit: EpochUnit | 'iso';
  bars: BarInfo;
  rows: number;
  duplicatesDropped: number;
  reversed: boolean;
  gaps: GapReport;
  warnings: string[];
}

export type JsonSeriesResult = { ok: true; parsed: JsonSeriesParsed } | { ok: false; error: ImportError };

const WRAPPER_KEYS = ['data', 'prices', 'values', 'series', 'result', 'candles', 'items', 'points'];
const TIME_KEYS = [
  'time',
  'timestamp',
  't',
  'date',
  'datetime',
  'x',
  'time_period_start',
  'time_open',
  'open_time',
  'period_start',
  'time_close',
  'close_time',
  'time_period_end',
];
const OPEN_TIME_KEYS = new Set(['time_period_start', 'time_open', 'open_time', 'period_start']);
const CLOSE_TIME_KEYS = new Set(['time_close', 'close_time', 'time_period_end']);
const VALUE_KEYS = [
  'price',
  'close',
  'value',
  'v',
  'c',
  'y',
  'price_close',
  'rate',
  'gwei',
  'gas_price',
  'gas',
];
const OHLC_KEYS = {
  open: ['open', 'o', 'price_open'],
  high: ['high', 'h', 'price_high'],
  low: ['low', 'l', 'price_low'],
};

function fail(file: string, item: number | null, key: string | null, detail: string): ImportFailure {
  const where = item === null ? '' : `item ${item}${key === null ? '' : `, key ${JSON.stringify(key)}`}: `;
  const error = importError(file, 'invalid-value', item, key, detail);
  return new ImportFailure({ ...error, message: `${where}${detail}` });
}

/** Line and column of a JSON.parse error, read from its message when the engine gives a position. */
function syntaxLocation(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (m === null) return '';
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

function findArray(file: string, doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (doc !== null && typeof doc === 'object') {
    for (const key of WRAPPER_KEYS) {
      const v = (doc as Record<string, unknown>)[key];
      if (Array.isArray(v)) return v;
    }
    const arrays = Object.entries(doc as Record<string, unknown>).filter(([, v]) => Array.isArray(v));
    if (arrays.length === 1) return arrays[0]![1] as unknown[];
  }
  throw fail(
    file,
    null,
    null,
    'no series found: the file must be an array of [time, value] pairs or of {time, price} objects ' +
      `(or an object holding one under ${WRAPPER_KEYS.map((k) => `"${k}"`).join(', ')})`,
  );
}

interface TimeReader {
  unit: EpochUnit | 'iso' | null;
  zone: ZoneConverter | null;
  naive: boolean;
}

function readTime(file: string, reader: TimeReader, value: unknown, item: number, key: string): number {
  if (typeof value === 'number' || (typeof value === 'string' && parseEpochText(value, '.') !== null)) {
    const textValue = typeof value === 'number' ? String(value) : value;
    const epoch = parseEpochText(textValue, '.');
    const unit = epochUnitOf(Number(textValue));
    if (epoch === null || unit === null || !Number.isFinite(Number(textValue))) {
      throw fail(
        file,
        item,
        key,
        `${quoteValue(textValue)} is not a time: epoch numbers must be seconds, milliseconds or microseconds after 1973`,
      );
    }
    if (reader.unit === null) reader.unit = unit;
    if (reader.unit !== unit) {
      throw fail(
        file,
        item,
        key,
        `${textValue} is in ${unit} but the first time was in ${reader.unit}; use one unit for every time`,
      );
    }
    return Math.round(epochToMs(epoch, unit));
  }
  if (typeof value !== 'string') {
    throw fail(
      file,
      item,
      key,
      `${JSON.stringify(value)} is not a time; write epoch seconds or ISO 8601 text`,
    );
  }
  const iso = parseIsoTimestamp(value);
  if (iso === null) {
    throw fail(
      file,
      item,
      key,
      `${quoteValue(value)} is not a time; write ISO 8601 (2024-08-05T06:20:00Z) or epoch seconds`,
    );
  }
  if (reader.unit === null) reader.unit = 'iso';
  if (iso.offsetMinutes !== null) return isoToUtcMs(iso);
  reader.naive = true;
  if (reader.zone === null) return iso.wallMs;
  const r = reader.zone.toUtc(iso.wallMs);
  if (r.kind === 'ok') return r.utcMs;
  throw fail(
    file,
    item,
    key,
    `${quoteValue(value)} ${r.kind === 'gap' ? 'does not exist' : 'occurs twice'} in ${reader.zone.timeZone} (a daylight-saving change); write the time with its offset`,
  );
}

function readNumber(file: string, value: unknown, item: number, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const n = parseStrictNumber(value, '.');
    if (n.ok) return n.value;
  }
  throw fail(
    file,
    item,
    key,
    `${quoteValue(JSON.stringify(value))} is not a number; write a plain number with '.' as decimal point`,
  );
}

interface Layout {
  format: string;
  timeKey: string | number;
  valueKey: string | number;
  ohlc: { open: string | number; high: string | number; low: string | number } | null;
  bars: BarInfo;
}

function pickKey(keys: string[], wanted: readonly string[]): string | null {
  const lower = new Map(keys.map((k) => [k.toLowerCase(), k]));
  for (const w of wanted) {
    const k = lower.get(w);
    if (k !== undefined) return k;
  }
  return null;
}

function objectLayout(file: string, first: Record<string, unknown>): Layout {
  const keys = Object.keys(first);
  const timeKey = pickKey(keys, TIME_KEYS);
  const valueKey = pickKey(keys, VALUE_KEYS);
  if (timeKey === null || valueKey === null) {
    throw fail(
      file,
      1,
      null,
      `cannot tell the ${timeKey === null ? 'time' : 'price'} key among ${keys.map((k) => JSON.stringify(k)).join(', ')}; ` +
        `name it ${timeKey === null ? '"time" or "timestamp"' : '"price", "close" or "value"'}, or choose it in the Import view's mapping`,
    );
  }
  const open = pickKey(keys, OHLC_KEYS.open);
  const high = pickKey(keys, OHLC_KEYS.high);
  const low = pickKey(keys, OHLC_KEYS.low);
  const lowerTime = timeKey.toLowerCase();
  let bars: BarInfo = { kind: 'points' };
  if (open !== null || high !== null || low !== null) {
    if (OPEN_TIME_KEYS.has(lowerTime)) {
      bars = { kind: 'bars', barTime: 'open', reason: `the time key "${timeKey}" is each bar's start` };
    } else if (CLOSE_TIME_KEYS.has(lowerTime)) {
      bars = { kind: 'bars', barTime: 'close', reason: `the time key "${timeKey}" is each bar's end` };
    } else bars = { kind: 'bars', barTime: null, reason: null };
  }
  const ohlc = open !== null && high !== null && low !== null ? { open, high, low } : null;
  return { format: 'json-objects', timeKey, valueKey, ohlc, bars };
}

function rowLayout(first: unknown[]): Layout {
  if (first.length === 2) {
    return { format: 'json-pairs', timeKey: 0, valueKey: 1, ohlc: null, bars: { kind: 'points' } };
  }
  // Binance REST klines: [openTime, o, h, l, c, v, closeTime, …] — the close time says it.
  const t0 = Number(first[0]);
  const t6 = Number(first[6]);
  const binance = first.length >= 7 && Number.isFinite(t6) && t6 > t0 && t6 - t0 < 40 * 86_400_000;
  return {
    format: 'json-rows',
    timeKey: 0,
    valueKey: 4,
    ohlc: { open: 1, high: 2, low: 3 },
    bars: binance
      ? {
          kind: 'bars',
          barTime: 'open',
          reason: 'each row carries its close time after the bar (Binance klines)',
        }
      : { kind: 'bars', barTime: null, reason: null },
  };
}

function layoutOf(file: string, items: unknown[]): Layout {
  const first = items[0];
  if (Array.isArray(first)) {
    if (first.length === 2 || first.length >= 5) return rowLayout(first);
    throw fail(
      file,
      1,
      null,
      `an item of ${first.length} entries is neither [time, value] nor [time, open, high, low, close, …]`,
    );
  }
  if (first !== null && typeof first === 'object')
    return objectLayout(file, first as Record<string, unknown>);
  throw fail(
    file,
    1,
    null,
    `${JSON.stringify(first)} is neither a [time, value] pair nor a {time, price} object`,
  );
}

function field(item: unknown, key: string | number): unknown {
  if (Array.isArray(item)) return typeof key === 'number' ? item[key] : undefined;
  return (item as Record<string, unknown>)[key as string];
}

function keyName(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : key;
}

function readItems(file: string, items: unknown[], layout: Layout, reader: TimeReader): SeriesBuilder {
  const builder = new SeriesBuilder({
    open: layout.ohlc !== null,
    high: layout.ohlc !== null,
    low: layout.ohlc !== null,
    volume: false,
  });
  items.forEach((item, i) => {
    const n = i + 1;
    const shapeOk =
      layout.format === 'json-objects'
        ? item !== null && typeof item === 'object' && !Array.isArray(item)
        : Array.isArray(item);
    if (!shapeOk)
      throw fail(
        file,
        n,
        null,
        `is not shaped like item 1 (${layout.format === 'json-objects' ? 'an object' : 'an array'})`,
      );
    const t = readTime(file, reader, field(item, layout.timeKey), n, keyName(layout.timeKey));
    const close = readNumber(file, field(item, layout.valueKey), n, keyName(layout.valueKey));
    if (close <= 0) throw fail(file, n, keyName(layout.valueKey), `${close} must be > 0`);
    const o = layout.ohlc;
    const ohlc =
      o === null
        ? null
        : {
            open: readNumber(file, field(item, o.open), n, keyName(o.open)),
            high: readNumber(file, field(item, o.high), n, keyName(o.high)),
            low: readNumber(file, field(item, o.low), n, keyName(o.low)),
          };
    const added = builder.add(n, {
      timestampMs: t,
      close,
      open: ohlc?.open ?? Number.NaN,
      high: ohlc?.high ?? Number.NaN,
      low: ohlc?.low ?? Number.NaN,
      volume: Number.NaN,
    });
    if (added.kind === 'conflict') {
      throw fail(
        file,
        n,
        keyName(layout.valueKey),
        `item ${added.previousRow} has the same time ${formatUtc(t)} with another ${added.field}; keep one of them`,
      );
    }
    if (added.kind === 'out-of-order') {
      throw fail(
        file,
        n,
        keyName(layout.timeKey),
        `${formatUtc(t)} is out of order after ${formatUtc(added.previousMs)} (item ${added.previousRow}); sort the items by time`,
      );
    }
  });
  return builder;
}

/**
 * Parses a JSON price/gas series (see the module comment). `timeZone` reads naive ISO times (UTC
 * with a warning when absent). Never throws.
 */
export function parseJsonSeries(
  text: string,
  options: { file: string; timeZone?: string | null },
): JsonSeriesResult {
  const file = options.file;
  try {
    let doc: unknown;
    try {
      doc = JSON.parse(text.replace(/^\ufeff/, ''));
    } catch (e) {
      const message = (e as Error).message;
      throw fail(
        file,
        null,
        null,
        `not valid JSON${syntaxLocation(text, message)} (${message}); save the series as JSON, or as CSV with a header`,
      );
    }
    const items = findArray(file, doc);
    if (items.length < 2)
      throw fail(file, null, null, `the series has ${items.length} item(s); a series needs at least two`);
    const layout = layoutOf(file, items);
    let zone: ZoneConverter | null = null;
    if (options.timeZone != null) {
      zone = ZoneConverter.create(options.timeZone);
      if (zone === null)
        throw fail(
          file,
          null,
          null,
          `unknown time zone ${quoteValue(options.timeZone)}; use an IANA name such as 'Europe/Berlin' or 'UTC'`,
        );
    }
    const reader: TimeReader = { unit: null, zone, naive: false };
    const builder = readItems(file, items, layout, reader);
    const built = builder.finish(0.5);
    const warnings: string[] = [];
    if (reader.naive && zone === null)
      warnings.push('times carry no zone and were read as UTC; give the time zone if they are local');
    if (built.reversed) warnings.push('the items were newest first and were reversed');
    if (builder.duplicates > 0) warnings.push(`${builder.duplicates} exact duplicate item(s) dropped`);
    return {
      ok: true,
      parsed: {
        format: layout.format,
        series: built.series,
        timeKey: keyName(layout.timeKey),
        valueKey: keyName(layout.valueKey),
        timeUnit: reader.unit ?? 'iso',
        bars: layout.bars,
        rows: items.length,
        duplicatesDropped: builder.duplicates,
        reversed: built.reversed,
        gaps: built.gaps,
        warnings,
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
  }
}
