/**
 * Timestamp grammar and time-zone conversion, all to UTC epoch milliseconds.
 *
 * - Epoch numbers: digits with an optional fraction; seconds, milliseconds or microseconds. The
 *   unit comes from the column name (`*_ms`, `*_us`, `*_s`) or from the magnitude of the first
 *   value (< 1e11 s, < 1e14 ms, < 1e17 µs). Units are converted by shifting the decimal point in
 *   the text, so `1584313200.123` s is exactly 1584313200123 ms.
 * - ISO 8601 `YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]]][Z|±HH[:MM]|UTC]` and the date alone.
 *   Without an offset the time is naive: a wall-clock time in a zone chosen by the caller.
 * - Naive times are converted with Intl (IANA zones). A wall time skipped by a DST change does
 *   not exist; one repeated by a DST change is ambiguous. Both are reported, never guessed.
 */

export type EpochUnit = 's' | 'ms' | 'us';

export interface EpochText {
  intPart: string;
  fracPart: string;
}

const EPOCH_DOT = /^(\d+)(?:\.(\d*))?$/;
const EPOCH_COMMA = /^(\d+)(?:,(\d*))?$/;

/** Splits an epoch number text (`1584313200.0`), or null when it is not one. */
export function parseEpochText(text: string, decimal: '.' | ','): EpochText | null {
  const m = (decimal === '.' ? EPOCH_DOT : EPOCH_COMMA).exec(text.trim());
  if (m === null) return null;
  return { intPart: m[1] ?? '', fracPart: m[2] ?? '' };
}

/** Smallest value accepted for a magnitude-detected unit: 1e8 s is 1973-03-03. */
export const MIN_EPOCH_SECONDS = 1e8;

/** The unit implied by the magnitude of an epoch value, or null when it is out of range. */
export function epochUnitOf(value: number): EpochUnit | null {
  if (value < MIN_EPOCH_SECONDS) return null;
  if (value < 1e11) return 's';
  if (value < 1e14) return 'ms';
  if (value < 1e17) return 'us';
  return null;
}

const SHIFT: Record<EpochUnit, number> = { s: 3, ms: 0, us: -3 };

/** Converts epoch text in `unit` to milliseconds by moving the decimal point (exact). */
export function epochToMs(epoch: EpochText, unit: EpochUnit): number {
  const digits = epoch.intPart + epoch.fracPart;
  const point = epoch.intPart.length + SHIFT[unit];
  if (point >= digits.length) return Number(digits.padEnd(point, '0'));
  if (point <= 0) return Number(`0.${'0'.repeat(-point)}${digits}`);
  return Number(`${digits.slice(0, point)}.${digits.slice(point)}`);
}

/** An ISO 8601 timestamp split into a wall-clock time and an optional offset. */
export interface IsoTimestamp {
  /** The wall-clock fields as if they were UTC, in ms. */
  wallMs: number;
  /** Offset east of UTC in minutes, or null for a naive time. */
  offsetMinutes: number | null;
  /** The offset as written ('Z', '+01:00', ...), for reports. */
  offsetText: string | null;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?: ?(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Parses an ISO 8601 timestamp (see module comment), or null when it is not one. */
export function parseIsoTimestamp(text: string): IsoTimestamp | null {
  const m = ISO.exec(text.trim());
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1) return null;
  const maxDay = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > maxDay || hour > 23 || minute > 59 || second > 59) return null;
  let wallMs = utcMs(year, month, day, hour, minute, second);
  const frac = m[7];
  if (frac !== undefined) {
    const padded = frac.padEnd(3, '0');
    wallMs += Number(`${padded.slice(0, 3)}.${padded.slice(3) || '0'}`);
  }
  const offsetText = m[8] ?? null;
  let offsetMinutes: number | null = null;
  if (offsetText !== null) {
    if (/^(?:z|utc|gmt)$/i.test(offsetText)) {
      offsetMinutes = 0;
    } else {
      const sign = offsetText.startsWith('-') ? -1 : 1;
      const digits = offsetText.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
      if (oh > 18 || om > 59) return null;
      offsetMinutes = sign * (oh * 60 + om);
    }
  }
  return { wallMs, offsetMinutes, offsetText };
}

const ORDERED_DATE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;

/** Whether `text` is a day-and-month-first date (`9/1/1987`, `09.01.1987 14:30`), in either order. */
export function isOrderedDate(text: string): boolean {
  return ORDERED_DATE.test(text.trim());
}

/**
 * Parses `9/1/1987` (and `.`/`-` separators, an optional `HH:MM[:SS[.fff]]`) as a naive wall time
 * in the stated order; null when it is not such a date or not a valid one in that order.
 */
