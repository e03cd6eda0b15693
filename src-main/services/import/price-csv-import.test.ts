import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvFile, parseCsvText, previewCsv, previewCsvChunks } from './price-csv-import.ts';
import type { ImportError, ImportOptions, ImportResult, PriceSeries } from './types.ts';

/** The Black Thursday files shipped with the scenarios (src-main/scenarios/data/SOURCES.md). */
const DATA = fileURLToPath(new URL('../../scenarios/data/2020-03-12-black-thursday', import.meta.url));
const H = 3_600_000;
const T0 = Date.UTC(2020, 2, 12, 0);

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cascade-import-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function importFile(
  name: string,
  content: string | Uint8Array,
  options?: ImportOptions,
): Promise<ImportResult> {
  return parseCsvFile(write(name, content), options);
}

function expectOk(result: ImportResult): Extract<ImportResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result;
}

function expectError(result: ImportResult, expected: Partial<ImportError>): ImportError {
  if (result.ok)
    throw new Error(`expected error ${expected.code}, got ok with ${result.report.points} points`);
  expect(result.error).toMatchObject(expected);
  expect(result.error.message.length).toBeGreaterThan(20);
  return result.error;
}

function arr(a: Float64Array | undefined): number[] {
  return a === undefined ? [] : Array.from(a);
}

function iso(hours: number): string {
  return new Date(T0 + hours * H).toISOString().replace('.000Z', 'Z');
}

/** `time,close` rows at hourly ISO times with the given closes. */
function simple(closes: readonly (string | number)[], eol = '\n'): string {
  return ['time,close', ...closes.map((c, i) => `${iso(i)},${c}`)].join(eol) + eol;
}

describe('encoding and line endings', () => {
  test('UTF-8 BOM is stripped: the first header is exactly "timestamp"', async () => {
    const r = expectOk(await importFile('bom.csv', `\ufefftimestamp,close\n${iso(0)},5\n${iso(1)},6\n`));
    expect(r.preview.bom).toBe(true);
    expect(r.preview.columns[0]?.name).toBe('timestamp');
    expect(r.preview.mapping.timestamp).toBe(0);
    expect(arr(r.series.close)).toEqual([5, 6]);
  });

  test('UTF-16 and invalid UTF-8 are rejected with a fix', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('time,close\n', 'utf16le')]);
    expect(expectError(await importFile('utf16.csv', utf16), { code: 'utf16' }).message).toContain('UTF-8');
    const bad = Buffer.concat([
      Buffer.from('time,close\n2020-03-12T00:00:00Z,5'),
      Buffer.from([0xc3, 0x28, 0x0a]),
    ]);
    expectError(await importFile('latin.csv', bad), { code: 'not-utf8' });
  });

  test('LF, CRLF and CR-only files give the same series', async () => {
    const lf = expectOk(await importFile('lf.csv', simple([1, 2, 3], '\n')));
    const crlf = expectOk(await importFile('crlf.csv', simple([1, 2, 3], '\r\n')));
    const cr = expectOk(await importFile('cr.csv', simple([1, 2, 3], '\r')));
    expect([lf.preview.lineEnding, crlf.preview.lineEnding, cr.preview.lineEnding]).toEqual([
      'LF',
      'CRLF',
      'CR',
    ]);
    expect(crlf.series).toEqual(lf.series);
    expect(cr.series).toEqual(lf.series);
    expect(arr(lf.series.timestampMs)).toEqual([T0, T0 + H, T0 + 2 * H]);
  });

  test('empty file, header only, blank lines', async () => {
    expectError(await importFile('empty.csv', ''), { code: 'empty-file', row: null });
    expectError(await importFile('header-only.csv', 'time,close\n'), { code: 'no-data' });
    const blank = expectOk(await importFile('blank.csv', `time,close\n\n${iso(0)},1\n\n${iso(1)},2\n\n`));
    expect(blank.report.rows).toBe(2);
    expect(blank.report.warnings.some((w) => w.code === 'blank-lines-skipped')).toBe(true);
  });
});

