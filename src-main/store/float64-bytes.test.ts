import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToFloat64, float64ToBytes } from './float64-bytes.ts';
import { getSeries, writeSeries } from './series.ts';
import { minuteTimestamps, openTempStore } from './store-test-support.ts';

function bits(values: Float64Array): number[] {
  return [...new Uint8Array(values.buffer, values.byteOffset, values.byteLength)];
}

const awkward = Float64Array.from([
  -0,
  0,
  Number.MIN_VALUE, // smallest subnormal
  -Number.MIN_VALUE,
  2.2250738585072009e-308, // largest subnormal
  2.2250738585072014e-308, // smallest normal
  Number.MAX_VALUE,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  Number.EPSILON,
]);

describe('Float64Array ⇄ little-endian bytes', () => {
  it('writes IEEE-754 little-endian bytes', () => {
    expect([...float64ToBytes(Float64Array.of(1.5))]).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect([...float64ToBytes(Float64Array.of(-0))]).toEqual([0, 0, 0, 0, 0, 0, 0, 0x80]);
  });

  it('round-trips -0, subnormals, infinities and NaN bit-exactly, also from a subarray view', () => {
    expect(bits(bytesToFloat64(float64ToBytes(awkward)))).toEqual(bits(awkward));
    const view = awkward.subarray(1, 6);
    expect(bits(bytesToFloat64(float64ToBytes(view)))).toEqual(bits(view));
  });

  it('keeps a NaN payload', () => {
    const raw = new Uint8Array([1, 2, 3, 4, 5, 6, 0xf8, 0x7f]); // a quiet NaN with payload bits
    expect([...float64ToBytes(bytesToFloat64(raw))]).toEqual([...raw]);
  });

  it('adopts a whole, aligned buffer without copying only when asked', () => {
    const bytes = new Uint8Array(new ArrayBuffer(16));
    bytes[7] = 0x3f;
    bytes[6] = 0xf0;
    expect(bytesToFloat64(bytes, 'x', { adopt: true }).buffer).toBe(bytes.buffer);
    expect(bytesToFloat64(bytes).buffer).not.toBe(bytes.buffer);
    expect(bytesToFloat64(bytes.subarray(8), 'x', { adopt: true }).buffer).not.toBe(bytes.buffer);
    expect([...bytesToFloat64(bytes, 'x', { adopt: true })]).toEqual([1, 0]);
  });

  it('refuses a byte length that is not a multiple of 8', () => {
    expect(() => bytesToFloat64(new Uint8Array(12))).toThrow(/not a multiple of 8/);
  });

  it('property: any Float64Array round-trips bit-exactly through a stored series', async () => {
    const store = await openTempStore();
    fc.assert(
      fc.property(fc.float64Array({ minLength: 1, maxLength: 300 }), (values) => {
        const meta = writeSeries(store, {
          asset: 'ETH',
          venue: 'prop',
          kind: 'price',
          source: 'fast-check',
          timestampsMs: minuteTimestamps(values.length),
          values,
        });
        const loaded = getSeries(store, meta.id);
        expect(bits(loaded.values)).toEqual(bits(values));
      }),
      { examples: [[awkward]] },
    );
  });
});
