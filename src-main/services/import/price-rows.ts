/**
 * Turns data records into validated series rows: column count, strict numbers, price > 0,
 * volume ≥ 0, one timestamp format per file, time zones, order and duplicates. The first
 * problem is returned as a located error; warnings are collected.
 */
import type { CsvLayout } from './detect-layout.ts';
import { delimiterName } from './detect-layout.ts';
import { importError, importWarning, quoteValue } from './import-error.ts';
import { SeriesBuilder, type SeriesRow } from './series-builder.ts';
import { parseStrictNumber, type NumberProblem } from './strict-number.ts';
import {
  epochToMs,
  epochUnitOf,
  formatUtc,
  formatWall,
  isoToUtcMs,
  parseEpochText,
  isOrderedDate,
  parseIsoTimestamp,
  parseOrderedDate,
  ZoneConverter,
  MIN_EPOCH_SECONDS,
  type EpochUnit,
  type IsoTimestamp,
} from './timestamps.ts';
import type {
  AmbiguousLocalTime,
  DateOrder,
  DecimalSeparator,
  ImportError,
  ImportReport,
  ImportWarning,
  PriceSeries,
  TimeHandling,
} from './types.ts';

/** Options after validation. */
export interface RowReaderSettings {
  decimalSeparator: DecimalSeparator;
  timeZone: string | null;
  ambiguousLocalTime: AmbiguousLocalTime;
  /** How to read `9/1/1987`; null: such dates are refused as ambiguous. */
  dateOrder: DateOrder | null;
  priceJumpWarningRatio: number;
  maxRows: number;
}

const UNIT_NAMES: Record<EpochUnit, string> = { s: 'seconds', ms: 'milliseconds', us: 'microseconds' };
const MAX_DATE_MS = 8.64e15;

function numberHint(problem: NumberProblem, delimiter: string, decimal: DecimalSeparator): string {
  switch (problem) {
    case 'empty':
      return 'the cell is empty; fill in the value or remove the row';
    case 'not-finite':
      return 'NaN and Infinity are not values; fix the value or remove the row';
    case 'decimal-comma':
      return delimiter === ','
        ? "the file uses ',' as delimiter; use '.' for decimals"
        : `the value uses ',' as decimal separator (the file uses ${delimiterName(delimiter)} as delimiter); ` +
            "import with decimal separator ',' (decimalSeparator: ',') or write it with '.'";
    case 'decimal-point':
      return "the import is set to decimal comma (','), but this value uses '.'; write it with ',' or import with decimal separator '.'";
    case 'thousands-separator':
      return decimal === ','
        ? "'.' grouping is only accepted together with a decimal comma (1.234,5); remove the grouping"
        : 'remove the thousands separators (write 1234567.5)';
    case 'overflow':
      return 'it is out of range (larger than about 1.8e308); fix the value';
    case 'underflow':
      return 'it is too small to represent (rounds to 0); fix the value';
    case 'syntax':
      return decimal === ','
        ? 'write a plain decimal number like 1234,5'
        : 'write a plain decimal number like 1234.5';
  }
}

/** Reads timestamps with one format per file. */
class TimestampReader {
  kind: TimeHandling['kind'] | null = null;
  unit: EpochUnit | null;
  source: TimeHandling['source'] | null = null;
  zone: ZoneConverter | null = null;
  readonly offsets = new Set<number>();
  private kindRow = 0;
  private kindExample = '';
  private unitFromMagnitude = false;
  private readonly hint: EpochUnit | null;
  private readonly settings: RowReaderSettings;
  private readonly columnIsUtc: boolean;

  constructor(layout: CsvLayout, settings: RowReaderSettings) {
    this.hint = layout.timeUnitHint;
    this.unit = layout.timeUnitHint;
    this.settings = settings;
    this.columnIsUtc = layout.timeColumnIsUtc;
  }

  handling(): TimeHandling | null {
    if (this.kind === null || this.source === null) return null;
    return {
      kind: this.kind,
      epochUnit: this.kind === 'epoch' ? this.unit : null,
      timeZone: this.kind === 'naive' ? (this.zone?.timeZone ?? null) : null,
      source: this.source,
    };
  }

