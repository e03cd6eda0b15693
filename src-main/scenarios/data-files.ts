/**
 * Readers for the data files shipped with the scenarios (src-main/scenarios/data, provenance in its
 * SOURCES.md). Each turns a file's text, in the format it came in, into bars or points for the
 * scenario schema. A malformed file is a build-time bug: the readers throw naming file, row and column.
 */
import type { Bar } from '../engine/observed-path.ts';
import { once } from '../engine/lazy-map.ts';

export interface Table {
  name: string;
  header: string[];
  rows: string[][];
}

/** A delimited text file with a header row (quotes around cells are removed). */
export function readTable(name: string, text: string, sep = ','): Table {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  // Every cell of every shipped file is read at start-up: no regular expression per cell.
  const unquote = (c: string): string => {
    const s = c.trim();
    return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
  };
  const [head, ...body] = lines;
  if (head === undefined) throw new Error(`${name}: empty file`);
  return { name, header: head.split(sep).map(unquote), rows: body.map((l) => l.split(sep).map(unquote)) };
}

/** The number in a column of a row; throws naming file, row and column when it is not one. */
export function cell(t: Table, row: number, column: string): number {
  return numberAt(t, row, columnOf(t, column), column);
}

/** The index of a column; throws naming the file and its columns when it has none of that name. */
function columnOf(t: Table, column: string): number {
  const c = t.header.indexOf(column);
  if (c < 0) throw new Error(`${t.name}: no column "${column}" (columns: ${t.header.join(', ')})`);
  return c;
}

function numberAt(t: Table, row: number, c: number, column: string): number {
  const s = t.rows[row]![c];
  const v = Number(s);
  if (s === '' || !Number.isFinite(v)) {
    throw new Error(`${t.name}: row ${row + 2}, column "${column}": "${s}" is not a number`);
  }
  return v;
}

/** Bars from the columns named (time as written, divided by `timeUnit`) of every row. */
function barsOf(t: Table, barSeconds: number, time: string, timeUnit: number): Bar[] {
  const [ct, co, ch, cl, cc] = [time, 'open', 'high', 'low', 'close'].map((c) => columnOf(t, c)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return t.rows.map((_, r): Bar => [
    numberAt(t, r, ct, time) / timeUnit,
    barSeconds,
    numberAt(t, r, co, 'open'),
    numberAt(t, r, ch, 'high'),
    numberAt(t, r, cl, 'low'),
    numberAt(t, r, cc, 'close'),
  ]);
}

/** The text of a column of a row. */
export function text(t: Table, row: number, column: string): string {
  const c = t.header.indexOf(column);
  if (c < 0) throw new Error(`${t.name}: no column "${column}"`);
  return t.rows[row]![c]!;
}

/** Sorted by start time, bars inside [from, to) only (epoch s). */
function window(bars: Bar[], from: number, to: number): Bar[] {
  return bars.filter(([t]) => t >= from && t < to).sort((a, b) => a[0] - b[0]);
}

/**
 * Exchange klines with the bar's open time in epoch milliseconds (Binance archive files: `open_time`;
 * freqtrade exports: `date`) and columns open, high, low, close.
 */
export function klineBars(t: Table, barSeconds: number, from: number, to: number): Bar[] {
  const timeColumn = t.header.includes('open_time') ? 'open_time' : 'date';
  return window(barsOf(t, barSeconds, timeColumn, 1000), from, to);
}

/** CryptoDataDownload hourly exports: `unix` is the bar's open time in seconds, newest row first. */
export function cryptoDataDownloadBars(t: Table, barSeconds: number, from: number, to: number): Bar[] {
  return window(barsOf(t, barSeconds, 'unix', 1), from, to);
}

interface CoinApiBar {
  time_period_start: string;
  time_period_end: string;
  price_open: number;
  price_high: number;
  price_low: number;
  price_close: number;
}

/** CoinAPI OHLCV JSON (an array of periods with ISO start and end). */
export function coinApiBars(name: string, json: string): Bar[] {
  const periods = JSON.parse(json) as CoinApiBar[];
  return periods.map((p, i): Bar => {
    const start = Date.parse(p.time_period_start) / 1000;
    const end = Date.parse(p.time_period_end) / 1000;
    if (!(end > start)) throw new Error(`${name}: period ${i} has no length`);
    return [start, end - start, p.price_open, p.price_high, p.price_low, p.price_close];
  });
}

/**
 * Daily candles of a market with one session a day (Yahoo's `Date` as M/D/YYYY): each day's bar spans
 * its session, `openUtc`–`closeUtc` ("13:30", "20:00").
 */
export function sessionBars(t: Table, openUtc: string, closeUtc: string): Bar[] {
  return t.rows.map((_, r): Bar => {
    const [m, d, y] = text(t, r, 'Date').split('/');
    const day = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    const open = Date.parse(`${day}T${openUtc}:00Z`) / 1000;
    const close = Date.parse(`${day}T${closeUtc}:00Z`) / 1000;
    if (!Number.isFinite(open)) throw new Error(`${t.name}: row ${r + 2}: bad date "${text(t, r, 'Date')}"`);
    return [
      open,
      close - open,
      cell(t, r, 'Open'),
      cell(t, r, 'High'),
      cell(t, r, 'Low'),
      cell(t, r, 'Close'),
    ];
  });
}

/** The lowest low of bars, with its bar's start time. */
export function lowestLow(bars: readonly Bar[]): { t: number; low: number } {
  let best = { t: NaN, low: Infinity };
  for (const b of bars) if (b[4] < best.low) best = { t: b[0], low: b[4] };
  return best;
}

/** A kline file's bars in a window (see {@link klineBars}), parsed the first time they are read. */
export function lazyKlineBars(
  name: string,
  text: string,
  barSeconds: number,
  from: number,
  to: number,
): () => Bar[] {
  return once(() => klineBars(readTable(name, text), barSeconds, from, to));
}
