import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSeriesContainer, encodeSeriesContainer } from './series-container.ts';

function bits(values: Float64Array): number[] {
  return [...new Uint8Array(values.buffer, values.byteOffset, values.byteLength)];
}

const namedSeries = fc
  .uniqueArray(
    fc.tuple(
      fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
      fc.float64Array({ maxLength: 64 }),
    ),
    {
      selector: ([name]) => name,
      maxLength: 12,
    },
  )
  .map((entries) => new Map(entries));

describe('series container', () => {
  it('property: any named Float64Arrays round-trip bit-exactly and in order', () => {
    fc.assert(
      fc.property(namedSeries, (series) => {
        const decoded = decodeSeriesContainer(encodeSeriesContainer(series));
        expect([...decoded.keys()]).toEqual([...series.keys()]);
        for (const [name, values] of series)
          expect(bits(decoded.get(name) ?? new Float64Array())).toEqual(bits(values));
      }),
    );
  });

  it('accepts a plain record and an empty container', () => {
    const decoded = decodeSeriesContainer(
      encodeSeriesContainer({ price: Float64Array.of(-0, 1), badDebtUsd: Float64Array.of() }),
    );
    expect([...decoded.keys()]).toEqual(['price', 'badDebtUsd']);
    expect(Object.is(decoded.get('price')?.[0], -0)).toBe(true);
    expect(decodeSeriesContainer(encodeSeriesContainer({})).size).toBe(0);
  });

  it('starts with the magic and format byte, and aligns the data to 8 bytes', () => {
    const blob = encodeSeriesContainer({ p: Float64Array.of(1) });
    expect(blob.toString('latin1', 0, 4)).toBe('CLSC');
    expect(blob[4]).toBe(1);
    expect((blob.length - 8) % 8).toBe(0);
  });

  it('rejects bad names, truncation, a wrong magic and a newer format', () => {
    expect(() => encodeSeriesContainer({ '': Float64Array.of(1) })).toThrow(/unique and non-empty/);
    expect(() => encodeSeriesContainer({ '\ud800': Float64Array.of(1) })).toThrow(/lone surrogate/);
    const blob = encodeSeriesContainer({ price: Float64Array.of(1, 2, 3) });
    expect(() => decodeSeriesContainer(blob.subarray(0, blob.length - 1))).toThrow(/damaged/);
    expect(() => decodeSeriesContainer(blob.subarray(0, 14))).toThrow(/damaged/);
    const wrongMagic = Buffer.from(blob);
    wrongMagic.write('XXXX', 0, 'latin1');
    expect(() => decodeSeriesContainer(wrongMagic)).toThrow(/bad magic/);
    const newer = Buffer.from(blob);
    newer[4] = 2;
    expect(() => decodeSeriesContainer(newer)).toThrow(/update the app/);
  });
});
