/**
 * Streaming import of price series from CSV. One pass over the file: the head (first records,
 * kept as text until the layout is known, at most a few hundred KiB) is tokenized with every
 * candidate delimiter for detection, then replayed into the main tokenizer, which reads the rest
 * of the stream chunk by chunk. Only the parsed Float64Arrays grow with the file.
 *
 * Nothing here throws: every failure, including junk input and cancellation, comes back as
 * `{ ok: false, error }` with a located, fix-oriented message.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  CsvTokenizer,
  DEFAULT_MAX_COLUMNS,
  DEFAULT_MAX_FIELD_CHARS,
  DEFAULT_MAX_RECORD_CHARS,
  type CsvRecord,
  type CsvSyntaxError,
} from './csv-tokenizer.ts';
import { chooseDelimiter, delimiterName, detectLayout, DELIMITERS, type CsvLayout } from './detect-layout.ts';
import { ImportFailure, importError, importWarning, quoteValue } from './import-error.ts';
import { PriceRowReader, type RowReaderSettings } from './price-rows.ts';
import { ZoneConverter } from './timestamps.ts';
import type {
  CsvDelimiter,
  ImportError,
  ImportLimits,
  ImportOptions,
  ImportPreview,
  ImportResult,
  ParseControl,
  PreviewResult,
} from './types.ts';

/** Defaults of `ImportOptions.limits`. */
export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = {
  maxFieldChars: DEFAULT_MAX_FIELD_CHARS,
  maxRecordChars: DEFAULT_MAX_RECORD_CHARS,
  maxColumns: DEFAULT_MAX_COLUMNS,
  maxRows: 5_000_000,
  maxFileBytes: 1024 * 1024 * 1024,
};

/** Records per candidate delimiter used for detection. */
const SAMPLE_RECORDS = 50;
/** Head text read before detection when the records are short. */
const HEAD_TARGET_CHARS = 256 * 1024;
const READ_CHUNK_BYTES = 64 * 1024;
const PREVIEW_SAMPLE_ROWS = 5;

interface Settings {
  file: string;
  limits: ImportLimits;
  rows: RowReaderSettings;
  options: ImportOptions;
}

/** A source of text chunks plus how many input bytes it has consumed. */
interface ChunkSource {
  chunks: AsyncIterator<string>;
  bytesRead: () => number;
  totalBytes: number | null;
}

function fail(file: string, code: ImportError['code'], detail: string): ImportFailure {
  return new ImportFailure(importError(file, code, null, null, detail));
}

function resolveSettings(file: string, options: ImportOptions): Settings {
  const limits: ImportLimits = { ...DEFAULT_IMPORT_LIMITS };
  for (const [key, value] of Object.entries(options.limits ?? {})) {
    if (!(key in limits)) throw fail(file, 'invalid-option', `limits.${key} is not a known limit; remove it`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw fail(file, 'invalid-option', `limits.${key} must be a positive integer; got ${String(value)}`);
    }
    limits[key as keyof ImportLimits] = value;
  }
  if (options.delimiter !== undefined && !DELIMITERS.includes(options.delimiter)) {
    throw fail(
      file,
      'invalid-option',
      `delimiter must be one of ',', ';', tab or '|'; got ${quoteValue(String(options.delimiter))}`,
    );
  }
  const decimal = options.decimalSeparator ?? '.';
  if (decimal !== '.' && decimal !== ',') {
    throw fail(
      file,
      'invalid-option',
      `decimalSeparator must be '.' or ','; got ${quoteValue(String(decimal))}`,
    );
  }
  if (decimal === ',' && options.delimiter === ',') {
    throw fail(
      file,
      'invalid-option',
      "',' cannot be both the delimiter and the decimal separator; choose ';' or tab as delimiter",
    );
  }
  const timeZone = options.timeZone ?? null;
  if (timeZone !== null && (typeof timeZone !== 'string' || ZoneConverter.create(timeZone) === null)) {
    throw fail(
      file,
      'unknown-time-zone',
      `unknown time zone ${quoteValue(String(timeZone))}; use an IANA name such as 'Europe/Berlin', 'America/New_York' or 'UTC'`,
    );
  }
  const ambiguous = options.ambiguousLocalTime ?? 'reject';
  if (!['reject', 'earlier', 'later'].includes(ambiguous)) {
    throw fail(file, 'invalid-option', `ambiguousLocalTime must be 'reject', 'earlier' or 'later'`);
  }
  const dateOrder = options.dateOrder ?? null;
  if (dateOrder !== null && dateOrder !== 'mdy' && dateOrder !== 'dmy') {
    throw fail(
      file,
      'invalid-option',
      `dateOrder must be 'mdy' (9/1/1987 is 1 September) or 'dmy' (9 January)`,
    );
  }
  const jump = options.priceJumpWarningRatio ?? 0.5;
  if (typeof jump !== 'number' || !(jump > 0) || !Number.isFinite(jump)) {
    throw fail(file, 'invalid-option', 'priceJumpWarningRatio must be a positive number such as 0.5');
  }
  return {
    file,
    limits,
    options,
    rows: {
      decimalSeparator: decimal,
      timeZone,
      ambiguousLocalTime: ambiguous,
      dateOrder,
      priceJumpWarningRatio: jump,
      maxRows: limits.maxRows,
    },
  };
}