describe('delimiters and decimal separators', () => {
  test.each([
    [';', 'semicolon'],
    ['\t', 'tab'],
    ['|', 'pipe'],
  ])('detects %j', async (d, name) => {
    const text = `time${d}close${d}volume\n${iso(0)}${d}5.5${d}10\n${iso(1)}${d}6.5${d}0\n`;
    const r = expectOk(await importFile(`${name}.csv`, text));
    expect(r.preview.delimiter).toBe(d);
    expect(r.preview.delimiterSource).toBe('detected');
    expect(arr(r.series.close)).toEqual([5.5, 6.5]);
    expect(arr(r.series.volume)).toEqual([10, 0]);
  });

  const decimalComma = `time;close\n${iso(0)};1,5\n${iso(1)};2,5\n${iso(2)};1.234,75\n`;

  test("';' with decimal commas is rejected unless decimalSeparator ',' is chosen", async () => {
    const path = write('semicolon-decimal-comma.csv', decimalComma);
    const preview = await previewCsv(path);
    expect(preview.ok && preview.preview.detectedDecimalSeparator).toBe(',');
    expect(preview.ok && preview.preview.decimalSeparator).toBe('.');
    expect(preview.ok && preview.preview.warnings.map((w) => w.code)).toContain('decimal-comma-detected');
    const err = expectError(await parseCsvFile(path), { code: 'invalid-number', row: 2, column: 'close' });
    expect(err.message).toBe(
      `row 2, column "close": "1,5" is not a number — the value uses ',' as decimal separator (the file uses ';' as delimiter); import with decimal separator ',' (decimalSeparator: ',') or write it with '.'`,
    );
    const ok = expectOk(await parseCsvFile(path, { decimalSeparator: ',' }));
    expect(arr(ok.series.close)).toEqual([1.5, 2.5, 1234.75]);
  });

  test("a quoted decimal comma in a ',' file says to use '.'", async () => {
    const err = expectError(
      await importFile('quoted-comma.csv', `time,close\n${iso(0)},5\n${iso(1)},"12,5"\n`),
      {
        code: 'invalid-number',
        row: 3,
        column: 'close',
      },
    );
    expect(err.message).toBe(
      `row 3, column "close": "12,5" is not a number — the file uses ',' as delimiter; use '.' for decimals`,
    );
  });

  test('thousands separators are rejected', async () => {
    const err = expectError(
      await importFile('thousands.csv', `time;close\n${iso(0)};"1,234.5"\n`, { delimiter: ';' }),
      {
        code: 'invalid-number',
        row: 2,
      },
    );
    expect(err.message).toContain('thousands');
  });

  test('a single-column file has no detectable delimiter', async () => {
    const err = expectError(await importFile('one-column.csv', 'close\n5\n6\n'), {
      code: 'undetectable-delimiter',
      row: null,
    });
    expect(err.message).toContain('choose the delimiter');
  });
});

describe('quoting', () => {
  test('quoted fields with delimiters, doubled quotes and line breaks; rows stay physical lines', async () => {
    const text =
      '"time","close","note"\r\n' +
      `"${iso(0)}","5","a,b"\r\n` +
      `${iso(1)},6,"say ""hi"""\r\n` +
      `${iso(2)},7,"two\r\nlines"\r\n` +
      `${iso(3)},abc,x\r\n`;
    const err = expectError(await importFile('quoted.csv', text), {
      code: 'invalid-number',
      row: 6,
      column: 'close',
    });
    expect(err.message).toContain('"abc" is not a number');
    const ok = expectOk(await importFile('quoted-ok.csv', text.replace('abc', '8')));
    expect(arr(ok.series.close)).toEqual([5, 6, 7, 8]);
    expect(ok.preview.columns.map((c) => c.role)).toEqual(['timestamp', 'close', 'ignored']);
  });

  test('an unclosed quote is an error with its row', async () => {
    const err = expectError(
      await importFile('unclosed.csv', `time,close,note\n${iso(0)},5,ok\n${iso(1)},6,"oops\n${iso(2)},7,x\n`),
      {
        code: 'quote-not-closed',
        row: 3,
        column: 'note',
      },
    );
    expect(err.message).toContain('closing');
  });

  test('stray quote and text after a closing quote', async () => {
    expectError(await importFile('stray.csv', `time,close\n${iso(0)},5\n${iso(1)},6"\n`), {
      code: 'stray-quote',
      row: 3,
      column: 'close',
    });
    expectError(await importFile('after-quote.csv', `time,close\n${iso(0)},"5"x\n`), {
      code: 'invalid-closing-quote',
      row: 2,
    });
  });
});

