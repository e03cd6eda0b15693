/** The replay transport's arithmetic, kept pure so it is tested without a DOM or Svelte. */

/** Playback speeds offered; 1× plays BASE_STEPS_PER_SECOND steps per second. */
export const SPEEDS = [1, 2, 4, 8, 16, 32, 64] as const;
export type Speed = (typeof SPEEDS)[number];
export const BASE_STEPS_PER_SECOND = 4;

export function clampStep(step: number, steps: number): number {
  if (steps <= 0 || !Number.isFinite(step)) return 0;
  return Math.min(steps - 1, Math.max(0, Math.round(step)));
}

/**
 * Steps to advance after `elapsedMs` of playback at `speed`, carrying the fraction of a step left
 * over so slow speeds still advance on time at any frame rate.
 */
export function advance(elapsedMs: number, speed: number, carry: number): { steps: number; carry: number } {
  const exact = carry + (Math.max(0, elapsedMs) / 1000) * BASE_STEPS_PER_SECOND * speed;
  const steps = Math.floor(exact);
  return { steps, carry: exact - steps };
}

export function fasterSpeed(speed: number): Speed {
  return SPEEDS.find((s) => s > speed) ?? SPEEDS[SPEEDS.length - 1]!;
}

export function slowerSpeed(speed: number): Speed {
  return [...SPEEDS].reverse().find((s) => s < speed) ?? SPEEDS[0];
}

/** Step holding a Unix time (seconds), clamped to the run. */
export function stepAtTime(
  run: { startSec: number; stepSeconds: number; steps: number },
  sec: number,
): number {
  return clampStep(Math.floor((sec - run.startSec) / run.stepSeconds), run.steps);
}