  /** ms, or an error detail string (code + detail). */
  read(text: string, row: number): number | { code: ImportError['code']; detail: string } {
    const t = text.trim();
    const epoch = parseEpochText(t, this.settings.decimalSeparator);
    if (epoch !== null) {
      const mismatch = this.checkKind('epoch', t, row);
      if (mismatch !== null) return mismatch;
      const approx = Number(`${epoch.intPart}.${epoch.fracPart || '0'}`);
      let unit = this.unit;
      if (unit === null || this.unitFromMagnitude) {
        const byMagnitude = epochUnitOf(approx);
        if (byMagnitude === null) {
          return {
            code: 'invalid-timestamp',
            detail:
              approx < MIN_EPOCH_SECONDS
                ? `${quoteValue(t)} is too small for an epoch time (it would be before 1973); check that this is the time column, or name the column with its unit (time_s, time_ms)`
                : `${quoteValue(t)} is too large for epoch seconds, milliseconds or microseconds (nanoseconds are not supported); convert it to milliseconds`,
          };
        }
        if (unit === null) {
          unit = byMagnitude;
          this.unit = unit;
          this.unitFromMagnitude = true;
        } else if (byMagnitude !== unit) {
          return {
            code: 'timestamp-unit-changed',
            detail: `${quoteValue(t)} looks like epoch ${UNIT_NAMES[byMagnitude]}, but the rows from row ${this.kindRow} are in ${UNIT_NAMES[unit]}; use one unit in the whole file`,
          };
        }
      }
      const ms = epochToMs(epoch, unit);
      if (!(ms <= MAX_DATE_MS)) {
        return {
          code: 'invalid-timestamp',
          detail: `${quoteValue(t)} is beyond the year 275760; fix the value`,
        };
      }
      return ms;
    }
    const iso = parseIsoTimestamp(t) ?? this.orderedDate(t);
    if (iso === null) return this.notATimestamp(t);
    if (iso.offsetMinutes !== null) {
      const mismatch = this.checkKind('offset', t, row);
      if (mismatch !== null) return mismatch;
      this.offsets.add(iso.offsetMinutes);
      return isoToUtcMs(iso);
    }
    const mismatch = this.checkKind('naive', t, row);
    if (mismatch !== null) return mismatch;
    const zone = this.zone;
    if (zone === null) return { code: 'unknown-time-zone', detail: 'internal: no zone' };
    const local = zone.toUtc(iso.wallMs);
    if (local.kind === 'ok') return local.utcMs;
    const wall = formatWall(iso.wallMs);
    if (local.kind === 'gap') {
      return {
        code: 'nonexistent-local-time',
        detail: `${wall} does not exist in ${zone.timeZone} (clocks jump forward there); check the time zone setting or fix the row`,
      };
    }
    if (this.settings.ambiguousLocalTime === 'earlier') return local.earlierMs;
    if (this.settings.ambiguousLocalTime === 'later') return local.laterMs;
    return {
      code: 'ambiguous-local-time',
      detail: `${wall} occurs twice in ${zone.timeZone} (clocks go back there); choose which one to use (ambiguousLocalTime 'earlier' or 'later') or use timestamps with a UTC offset`,
    };
  }

  /** A `9/1/1987` date in the stated order, or null. */
  private orderedDate(text: string): IsoTimestamp | null {
    const order = this.settings.dateOrder;
    return order === null ? null : parseOrderedDate(text, order);
  }

  private notATimestamp(t: string): { code: ImportError['code']; detail: string } {
    if (isOrderedDate(t) && this.settings.dateOrder === null) {
      const read = (order: DateOrder) => {
        const d = parseOrderedDate(t, order);
        return d === null ? 'not a date' : new Date(d.wallMs).toISOString().slice(0, 10);
      };
      return {
        code: 'ambiguous-date-order',
        detail:
          `${quoteValue(t)} could be month/day/year (${read('mdy')}) or day/month/year (${read('dmy')}): ` +
          'state the date order (cascade-lab import --date-order mdy or dmy; the app asks), or write dates as YYYY-MM-DD',
      };
    }
    if (isOrderedDate(t)) {
      const order = this.settings.dateOrder === 'mdy' ? 'month/day/year' : 'day/month/year';
      return {
        code: 'invalid-timestamp',
        detail: `${quoteValue(t)} is not a date in ${order} order; check the date order you stated, or fix the row`,
      };
    }
    const hint = /^\d{1,2}[/.]\d{1,2}[/.]\d{2}\b/.test(t)
      ? 'write the year with four digits, or write dates as YYYY-MM-DD'
      : 'use epoch seconds or milliseconds, or ISO 8601 like 2020-03-12T10:00:00Z';
    return { code: 'invalid-timestamp', detail: `${quoteValue(t)} is not a timestamp; ${hint}` };
  }

