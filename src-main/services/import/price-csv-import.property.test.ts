import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { escapeFormulaText, priceSeriesToCsv } from '../export/csv.ts';
import { tokenizeCsv } from './csv-tokenizer.ts';
import { parseCsvChunks, parseCsvText, previewCsvChunks } from './price-csv-import.ts';
import type { CsvDelimiter, ImportResult, PriceSeries } from './types.ts';

interface Generated {
  series: PriceSeries;
  notes: string[];
}

const positiveDouble = fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true });
const volumeDouble = fc.double({ min: 0, noNaN: true, noDefaultInfinity: true });
const noteText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom(
      ',',
      ';',
      '\t',
      '|',
      '"',
      '\r',
      '\n',
      '=',
      '+',
      '-',
      '@',
      '\0',
      '\uFF1D',
      "'",
      'a',
      ' ',
    ),
    maxLength: 8,
  }),
);

/** A valid series: strictly increasing integer ms, any positive double prices, optional columns. */
const generatedSeries: fc.Arbitrary<Generated> = fc
  .record({
    start: fc.integer({ min: 946_684_800_000, max: 4_000_000_000_000 }),
    steps: fc.array(fc.integer({ min: 1, max: 1_000_000_000 }), { minLength: 0, maxLength: 25 }),
    withOhl: fc.boolean(),
    withVolume: fc.boolean(),
  })
  .chain(({ start, steps, withOhl, withVolume }) => {
    const n = steps.length + 1;
    const ts: number[] = [start];
    for (const s of steps) ts.push((ts[ts.length - 1] ?? 0) + s);
    const col = (a: fc.Arbitrary<number>) => fc.array(a, { minLength: n, maxLength: n });
    return fc
      .record({
        close: col(positiveDouble),
        ohl: withOhl
          ? fc.tuple(col(positiveDouble), col(positiveDouble), col(positiveDouble))
          : fc.constant(null),
        volume: withVolume ? col(volumeDouble) : fc.constant(null),
        notes: fc.array(noteText, { minLength: n, maxLength: n }),
      })
      .map(({ close, ohl, volume, notes }) => {
        const series: PriceSeries = { timestampMs: Float64Array.from(ts), close: Float64Array.from(close) };
        if (ohl !== null) {
          series.open = Float64Array.from(ohl[0]);
          series.high = Float64Array.from(ohl[1]);
          series.low = Float64Array.from(ohl[2]);
        }
        if (volume !== null) series.volume = Float64Array.from(volume);
        return { series, notes };
      });
  });

const delimiter = fc.constantFrom<CsvDelimiter>(',', ';', '\t', '|');
const lineEnding = fc.constantFrom<'\r\n' | '\n'>('\r\n', '\n');