/** Decodes UTF-8 byte chunks strictly; UTF-16 and invalid bytes are errors. */
class Utf8ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private first = true;
  private offset = 0;
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  decode(bytes: Uint8Array): string {
    if (this.first && bytes.length > 0) {
      this.first = false;
      const [b0, b1, b2, b3] = bytes;
      const utf16Bom = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff);
      const utf16Zeros =
        bytes.length >= 4 && ((b0 !== 0 && b1 === 0 && b3 === 0) || (b0 === 0 && b2 === 0 && b1 !== 0));
      if (utf16Bom || utf16Zeros) {
        throw fail(
          this.file,
          'utf16',
          'the file is UTF-16 encoded; save it as UTF-8 (in Excel: "CSV UTF-8")',
        );
      }
    }
    const start = this.offset;
    this.offset += bytes.length;
    try {
      return this.decoder.decode(bytes, { stream: true });
    } catch {
      throw fail(
        this.file,
        'not-utf8',
        `the file is not valid UTF-8 (between bytes ${start} and ${this.offset}); save it as UTF-8 (in Excel: "CSV UTF-8")`,
      );
    }
  }

  flush(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw fail(
        this.file,
        'not-utf8',
        'the file ends in the middle of a UTF-8 character; save it as UTF-8 again',
      );
    }
  }
}

export async function* decodeChunks(
  input: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  file: string,
  count: (n: number) => void,
): AsyncGenerator<string> {
  const decoder = new Utf8ChunkDecoder(file);
  let bytes = false;
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      count(chunk.length);
      if (chunk.length > 0) yield chunk;
    } else {
      bytes = true;
      count(chunk.length);
      const text = decoder.decode(chunk);
      if (text.length > 0) yield text;
    }
  }
  if (bytes) {
    const tail = decoder.flush();
    if (tail.length > 0) yield tail;
  }
}

export function fileReadError(file: string, error: unknown): ImportFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT')
    return fail(file, 'file-not-found', 'the file does not exist; check the path or choose the file again');
  if (code === 'EISDIR')
    return fail(file, 'file-unreadable', 'this is a folder, not a file; choose a CSV file');
  if (code === 'EACCES' || code === 'EPERM') {
    return fail(file, 'file-unreadable', 'permission denied; check that you may read the file');
  }
  return fail(
    file,
    'file-unreadable',
    `the file could not be read (${String((error as Error)?.message ?? error)}); check that it is a readable local file`,
  );
}

async function openFileSource(path: string, settings: Settings): Promise<ChunkSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    size = info.size;
  } catch (error) {
    throw fileReadError(settings.file, error);
  }
  if (size > settings.limits.maxFileBytes) {
    throw fail(
      settings.file,
      'file-too-large',
      `the file is ${size} bytes, more than the limit of ${settings.limits.maxFileBytes}; split it or raise the limit`,
    );
  }
  let bytesRead = 0;
  async function* read(): AsyncGenerator<string> {
    const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    try {
      const iterable = (async function* () {
        try {
          for await (const chunk of stream) yield chunk as Uint8Array;
        } catch (error) {
          throw fileReadError(settings.file, error);
        }
      })();
      yield* decodeChunks(iterable, settings.file, (n) => {
        bytesRead += n;
      });
    } finally {
      stream.destroy();
    }
  }
  return { chunks: read(), bytesRead: () => bytesRead, totalBytes: size };
}