describe('row shape', () => {
  test('short and long rows are errors with the row', async () => {
    const short = expectError(
      await importFile('short.csv', `time,open,close\n${iso(0)},1,2\n${iso(1)},3\n`),
      {
        code: 'too-few-fields',
        row: 3,
      },
    );
    expect(short.message).toBe(
      'row 3: the row has 2 fields but the header has 3; add the missing values or remove the row',
    );
    expectError(await importFile('long.csv', `time,close\n${iso(0)},1\n${iso(1)},2,3\n`), {
      code: 'too-many-fields',
      row: 3,
    });
  });

  test('row limit', async () => {
    expectError(await importFile('limit.csv', simple([1, 2, 3]), { limits: { maxRows: 2 } }), {
      code: 'too-many-rows',
      row: 4,
    });
  });
});

describe('values', () => {
  test.each([
    ['NaN', 'invalid-number'],
    ['Infinity', 'invalid-number'],
    ['-inf', 'invalid-number'],
    ['', 'invalid-number'],
    ['1e400', 'invalid-number'],
    ['-5', 'non-positive-price'],
    ['0', 'non-positive-price'],
    ['0.0', 'non-positive-price'],
  ] as const)('close %j → %s at row 3', async (value, code) => {
    expectError(await importFile('bad-price.csv', simple([5, value, 6])), { code, row: 3, column: 'close' });
  });

  test('open/high/low must be > 0 too; volume may be 0 but not negative', async () => {
    const head = 'time,open,high,low,close,volume\n';
    expectError(await importFile('bad-low.csv', `${head}${iso(0)},1,2,0,1,5\n`), {
      code: 'non-positive-price',
      row: 2,
      column: 'low',
    });
    expectError(await importFile('bad-volume.csv', `${head}${iso(0)},1,2,1,1,-1\n`), {
      code: 'negative-volume',
      row: 2,
      column: 'volume',
    });
    const ok = expectOk(await importFile('zero-volume.csv', `${head}${iso(0)},1,2,1,1.5,0\n`));
    expect(arr(ok.series.volume)).toEqual([0]);
  });

  test('"NULL" in an unused column is fine; in a used column it is an error', async () => {
    const ok = expectOk(await importFile('null-unused.csv', `time,close,tradecount\n${iso(0)},5,NULL\n`));
    expect(arr(ok.series.close)).toEqual([5]);
    expectError(await importFile('null-used.csv', `time,close\n${iso(0)},NULL\n`), {
      code: 'invalid-number',
      row: 2,
    });
  });

  test('a 90 % drop is imported with a warning, not dropped', async () => {
    const r = expectOk(await importFile('crash.csv', simple([100, 100, 10, 11])));
    expect(arr(r.series.close)).toEqual([100, 100, 10, 11]);
    const jump = r.report.warnings.find((w) => w.code === 'price-jump');
    expect(jump?.message).toContain('1 close-to-close');
  });
});