  private checkKind(
    kind: TimeHandling['kind'],
    text: string,
    row: number,
  ): { code: ImportError['code']; detail: string } | null {
    if (this.kind === null) {
      this.kind = kind;
      this.kindRow = row;
      this.kindExample = text;
      if (kind === 'epoch') this.source = 'epoch';
      else if (kind === 'offset') this.source = 'offset-in-file';
      else {
        const name = this.settings.timeZone ?? 'UTC';
        this.zone = ZoneConverter.create(name);
        this.source =
          this.settings.timeZone !== null ? 'option' : this.columnIsUtc ? 'column-name' : 'assumed-utc';
      }
      return null;
    }
    if (this.kind === kind) return null;
    if (this.kind === 'epoch' || kind === 'epoch') {
      return {
        code: 'mixed-timestamp-formats',
        detail: `${quoteValue(text)} is ${kind === 'epoch' ? 'an epoch number' : 'a date-time text'}, but row ${this.kindRow} has ${quoteValue(this.kindExample)}; use one timestamp format in the whole file`,
      };
    }
    return {
      code: 'mixed-time-zones',
      detail:
        kind === 'naive'
          ? `${quoteValue(text)} has no UTC offset, but row ${this.kindRow} has one (${quoteValue(this.kindExample)}); add the offset to every row, or remove it from all rows and choose the time zone`
          : `${quoteValue(text)} has a UTC offset, but row ${this.kindRow} has none (${quoteValue(this.kindExample)}); add the offset to every row, or remove it from all rows and choose the time zone`,
    };
  }
}

/** Reads data records of one file into a series. */
export class PriceRowReader {
  rows = 0;
  readonly warnings: ImportWarning[] = [];
  readonly builder: SeriesBuilder;
  private readonly time: TimestampReader;
  private readonly layout: CsvLayout;
  private readonly settings: RowReaderSettings;
  private readonly file: string;
  private assumedUtcWarned = false;

  constructor(layout: CsvLayout, settings: RowReaderSettings, file: string) {
    this.layout = layout;
    this.settings = settings;
    this.file = file;
    this.time = new TimestampReader(layout, settings);
    const m = layout.mapping;
    this.builder = new SeriesBuilder({
      open: m.open !== null,
      high: m.high !== null,
      low: m.low !== null,
      volume: m.volume !== null,
    });
  }

  timeHandling(): TimeHandling | null {
    return this.time.handling();
  }

  get order(): 'ascending' | 'descending' | 'unknown' {
    const d = this.builder.direction;
    return d > 0 ? 'ascending' : d < 0 ? 'descending' : 'unknown';
  }

  private columnName(index: number): string {
    return this.layout.columnNames[index] ?? `column ${index + 1}`;
  }

  private fail(code: ImportError['code'], row: number, column: number | null, detail: string): ImportError {
    return importError(this.file, code, row, column === null ? null : this.columnName(column), detail);
  }

  private readNumber(
    fields: readonly string[],
    index: number | null,
    row: number,
    kind: 'price' | 'volume',
  ): number | ImportError {
    if (index === null) return Number.NaN;
    const text = fields[index] ?? '';
    const parsed = parseStrictNumber(text, this.settings.decimalSeparator);
    if (!parsed.ok) {
      const verb =
        parsed.problem === 'overflow' || parsed.problem === 'underflow'
          ? 'is out of range'
          : 'is not a number';
      const hint = numberHint(parsed.problem, this.layout.delimiter, this.settings.decimalSeparator);
      return this.fail('invalid-number', row, index, `${quoteValue(text)} ${verb} — ${hint}`);
    }
    const v = parsed.value;
    if (kind === 'price' && !(v > 0)) {
      return this.fail(
        'non-positive-price',
        row,
        index,
        `price ${quoteValue(text.trim())} must be greater than 0; fix the value or remove the row`,
      );
    }
    if (kind === 'volume' && v < 0) {
      return this.fail(
        'negative-volume',
        row,
        index,
        `volume ${quoteValue(text.trim())} must not be negative; fix the value or remove the row`,
      );
    }
    return v;
  }