function chunkSource(
  input: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  settings: Settings,
): ChunkSource {
  let bytesRead = 0;
  const chunks = decodeChunks(input, settings.file, (n) => {
    bytesRead += n;
  });
  return { chunks, bytesRead: () => bytesRead, totalBytes: null };
}

/** Pulls the next chunk, reporting progress and honouring cancellation. */
async function nextChunk(
  source: ChunkSource,
  settings: Settings,
  control: ParseControl,
): Promise<string | null> {
  const aborted = () =>
    fail(
      settings.file,
      'aborted',
      'the import was cancelled; nothing was imported — start it again to import the file',
    );
  if (control.signal?.aborted) throw aborted();
  const next = await source.chunks.next();
  if (control.signal?.aborted) throw aborted();
  control.onProgress?.(source.bytesRead(), source.totalBytes);
  return next.done ? null : next.value;
}

function syntaxError(
  settings: Settings,
  error: CsvSyntaxError,
  names: readonly string[] | null,
): ImportError {
  const column = names?.[error.columnIndex] ?? `column ${error.columnIndex + 1}`;
  return importError(settings.file, error.code, error.row, column, error.detail);
}

interface Head {
  chunks: string[];
  layout: CsvLayout;
  delimiterSource: 'detected' | 'option';
  bom: boolean;
  lineEnding: ImportPreview['lineEnding'];
}

/** Reads the head and detects the layout; the source is left positioned after the head. */
async function readHead(source: ChunkSource, settings: Settings, control: ParseControl): Promise<Head> {
  const { limits, options } = settings;
  const delimiters = options.delimiter !== undefined ? [options.delimiter] : DELIMITERS;
  const candidates = delimiters.map((delimiter) => {
    const records: CsvRecord[] = [];
    const tokenizer = new CsvTokenizer(
      {
        delimiter,
        maxFieldChars: limits.maxFieldChars,
        maxRecordChars: limits.maxRecordChars,
        maxColumns: limits.maxColumns,
      },
      (fields, row) => {
        records.push({ row, fields });
        return records.length < SAMPLE_RECORDS;
      },
    );
    return { delimiter, records, tokenizer, error: null as CsvSyntaxError | null };
  });
  const chunks: string[] = [];
  let headChars = 0;
  while (
    !candidates.every(
      (c) => c.tokenizer.finished || (c.records.length >= 2 && headChars >= HEAD_TARGET_CHARS),
    )
  ) {
    const chunk = await nextChunk(source, settings, control);
    if (chunk === null) {
      for (const c of candidates) c.error = c.tokenizer.end() ?? c.error;
      break;
    }
    chunks.push(chunk);
    headChars += chunk.length;
    for (const c of candidates) {
      if (!c.tokenizer.finished) c.error = c.tokenizer.push(chunk);
    }
  }
  if (headChars === 0 || chunks.every((c) => c.trim() === '' || c === '\ufeff')) {
    throw fail(settings.file, 'empty-file', 'the file is empty; export the price series again');
  }
  const withRecords = candidates.filter((c) => c.records.length > 0);
  if (withRecords.length === 0) {
    const failed = candidates.find((c) => c.error !== null);
    if (failed?.error) throw new ImportFailure(syntaxError(settings, failed.error, null));
    throw fail(settings.file, 'empty-file', 'the file has no rows; export the price series again');
  }
  let delimiter: CsvDelimiter;
  if (options.delimiter !== undefined) {
    delimiter = options.delimiter;
  } else {
    const chosen = chooseDelimiter(withRecords);
    if (!chosen.ok) {
      // A syntax error in the first rows explains a failed detection better than "no delimiter".
      const failed = candidates.find((c) => c.error !== null && c.records.length < 2);
      if (failed?.error) throw new ImportFailure(syntaxError(settings, failed.error, null));
      const f = chosen.failure;
      throw new ImportFailure(importError(settings.file, f.code, f.row, f.column, f.detail));
    }
    delimiter = chosen.delimiter;
  }
  const candidate = candidates.find((c) => c.delimiter === delimiter);
  if (candidate === undefined) throw fail(settings.file, 'internal', 'no candidate for the chosen delimiter');
  const detected = detectLayout(candidate.records, delimiter, options);
  if (!detected.ok) {
    const f = detected.failure;
    throw new ImportFailure(importError(settings.file, f.code, f.row, f.column, f.detail));
  }
  return {
    chunks,
    layout: detected.layout,
    delimiterSource: options.delimiter !== undefined ? 'option' : 'detected',
    bom: candidate.tokenizer.bom,
    lineEnding: candidate.tokenizer.lineEnding,
  };
}

