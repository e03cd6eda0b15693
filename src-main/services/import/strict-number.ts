/**
 * Strict decimal numbers, no locale magic.
 *
 * Grammar with decimal point '.': `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`,
 * optionally surrounded by spaces. With decimal comma ',': the same with ',' in place of '.',
 * plus one grouped form: '.' as thousands separator is accepted only when the value also has a
 * decimal comma and the groups are exactly three digits (`1.234.567,89`), because only then can
 * the '.' not be a decimal point. A bare `1.234` in decimal-comma mode is rejected as ambiguous,
 * and ',' as thousands separator in decimal-point mode (`1,234.5`) is always rejected.
 *
 * NaN, Infinity, empty cells, values that overflow a double (`1e400`) and non-zero values that
 * underflow to 0 (`1e-400`) are rejected. Conversion uses `Number()` on the normalised text,
 * which is correctly rounded, so the shortest round-trip output of a double parses back to
 * the identical double.
 */
import type { DecimalSeparator } from './types.ts';

/** Why a text is not accepted. */
export type NumberProblem =
  | 'empty'
  | 'not-finite'
  | 'decimal-comma'
  | 'decimal-point'
  | 'thousands-separator'
  | 'overflow'
  | 'underflow'
  | 'syntax';

export type StrictNumber = { ok: true; value: number } | { ok: false; problem: NumberProblem };

const DOT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_GROUPED = /^[+-]?\d{1,3}(?:\.\d{3})+,\d+$/;
const SINGLE_COMMA = /^[+-]?\d+,\d+$/;
const COMMA_THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DOT_THOUSANDS = /^[+-]?\d{1,3}(?:\.\d{3})+$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const NON_ZERO_DIGIT = /[1-9]/;

function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function convert(normalized: string): StrictNumber {
  const value = Number(normalized);
  if (!Number.isFinite(value)) return { ok: false, problem: 'overflow' };
  if (value === 0) {
    const e = normalized.search(/[eE]/);
    const mantissa = e < 0 ? normalized : normalized.slice(0, e);
    if (NON_ZERO_DIGIT.test(mantissa)) return { ok: false, problem: 'underflow' };
  }
  return { ok: true, value };
}

/** Parses `text` with the strict grammar above; never throws. */
export function parseStrictNumber(text: string, decimal: DecimalSeparator): StrictNumber {
  const t = trimSpaces(text);
  if (t === '') return { ok: false, problem: 'empty' };
  if (NON_FINITE.test(t)) return { ok: false, problem: 'not-finite' };
  if (decimal === '.') {
    if (DOT.test(t)) return convert(t);
    if (SINGLE_COMMA.test(t)) return { ok: false, problem: 'decimal-comma' };
    if (COMMA_THOUSANDS.test(t)) return { ok: false, problem: 'thousands-separator' };
    return { ok: false, problem: 'syntax' };
  }
  if (COMMA.test(t)) return convert(t.replace(',', '.'));
  if (COMMA_GROUPED.test(t)) return convert(t.replaceAll('.', '').replace(',', '.'));
  if (DOT_THOUSANDS.test(t)) return { ok: false, problem: 'thousands-separator' };
  if (DOT.test(t)) return { ok: false, problem: 'decimal-point' };
  return { ok: false, problem: 'syntax' };
}

/** True when `text` is a number under either decimal separator (used by detection). */
export function looksNumeric(text: string): boolean {
  return parseStrictNumber(text, '.').ok || parseStrictNumber(text, ',').ok;
}

/** True when `text` is only valid with a decimal comma, like `1234,56`. */
export function looksLikeDecimalComma(text: string): boolean {
  return !parseStrictNumber(text, '.').ok && parseStrictNumber(text, ',').ok;
}
