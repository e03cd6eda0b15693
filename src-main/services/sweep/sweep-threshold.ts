/**
 * The cascade threshold of a design point: the smallest shock scale k at which the cascade switches
 * on. DEFINITION (what "jumps" means here): at shock k the cascade is ON when, averaged over the
 * sweep's seeds, realised bad debt is at least `badDebtShare` of the initial debt (default 1%) OR the
 * amplification (drawdown of the simulated price / drawdown of F) is at least `amplification`
 * (default 1.25). The threshold is the smallest k in [from, to] where it is on, found to within
 * `tolerance` (default 0.02) by bisection, which assumes the indicator is off below the threshold
 * and on above it. The search starts from the sweep's own shock grid: the bracket is the last grid
 * shock that is off before the first that is on; bisection narrows it. "below" means the cascade is
 * already on at `from`; "above" that it is still off at `to`.
 *
 * This module is the pure bookkeeping; the service runs the evaluations it asks for.
 */
import type { Bracket } from './sweep-stats.ts';
import { bisectionMidpoint, mean, narrowBracket } from './sweep-stats.ts';
import type { ThresholdSpec } from './sweep-spec.ts';

export interface ShockOutcome {
  /** Mean over seeds of realised bad debt / initial debt (a share, 0.01 = 1%). */
  badDebtShare: number;
  amplification: number;
}

export type ThresholdResult =
  | {
      kind: 'found';
      /** The threshold: the first shock found ON (within `tolerance` of the switch). */
      shock: number;
      bracket: Bracket;
      below: ShockOutcome;
      above: ShockOutcome;
    }
  | { kind: 'below'; at: ShockOutcome }
  | { kind: 'above'; at: ShockOutcome };

export type Threshold = ThresholdSpec & { from: number; to: number };

/** Whether the cascade is on for an outcome (see the definition above). */
export function cascadeOn(t: Threshold, o: ShockOutcome): boolean {
  return o.badDebtShare >= t.badDebtShare || o.amplification >= t.amplification;
}

/** The mean outcome over seeds from per-run bad debt (% of debt, as the engine reports it) and amplification. */
export function outcomeOf(runs: readonly { badDebtPct: number; amplification: number }[]): ShockOutcome {
  return {
    badDebtShare: mean(runs.map((r) => r.badDebtPct / 100)),
    amplification: mean(runs.map((r) => r.amplification)),
  };
}

/** The search state of one point. */
export type SearchState =
  | { kind: 'start' }
  | { kind: 'bisect'; bracket: Bracket; below: ShockOutcome; above: ShockOutcome }
  | { kind: 'done'; result: ThresholdResult };

/** The shocks the first round evaluates: `from`, `to` and every grid shock between them, ascending. */
export function initialShocks(t: Threshold, gridShocks: readonly number[]): number[] {
  const inside = gridShocks.filter((k) => k > t.from && k < t.to);
  return [...new Set([t.from, ...inside, t.to])].sort((a, b) => a - b);
}

/** The state after the first round (outcomes at `initialShocks`, same order). */
export function startSearch(
  t: Threshold,
  shocks: readonly number[],
  outcomes: readonly ShockOutcome[],
): SearchState {
  const first = outcomes.findIndex((o) => cascadeOn(t, o));
  if (first === 0) return { kind: 'done', result: { kind: 'below', at: outcomes[0]! } };
  if (first < 0) return { kind: 'done', result: { kind: 'above', at: outcomes[outcomes.length - 1]! } };
  return advance(t, {
    kind: 'bisect',
    bracket: { lo: shocks[first - 1]!, hi: shocks[first]! },
    below: outcomes[first - 1]!,
    above: outcomes[first]!,
  });
}

/** Finishes a bisection state whose bracket is already narrow enough. */
function advance(t: Threshold, s: SearchState): SearchState {
  if (s.kind !== 'bisect' || bisectionMidpoint(s.bracket, t.tolerance) !== null) return s;
  return {
    kind: 'done',
    result: { kind: 'found', shock: s.bracket.hi, bracket: s.bracket, below: s.below, above: s.above },
  };
}

/** The shock a bisecting point needs next, or null. */
export function nextShock(t: Threshold, s: SearchState): number | null {
  return s.kind === 'bisect' ? bisectionMidpoint(s.bracket, t.tolerance) : null;
}

/** Narrows a bisecting point with the outcome at its midpoint. */
export function stepSearch(t: Threshold, s: SearchState, mid: number, o: ShockOutcome): SearchState {
  if (s.kind !== 'bisect') return s;
  const on = cascadeOn(t, o);
  return advance(t, {
    kind: 'bisect',
    bracket: narrowBracket(s.bracket, mid, on),
    below: on ? s.below : o,
    above: on ? o : s.above,
  });
}

export interface PointShock {
  point: number;
  shock: number;
}

/**
 * Runs the threshold search for `points` design points, asking `evaluate` for the outcomes of a whole
 * round at once (so a round's runs go to the workers together). An outcome `evaluate` cannot give
 * (null: runs missing, as when a report reads an unfinished sweep) leaves that point's result null.
 */
export async function searchThresholds(
  t: Threshold,
  points: number,
  gridShocks: readonly number[],
  evaluate: (queries: PointShock[]) => Promise<(ShockOutcome | null)[]>,
): Promise<(ThresholdResult | null)[]> {
  const shocks = initialShocks(t, gridShocks);
  const first = await evaluate(
    Array.from({ length: points }, (_, p) => shocks.map((shock) => ({ point: p, shock }))).flat(),
  );
  const states: (SearchState | null)[] = Array.from({ length: points }, (_, p) => {
    const outcomes = first.slice(p * shocks.length, (p + 1) * shocks.length);
    return outcomes.every((o) => o !== null) ? startSearch(t, shocks, outcomes as ShockOutcome[]) : null;
  });
  for (;;) {
    const queries: PointShock[] = [];
    states.forEach((s, p) => {
      const k = s ? nextShock(t, s) : null;
      if (k !== null) queries.push({ point: p, shock: k });
    });
    if (queries.length === 0) break;
    const outcomes = await evaluate(queries);
    queries.forEach((q, i) => {
      const o = outcomes[i];
      states[q.point] = o ? stepSearch(t, states[q.point]!, q.shock, o) : null;
    });
  }
  return states.map((s) => (s?.kind === 'done' ? s.result : null));
}
