import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CsvTokenizer, tokenizeCsv, type CsvRecord } from './csv-tokenizer.ts';

function fields(text: string, delimiter = ','): string[][] {
  const result = tokenizeCsv(text, { delimiter });
  if (!result.ok) throw new Error(`unexpected error ${JSON.stringify(result.error)}`);
  return result.records.map((r) => r.fields);
}

function tokenizeInChunks(chunks: readonly string[], delimiter = ','): CsvRecord[] | string {
  const records: CsvRecord[] = [];
  const t = new CsvTokenizer({ delimiter }, (f, row) => {
    records.push({ row, fields: f });
  });
  for (const c of chunks) {
    const e = t.push(c);
    if (e) return e.code;
  }
  const e = t.end();
  return e ? e.code : records;
}

describe('CsvTokenizer (RFC 4180)', () => {
  test('plain records, trailing newline optional', () => {
    expect(fields('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  test('quoted fields with delimiter, doubled quotes and line breaks are one field', () => {
    expect(fields('"a,b","say ""hi""","multi\nline\r\nvalue",x\n')).toEqual([
      ['a,b', 'say "hi"', 'multi\nline\r\nvalue', 'x'],
    ]);
  });

  test('empty fields and quoted empty field', () => {
    expect(fields(',,\n"",x\n')).toEqual([
      ['', '', ''],
      ['', 'x'],
    ]);
  });

  test('LF, CRLF and bare CR give the same records, without trailing CR', () => {
    const lf = fields('t,p\n1,2\n3,4\n');
    expect(fields('t,p\r\n1,2\r\n3,4\r\n')).toEqual(lf);
    expect(fields('t,p\r1,2\r3,4\r')).toEqual(lf);
    expect(fields('t,p\r1,2\r3,4')).toEqual(lf);
    expect(lf).toEqual([
      ['t', 'p'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  test('reports the line ending and strips the BOM', () => {
    const crlf = tokenizeCsv('\ufefftimestamp,close\r\n1,2\r\n', { delimiter: ',' });
    expect(crlf.ok && crlf.bom).toBe(true);
    expect(crlf.ok && crlf.lineEnding).toBe('CRLF');
    expect(crlf.ok && crlf.records[0]?.fields[0]).toBe('timestamp');
    const cr = tokenizeCsv('a\rb\r', { delimiter: ',' });
    expect(cr.ok && cr.lineEnding).toBe('CR');
    const lf = tokenizeCsv('a\nb', { delimiter: ',' });
    expect(lf.ok && [lf.lineEnding, lf.bom]).toEqual(['LF', false]);
  });

  test('rows are physical line numbers, counting line breaks inside quotes and blank lines', () => {
    const result = tokenizeCsv('h1,h2\n\n"x\ny",1\r\n2,3\r\r4,5', { delimiter: ',' });
    expect(result.ok && result.records.map((r) => r.row)).toEqual([1, 3, 5, 7]);
  });

  test('blank lines are skipped and counted, a quoted empty line is a record', () => {
    const records: string[][] = [];
    const t = new CsvTokenizer({ delimiter: ',' }, (f) => {
      records.push(f);
    });
    t.push('a\n\n\r\n""\nb\n');
    t.end();
    expect(records).toEqual([['a'], [''], ['b']]);
    expect(t.blankLines).toBe(2);
  });

  test('other delimiters', () => {
    expect(fields('a;"b;c"\n', ';')).toEqual([['a', 'b;c']]);
    expect(fields('a\tb\n', '\t')).toEqual([['a', 'b']]);
    expect(fields('a|b\n', '|')).toEqual([['a', 'b']]);
  });

  test('unclosed quote is an error with the row where the record starts', () => {
    const result = tokenizeCsv('t,p\n1,2\n3,"4\n5,6\n', { delimiter: ',' });
    expect(result).toMatchObject({ ok: false, error: { code: 'quote-not-closed', row: 3, columnIndex: 1 } });
    expect(!result.ok && result.error.detail).toContain('never closed');
  });

  test('a quote inside an unquoted field and text after a closing quote are errors', () => {
    expect(tokenizeCsv('a,b"c\n', { delimiter: ',' })).toMatchObject({
      ok: false,
      error: { code: 'stray-quote', row: 1, columnIndex: 1 },
    });
    expect(tokenizeCsv('x\n"a"b,c\n', { delimiter: ',' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-closing-quote', row: 2, columnIndex: 0 },
    });
  });

  test('a field over the limit is an error naming row and column, and is never buffered whole', () => {
    const max = 1024;
    const t = new CsvTokenizer({ delimiter: ',', maxFieldChars: max }, () => undefined);
    expect(t.push('a,b\n1,"')).toBeNull();
    let error = null;
    let pushed = 0;
    // Feed 100 × max characters in small chunks: the tokenizer must stop right after the limit.
    for (let i = 0; i < 100 && error === null; i++) {
      error = t.push('x'.repeat(max / 4));
      pushed++;
    }
    expect(error).toMatchObject({ code: 'field-too-large', row: 2, columnIndex: 1 });
    expect(pushed).toBeLessThanOrEqual(5);
    expect(tokenizeCsv(`a,${'y'.repeat(max + 1)}\n`, { delimiter: ',', maxFieldChars: max })).toMatchObject({
      ok: false,
      error: { code: 'field-too-large', row: 1, columnIndex: 1 },
    });
    expect(tokenizeCsv(`a,${'y'.repeat(max)}\n`, { delimiter: ',', maxFieldChars: max }).ok).toBe(true);
  });

  test('column and record limits', () => {
    expect(tokenizeCsv('a,b,c,d\n', { delimiter: ',', maxColumns: 3 })).toMatchObject({
      ok: false,
      error: { code: 'too-many-columns', row: 1 },
    });
    expect(tokenizeCsv('aaaa,bbbb,cccc\n', { delimiter: ',', maxRecordChars: 10 })).toMatchObject({
      ok: false,
      error: { code: 'record-too-large', row: 1 },
    });
  });

  test('the handler can stop the tokenizer', () => {
    const seen: string[][] = [];
    const t = new CsvTokenizer({ delimiter: ',' }, (f) => {
      seen.push(f);
      return seen.length < 2;
    });
    expect(t.push('1\n2\n3\n4\n')).toBeNull();
    expect(t.finished).toBe(true);
    expect(seen).toEqual([['1'], ['2']]);
  });

  test('property: splitting the input anywhere gives the same records', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', '1', ',', '"', '\r', '\n', ' ', ';', 'é', '\ufeff'),
    });
    const doc = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        doc,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (rows, cuts, eol) => {
          const text =
            rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join(eol) +
            (cuts.length % 2 ? eol : '');
          const whole = tokenizeInChunks([text]);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let prev = 0;
          for (const p of points) {
            chunks.push(text.slice(prev, p));
            prev = p;
          }
          chunks.push(text.slice(prev));
          expect(tokenizeInChunks(chunks)).toEqual(whole);
          expect(typeof whole === 'string' ? whole : whole.map((r) => r.fields)).toEqual(rows);
        },
      ),
    );
  });
});
