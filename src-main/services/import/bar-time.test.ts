import { describe, expect, it } from 'vitest';
import { decideBarTime, observedPath } from './bar-time.ts';

const T0 = Date.parse('2024-08-05T00:00:00Z');
const bars = {
  timestampMs: Float64Array.from([T0, T0 + 300_000]),
  close: Float64Array.from([101, 102]),
  open: Float64Array.from([100, 101]),
};

describe('bar time', () => {
  it('stores open-stamped bars as closes at their close times, after the first open', () => {
    const d = decideBarTime(
      'f.csv',
      { kind: 'bars', barTime: 'open', reason: 'CryptoDataDownload rows carry the bar’s open time' },
      undefined,
      'unix',
    );
    if (!d.ok) throw new Error(d.error.message);
    const p = observedPath(bars, d.decision, 300_000);
    expect(Array.from(p.timestampMs)).toEqual([T0, T0 + 300_000, T0 + 600_000]);
    expect(Array.from(p.values)).toEqual([100, 101, 102]);
    expect(p.note).toMatch(/open times \(CryptoDataDownload rows carry the bar’s open time\).*open \+ 5 min/);
  });

  it('stores close-stamped bars at their times, the first open one bar earlier', () => {
    const d = decideBarTime('f.csv', { kind: 'bars', barTime: null, reason: null }, 'close', 'date');
    if (!d.ok) throw new Error(d.error.message);
    const p = observedPath(bars, d.decision, 300_000);
    expect(Array.from(p.timestampMs)).toEqual([T0 - 300_000, T0, T0 + 300_000]);
  });

  it('asks when the file cannot tell, naming both ways to answer', () => {
    const d = decideBarTime('f.csv', { kind: 'bars', barTime: null, reason: null }, undefined, 'date');
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.error).toMatchObject({ code: 'bar-time-unknown', column: 'date' });
    expect(d.error.message).toMatch(/--bar-time open/);
    expect(d.error.message).toMatch(/Import view: "Bar time"/);
  });

  it('keeps points as they are, and warns when the option contradicts the file', () => {
    const points = decideBarTime('f.csv', { kind: 'points' }, undefined, 'time');
    if (!points.ok) throw new Error('refused');
    expect(Array.from(observedPath(bars, points.decision, 300_000).timestampMs)).toEqual([T0, T0 + 300_000]);
    const against = decideBarTime(
      'f.csv',
      { kind: 'bars', barTime: 'open', reason: 'Binance' },
      'close',
      'open_time',
    );
    if (!against.ok) throw new Error('refused');
    expect(against.warnings.join()).toMatch(/read as close times, as asked/);
  });
});
