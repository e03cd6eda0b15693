/**
 * Counterfactual attribution of waves (MODEL.md §8). A wave's endogenous share is measured against
 * the same run — same design, F, seed and population — with the forced flows' impact switched off
 * from the wave's start (`impactOffFromStep`): the flows still happen and fill, but move no price.
 * The share is the part of the wave's price drop that disappears:
 *
 *   share = (log P_cf(m) − log P(m)) / (log P(a) − log P(m)),  clamped to [0, 1],
 *
 * with a the wave's first step and m the run's lowest price over the wave, from a to the step after
 * its last (a step's sales show in the next step's price). Before a both runs are the same step for
 * step, so P_cf(a) = P(a). A wave over which the price never fell below its start has share 0, and
 * so has a wave whose flows moved nothing.
 *
 * The run's amplification needs no extra pass: with the impact off from step 0 the price is F at
 * every step (tested), so drawdown(P) / drawdown(F) is already that counterfactual.
 *
 * Cost: each measured wave is one pass from t = 0 (deterministic, so identical up to the wave's
 * start) that stops after the wave's end. The rule: waves are taken in order of collateral sold (ties:
 * the earlier wave), at most `maxWaves` of them, while the steps of their passes add up to at most
 * `MAX_ATTRIBUTION_PASSES` whole runs (the largest wave is always measured); the others are reported
 * as not measured.
 */
import type { Wave } from './report.ts';
import type { SimulationOptions, SimulationResult } from './simulate.ts';
import { simulate } from './simulate.ts';
import { counterfactualWindows } from './simulation/fork.ts';
import { waveCounterfactualsOf } from './simulation/wave-forks.ts';

/** Waves measured per run unless told otherwise (each costs at most one pass). */
export const MAX_ATTRIBUTED_WAVES = 8;
/** The counterfactual passes of one run add up to at most this many whole runs' steps. */
export const MAX_ATTRIBUTION_PASSES = 3;

/** What a wave's endogenous share means and which waves get one, in words (CLI, app). */
export const ATTRIBUTION_RULE = `the part of the wave's price drop (from its start to its lowest price) that disappears in the same run with the forced flows' impact switched off from the wave's start; measured for at most ${MAX_ATTRIBUTED_WAVES} waves, those that sold the most collateral, within ${MAX_ATTRIBUTION_PASSES} runs' worth of counterfactual steps (others: not measured)`;

export interface AttributionOptions {
  maxWaves?: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

/** Thrown from `onStep` once the counterfactual has passed the wave's end (nothing more is needed). */
class PastWaveEnd extends Error {}

/** The waves to measure, in wave order (the rule is in the module comment). */
export function wavesToAttribute(waves: readonly Wave[], max: number, steps: number): Wave[] {
  const ranked = [...waves].sort((x, y) => y.collateralSoldUsd - x.collateralSoldUsd || x.index - y.index);
  const chosen = new Set<number>();
  let cost = 0;
  for (const w of ranked) {
    if (chosen.size >= max) break;
    const passSteps = Math.min(w.endStep + 2, steps);
    if (chosen.size > 0 && cost + passSteps > MAX_ATTRIBUTION_PASSES * steps) continue;
    chosen.add(w.index);
    cost += passSteps;
  }
  return waves.filter((w) => chosen.has(w.index));
}

/**
 * The composite market price (before each step's flows) of `base` with the impact switched off from
 * step `from`, over steps [from, to].
 */
export function counterfactualPrices(base: SimulationOptions, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from + 1);
  try {
    simulate({
      ...base,
      impactOffFromStep: from,
      trackAccounts: [],
      onStep: (s) => {
        if (s.step >= from) out[s.step - from] = s.marketPrice;
        if (s.step >= to) throw new PastWaveEnd();
      },
    });
  } catch (e) {
    if (!(e instanceof PastWaveEnd)) throw e;
  }
  return out;
}

/**
 * The share of a wave's drop that disappears without the feedback: prices at the wave's start, at its
 * trough, and the counterfactual's at the same step (see the module comment).
 */
export function endogenousShare(pStart: number, pTrough: number, cfTrough: number): number {
  const drop = Math.log(pStart) - Math.log(pTrough);
  if (!(drop > 0)) return 0;
  return Math.min(1, Math.max(0, (Math.log(cfTrough) - Math.log(pTrough)) / drop));
}

/**
 * Measures the endogenous share of the run's main waves by counterfactual passes of `base` (the
 * options `run` came from). Returns the waves with `endogenousShare` and `shareMeasured` set.
 */
export function attributeWaves(
  base: SimulationOptions,
  run: SimulationResult,
  waves: readonly Wave[],
  opts: AttributionOptions = {},
): Wave[] {
  const chosen = wavesToAttribute(waves, opts.maxWaves ?? MAX_ATTRIBUTED_WAVES, run.steps);
  const measured = new Map<number, number>();
  const windows = chosen.map((w) => ({ from: w.startStep, to: Math.min(w.endStep + 1, run.steps - 1) }));
  // Measured during the run itself (`measureWaves`, simulation/wave-forks.ts) where it could be;
  // the others by one trunk pass forked at each wave's start (simulation/fork.ts).
  const online = waveCounterfactualsOf(run);
  const prices: Float64Array[] = [];
  const missing: number[] = [];
  windows.forEach(({ from, to }, k) => {
    const p = online?.get(from);
    if (p && p.length === to - from + 1) prices[k] = p;
    else missing.push(k);
  });
  const progress = (k: number): void =>
    opts.onProgress?.(k, chosen.length, `measuring wave ${chosen[k]!.index} against its counterfactual`);
  const computed = counterfactualWindows(
    base,
    missing.map((k) => windows[k]!),
    (j) => progress(missing[j]!),
  );
  missing.forEach((k, j) => (prices[k] = computed[j]!));
  chosen.forEach((wave, k) => {
    const a = wave.startStep;
    const e = windows[k]!.to;
    const cf = prices[k]!;
    const p = run.series.price;
    let m = a;
    for (let t = a + 1; t <= e; t++) if (p[t]! < p[m]!) m = t;
    measured.set(wave.index, endogenousShare(p[a]!, p[m]!, cf[m - a]!));
  });
  if (chosen.length > 0) opts.onProgress?.(chosen.length, chosen.length, 'waves measured');
  return waves.map((w) => {
    const share = measured.get(w.index);
    return { ...w, endogenousShare: share ?? 0, shareMeasured: share !== undefined };
  });
}
