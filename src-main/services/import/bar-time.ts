/**
 * Bars versus points, and what a bar's time stamp means. An OHLC bar stamped with its OPEN time
 * holds a close that was observed one bar later; read as is, the series is shifted by one bar. So
 * the convention is taken from the file where the file says it (a known exchange format, a time
 * column named for the bar's start or end, Binance klines' close time), asked for where it cannot
 * be known, and never applied silently: the import report says what was done.
 *
 * The stored path: each close at its bar's close time, and the first bar's open at its open time
 * (when the file has opens). Points (one price per time, no OHLC) are stored as they are.
 */
import type { BarInfo } from './json-series.ts';
import { normalizeColumnName } from './detect-layout.ts';
import { importError } from './import-error.ts';
import type { ImportError, ImportPreview, PriceSeries } from './types.ts';

export type BarTime = 'open' | 'close';

/** What was decided, for the report. */
export type BarDecision =
  | { kind: 'points'; note: string }
  | { kind: 'bars'; barTime: BarTime; source: 'file' | 'option'; note: string };

const OPEN_STAMPED_FORMATS: Partial<Record<ImportPreview['format'], string>> = {
  'binance-kline': 'Binance klines are stamped with the bar\u2019s open time',
  cryptodatadownload: 'CryptoDataDownload rows carry the bar\u2019s open time',
  'coinbase-candles': 'Coinbase candles are stamped with the bar\u2019s start',
  'kraken-ohlcvt': 'Kraken OHLC rows are stamped with the bar\u2019s open time',
};

/** What a CSV file says about its bars (from the preview's format and time column name). */
export function csvBarInfo(preview: ImportPreview): BarInfo {
  const m = preview.mapping;
  if (m.open === null && m.high === null && m.low === null) return { kind: 'points' };
  const known = OPEN_STAMPED_FORMATS[preview.format];
  if (known !== undefined) return { kind: 'bars', barTime: 'open', reason: known };
  const name = normalizeColumnName(preview.columns[m.timestamp]?.name ?? '');
  if (/(^|_)(open_?time|time_?open|period_start|bar_start|start(_time)?)($|_)/.test(name)) {
    return { kind: 'bars', barTime: 'open', reason: `the time column "${name}" is each bar's start` };
  }
  if (/(^|_)(close_?time|time_?close|period_end|bar_end|end(_time)?)($|_)/.test(name)) {
    return { kind: 'bars', barTime: 'close', reason: `the time column "${name}" is each bar's end` };
  }
  return { kind: 'bars', barTime: null, reason: null };
}

/**
 * Decides the convention: the file's when it says, the option's when given (a contradiction is
 * taken as asked, with a warning), an error naming the fix when neither tells.
 */
export function decideBarTime(
  file: string,
  info: BarInfo,
  option: BarTime | undefined,
  timeColumn: string,
): { ok: true; decision: BarDecision; warnings: string[] } | { ok: false; error: ImportError } {
  if (info.kind === 'points' && option === undefined) {
    return {
      ok: true,
      decision: { kind: 'points', note: 'one price per time (no OHLC bars): each is stored at its own time' },
      warnings: [],
    };
  }
  const said = info.kind === 'bars' ? info.barTime : null;
  if (option === undefined) {
    if (said === null || info.kind === 'points') {
      return {
        ok: false,
        error: importError(
          file,
          'bar-time-unknown',
          null,
          timeColumn,
          `these are OHLC bars and the file does not say whether "${timeColumn}" is each bar's open or close time; ` +
            'choose it (Import view: "Bar time"; command line: --bar-time open or --bar-time close) — exchange exports ' +
            '(Binance, freqtrade, CryptoDataDownload, Kraken, Coinbase) stamp the open',
        ),
      };
    }
    return {
      ok: true,
      decision: {
        kind: 'bars',
        barTime: said,
        source: 'file',
        note: `${info.kind === 'bars' ? info.reason : ''}`,
      },
      warnings: [],
    };
  }
  const warnings =
    said !== null && said !== option
      ? [
          `the file says its times are the bars' ${said} times (${info.kind === 'bars' ? info.reason : ''}); they were read as ${option} times, as asked`,
        ]
      : [];
  return {
    ok: true,
    decision: { kind: 'bars', barTime: option, source: 'option', note: `bar time "${option}" as asked` },
    warnings,
  };
}

/**
 * The observed path to store: points as they are; bars as each close at its bar's close time and
 * the first bar's open at its open time. `barMs` is the bar length (the file's typical spacing).
 */
export function observedPath(
  series: PriceSeries,
  decision: BarDecision,
  barMs: number,
): { timestampMs: Float64Array; values: Float64Array; note: string } {
  const n = series.timestampMs.length;
  if (decision.kind === 'points') {
    return { timestampMs: series.timestampMs, values: series.close, note: decision.note };
  }
  const shift = decision.barTime === 'open' ? barMs : 0;
  const open = series.open;
  const withOpen = open !== undefined && Number.isFinite(open[0]) && open[0]! > 0;
  const times = new Float64Array(n + (withOpen ? 1 : 0));
  const values = new Float64Array(times.length);
  let k = 0;
  if (withOpen) {
    times[0] = series.timestampMs[0]! + shift - barMs;
    values[0] = open[0]!;
    k = 1;
  }
  for (let i = 0; i < n; i++) {
    times[k + i] = series.timestampMs[i]! + shift;
    values[k + i] = series.close[i]!;
  }
  const minutes = barMs / 60_000;
  const note =
    `${decision.barTime === 'open' ? "times are the bars' open times" : "times are the bars' close times"}` +
    `${decision.source === 'file' ? ` (${decision.note})` : ' (as asked)'}: each close is stored at its bar's close time` +
    `${decision.barTime === 'open' ? ` (open + ${minutes} min)` : ''}${withOpen ? ", and the first bar's open at its open time" : ''}`;
  return { timestampMs: times, values, note };
}
