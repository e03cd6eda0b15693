import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { btcBars2022_11, ethBars2022_11, ftxCollapse2022 } from './ftx-collapse-2022.ts';

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
  it('the perpetual’s hourly bars cover the window and agree with Coinbase spot’s daily lows and closes within 5%', () => {
    const candles = readCandles();
    expect(btcBars2022_11()).toHaveLength(240);
    expect(ethBars2022_11()).toHaveLength(2880);
    const byDay = new Map<string, { low: number; close: number }>();
    for (const [t, , , , low, close] of btcBars2022_11()) {
      const day = new Date(t * 1000).toISOString().slice(0, 10);
      const d = byDay.get(day);
      byDay.set(day, { low: Math.min(d?.low ?? Infinity, low), close });
    }
    for (const [day, d] of byDay) {
      const c = candles.get(day)!;
      expect(Math.abs(d.low / c.low - 1), day).toBeLessThan(0.05);
      expect(Math.abs(d.close / c.close - 1), day).toBeLessThan(0.05);
    }
    // The low of the window is 9 November's, a little under Coinbase's 15,512.
    const low = Math.min(...btcBars2022_11().map((b) => b[4]));
    expect(low).toBe(15_462.6);
    expect(low).toBeLessThan(candles.get('2022-11-09')!.low);
  });

  it('the scenario reads the bars and prices gas with the observed ETH', () => {
    expect(ftxCollapse2022.assets[0]!.observed.bars).toBe(btcBars2022_11());
    expect(ftxCollapse2022.gas.tokenAsset).toBe('ETH');
    expect(ftxCollapse2022.assets[1]!.observed.bars).toBe(ethBars2022_11());
  });
});