describe('time zones', () => {
  const naive = 'time,close\n2020-03-12 10:00,5\n2020-03-12 11:00:00,6\n';

  test('naive timestamps without a zone are read as UTC with a warning', async () => {
    const path = write('naive.csv', naive);
    const preview = await previewCsv(path);
    expect(preview.ok && preview.preview.time).toEqual({
      kind: 'naive',
      epochUnit: null,
      timeZone: 'UTC',
      source: 'assumed-utc',
    });
    expect(preview.ok && preview.preview.warnings.map((w) => w.code)).toContain('time-zone-assumed');
    const r = expectOk(await parseCsvFile(path));
    expect(arr(r.series.timestampMs)).toEqual([Date.UTC(2020, 2, 12, 10), Date.UTC(2020, 2, 12, 11)]);
    expect(r.report.warnings.filter((w) => w.code === 'time-zone-assumed')).toHaveLength(1);
  });

  test('naive timestamps with a time zone option', async () => {
    const r = expectOk(await importFile('naive-berlin.csv', naive, { timeZone: 'Europe/Berlin' }));
    expect(arr(r.series.timestampMs)).toEqual([Date.UTC(2020, 2, 12, 9), Date.UTC(2020, 2, 12, 10)]);
    expect(r.preview.time?.source).toBe('option');
    expect(r.report.warnings.map((w) => w.code)).not.toContain('time-zone-assumed');
    const err = expectError(await importFile('naive-bad-zone.csv', naive, { timeZone: 'Europe/Atlantis' }), {
      code: 'unknown-time-zone',
    });
    expect(err.message).toContain('IANA');
  });

  test('a *_utc time column means naive UTC without a warning', async () => {
    const r = expectOk(await importFile('date-utc.csv', 'date_utc,close\n2020-03-12 10:00:00,5\n'));
    expect(r.preview.time?.source).toBe('column-name');
    expect(r.report.warnings).toEqual([]);
  });

  test('mixing offset-bearing and naive timestamps is an error naming the first offending row', async () => {
    const text =
      'time,close\n2020-03-12T10:00:00Z,5\n2020-03-12T11:00:00+00:00,6\n2020-03-12 12:00,7\n2020-03-12 13:00,8\n';
    const err = expectError(await importFile('mixed-zones.csv', text), {
      code: 'mixed-time-zones',
      row: 4,
      column: 'time',
    });
    expect(err.message).toContain('row 2');
  });

  test('different offsets are normalised to UTC and flagged', async () => {
    const text = 'time,close\n2020-03-12T10:00:00Z,5\n2020-03-12T12:00:00+01:00,6\n';
    const r = expectOk(await importFile('mixed-offsets.csv', text));
    expect(arr(r.series.timestampMs)).toEqual([Date.UTC(2020, 2, 12, 10), Date.UTC(2020, 2, 12, 11)]);
    expect(r.report.warnings.map((w) => w.code)).toContain('mixed-offsets');
  });

  test('epoch and ISO in one file is an error', async () => {
    expectError(await importFile('mixed-formats.csv', 'time,close\n1584000000,5\n2020-03-12T11:00:00Z,6\n'), {
      code: 'mixed-timestamp-formats',
      row: 3,
    });
  });

  test('DST gap and overlap in the chosen zone', async () => {
    const gap = 'time,close\n2021-03-28 01:30,5\n2021-03-28 02:30,6\n';
    expectError(await importFile('dst-gap.csv', gap, { timeZone: 'Europe/Berlin' }), {
      code: 'nonexistent-local-time',
      row: 3,
    });
    const overlap = 'time,close\n2021-10-31 01:30,5\n2021-10-31 02:30,6\n';
    expectError(await importFile('dst-overlap.csv', overlap, { timeZone: 'Europe/Berlin' }), {
      code: 'ambiguous-local-time',
      row: 3,
    });
    const later = expectOk(
      await importFile('dst-later.csv', overlap, { timeZone: 'Europe/Berlin', ambiguousLocalTime: 'later' }),
    );
    expect(arr(later.series.timestampMs)).toEqual([
      Date.UTC(2021, 9, 30, 23, 30),
      Date.UTC(2021, 9, 31, 1, 30),
    ]);
  });

  test('epoch unit changing mid-file is an error; tiny epochs are rejected', async () => {
    expectError(await importFile('unit-change.csv', 'time,close\n1584000000,5\n1584003600000,6\n'), {
      code: 'timestamp-unit-changed',
      row: 3,
    });
    expectError(await importFile('counter.csv', 'time,close\n1,5\n2,6\n'), {
      code: 'invalid-timestamp',
      row: 2,
    });
    expectError(await importFile('slashes.csv', 'time,close\n12/03/2020,5\n'), {
      code: 'ambiguous-date-order',
      row: 2,
    });
  });
});

