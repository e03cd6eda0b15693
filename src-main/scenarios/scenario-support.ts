/** Small helpers for authoring scenarios: times as ISO text, points as [epoch seconds, value]. */

/** Epoch seconds of an ISO-8601 UTC time (`2022-05-11T12:30:00Z`). Throws on a malformed time. */
export function epochSeconds(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || !/Z$/.test(iso)) {
    throw new RangeError(`scenario time "${iso}" must be an ISO-8601 UTC time ending in Z`);
  }
  return ms / 1000;
}

/** `[iso, value]` pairs → `[epoch seconds, value]` points, in the order given. */
export function pointsAt(pairs: readonly (readonly [string, number])[]): [number, number][] {
  return pairs.map(([iso, value]) => [epochSeconds(iso), value]);
}