function bitEqual(a: Float64Array | undefined, b: Float64Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function isWellFormedFailure(result: ImportResult): boolean {
  if (result.ok) return true;
  const e = result.error;
  return (
    typeof e.code === 'string' &&
    e.message.length > 0 &&
    (e.row === null || (Number.isInteger(e.row) && e.row >= 1)) &&
    e.file.length > 0
  );
}

describe('import properties', () => {
  test('any valid series exported as CSV imports back bit-exactly (delimiter detected)', async () => {
    await fc.assert(
      fc.asyncProperty(generatedSeries, delimiter, lineEnding, async ({ series, notes }, d, eol) => {
        const csv = priceSeriesToCsv(series, { delimiter: d, lineEnding: eol }, [
          { name: 'note', values: notes },
        ]);
        const result = await parseCsvText(csv);
        if (!result.ok) throw new Error(`${result.error.message}\n${JSON.stringify(csv.slice(0, 300))}`);
        expect(result.preview.delimiter).toBe(d);
        const got = result.series;
        expect(bitEqual(got.timestampMs, series.timestampMs)).toBe(true);
        expect(bitEqual(got.close, series.close)).toBe(true);
        expect(bitEqual(got.open, series.open)).toBe(true);
        expect(bitEqual(got.high, series.high)).toBe(true);
        expect(bitEqual(got.low, series.low)).toBe(true);
        expect(bitEqual(got.volume, series.volume)).toBe(true);
        expect(result.report.duplicatesDropped).toBe(0);
        // The note column is not imported; the tokenizer reads it back formula-escaped.
        const tokens = tokenizeCsv(csv, { delimiter: d });
        expect(tokens.ok && tokens.records.slice(1).map((r) => r.fields[r.fields.length - 1])).toEqual(
          notes.map(escapeFormulaText),
        );
      }),
      { numRuns: 200 },
    );
  });

  test('shuffled rows are rejected with a row number unless the order is ascending or fully descending', async () => {
    const shuffled = generatedSeries.chain((g) =>
      fc
        .shuffledSubarray([...g.series.timestampMs.keys()], {
          minLength: g.series.timestampMs.length,
          maxLength: g.series.timestampMs.length,
        })
        .map((order) => ({ g, order })),
    );
    await fc.assert(
      fc.asyncProperty(shuffled, async ({ g, order }) => {
        const pick = (a: Float64Array) => Float64Array.from(order, (i) => a[i] ?? 0);
        const permuted: PriceSeries = {
          timestampMs: pick(g.series.timestampMs),
          close: pick(g.series.close),
        };
        const result = await parseCsvText(priceSeriesToCsv(permuted));
        const n = order.length;
        const identity = order.every((v, i) => v === i);
        const reversed = order.every((v, i) => v === n - 1 - i);
        if (identity || reversed) {
          expect(result.ok).toBe(true);
          expect(result.ok && bitEqual(result.series.timestampMs, g.series.timestampMs)).toBe(true);
          expect(result.ok && bitEqual(result.series.close, g.series.close)).toBe(true);
          expect(result.ok && result.report.reversed).toBe(reversed && n > 1);
        } else {
          expect(result.ok).toBe(false);
          expect(!result.ok && result.error.code).toBe('out-of-order');
          expect(!result.ok && result.error.row).toBeGreaterThanOrEqual(3);
        }
      }),
    );
  });

  test('a non-finite or non-positive price is rejected with its row number', async () => {
    const bad = fc.oneof(
      fc.constantFrom('NaN', 'Infinity', '-Infinity', '0', '-0', '', '1e400', '0e5'),
      fc.double({ max: 0, noNaN: true, noDefaultInfinity: true }).map(String),
    );
    await fc.assert(
      fc.asyncProperty(generatedSeries, fc.nat(), bad, async ({ series }, k, value) => {
        const csv = priceSeriesToCsv(series, { lineEnding: '\n' });
        const lines = csv.split('\n');
        const index = 1 + (k % series.close.length);
        const cells = (lines[index] ?? '').split(',');
        const closeAt = cells.length - 1 - (series.volume ? 1 : 0);
        cells[closeAt] = value;
        lines[index] = cells.join(',');
        const result = await parseCsvText(lines.join('\n'));
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(['invalid-number', 'non-positive-price']).toContain(result.error.code);
          expect(result.error.row).toBe(index + 1);
          expect(result.error.column).toBe('close');
        }
      }),
    );
  });

  test('arbitrary junk never throws: it returns ok or a well-formed error', async () => {
    const csvish = fc.string({
      unit: fc.constantFrom(
        ',',
        ';',
        '\t',
        '|',
        '"',
        '\r',
        '\n',
        '1',
        '0',
        '.',
        '-',
        'e',
        ':',
        'T',
        'Z',
        ' ',
        '2020-03-12',
        'time',
        'close',
        '\ufeff',
      ),
      maxLength: 60,
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary' }), csvish), async (text) => {
        const result = await parseCsvText(text);
        expect(isWellFormedFailure(result)).toBe(true);
        const preview = await previewCsvChunks([text]);
        expect(typeof preview.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.nat(), async (bytes, cut) => {
        const at = cut % (bytes.length + 1);
        const result = await parseCsvChunks([bytes.slice(0, at), bytes.slice(at)]);
        expect(isWellFormedFailure(result)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('mutated valid files never throw, and errors point inside the file', async () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('insert', 'delete', 'replace'),
      char: fc.constantFrom(',', ';', '"', '\n', '\r', 'x', '-', '0', '.', ' ', 'NaN'),
    });
    await fc.assert(
      fc.asyncProperty(
        generatedSeries,
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        async ({ series, notes }, ms) => {
          let text = priceSeriesToCsv(series, {}, [{ name: 'note', values: notes }]);
          for (const m of ms) {
            const i = m.at % (text.length + 1);
            if (m.kind === 'insert') text = text.slice(0, i) + m.char + text.slice(i);
            else if (m.kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
            else text = text.slice(0, i) + m.char + text.slice(i + 1);
          }
          const result = await parseCsvText(text);
          expect(isWellFormedFailure(result)).toBe(true);
          if (!result.ok && result.error.row !== null) {
            const lines = text.split(/\r\n|\r|\n/).length;
            expect(result.error.row).toBeLessThanOrEqual(lines);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
