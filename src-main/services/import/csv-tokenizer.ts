/**
 * RFC 4180 CSV tokenizer: a state machine fed by chunks of text of any size and split anywhere
 * (inside a quoted field, between CR and LF, ...). Memory is bounded by the size limits: a field
 * is never buffered past `maxFieldChars`, so a 10 MB field costs at most the limit plus a chunk.
 *
 * - A UTF-8 BOM (U+FEFF) at the very start is stripped and reported.
 * - LF, CRLF and bare CR all end a record; inside a quoted field they are kept as they are.
 * - A quote starts a quoted field only as the field's first character; `""` inside is one quote.
 *   A quote inside an unquoted field, or anything but a delimiter/line break after a closing
 *   quote, is an error (strict, never guessed).
 * - Blank lines (no characters at all) are skipped and counted; `""` on its own line is a record.
 * - Rows are physical 1-based line numbers where the record starts.
 */
import type { LineEnding } from './types.ts';

export type CsvSyntaxErrorCode =
  | 'quote-not-closed'
  | 'invalid-closing-quote'
  | 'stray-quote'
  | 'field-too-large'
  | 'record-too-large'
  | 'too-many-columns';

/** A syntax error; `detail` says what is wrong and how to fix it, without the location. */
export interface CsvSyntaxError {
  code: CsvSyntaxErrorCode;
  row: number;
  /** 0-based index of the field being read. */
  columnIndex: number;
  detail: string;
}

export interface CsvTokenizerOptions {
  /** One character. */
  delimiter: string;
  maxFieldChars?: number;
  maxRecordChars?: number;
  maxColumns?: number;
}

/** Receives each record; return `false` to stop the tokenizer. */
export type CsvRecordHandler = (fields: string[], row: number) => boolean | void;

export const DEFAULT_MAX_FIELD_CHARS = 1024 * 1024;
export const DEFAULT_MAX_RECORD_CHARS = 4 * 1024 * 1024;
export const DEFAULT_MAX_COLUMNS = 1024;

const QUOTE = 34;
const CR = 13;
const LF = 10;
const BOM = 0xfeff;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

function formatCount(chars: number): string {
  return chars % (1024 * 1024) === 0 ? `${chars / (1024 * 1024)} MiB` : `${chars} characters`;
}

/** Streaming RFC 4180 tokenizer; see the module comment for the rules. */
export class CsvTokenizer {
  /** A BOM was stripped from the start. */
  bom = false;
  /** The first record break seen. */
  lineEnding: LineEnding | null = null;
  /** Blank lines skipped. */
  blankLines = 0;

  private readonly delim: number;
  private readonly maxField: number;
  private readonly maxRecord: number;
  private readonly maxColumns: number;
  private readonly onRecord: CsvRecordHandler;

  private state = FIELD_START;
  private fields: string[] = [];
  private partial = '';
  private recordChars = 0;
  private recordQuoted = false;
  private line = 1;
  private recordRow = 1;
  private afterCR = false;
  private started = false;
  private done = false;
  private failure: CsvSyntaxError | null = null;

  constructor(options: CsvTokenizerOptions, onRecord: CsvRecordHandler) {
    if (options.delimiter.length !== 1 || '"\r\n'.includes(options.delimiter)) {
      throw new RangeError(`CSV delimiter must be one character other than '"', CR or LF`);
    }
    this.delim = options.delimiter.charCodeAt(0);
    this.maxField = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
    this.maxRecord = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
    this.onRecord = onRecord;
  }

  /** The line the tokenizer has reached (for errors raised outside the tokenizer). */
  get currentLine(): number {
    return this.line;
  }

  /** The error that stopped the tokenizer, if any. */
  get error(): CsvSyntaxError | null {
    return this.failure;
  }

  /** True once stopped by the handler, by an error, or by `end()`. */
  get finished(): boolean {
    return this.done;
  }

