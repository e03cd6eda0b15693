import { describe, expect, test } from 'vitest';
import {
  epochToMs,
  epochUnitOf,
  parseEpochText,
  parseIsoTimestamp,
  isoToUtcMs,
  ZoneConverter,
} from './timestamps.ts';

function epochMs(text: string, unit: 's' | 'ms' | 'us'): number {
  const e = parseEpochText(text, '.');
  if (e === null) throw new Error(`not epoch: ${text}`);
  return epochToMs(e, unit);
}

describe('epoch timestamps', () => {
  test('units by magnitude', () => {
    expect(epochUnitOf(1584313200)).toBe('s');
    expect(epochUnitOf(1584313200000)).toBe('ms');
    expect(epochUnitOf(1735689600000000)).toBe('us');
    expect(epochUnitOf(42)).toBeNull();
    expect(epochUnitOf(1.7e18)).toBeNull();
  });

  test('unit conversion shifts the decimal point exactly', () => {
    expect(epochMs('1584313200.0', 's')).toBe(1584313200000);
    expect(epochMs('1584313200.123', 's')).toBe(1584313200123);
    expect(epochMs('1584313200.5', 's')).toBe(1584313200500);
    expect(epochMs('1584313200123', 'ms')).toBe(1584313200123);
    expect(epochMs('1735689600123456', 'us')).toBe(1735689600123.456);
    expect(epochMs('1735689600123000', 'us')).toBe(1735689600123);
    expect(parseEpochText('1584313200,5', ',')).toEqual({ intPart: '1584313200', fracPart: '5' });
    expect(parseEpochText('-5', '.')).toBeNull();
    expect(parseEpochText('1e9', '.')).toBeNull();
  });
});

describe('ISO 8601 timestamps', () => {
  test('with offset, Z, or naive; space or T', () => {
    const z = parseIsoTimestamp('2020-03-12T10:00:00Z');
    expect(z && isoToUtcMs(z)).toBe(Date.UTC(2020, 2, 12, 10));
    const plus = parseIsoTimestamp('2020-03-12T11:00:00+01:00');
    expect(plus && isoToUtcMs(plus)).toBe(Date.UTC(2020, 2, 12, 10));
    const compact = parseIsoTimestamp('2020-03-12 05:30-0430');
    expect(compact && isoToUtcMs(compact)).toBe(Date.UTC(2020, 2, 12, 10));
    expect(parseIsoTimestamp('2020-03-12 10:00')).toEqual({
      wallMs: Date.UTC(2020, 2, 12, 10),
      offsetMinutes: null,
      offsetText: null,
    });
    expect(parseIsoTimestamp('2020-03-12')?.wallMs).toBe(Date.UTC(2020, 2, 12));
    expect(parseIsoTimestamp('2020-03-12T10:00:00.123456Z')?.wallMs).toBe(
      Date.UTC(2020, 2, 12, 10) + 123.456,
    );
    expect(parseIsoTimestamp('2020-03-12 10:00:00 UTC')?.offsetMinutes).toBe(0);
  });

  test.each([
    '2020-02-30',
    '2019-02-29 00:00',
    '2020-13-01',
    '2020-03-12 24:00',
    '12/03/2020',
    '2020-03-12T10',
    '2020-03-12 11-PM',
  ])('rejects %j', (text) => {
    expect(parseIsoTimestamp(text)).toBeNull();
  });

  test('accepts a leap day', () => {
    expect(parseIsoTimestamp('2020-02-29')?.wallMs).toBe(Date.UTC(2020, 1, 29));
  });
});

describe('ZoneConverter', () => {
  test('unknown zones are refused', () => {
    expect(ZoneConverter.create('Mars/Olympus')).toBeNull();
    expect(ZoneConverter.create('UTC')?.toUtc(5)).toEqual({ kind: 'ok', utcMs: 5 });
  });

  test('Europe/Berlin: normal, DST gap and DST overlap', () => {
    const berlin = ZoneConverter.create('Europe/Berlin');
    if (berlin === null) throw new Error('ICU without Europe/Berlin');
    // Winter: UTC+1.
    expect(berlin.toUtc(Date.UTC(2020, 2, 12, 11))).toEqual({ kind: 'ok', utcMs: Date.UTC(2020, 2, 12, 10) });
    // Summer: UTC+2.
    expect(berlin.toUtc(Date.UTC(2020, 6, 1, 12))).toEqual({ kind: 'ok', utcMs: Date.UTC(2020, 6, 1, 10) });
    // 2021-03-28 02:30 does not exist.
    expect(berlin.toUtc(Date.UTC(2021, 2, 28, 2, 30))).toEqual({ kind: 'gap' });
    // 2021-10-31 02:30 happens twice: 00:30Z (CEST) and 01:30Z (CET).
    expect(berlin.toUtc(Date.UTC(2021, 9, 31, 2, 30))).toEqual({
      kind: 'overlap',
      earlierMs: Date.UTC(2021, 9, 31, 0, 30),
      laterMs: Date.UTC(2021, 9, 31, 1, 30),
    });
  });

  test('half-hour zones', () => {
    const kolkata = ZoneConverter.create('Asia/Kolkata');
    expect(kolkata?.toUtc(Date.UTC(2020, 2, 12, 15, 30))).toEqual({
      kind: 'ok',
      utcMs: Date.UTC(2020, 2, 12, 10),
    });
  });
});