export function parseOrderedDate(text: string, order: 'mdy' | 'dmy'): IsoTimestamp | null {
  const m = ORDERED_DATE.exec(text.trim());
  if (m === null) return null;
  const [first, second] = [m[1]!.padStart(2, '0'), m[3]!.padStart(2, '0')];
  const [month, day] = order === 'mdy' ? [first, second] : [second, first];
  const time =
    m[5] === undefined
      ? ''
      : `T${m[5].padStart(2, '0')}:${m[6]}${m[7] ? `:${m[7]}` : ''}${m[8] ? `.${m[8]}` : ''}`;
  const iso = parseIsoTimestamp(`${m[4]}-${month}-${day}${time}`);
  return iso?.offsetMinutes === null ? iso : null;
}

/** UTC instant of an ISO timestamp that has an offset. */
export function isoToUtcMs(iso: IsoTimestamp): number {
  return iso.wallMs - (iso.offsetMinutes ?? 0) * 60_000;
}

export type LocalTimeResult =
  { kind: 'ok'; utcMs: number } | { kind: 'gap' } | { kind: 'overlap'; earlierMs: number; laterMs: number };

const HOUR_MS = 3_600_000;
const BUCKET_MS = 6 * HOUR_MS;
const DAY_MS = 24 * HOUR_MS;
const UTC_NAMES = new Set([
  'utc',
  'etc/utc',
  'gmt',
  'etc/gmt',
  'z',
  'zulu',
  'etc/zulu',
  'universal',
  'etc/universal',
]);

/**
 * Converts wall-clock times in one IANA zone to UTC. Offsets are cached per 6-hour bucket when
 * they are the same at both ends of the bucket (real zones never change twice within 6 hours).
 */
export class ZoneConverter {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat | null;
  private readonly cache = new Map<number, number>();

  private constructor(timeZone: string, format: Intl.DateTimeFormat | null) {
    this.timeZone = timeZone;
    this.format = format;
  }

  /** A converter for `timeZone`, or null when the name is not a known IANA zone. */
  static create(timeZone: string): ZoneConverter | null {
    if (UTC_NAMES.has(timeZone.toLowerCase())) return new ZoneConverter(timeZone, null);
    try {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      return new ZoneConverter(format.resolvedOptions().timeZone, format);
    } catch {
      return null;
    }
  }

  /** Offset of the zone from UTC at instant `utcMs`, in ms (positive east of UTC). */
  offsetMsAt(utcMs: number): number {
    if (this.format === null) return 0;
    const bucket = Math.floor(utcMs / BUCKET_MS);
    let cached = this.cache.get(bucket);
    if (cached === undefined) {
      const start = this.exactOffset(bucket * BUCKET_MS);
      const end = this.exactOffset((bucket + 1) * BUCKET_MS - 1000);
      cached = start === end ? start : Number.NaN;
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(bucket, cached);
    }
    return Number.isNaN(cached) ? this.exactOffset(utcMs) : cached;
  }

  /** The UTC instant(s) of a wall-clock time given as if it were UTC (`wallMs`). */
  toUtc(wallMs: number): LocalTimeResult {
    if (this.format === null) return { kind: 'ok', utcMs: wallMs };
    const before = this.offsetMsAt(wallMs - DAY_MS);
    const after = this.offsetMsAt(wallMs + DAY_MS);
    const found: number[] = [];
    for (const offset of before === after ? [before] : [before, after]) {
      const t = wallMs - offset;
      if (Math.abs(t + this.offsetMsAt(t) - wallMs) < 0.5 && !found.includes(t)) found.push(t);
    }
    if (found.length === 0) return { kind: 'gap' };
    const [a = 0, b] = found;
    if (b === undefined) return { kind: 'ok', utcMs: a };
    return { kind: 'overlap', earlierMs: Math.min(a, b), laterMs: Math.max(a, b) };
  }

  private exactOffset(utcMs: number): number {
    const format = this.format;
    if (format === null) return 0;
    const seconds = Math.floor(utcMs / 1000) * 1000;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(seconds)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    return wallFromParts(parts) - seconds;
  }
}

function wallFromParts(parts: Record<string, number>): number {
  return utcMs(
    parts['year'] ?? 1970,
    parts['month'] ?? 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
}

/** Formats a UTC ms value for messages (ISO, or the raw number when out of Date range). */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** Formats a wall-clock ms value (naive) for messages, without zone. */
export function formatWall(wallMs: number): string {
  return formatUtc(wallMs)
    .replace('T', ' ')
    .replace(/\.000Z$|Z$/, '');
}