describe('order, duplicates and gaps', () => {
  test('an out-of-order row is an error naming it', async () => {
    const text = `time,close\n${iso(0)},1\n${iso(2)},2\n${iso(1)},3\n${iso(3)},4\n`;
    const err = expectError(await importFile('out-of-order.csv', text), {
      code: 'out-of-order',
      row: 4,
      column: 'time',
    });
    expect(err.message).toContain('row 3');
  });

  test('a fully descending file is reversed and the preview says so', async () => {
    const text = `time,close\n${iso(2)},3\n${iso(1)},2\n${iso(0)},1\n`;
    const r = expectOk(await importFile('descending.csv', text));
    expect(r.preview.order).toBe('descending');
    expect(r.preview.willReverse).toBe(true);
    expect(r.report.reversed).toBe(true);
    expect(arr(r.series.timestampMs)).toEqual([T0, T0 + H, T0 + 2 * H]);
    expect(arr(r.series.close)).toEqual([1, 2, 3]);
    expect(r.report.warnings.filter((w) => w.code === 'reversed')).toHaveLength(1);
  });

  test('a descending file with one later row is an error', async () => {
    const text = `time,close\n${iso(3)},3\n${iso(2)},2\n${iso(4)},9\n${iso(1)},1\n`;
    expectError(await importFile('descending-bad.csv', text), { code: 'out-of-order', row: 4 });
  });

  test('exact duplicates are dropped and counted; conflicting duplicates are errors', async () => {
    const dup = `time,close\n${iso(0)},1\n${iso(1)},2\n${iso(1)},2\n${iso(2)},3\n`;
    const r = expectOk(await importFile('dup-same.csv', dup));
    expect(r.report).toMatchObject({ rows: 4, points: 3, duplicatesDropped: 1 });
    expect(arr(r.series.close)).toEqual([1, 2, 3]);
    const err = expectError(
      await importFile('dup-diff.csv', dup.replace(`${iso(1)},2\n${iso(2)}`, `${iso(1)},2.5\n${iso(2)}`)),
      {
        code: 'duplicate-conflict',
        row: 4,
        column: 'close',
      },
    );
    expect(err.message).toContain('row 3');
  });

  test('gaps: most common spacing and every larger one', async () => {
    const hours = [0, 1, 2, 5, 6, 7, 8, 20];
    const text = ['time,close', ...hours.map((h) => `${iso(h)},1`)].join('\n');
    const r = expectOk(await importFile('gaps.csv', text));
    expect(r.report.gaps).toEqual({
      typicalSpacingMs: H,
      count: 2,
      first: [
        { fromTimestampMs: T0 + 2 * H, toTimestampMs: T0 + 5 * H, spacingMs: 3 * H },
        { fromTimestampMs: T0 + 8 * H, toTimestampMs: T0 + 20 * H, spacingMs: 12 * H },
      ],
    });
  });
});

