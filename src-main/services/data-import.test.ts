/**
 * The unified importer on files as users bring them (made-up TEST values): a CryptoDataDownload
 * export is read as open-stamped bars and says so; gas in wei becomes gwei; a JSON series is
 * imported; a cancelled import stores nothing; a bad choice is refused before reading.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSeries, listImports } from '../store/index.ts';
import { openTempStore, tempDir } from '../store/store-test-support.ts';
import { detectKind, fileSource, importDataSource } from './data-import.ts';

const T0 = Date.parse('2024-08-05T00:00:00Z');

function write(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

describe('importing what users bring', () => {
  it('reads a CryptoDataDownload export as bars stamped with their open time, and says so', async () => {
    const store = await openTempStore();
    const rows = [
      'https://www.CryptoDataDownload.com',
      'unix,date,symbol,open,high,low,close,Volume ETH,Volume USDT',
    ];
    for (let h = 3; h >= 0; h--) {
      const t = T0 + h * 3_600_000;
      rows.push(
        `${t / 1000},${new Date(t).toISOString().slice(0, 16).replace('T', ' ')},ETH/USDT,${2500 - h},${2510 - h},${2490 - h},${2499 - h},1,1`,
      );
    }
    const outcome = await importDataSource(
      store,
      fileSource(write('Binance_ETHUSDT_1h.csv', rows.join('\n'))),
      { asset: 'ETH' },
    );
    if (!outcome.ok || !('series' in outcome)) throw new Error(JSON.stringify(outcome));
    expect(outcome.parsed.bars).toMatchObject({ kind: 'bars', barTime: 'open', source: 'file' });
    expect(outcome.parsed.notes[0]).toMatch(/CryptoDataDownload rows carry the bar’s open time/);
    const s = getSeries(store, outcome.series.id);
    // The first bar's open at 00:00, then each close one hour after its bar opened.
    expect(s.startMs).toBe(T0);
    expect(s.endMs).toBe(T0 + 4 * 3_600_000);
    expect(Array.from(s.values)).toEqual([2500, 2499, 2498, 2497, 2496]);
    expect(outcome.series.venue).toBe('CryptoDataDownload');
  });

  it('takes gas from a column named for it, converting wei to gwei, and JSON series as they come', async () => {
    const store = await openTempStore();
    const gasFile = write(
      'gas.csv',
      `timestamp,gas_price_wei\n${T0 / 1000},30000000000\n${T0 / 1000 + 600},120000000000\n`,
    );
    expect(await detectKind(fileSource(gasFile))).toBe('gas');
    const gas = await importDataSource(store, fileSource(gasFile), {});
    if (!gas.ok || !('series' in gas)) throw new Error(JSON.stringify(gas));
    expect(gas.series.kind).toBe('gas');
    expect(Array.from(getSeries(store, gas.series.id).values)).toEqual([30, 120]);
    const json = write(
      'eth.json',
      JSON.stringify([
        [T0, 2500],
        [T0 + 60_000, 2490],
      ]),
    );
    const price = await importDataSource(store, fileSource(json), { asset: 'ETH' });
    if (!price.ok || !('series' in price)) throw new Error(JSON.stringify(price));
    expect(price.parsed.format).toBe('json-pairs');
    expect(getSeries(store, price.series.id).stepMs).toBe(60_000);
  });

  it('stores nothing when cancelled or when a choice is bad', async () => {
    const store = await openTempStore();
    const rows = ['time,price'];
    for (let i = 0; i < 200_000; i++) rows.push(`${T0 / 1000 + i * 60},${2500 + (i % 7)}`);
    const controller = new AbortController();
    const running = importDataSource(
      store,
      { fileName: 'big.csv', text: rows.join('\n') },
      { asset: 'ETH' },
      {
        signal: controller.signal,
        onProgress: (done) => {
          if (done > 100_000) controller.abort();
        },
      },
    );
    const cancelled = await running;
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'aborted' } });
    const bad = await importDataSource(
      store,
      { fileName: 'x.csv', text: 'time,price\n1,2\n' },
      { kind: 'price', asset: 'ETH/USD' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-option' } });
    expect(listImports(store)).toEqual([]);
  });
});