function buildPreview(head: Head, settings: Settings): ImportPreview {
  const { layout } = head;
  const reader = new PriceRowReader(layout, settings.rows, settings.file);
  let sampleError: ImportError | null = null;
  for (const record of layout.dataSample) {
    sampleError = reader.read(record.fields, record.row);
    if (sampleError !== null) break;
  }
  const warnings = [...reader.warnings];
  for (const title of layout.titleRows) {
    warnings.unshift(
      importWarning(
        'leading-rows-skipped',
        title.row,
        `row ${title.row} (${quoteValue(title.fields[0] ?? '')}) is a title line above the header and was skipped`,
      ),
    );
  }
  if (layout.detectedDecimalSeparator === ',' && layout.decimalSeparator !== ',') {
    warnings.push(
      importWarning(
        'decimal-comma-detected',
        layout.dataSample[0]?.row ?? null,
        `the values use ',' as decimal separator (the delimiter is ${delimiterName(layout.delimiter)}); ` +
          "choose decimal separator ',' (decimalSeparator: ',') to import them",
      ),
    );
  }
  if (reader.order === 'descending') {
    warnings.push(
      importWarning(
        'reversed',
        layout.dataSample[0]?.row ?? null,
        'the rows are newest first; the import reverses them to oldest first',
      ),
    );
  }
  const roles = new Map<number, ImportPreview['columns'][number]['role']>();
  for (const [field, index] of Object.entries(layout.mapping)) {
    if (index !== null) roles.set(index, field as ImportPreview['columns'][number]['role']);
  }
  const order = reader.order;
  return {
    file: settings.file,
    bom: head.bom,
    delimiter: layout.delimiter,
    delimiterSource: head.delimiterSource,
    decimalSeparator: layout.decimalSeparator,
    detectedDecimalSeparator: layout.detectedDecimalSeparator,
    lineEnding: head.lineEnding,
    leadingRowsSkipped: layout.titleRows.length,
    hasHeader: layout.hasHeader,
    headerRow: layout.headerRow,
    format: layout.format,
    columnCount: layout.columnCount,
    columns: layout.columnNames.map((name, index) => ({ index, name, role: roles.get(index) ?? 'ignored' })),
    mapping: layout.mapping,
    time: reader.timeHandling(),
    order,
    willReverse: order === 'descending',
    sampleRows: layout.dataSample
      .slice(0, PREVIEW_SAMPLE_ROWS)
      .map((r) => ({ row: r.row, fields: r.fields })),
    sampleError,
    warnings,
  };
}

function internalError(file: string, error: unknown): ImportError {
  return importError(
    file,
    'internal',
    null,
    null,
    `unexpected error while importing (${String((error as Error)?.message ?? error)}); please report this with the file`,
  );
}

async function previewFromSource(
  makeSource: (settings: Settings) => Promise<ChunkSource> | ChunkSource,
  file: string,
  options: ImportOptions,
): Promise<PreviewResult> {
  let source: ChunkSource | null = null;
  try {
    const settings = resolveSettings(file, options);
    source = await makeSource(settings);
    const head = await readHead(source, settings, {});
    return { ok: true, preview: buildPreview(head, settings) };
  } catch (error) {
    if (error instanceof ImportFailure) return { ok: false, error: error.detail };
    return { ok: false, error: internalError(file, error) };
  } finally {
    await source?.chunks.return?.(undefined).catch(() => undefined);
  }
}