describe('exchange formats', () => {
  test('Binance kline, no header, open time in ms', async () => {
    const row = (t: number, c: string) =>
      `${t},7900.1,7950,7850.5,${c},123.4,${t + H - 1},975000.1,1000,60.2,475000.5,0`;
    const text = [row(1583798400000, '7937.3'), row(1583802000000, '7905.52')].join('\n') + '\n';
    const r = expectOk(await importFile('BTCUSDT-1h-2020-03.csv', text));
    expect(r.preview).toMatchObject({ format: 'binance-kline', hasHeader: false, columnCount: 12 });
    expect(r.preview.time).toMatchObject({ kind: 'epoch', epochUnit: 'ms' });
    expect(arr(r.series.timestampMs)).toEqual([1583798400000, 1583802000000]);
    expect(arr(r.series.close)).toEqual([7937.3, 7905.52]);
    expect(arr(r.series.volume)).toEqual([123.4, 123.4]);
  });

  test('Binance kline with its header row', async () => {
    const header =
      'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
    const r = expectOk(
      await importFile(
        'BTCUSDT-1h-header.csv',
        `${header}\n1583798400000,1,2,0.5,1.5,10,1583801999999,15,3,5,7,0\n`,
      ),
    );
    expect(r.preview).toMatchObject({ format: 'binance-kline', hasHeader: true });
    expect(arr(r.series.close)).toEqual([1.5]);
  });

  test('Binance kline, newer files with microseconds', async () => {
    const t = 1735689600000000;
    const text = `${t},93576.00,94509.42,93489.03,94401.14,755.5,${t + 3599999999},70965553.6,144,388.1,36480385.2,0\n`;
    const r = expectOk(await importFile('BTCUSDT-1h-2025-01.csv', text));
    expect(r.preview.time).toMatchObject({ epochUnit: 'us' });
    expect(arr(r.series.timestampMs)).toEqual([1735689600000]);
  });

  test('Coinbase candles in API order, with and without header, epoch seconds and ISO', async () => {
    const rows = ['1583798400,7850.5,7950,7900.1,7937.3,12.5', '1583802000,7890,7969.87,7937.3,7905.52,13'];
    for (const [name, text] of [
      ['coinbase-noheader.csv', rows.join('\n')],
      ['coinbase-header.csv', ['time,low,high,open,close,volume', ...rows].join('\n')],
      [
        'coinbase-iso.csv',
        [
          'time,low,high,open,close,volume',
          '2020-03-10T00:00:00Z,7850.5,7950,7900.1,7937.3,12.5',
          '2020-03-10T01:00:00.000Z,7890,7969.87,7937.3,7905.52,13',
        ].join('\n'),
      ],
    ] as const) {
      const r = expectOk(await importFile(name, text));
      expect(r.preview.format).toBe('coinbase-candles');
      expect(arr(r.series.timestampMs)).toEqual([1583798400000, 1583802000000]);
      expect(arr(r.series.low)).toEqual([7850.5, 7890]);
      expect(arr(r.series.open)).toEqual([7900.1, 7937.3]);
      expect(arr(r.series.close)).toEqual([7937.3, 7905.52]);
    }
  });

  test('headerless 6 columns in OHLCV order are told apart from Coinbase; flat rows are ambiguous', async () => {
    const r = expectOk(await importFile('ohlcv6.csv', '1583798400,7900.1,7950,7850.5,7937.3,12.5\n'));
    expect(r.preview.format).toBe('generic-ohlcv');
    expect(arr(r.series.low)).toEqual([7850.5]);
    expectError(await importFile('flat6.csv', '1583798400,1,1,1,1,5\n'), { code: 'unknown-format', row: 1 });
  });

  test('Kraken OHLCVT, 8 columns with vwap and 7 columns', async () => {
    const eight = expectOk(
      await importFile(
        'XBTUSD_60.csv',
        '1583798400,7900.1,7950,7850.5,7937.3,7910.2,12.5,340\n1583802000,7937.3,7969.87,7890,7905.52,7920,13,310\n',
      ),
    );
    expect(eight.preview).toMatchObject({ format: 'kraken-ohlcvt', hasHeader: false });
    expect(arr(eight.series.volume)).toEqual([12.5, 13]);
    expect(arr(eight.series.close)).toEqual([7937.3, 7905.52]);
    const seven = expectOk(
      await importFile('XBTUSD_60-7.csv', '1583798400,7900.1,7950,7850.5,7937.3,12.5,340\n'),
    );
    expect(seven.preview.format).toBe('kraken-ohlcvt');
    expect(arr(seven.series.volume)).toEqual([12.5]);
  });

  test('CryptoDataDownload: URL line, header, newest first, unix in ms, NULL tradecount', async () => {
    const text =
      'https://www.CryptoDataDownload.com\n' +
      'unix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount\n' +
      '1584302400000,2020-03-15 20:00:00,BTC/USDT,5312.35,5325,5160,5186.43,5748.76,30174730.36,NULL\n' +
      '1584298800000,2020-03-15 19:00:00,BTC/USDT,5307.63,5373.93,5292,5312.35,2993.43,15977272.45,NULL\n';
    const r = expectOk(await importFile('Binance_BTCUSDT_1h.csv', text));
    expect(r.preview).toMatchObject({
      format: 'cryptodatadownload',
      leadingRowsSkipped: 1,
      headerRow: 2,
      order: 'descending',
      willReverse: true,
    });
    expect(r.preview.warnings.map((w) => w.code)).toEqual(['leading-rows-skipped', 'reversed']);
    expect(arr(r.series.timestampMs)).toEqual([1584298800000, 1584302400000]);
    expect(arr(r.series.close)).toEqual([5312.35, 5186.43]);
    expect(arr(r.series.volume)).toEqual([2993.43, 5748.76]);
  });

  test('generic time,price with and without header, and generic OHLCV by names', async () => {
    const header = expectOk(
      await importFile('generic-price.csv', `Date,Price (USD)\n2020-03-12,5000\n2020-03-13,5100\n`),
    );
    expect(header.preview.format).toBe('generic-price');
    expect(arr(header.series.timestampMs)).toEqual([Date.UTC(2020, 2, 12), Date.UTC(2020, 2, 13)]);
    expect(header.series.open).toBeUndefined();
    const bare = expectOk(await importFile('bare-price.csv', '1584000000,5000\n1584003600,5001\n'));
    expect(bare.preview).toMatchObject({ format: 'generic-price', hasHeader: false });
    const ohlcv = expectOk(
      await importFile(
        'generic-ohlcv.csv',
        'Datetime,Open,High,Low,Close,Volume\n2020-03-12T00:00:00Z,2,3,1,2.5,10\n',
      ),
    );
    expect(ohlcv.preview.format).toBe('generic-ohlcv');
    expect(arr(ohlcv.series.high)).toEqual([3]);
  });

  test('unknown layouts and missing columns ask for a header or a mapping', async () => {
    expectError(await importFile('five.csv', '1584000000,1,2,3,4\n'), { code: 'unknown-format', row: 1 });
    const missing = expectError(await importFile('no-price.csv', 'time,amount\n1584000000,5\n'), {
      code: 'missing-column',
      row: 1,
    });
    expect(missing.message).toContain('close or price');
    const mapped = expectOk(
      await importFile('mapped.csv', 'time,amount\n1584000000,5\n', { columns: { close: 'Amount' } }),
    );
    expect(arr(mapped.series.close)).toEqual([5]);
    expectError(
      await importFile('mapped-bad.csv', 'time,amount\n1584000000,5\n', { columns: { close: 'nope' } }),
      {
        code: 'invalid-option',
      },
    );
  });

  test('real CryptoDataDownload Binance export (Black Thursday)', async () => {
    const r = expectOk(await parseCsvFile(`${DATA}/binance_btcusdt_1h_2020-03-10_to_2020-03-15.csv`));
    expect(r.preview.format).toBe('cryptodatadownload');
    expect(r.preview.time).toMatchObject({ kind: 'epoch', epochUnit: 's' });
    expect(r.report).toMatchObject({ rows: 144, points: 144, reversed: true, duplicatesDropped: 0 });
    expect(r.report.gaps).toEqual({ typicalSpacingMs: H, count: 0, first: [] });
    const n = r.series.close.length;
    expect([r.series.timestampMs[0], r.series.close[0]]).toEqual([1583798400000, 7937.3]);
    expect([r.series.timestampMs[n - 1], r.series.close[n - 1]]).toEqual([1584313200000, 5361.3]);
    expect(Math.min(...arr(r.series.low))).toBeLessThan(4000);
  });

  test('real Gemini export (ms, newest first)', async () => {
    const r = expectOk(await parseCsvFile(`${DATA}/gemini_btcusd_1h_2020-03-10_to_2020-03-15.csv`));
    expect(r.preview.time).toMatchObject({ epochUnit: 'ms' });
    expect(r.report).toMatchObject({ rows: 144, reversed: true });
    expect(r.series.close[143]).toBe(5343.45);
    const eth = expectOk(await parseCsvFile(`${DATA}/gemini_ethusd_1h_2020-03-10_to_2020-03-15.csv`));
    expect(eth.preview.columns[eth.preview.mapping.timestamp]?.name).toBe('unix_ms');
  });

  test('real Coinbase daily export (unix_timestamp preferred over the naive date)', async () => {
    const r = expectOk(await parseCsvFile(`${DATA}/coinbase_btcusd_daily_2020-03-01_to_2020-03-31.csv`));
    expect(r.preview.format).toBe('coinbase-export');
    expect(r.preview.columns[r.preview.mapping.timestamp]?.name).toBe('unix_timestamp');
    expect(r.report).toMatchObject({ rows: 31, reversed: false });
    expect(r.report.gaps.typicalSpacingMs).toBe(24 * H);
    expect([r.series.timestampMs[0], r.series.close[0], r.series.close[30]]).toEqual([
      1583020800000, 8522.31, 6424.35,
    ]);
    expect(r.report.warnings).toEqual([]);
  });
});

