/**
 * Zooming and panning the step axis shared by a view's charts (in steps, inclusive ends). Null
 * means the whole run. Pure: the charts' pointer handling and the zoom buttons both use it.
 */

export interface StepRange {
  min: number;
  max: number;
}

/** The narrowest view, in steps (or the whole run when it is shorter). */
export const MIN_SPAN = 12;

/** The whole run's range. */
export function fullRange(steps: number): StepRange {
  return { min: 0, max: Math.max(1, steps - 1) };
}

/**
 * A range kept inside the run and at least MIN_SPAN wide; null when it covers the whole run (so
 * "zoomed" always means a part of it).
 */
export function clampRange(r: StepRange, steps: number): StepRange | null {
  const full = fullRange(steps);
  const span = Math.max(Math.min(MIN_SPAN, full.max), r.max - r.min);
  if (span >= full.max) return null;
  let min = Math.max(0, r.min);
  let max = min + span;
  if (max > full.max) {
    max = full.max;
    min = max - span;
  }
  return { min, max };
}

/**
 * Zooms by `factor` (< 1 in, > 1 out) keeping step `at` where it is on screen; from `current` or
 * the whole run.
 */
export function zoomAround(
  current: StepRange | null,
  steps: number,
  factor: number,
  at: number,
): StepRange | null {
  const r = current ?? fullRange(steps);
  const anchor = Math.min(r.max, Math.max(r.min, at));
  const share = r.max > r.min ? (anchor - r.min) / (r.max - r.min) : 0.5;
  const span = (r.max - r.min) * factor;
  return clampRange({ min: anchor - share * span, max: anchor - share * span + span }, steps);
}

/** Moves a zoomed range by `delta` steps (a whole-run view does not pan). */
export function panBy(current: StepRange | null, steps: number, delta: number): StepRange | null {
  if (!current) return null;
  const span = current.max - current.min;
  const full = fullRange(steps);
  const min = Math.min(full.max - span, Math.max(0, current.min + delta));
  return clampRange({ min, max: min + span }, steps);
}

/** Moves a zoomed range just enough to show `step` (the cursor left the view while playing). */
export function follow(current: StepRange | null, steps: number, step: number): StepRange | null {
  if (!current || (step >= current.min && step <= current.max)) return current;
  const span = current.max - current.min;
  return clampRange(
    step < current.min ? { min: step, max: step + span } : { min: step - span, max: step },
    steps,
  );
}
