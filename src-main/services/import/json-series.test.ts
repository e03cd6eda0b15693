import { describe, expect, it } from 'vitest';
import { parseJsonSeries } from './json-series.ts';

const T0 = Date.parse('2024-08-05T00:00:00Z');
const file = { file: 'series.json' };

function ok(text: string, timeZone?: string) {
  const r = parseJsonSeries(text, { ...file, ...(timeZone ? { timeZone } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  return r.parsed;
}

function error(text: string) {
  const r = parseJsonSeries(text, file);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

describe('JSON series', () => {
  it('reads [[t, v]] pairs with the time unit detected (seconds, milliseconds)', () => {
    const s = ok(
      JSON.stringify([
        [T0 / 1000, 100],
        [T0 / 1000 + 60, 101.5],
      ]),
    );
    expect(s).toMatchObject({ format: 'json-pairs', timeUnit: 's', bars: { kind: 'points' } });
    expect(Array.from(s.series.timestampMs)).toEqual([T0, T0 + 60_000]);
    expect(Array.from(s.series.close)).toEqual([100, 101.5]);
    const ms = ok(
      JSON.stringify({
        prices: [
          [T0, 1],
          [T0 + 1000, 2],
        ],
        market_caps: [],
      }),
    );
    expect(ms.timeUnit).toBe('ms');
    expect(Array.from(ms.series.timestampMs)).toEqual([T0, T0 + 1000]);
  });

  it('reads [{time, price}] objects with ISO times and numeric strings, newest first reversed', () => {
    const s = ok(
      JSON.stringify({
        data: [
          { time: '2024-08-05T00:05:00Z', price: '2101.5' },
          { time: '2024-08-05T00:00:00Z', price: '2100' },
        ],
      }),
    );
    expect(s).toMatchObject({
      format: 'json-objects',
      timeKey: 'time',
      valueKey: 'price',
      timeUnit: 'iso',
      reversed: true,
    });
    expect(Array.from(s.series.close)).toEqual([2100, 2101.5]);
  });

  it('reads naive ISO times in the zone given, else UTC with a warning', () => {
    const text = JSON.stringify([
      { t: '2024-08-05 02:00', v: 1 },
      { t: '2024-08-05 03:00', v: 2 },
    ]);
    expect(ok(text).series.timestampMs[0]).toBe(Date.parse('2024-08-05T02:00:00Z'));
    expect(ok(text).warnings.join()).toMatch(/read as UTC/);
    expect(ok(text, 'Europe/Berlin').series.timestampMs[0]).toBe(Date.parse('2024-08-05T00:00:00Z'));
  });

  it('says when CoinAPI bars are stamped with their start, and when rows cannot tell', () => {
    const coinapi = ok(
      JSON.stringify([
        {
          time_period_start: '2020-03-12T00:00:00Z',
          time_period_end: '2020-03-12T00:10:00Z',
          price_open: 1,
          price_high: 2,
          price_low: 0.5,
          price_close: 1.5,
        },
        {
          time_period_start: '2020-03-12T00:10:00Z',
          time_period_end: '2020-03-12T00:20:00Z',
          price_open: 1.5,
          price_high: 2,
          price_low: 1,
          price_close: 1.8,
        },
      ]),
    );
    expect(coinapi.bars).toMatchObject({ kind: 'bars', barTime: 'open' });
    expect(coinapi.valueKey).toBe('price_close');
    const freqtrade = ok(
      JSON.stringify([
        [T0, 1, 2, 0.5, 1.5, 10],
        [T0 + 300_000, 1.5, 2, 1, 1.8, 12],
      ]),
    );
    expect(freqtrade.bars).toEqual({ kind: 'bars', barTime: null, reason: null });
    const binance = ok(
      JSON.stringify([
        [T0, '1', '2', '0.5', '1.5', '10', T0 + 299_999],
        [T0 + 300_000, '1.5', '2', '1', '1.8', '12', T0 + 599_999],
      ]),
    );
    expect(binance.bars).toMatchObject({ kind: 'bars', barTime: 'open' });
  });

  it('locates errors by item and key, and says what to fix', () => {
    expect(error('[[1722816000, 1], [1722816060, "x"]]').message).toMatch(
      /^item 2, key "\[1\]": "\\"x\\"" is not a number/,
    );
    expect(error('[{"time": 1722816000, "price": 1}, {"time": 1722816000000, "price": 2}]').message).toMatch(
      /item 2, key "time": .* is in ms but the first time was in s/,
    );
    expect(error('[{"when": 1, "price": 1}, {"when": 2, "price": 2}]').message).toMatch(
      /cannot tell the time key/,
    );
    expect(error('[[1722816060, 1], [1722816000, 2], [1722816120, 3]]').message).toMatch(/out of order/);
    expect(error('{"a": 1}').message).toMatch(/no series found/);
    expect(error('[[1722816000, 1],').message).toMatch(/not valid JSON/);
    expect(error('[[1722816000, 1], [1722816000, 2]]').message).toMatch(/same time .* another close/);
  });
});