describe('size limits and streaming', () => {
  test('a 10 MB field is an error naming row and column, found without reading the whole file', async () => {
    const path = join(dir, 'huge-field.csv');
    writeFileSync(path, `time,close,note\n${iso(0)},5,ok\n${iso(1)},6,"${'x'.repeat(10 * 1024 * 1024)}"\n`);
    let maxRead = 0;
    const result = await parseCsvFile(
      path,
      {},
      { onProgress: (read) => (maxRead = Math.max(maxRead, read)) },
    );
    const err = expectError(result, { code: 'field-too-large', row: 3, column: 'note' });
    expect(err.message).toContain('1 MiB');
    expect(maxRead).toBeLessThan(2 * 1024 * 1024);
    // The same field in the first row is caught while detecting the layout.
    writeFileSync(path, `"${'x'.repeat(10 * 1024 * 1024)}",5\n`);
    expectError(await parseCsvFile(path), { code: 'field-too-large', row: 1, column: 'column 1' });
  });

  test('file size limit and missing file', async () => {
    expectError(await importFile('small-limit.csv', simple([1, 2]), { limits: { maxFileBytes: 10 } }), {
      code: 'file-too-large',
    });
    expectError(await parseCsvFile(join(dir, 'does-not-exist.csv')), { code: 'file-not-found' });
    expectError(await parseCsvFile(dir), { code: 'file-unreadable' });
  });

  const ROWS = 1_000_000;
  const START_S = 1_600_000_000;
  const price = (i: number) => 1000 + (i % 1000) / 8;

  async function writeMillion(path: string): Promise<void> {
    const out = createWriteStream(path);
    out.write('time,price\n');
    for (let i = 0; i < ROWS; i += 10_000) {
      let block = '';
      for (let j = i; j < i + 10_000; j++) block += `${START_S + j * 60},${price(j)}\n`;
      if (!out.write(block)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }

  test('a 1,000,000-row file streams through with bounded memory', async () => {
    const path = join(dir, 'million.csv');
    await writeMillion(path);
    const size = statSync(path).size;
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let calls = 0;
    const result = await parseCsvFile(
      path,
      {},
      {
        onProgress: (read, total) => {
          calls++;
          expect(total).toBe(size);
          expect(read).toBeLessThanOrEqual(size);
          if (calls % 16 === 0) peak = Math.max(peak, process.memoryUsage().rss);
        },
      },
    );
    const r = expectOk(result);
    expect(r.report).toMatchObject({ rows: ROWS, points: ROWS, duplicatesDropped: 0, reversed: false });
    expect(r.report.gaps).toEqual({ typicalSpacingMs: 60_000, count: 0, first: [] });
    const ts = r.series.timestampMs;
    const close = r.series.close;
    expect(ts.length).toBe(ROWS);
    let wrong = 0;
    for (let i = 0; i < ROWS; i++) {
      if (ts[i] !== (START_S + i * 60) * 1000 || close[i] !== price(i)) wrong++;
    }
    expect(wrong).toBe(0);
    expect(calls).toBeGreaterThan(size / (128 * 1024));
    // The arrays are 16 MB (about 25 MB measured in total); holding the ~20 MB text and 1 M row
    // strings on top would blow the budget.
    expect(peak - baseline).toBeLessThan(120 * 1024 * 1024);
  });

  test('cancellation stops reading promptly', async () => {
    const path = join(dir, 'million.csv');
    const size = statSync(path).size;
    const controller = new AbortController();
    let lastRead = 0;
    const result = await parseCsvFile(
      path,
      {},
      {
        signal: controller.signal,
        onProgress: (read) => {
          lastRead = read;
          if (read > 1024 * 1024) controller.abort();
        },
      },
    );
    const err = expectError(result, { code: 'aborted' });
    expect(err.message).toContain('cancelled');
    expect(lastRead).toBeLessThan(size / 4);
    const pre = new AbortController();
    pre.abort();
    expectError(await parseCsvFile(path, {}, { signal: pre.signal }), { code: 'aborted' });
  });
});

describe('preview', () => {
  test('reads only the head, and reports the first error found there', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${1584000000 + i * 60},${i === 250 ? 'junk' : 5}`);
    const path = write('late-error.csv', ['time,close', ...rows].join('\n'));
    const preview = await previewCsv(path);
    expect(preview.ok && preview.preview.sampleError).toBeNull();
    expect(preview.ok && preview.preview.sampleRows).toHaveLength(5);
    expectError(await parseCsvFile(path), { code: 'invalid-number', row: 252 });
    const early = await previewCsv(write('early-error.csv', 'time,close\n1584000000,5\n1584000060,-1\n'));
    expect(early.ok && early.preview.sampleError).toMatchObject({ code: 'non-positive-price', row: 3 });
    const missing = await previewCsv(join(dir, 'nope.csv'));
    expect(missing).toMatchObject({ ok: false, error: { code: 'file-not-found' } });
  });
});

describe('chunk and text entry points', () => {
  test('parseCsvText and previewCsvChunks work on strings and bytes split anywhere', async () => {
    const text = simple([1, 2, 3]);
    const r = expectOk(await parseCsvText(text));
    expect(r.preview.file).toBe('<text>');
    const bytes = new TextEncoder().encode(`\ufeff${text}`);
    const pieces = [bytes.slice(0, 1), bytes.slice(1, 5), bytes.slice(5)];
    const fromBytes = await previewCsvChunks(pieces, { fileName: 'pasted.csv' });
    expect(fromBytes.ok && fromBytes.preview).toMatchObject({
      file: 'pasted.csv',
      bom: true,
      format: 'generic-price',
    });
    const series: PriceSeries = r.series;
    expect(arr(series.close)).toEqual([1, 2, 3]);
  });

  test('invalid options are errors, not exceptions', async () => {
    expectError(await parseCsvText('a', { delimiter: ':' as ',' }), { code: 'invalid-option' });
    expectError(await parseCsvText('a', { delimiter: ',', decimalSeparator: ',' }), {
      code: 'invalid-option',
    });
    expectError(await parseCsvText('a', { limits: { maxRows: -1 } }), { code: 'invalid-option' });
  });
});
