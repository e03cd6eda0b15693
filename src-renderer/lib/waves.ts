/** Wave navigation: which wave holds a step, and where the previous and next waves start. */
import type { WaveView } from './contract.ts';

/** The wave whose [startStep, endStep] holds `step`, or null between waves. */
export function waveAt(waves: readonly WaveView[], step: number): WaveView | null {
  // Waves are few (tens) and sorted by start; a linear scan is clearer than a bisection.
  for (const w of waves) {
    if (step < w.startStep) return null;
    if (step <= w.endStep) return w;
  }
  return null;
}

/** The first wave starting after `step`, or null. */
export function nextWave(waves: readonly WaveView[], step: number): WaveView | null {
  return waves.find((w) => w.startStep > step) ?? null;
}

/** The last wave starting before `step`, or null (so "previous" from a wave's start goes one wave back). */
export function previousWave(waves: readonly WaveView[], step: number): WaveView | null {
  let found: WaveView | null = null;
  for (const w of waves) {
    if (w.startStep < step) found = w;
    else break;
  }
  return found;
}

/** The most recent wave that started at or before `step` (the one the narration talks about). */
export function latestWave(waves: readonly WaveView[], step: number): WaveView | null {
  let found: WaveView | null = null;
  for (const w of waves) {
    if (w.startStep <= step) found = w;
    else break;
  }
  return found;
}

/** The wave that sent the most collateral to liquidation, or null when there were none. */
export function largestWave(waves: readonly WaveView[]): WaveView | null {
  let best: WaveView | null = null;
  for (const w of waves) if (!best || w.collateralSoldUsd > best.collateralSoldUsd) best = w;
  return best;
}
