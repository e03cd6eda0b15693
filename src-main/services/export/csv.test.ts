import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { tokenizeCsv } from '../import/csv-tokenizer.ts';
import {
  escapeFormulaText,
  formatCsv,
  formatCsvCell,
  formatCsvNumber,
  formatCsvRecord,
  priceSeriesToCsv,
  startsWithFormulaTrigger,
  type CsvCell,
} from './csv.ts';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\0', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

function parse(text: string, delimiter = ','): string[][] {
  const result = tokenizeCsv(text, { delimiter });
  if (!result.ok) throw new Error(`exported CSV does not parse: ${result.error.detail}`);
  return result.records.map((r) => r.fields);
}

describe('formula-injection escaping', () => {
  test.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\0x', "'\0x"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['\uFF0B1', "'\uFF0B1"],
    ['\uFF0D1', "'\uFF0D1"],
    ['\uFF20x', "'\uFF20x"],
    ['safe', 'safe'],
    ['a=b', 'a=b'],
    ["'=already", "'=already"],
    ['', ''],
  ])('text %j → %j', (input, expected) => {
    expect(formatCsvCell(input)).toBe(expected);
  });

  test('CR trigger is escaped and quoted', () => {
    expect(formatCsvCell('\r=1')).toBe(`"'\r=1"`);
  });

  test('numbers are numbers: a negative number cell is not escaped', () => {
    expect(formatCsvCell(-5)).toBe('-5');
    expect(formatCsvCell(-0.25)).toBe('-0.25');
    expect(formatCsvCell('-5')).toBe("'-5");
  });

  test('escaping can be turned off for machine-only files', () => {
    expect(formatCsvCell('=x', { escapeFormulae: false })).toBe('=x');
  });

  test('property: any text starting with a trigger is exported, and reads back, starting with a quote mark', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRIGGERS), fc.string({ unit: 'binary' }), (t, rest) => {
        const s = t + rest;
        expect(startsWithFormulaTrigger(s)).toBe(true);
        const cell = formatCsvCell(s);
        expect(cell.startsWith("'") || cell.startsWith(`"'`)).toBe(true);
        expect(parse(formatCsvRecord([s, 'x']))[0]?.[0]).toBe(`'${s}`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('RFC 4180 quoting and numbers', () => {
  test('quotes only when needed, doubling inner quotes', () => {
    expect(formatCsvCell('a,b')).toBe('"a,b"');
    expect(formatCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvCell('two\nlines')).toBe('"two\nlines"');
    expect(formatCsvCell('a,b', { delimiter: ';' })).toBe('a,b');
    expect(formatCsvCell('a;b', { delimiter: ';' })).toBe('"a;b"');
    expect(formatCsvCell('\ufeffx')).toBe('"\ufeffx"');
    expect(formatCsvRecord([''])).toBe('""');
    expect(formatCsvRecord([null, 'a', undefined])).toBe(',a,');
  });

  test('shortest round-trip numbers, -0 kept, non-finite refused', () => {
    expect(formatCsvNumber(0.1)).toBe('0.1');
    expect(formatCsvNumber(1e21)).toBe('1e+21');
    expect(formatCsvNumber(5e-324)).toBe('5e-324');
    expect(formatCsvNumber(-0)).toBe('-0');
    expect(() => formatCsvNumber(Number.NaN)).toThrow(/non-finite/);
    expect(() => formatCsvCell(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  test('line endings: CRLF by default, LF on request; every record terminated', () => {
    const rows: CsvCell[][] = [
      ['a', 1],
      ['b', 2],
    ];
    expect(formatCsv(rows)).toBe('a,1\r\nb,2\r\n');
    expect(formatCsv(rows, { lineEnding: '\n', delimiter: '\t' })).toBe('a\t1\nb\t2\n');
  });

  test('price series layout', () => {
    const csv = priceSeriesToCsv(
      {
        timestampMs: Float64Array.of(1583798400000, 1583802000000),
        close: Float64Array.of(7937.3, 7905.52),
        volume: Float64Array.of(12.5, 0),
      },
      { lineEnding: '\n' },
      [{ name: 'note', values: ['=HYPERLINK("x")', 'ok'] }],
    );
    expect(csv).toBe(
      'timestamp_ms,close,volume,note\n1583798400000,7937.3,12.5,"\'=HYPERLINK(""x"")"\n1583802000000,7905.52,0,ok\n',
    );
    expect(() => priceSeriesToCsv({ timestampMs: Float64Array.of(1), close: Float64Array.of() })).toThrow(
      /close has 0 values/,
    );
  });
});

describe('round trips with the importer tokenizer', () => {
  const cellText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.string({
      unit: fc.constantFrom(
        ',',
        ';',
        '"',
        '\r',
        '\n',
        '\t',
        '=',
        '-',
        '@',
        '\0',
        "'",
        '\uFF0B',
        'a',
        ' ',
        '\ufeff',
      ),
      maxLength: 6,
    }),
  );
  const records = fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), {
    minLength: 1,
    maxLength: 6,
  });
  const options = fc.record({
    delimiter: fc.constantFrom<',' | ';' | '\t' | '|'>(',', ';', '\t', '|'),
    lineEnding: fc.constantFrom<'\r\n' | '\n'>('\r\n', '\n'),
  });

  test('property: parse → export → parse is stable, and the first parse equals the escaped input', () => {
    fc.assert(
      fc.property(records, options, (rows, opts) => {
        const first = formatCsv(rows, opts);
        const parsed = parse(first, opts.delimiter);
        expect(parsed).toEqual(rows.map((r) => r.map(escapeFormulaText)));
        const second = formatCsv(parsed, opts);
        expect(second).toBe(first);
        expect(parse(second, opts.delimiter)).toEqual(parsed);
      }),
      { numRuns: 500 },
    );
  });

  test('property: without escaping, any text round-trips exactly', () => {
    fc.assert(
      fc.property(records, options, (rows, opts) => {
        const text = formatCsv(rows, { ...opts, escapeFormulae: false });
        expect(parse(text, opts.delimiter)).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  test('property: numbers round-trip bit-exactly through text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 8 }),
        (xs) => {
          const [cells = []] = parse(formatCsv([xs]));
          expect(cells.map(Number).every((v, i) => Object.is(v, xs[i]))).toBe(true);
        },
      ),
    );
  });
});
