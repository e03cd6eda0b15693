import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseStrictNumber } from './strict-number.ts';

describe('parseStrictNumber', () => {
  test.each([
    ['1234.56', '.', 1234.56],
    ['  7 ', '.', 7],
    ['5.', '.', 5],
    ['.5', '.', 0.5],
    ['+2', '.', 2],
    ['-3.25', '.', -3.25],
    ['1e-7', '.', 1e-7],
    ['1.7976931348623157e+308', '.', Number.MAX_VALUE],
    ['5e-324', '.', 5e-324],
    ['1234,56', ',', 1234.56],
    [',5', ',', 0.5],
    ['1.234.567,89', ',', 1234567.89],
  ] as const)('accepts %j with decimal %j', (text, decimal, value) => {
    expect(parseStrictNumber(text, decimal)).toEqual({ ok: true, value });
  });

  test.each([
    ['', '.', 'empty'],
    ['   ', '.', 'empty'],
    ['NaN', '.', 'not-finite'],
    ['-Infinity', '.', 'not-finite'],
    ['inf', ',', 'not-finite'],
    ['1e400', '.', 'overflow'],
    ['1e-400', '.', 'underflow'],
    ['12,5', '.', 'decimal-comma'],
    ['1,234.5', '.', 'thousands-separator'],
    ['1,234,567', '.', 'thousands-separator'],
    ['1.5', ',', 'decimal-point'],
    ['1.234', ',', 'thousands-separator'],
    ['1 234', '.', 'syntax'],
    ['0x10', '.', 'syntax'],
    ['1_000', '.', 'syntax'],
    ['NULL', '.', 'syntax'],
    ['$5', '.', 'syntax'],
    ['.', '.', 'syntax'],
    ['1e', '.', 'syntax'],
  ] as const)('rejects %j with decimal %j as %s', (text, decimal, problem) => {
    expect(parseStrictNumber(text, decimal)).toEqual({ ok: false, problem });
  });

  test('0 is a number (price positivity is checked by the importer)', () => {
    expect(parseStrictNumber('0', '.')).toEqual({ ok: true, value: 0 });
    expect(parseStrictNumber('0.000', '.')).toEqual({ ok: true, value: 0 });
  });

  test('property: the shortest round-trip text of any finite double parses to the same bits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = Object.is(x, -0) ? '-0' : String(x);
        const parsed = parseStrictNumber(text, '.');
        expect(parsed.ok && Object.is(parsed.value, x)).toBe(true);
        const comma = parseStrictNumber(text.replace('.', ','), ',');
        expect(comma.ok && Object.is(comma.value, x)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