  /** Feed the next chunk. Returns the syntax error that stopped parsing, if any. */
  push(chunk: string): CsvSyntaxError | null {
    if (this.done) return this.failure;
    const n = chunk.length;
    let i = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === BOM) {
        this.bom = true;
        i = 1;
      }
    }
    const delim = this.delim;
    let seg = i;
    while (i < n) {
      const state = this.state;
      if (state === FIELD_START) {
        const c = chunk.charCodeAt(i);
        if (this.afterCR) {
          this.afterCR = false;
          if (c === LF) {
            if (this.lineEnding === null) this.lineEnding = 'CRLF';
            i++;
            continue;
          }
          if (this.lineEnding === null) this.lineEnding = 'CR';
        }
        if (this.fields.length === 0) this.recordRow = this.line;
        if (c === QUOTE) {
          this.state = QUOTED;
          this.recordQuoted = true;
          i++;
          seg = i;
        } else if (c === delim) {
          if (!this.endField('')) return this.failure;
          i++;
        } else if (c === CR || c === LF) {
          if (!this.endField('')) return this.failure;
          this.newline(c);
          i++;
          if (!this.endRecord()) return this.failure;
        } else {
          this.state = UNQUOTED;
          seg = i;
        }
      } else if (state === UNQUOTED) {
        const limit = Math.min(n, i + (this.maxField - this.partial.length) + 1);
        let j = i;
        let c = 0;
        while (j < limit) {
          c = chunk.charCodeAt(j);
          if (c === delim || c === CR || c === LF || c === QUOTE) break;
          j++;
        }
        if (this.partial.length + (j - seg) > this.maxField) return this.fieldTooLarge();
        if (j === n) {
          this.partial += chunk.slice(seg, n);
          break;
        }
        if (c === QUOTE) {
          return this.fail(
            'stray-quote',
            `a '"' appears inside an unquoted value; wrap the whole value in quotes and double the inner quote ("")`,
          );
        }
        const value = this.partial.length === 0 ? chunk.slice(seg, j) : this.partial + chunk.slice(seg, j);
        this.partial = '';
        this.state = FIELD_START;
        if (!this.endField(value)) return this.failure;
        i = j + 1;
        if (c !== delim) {
          this.newline(c);
          if (!this.endRecord()) return this.failure;
        }
      } else if (state === QUOTED) {
        const limit = Math.min(n, i + (this.maxField - this.partial.length - (i - seg)) + 1);
        let j = i;
        let afterCR = this.afterCR;
        let line = this.line;
        while (j < limit) {
          const c = chunk.charCodeAt(j);
          if (c === QUOTE) break;
          if (c === CR) {
            line++;
            afterCR = true;
          } else {
            if (c === LF && !afterCR) line++;
            afterCR = false;
          }
          j++;
        }
        this.line = line;
        this.afterCR = afterCR;
        if (this.partial.length + (j - seg) > this.maxField) return this.fieldTooLarge();
        if (j === n) {
          this.partial += chunk.slice(seg, n);
          break;
        }
        this.partial += chunk.slice(seg, j);
        this.afterCR = false;
        this.state = QUOTE_IN_QUOTED;
        i = j + 1;
      } else {
        // QUOTE_IN_QUOTED: the previous character was a quote inside a quoted field.
        const c = chunk.charCodeAt(i);
        if (c === QUOTE) {
          if (this.partial.length + 1 > this.maxField) return this.fieldTooLarge();
          this.partial += '"';
          this.state = QUOTED;
          i++;
          seg = i;
        } else if (c === delim || c === CR || c === LF) {
          const value = this.partial;
          this.partial = '';
          this.state = FIELD_START;
          if (!this.endField(value)) return this.failure;
          i++;
          if (c !== delim) {
            this.newline(c);
            if (!this.endRecord()) return this.failure;
          }
        } else {
          return this.fail(
            'invalid-closing-quote',
            `unexpected text after a closing quote; a quoted value must be followed by the delimiter or a line break — double any '"' inside the value ("")`,
          );
        }
      }
    }
    return null;
  }

  /** Signal end of input: flushes the last record. Returns the syntax error, if any. */
  end(): CsvSyntaxError | null {
    if (this.done) return this.failure;
    if (this.afterCR && this.lineEnding === null) this.lineEnding = 'CR';
    if (this.state === QUOTED) {
      return this.fail(
        'quote-not-closed',
        `a quoted value opened on line ${this.recordRow} is never closed; add the closing '"' or remove the stray quote`,
      );
    }
    if (this.state === UNQUOTED || this.state === QUOTE_IN_QUOTED) {
      const value = this.partial;
      this.partial = '';
      this.state = FIELD_START;
      if (!this.endField(value)) return this.failure;
      if (!this.endRecord()) return this.failure;
    } else if (this.fields.length > 0) {
      if (!this.endField('')) return this.failure;
      if (!this.endRecord()) return this.failure;
    }
    this.done = true;
    return null;
  }

  private newline(c: number): void {
    this.line++;
    if (c === CR) {
      this.afterCR = true;
    } else if (this.lineEnding === null) {
      this.lineEnding = 'LF';
    }
  }

  private endField(value: string): boolean {
    if (this.fields.length >= this.maxColumns) {
      this.fail(
        'too-many-columns',
        `the record has more than ${this.maxColumns} fields; check the delimiter or split the file`,
      );
      return false;
    }
    this.recordChars += value.length;
    if (this.recordChars > this.maxRecord) {
      this.fail(
        'record-too-large',
        `the record is longer than ${formatCount(this.maxRecord)}; this is not a price row — check for a missing closing quote`,
      );
      return false;
    }
    this.fields.push(value);
    return true;
  }

  /** Emits the record; false when the tokenizer must stop (handler said so). */
  private endRecord(): boolean {
    const fields = this.fields;
    const blank = fields.length === 1 && fields[0] === '' && !this.recordQuoted;
    this.fields = [];
    this.recordChars = 0;
    this.recordQuoted = false;
    if (blank) {
      this.blankLines++;
      return true;
    }
    if (this.onRecord(fields, this.recordRow) === false) {
      this.done = true;
      return false;
    }
    return true;
  }

  private fieldTooLarge(): CsvSyntaxError {
    return this.fail(
      'field-too-large',
      `a value is longer than ${formatCount(this.maxField)}; this is not a price value — check for a missing closing quote or remove the column`,
    );
  }

  private fail(code: CsvSyntaxErrorCode, detail: string): CsvSyntaxError {
    const error: CsvSyntaxError = { code, row: this.recordRow, columnIndex: this.fields.length, detail };
    this.failure = error;
    this.done = true;
    this.fields = [];
    this.partial = '';
    return error;
  }
}

export interface CsvRecord {
  row: number;
  fields: string[];
}

export type TokenizeResult =
  | { ok: true; records: CsvRecord[]; bom: boolean; lineEnding: LineEnding | null }
  | { ok: false; error: CsvSyntaxError };

/** Tokenizes a whole string (tests, small inputs); the importer streams instead. */
export function tokenizeCsv(text: string, options: CsvTokenizerOptions): TokenizeResult {
  const records: CsvRecord[] = [];
  const tokenizer = new CsvTokenizer(options, (fields, row) => {
    records.push({ row, fields });
  });
  const error = tokenizer.push(text) ?? tokenizer.end();
  if (error !== null) return { ok: false, error };
  return { ok: true, records, bom: tokenizer.bom, lineEnding: tokenizer.lineEnding };
}
