import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BTC_DAILY_CLOSE_2022_11,
  BTC_DAILY_LOW_2022_11,
  BTC_OPEN_2022_11_05,
  ftxCollapse2022,
} from './ftx-collapse-2022.ts';

const file = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  'data/2022-11-ftx/coinbase_btcusd_daily_2022-11-01_to_2022-11-30.csv',
);

interface Candle {
  open: number;
  close: number;
  low: number;
}

function readCandles(): Map<string, Candle> {
  expect(
    existsSync(file),
    `the data file shipped with the scenarios must be at ${file} (see src-main/scenarios/data/SOURCES.md)`,
  ).toBe(true);
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const at = (name: string) => cols.indexOf(name);
  const candles = new Map<string, Candle>();
  for (const line of lines) {
    const f = line.split(',');
    candles.set(f[at('timestamp')]!.slice(0, 10), {
      open: Number(f[at('open')]),
      close: Number(f[at('close')]),
      low: Number(f[at('low')]),
    });
  }
  return candles;
}

describe('FTX scenario data', () => {
  it('the authored BTC closes, lows and opening price are the Coinbase daily candles they cite', () => {
    const candles = readCandles();
    expect(candles.get('2022-11-05')!.open).toBe(BTC_OPEN_2022_11_05);
    for (const [day, close] of BTC_DAILY_CLOSE_2022_11) expect(candles.get(day)!.close, day).toBe(close);
    for (const [day, low] of BTC_DAILY_LOW_2022_11) expect(candles.get(day)!.low, day).toBe(low);
    // The low of the month is in the path and is its minimum.
    const monthLow = Math.min(...[...candles.values()].map((c) => c.low));
    const pathLow = Math.min(...ftxCollapse2022.assets[0]!.observed.points.map(([, p]) => p));
    expect(pathLow).toBe(15_512);
    expect(monthLow).toBeLessThanOrEqual(pathLow);
  });

  it('places each close at the following midnight and covers every day of the window', () => {
    const pts = new Map(ftxCollapse2022.assets[0]!.observed.points);
    for (const [day, close] of BTC_DAILY_CLOSE_2022_11) {
      expect(pts.get(Date.parse(`${day}T00:00:00Z`) / 1000 + 86_400)).toBe(close);
    }
    expect(BTC_DAILY_CLOSE_2022_11).toHaveLength(10);
  });
});
