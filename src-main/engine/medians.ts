/**
 * Quantiles and medians of plain number lists: the validation's bands, the bench's timings and the
 * scenario file's typical spacing and gas level. Pure, no engine state.
 */

/** Linear-interpolated quantile of sorted finite values (NaN when there are none). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const x = q * (sorted.length - 1);
  const lo = Math.floor(x);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (x - lo);
}

/** The median of values in any order (the mean of the middle two for an even count; NaN for none). */
export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * The upper median: the middle value of an odd count, the larger of the two middle ones of an even
 * count; NaN for none. Unlike {@link median} it is always one of the values (a gas level or a
 * spacing shown as observed, a timing among those measured).
 */
export function upperMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
