/**
 * How the price chart draws the observed path so that filled stretches read apart from observed
 * ones: per segment between two steps, from the run's per-step kinds (RunView.series.observedKind):
 *  - both ends carry a source value → solid;
 *  - filled inside a bar (touching its open, high, low and close, never beyond) → faded;
 *  - joined straight between dated points → dashed;
 *  - the market is closed (price held at the last close) → dotted, muted.
 */
import type { RunView } from './contract.ts';
import type { Point } from './series.ts';

export const KIND_FILLED = 0;
export const KIND_OBSERVED = 1;
export const KIND_CLOSED = 2;
export const KIND_INTERPOLATED = 3;

/** What a segment from step a to step b is. */
export function segmentKind(
  kinds: ArrayLike<number>,
  a: number,
  b: number,
): 'observed' | 'filled' | 'joined' | 'closed' {
  const ka = kinds[a] ?? KIND_OBSERVED;
  const kb = kinds[b] ?? KIND_OBSERVED;
  if (kb === KIND_CLOSED) return 'closed';
  if (ka === KIND_INTERPOLATED || kb === KIND_INTERPOLATED) return 'joined';
  if (ka === KIND_OBSERVED && kb === KIND_OBSERVED) return 'observed';
  return 'filled';
}

/** Every step of the observed path as chart points (x = step). */
export function observedPoints(run: RunView): Point[] {
  return run.series.observed.map((y, x) => ({ x, y }));
}

interface SegmentContext {
  p0DataIndex: number;
  p1DataIndex: number;
}

/** chart.js `segment` options for the observed dataset. */
export function observedSegment(kinds: ArrayLike<number>, color: string, muted: string) {
  const kindOf = (ctx: SegmentContext) => segmentKind(kinds, ctx.p0DataIndex, ctx.p1DataIndex);
  return {
    borderColor: (ctx: SegmentContext) => {
      const k = kindOf(ctx);
      return k === 'closed' ? muted : k === 'filled' ? `${color}80` : color;
    },
    borderDash: (ctx: SegmentContext) => {
      const k = kindOf(ctx);
      return k === 'joined' ? [6, 4] : k === 'closed' ? [1, 3] : undefined;
    },
  };
}