  /** Reads one data record (line `row`); returns the error that must stop the import, if any. */
  read(fields: readonly string[], row: number): ImportError | null {
    this.rows++;
    if (this.rows > this.settings.maxRows) {
      return this.fail(
        'too-many-rows',
        row,
        null,
        `the file has more than ${this.settings.maxRows} data rows; split it or raise the row limit`,
      );
    }
    const expected = this.layout.columnCount;
    if (fields.length !== expected) {
      const against = this.layout.hasHeader ? 'the header has' : `the ${this.layout.format} layout has`;
      return fields.length < expected
        ? this.fail(
            'too-few-fields',
            row,
            null,
            `the row has ${fields.length} fields but ${against} ${expected}; add the missing values or remove the row`,
          )
        : this.fail(
            'too-many-fields',
            row,
            null,
            `the row has ${fields.length} fields but ${against} ${expected}; quote values that contain ${delimiterName(this.layout.delimiter)} or remove the extra values`,
          );
    }
    const m = this.layout.mapping;
    const ts = this.time.read(fields[m.timestamp] ?? '', row);
    if (typeof ts !== 'number') return this.fail(ts.code, row, m.timestamp, ts.detail);
    if (!this.assumedUtcWarned && this.time.source === 'assumed-utc') {
      this.assumedUtcWarned = true;
      this.warnings.push(
        importWarning(
          'time-zone-assumed',
          row,
          'timestamps have no time zone and were read as UTC; if they are local times, choose their time zone (timeZone option)',
        ),
      );
    }
    const close = this.readNumber(fields, m.close, row, 'price');
    if (typeof close !== 'number') return close;
    const open = this.readNumber(fields, m.open, row, 'price');
    if (typeof open !== 'number') return open;
    const high = this.readNumber(fields, m.high, row, 'price');
    if (typeof high !== 'number') return high;
    const low = this.readNumber(fields, m.low, row, 'price');
    if (typeof low !== 'number') return low;
    const volume = this.readNumber(fields, m.volume, row, 'volume');
    if (typeof volume !== 'number') return volume;
    const value: SeriesRow = { timestampMs: ts, close, open, high, low, volume };
    const outcome = this.builder.add(row, value);
    switch (outcome.kind) {
      case 'added':
      case 'duplicate':
        return null;
      case 'conflict': {
        const col = m[outcome.field];
        return this.fail(
          'duplicate-conflict',
          row,
          col,
          `same timestamp (${formatUtc(ts)}) as row ${outcome.previousRow} but a different ${outcome.field} (${outcome.value} vs ${outcome.previous}); remove one of the two rows`,
        );
      }
      case 'out-of-order':
        return this.fail(
          'out-of-order',
          row,
          m.timestamp,
          outcome.descending
            ? `${formatUtc(ts)} is later than row ${outcome.previousRow} (${formatUtc(outcome.previousMs)}), but the file is newest first from row ${outcome.firstRow}; sort the file by time or remove the row`
            : `${formatUtc(ts)} is earlier than row ${outcome.previousRow} (${formatUtc(outcome.previousMs)}); rows must be in time order — sort the file by time (oldest first) or remove the row`,
        );
    }
  }

  /** Finishes the series; an empty series is an error. */
  finish(): { ok: true; series: PriceSeries; report: ImportReport } | { ok: false; error: ImportError } {
    if (this.builder.length === 0) {
      return {
        ok: false,
        error: importError(
          this.file,
          'no-data',
          null,
          null,
          'the file has no data rows; export the price series again',
        ),
      };
    }
    const built = this.builder.finish(this.settings.priceJumpWarningRatio);
    const warnings = [...this.warnings];
    if (built.reversed) {
      warnings.push(
        importWarning('reversed', null, 'the rows were newest first and have been reversed to oldest first'),
      );
    }
    if (this.time.offsets.size > 1) {
      const labels = [...this.time.offsets].map((m) => (m === 0 ? 'Z' : formatOffset(m)));
      warnings.push(
        importWarning(
          'mixed-offsets',
          null,
          `timestamps use several UTC offsets (${labels.join(', ')}); all were converted to UTC`,
        ),
      );
    }
    if (built.jumps.count > 0) {
      const list = built.jumps.first
        .map((j) => `${formatUtc(j.timestampMs)} ${j.fromClose} → ${j.toClose}`)
        .join('; ');
      const pct = Math.round(this.settings.priceJumpWarningRatio * 100);
      warnings.push(
        importWarning(
          'price-jump',
          null,
          `${built.jumps.count} close-to-close moves of ${pct} % or more (${list}); kept as they are — check them if this is not a crash`,
        ),
      );
    }
    return {
      ok: true,
      series: built.series,
      report: {
        rows: this.rows,
        points: built.series.timestampMs.length,
        duplicatesDropped: this.builder.duplicates,
        gaps: built.gaps,
        reversed: built.reversed,
        warnings,
      },
    };
  }
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