async function importFromSource(
  makeSource: (settings: Settings) => Promise<ChunkSource> | ChunkSource,
  file: string,
  options: ImportOptions,
  control: ParseControl,
): Promise<ImportResult> {
  let source: ChunkSource | null = null;
  let preview: ImportPreview | undefined;
  try {
    const settings = resolveSettings(file, options);
    source = await makeSource(settings);
    const head = await readHead(source, settings, control);
    preview = buildPreview(head, settings);
    const { layout } = head;
    const reader = new PriceRowReader(layout, settings.rows, settings.file);
    const stop: { rowError: ImportError | null } = { rowError: null };
    let recordIndex = 0;
    const tokenizer = new CsvTokenizer(
      {
        delimiter: layout.delimiter,
        maxFieldChars: settings.limits.maxFieldChars,
        maxRecordChars: settings.limits.maxRecordChars,
        maxColumns: settings.limits.maxColumns,
      },
      (fields, row) => {
        recordIndex++;
        if (recordIndex <= layout.recordsBeforeData) return true;
        stop.rowError = reader.read(fields, row);
        return stop.rowError === null;
      },
    );
    let syntax: CsvSyntaxError | null = null;
    for (const chunk of head.chunks) {
      syntax = tokenizer.push(chunk);
      if (tokenizer.finished) break;
    }
    head.chunks.length = 0;
    while (!tokenizer.finished) {
      const chunk = await nextChunk(source, settings, control);
      syntax = chunk === null ? tokenizer.end() : tokenizer.push(chunk);
    }
    if (stop.rowError !== null) return { ok: false, error: stop.rowError, preview };
    if (syntax !== null)
      return { ok: false, error: syntaxError(settings, syntax, layout.columnNames), preview };
    const finished = reader.finish();
    if (!finished.ok) return { ok: false, error: finished.error, preview };
    const warnings = [
      ...preview.warnings.filter((w) => w.code !== 'time-zone-assumed' && w.code !== 'reversed'),
      ...finished.report.warnings,
    ];
    if (tokenizer.blankLines > 0) {
      warnings.push(
        importWarning('blank-lines-skipped', null, `${tokenizer.blankLines} blank lines were skipped`),
      );
    }
    return { ok: true, series: finished.series, preview, report: { ...finished.report, warnings } };
  } catch (error) {
    const detail = error instanceof ImportFailure ? error.detail : internalError(file, error);
    return preview === undefined ? { ok: false, error: detail } : { ok: false, error: detail, preview };
  } finally {
    await source?.chunks.return?.(undefined).catch(() => undefined);
  }
}

/**
 * Detects the layout of a CSV price file from its head (reads only the first records) and
 * returns the preview to show before importing.
 */
export function previewCsv(path: string, options: ImportOptions = {}): Promise<PreviewResult> {
  const file = options.fileName ?? basename(path);
  return previewFromSource((settings) => openFileSource(path, settings), file, options);
}

/**
 * Streams a CSV price file into a series. Memory grows only with the parsed arrays; progress is
 * reported per 64 KiB chunk and `signal` stops reading at the next chunk.
 */
export function parseCsvFile(
  path: string,
  options: ImportOptions = {},
  control: ParseControl = {},
): Promise<ImportResult> {
  const file = options.fileName ?? basename(path);
  return importFromSource((settings) => openFileSource(path, settings), file, options, control);
}

/**
 * Imports from chunks of text or UTF-8 bytes (split anywhere). `bytesRead` in progress counts
 * UTF-16 units for string chunks and bytes for byte chunks.
 */
export function parseCsvChunks(
  chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  options: ImportOptions = {},
  control: ParseControl = {},
): Promise<ImportResult> {
  const file = options.fileName ?? '<text>';
  return importFromSource((settings) => chunkSource(chunks, settings), file, options, control);
}

/** Preview for chunk input (see `previewCsv`). */
export function previewCsvChunks(
  chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  options: ImportOptions = {},
): Promise<PreviewResult> {
  const file = options.fileName ?? '<text>';
  return previewFromSource((settings) => chunkSource(chunks, settings), file, options);
}

/** Imports a whole CSV text (tests, clipboard). */
export function parseCsvText(text: string, options: ImportOptions = {}): Promise<ImportResult> {
  return parseCsvChunks([text], options);
}
