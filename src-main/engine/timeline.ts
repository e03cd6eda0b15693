/**
 * The step grid of a run and the exogenous inputs on it: the observed price path (source data coarser
 * than the step is filled by a seeded Brownian bridge in log price that passes exactly through every
 * observed point), network gas, and oracle outage windows.
 */
import { Rng } from './random.ts';
import type { Scenario } from './scenario.ts';

export interface Timeline {
  startSec: number;
  stepSeconds: number;
  steps: number;
  /** Per asset: observed log price at every step (bridged). */
  observedLog: Float64Array[];
  /** Per asset: indices of steps that carry a source observation. */
  knotSteps: Int32Array[];
  /** Network gas price at every step, gwei. */
  gasGwei: Float64Array;
  /** 1 where an oracle outage window covers the step. */
  outage: Uint8Array;
  bridge: BridgeReport;
}

export interface BridgeReport {
  /** Steps whose observed price came from the bridge rather than the source. */
  filledSteps: number;
  /** Source observations that fell between steps and were not used (step coarser than data). */
  droppedObservations: number;
  sourceResolutionSeconds: number[];
  note: string;
}

/** Builds the grid from the scenario's window at `stepSeconds`. Throws if the step does not divide it. */
export function buildTimeline(scenario: Scenario, stepSeconds: number, seed: number): Timeline {
  if (!Number.isInteger(stepSeconds) || stepSeconds <= 0) {
    throw new RangeError(`step must be a whole number of seconds > 0 (got ${stepSeconds})`);
  }
  const startSec = Date.parse(scenario.startTime) / 1000;
  const endSec = Date.parse(scenario.endTime) / 1000;
  const steps = Math.floor((endSec - startSec) / stepSeconds) + 1;
  if (steps < 2) throw new RangeError('the scenario window holds fewer than two steps at this resolution');
  if (steps > 2_000_000) throw new RangeError(`too many steps (${steps}); choose a coarser step`);

  const observedLog: Float64Array[] = [];
  const knotSteps: Int32Array[] = [];
  let filled = 0;
  let dropped = 0;
  scenario.assets.forEach((asset, a) => {
    const rng = new Rng(seed, 1000 + a);
    const { path, knots, filledSteps, droppedObservations } = bridgePath(
      asset.observed.points,
      startSec,
      stepSeconds,
      steps,
      rng,
    );
    observedLog.push(path);
    knotSteps.push(knots);
    filled += filledSteps;
    dropped += droppedObservations;
  });

  const gasGwei = new Float64Array(steps);
  const gp = scenario.gas.points;
  let j = 0;
  for (let i = 0; i < steps; i++) {
    const t = startSec + i * stepSeconds;
    while (j + 1 < gp.length && gp[j + 1]![0] <= t) j++;
    const p0 = gp[j]!;
    const p1 = gp[j + 1];
    if (!p1 || t <= p0[0]) gasGwei[i] = p0[1];
    else gasGwei[i] = p0[1] + ((p1[1] - p0[1]) * (t - p0[0])) / (p1[0] - p0[0]);
  }

  const outage = new Uint8Array(steps);
  for (const w of scenario.oracleOutages) {
    const from = Math.ceil((Date.parse(w.startTime) / 1000 - startSec) / stepSeconds);
    const to = Math.floor((Date.parse(w.endTime) / 1000 - startSec) / stepSeconds);
    for (let i = Math.max(0, from); i <= Math.min(steps - 1, to); i++) outage[i] = 1;
  }

  const resolutions = scenario.assets.map((a) => a.observed.resolutionSeconds);
  const note =
    filled > 0
      ? `source data is coarser than the ${stepSeconds}s step: ${filled} steps were filled by a seeded Brownian bridge in log price that passes exactly through every observed point`
      : 'every step carries a source observation';
  return {
    startSec,
    stepSeconds,
    steps,
    observedLog,
    knotSteps,
    gasGwei,
    outage,
    bridge: { filledSteps: filled, droppedObservations: dropped, sourceResolutionSeconds: resolutions, note },
  };
}

/**
 * Places observations on the grid (an observation between grid points is dropped unless it is the
 * only one for its nearest step) and bridges between them. Before the first and after the last
 * observation the path is held flat. The per-step volatility of the bridge is estimated from the
 * observations themselves (mean squared log change per step between knots).
 */
export function bridgePath(
  points: ReadonlyArray<readonly [number, number]>,
  startSec: number,
  stepSeconds: number,
  steps: number,
  rng: Rng,
): { path: Float64Array; knots: Int32Array; filledSteps: number; droppedObservations: number } {
  const knotStep: number[] = [];
  const knotLog: number[] = [];
  let dropped = 0;
  for (const [t, price] of points) {
    const exact = (t - startSec) / stepSeconds;
    if (exact < -1e-9 || exact > steps - 1 + 1e-9) continue;
    const s = Math.round(exact);
    if (Math.abs(exact - s) > 1e-9) {
      dropped++;
      continue;
    }
    if (knotStep.length > 0 && knotStep[knotStep.length - 1] === s) {
      knotLog[knotLog.length - 1] = Math.log(price);
      dropped++;
      continue;
    }
    knotStep.push(s);
    knotLog.push(Math.log(price));
  }
  if (knotStep.length === 0)
    throw new RangeError('no observed price falls inside the scenario window on the step grid');

  let sumSq = 0;
  let sumSteps = 0;
  for (let k = 1; k < knotStep.length; k++) {
    const d = knotLog[k]! - knotLog[k - 1]!;
    sumSq += d * d;
    sumSteps += knotStep[k]! - knotStep[k - 1]!;
  }
  const sigma = sumSteps > 0 ? Math.sqrt(sumSq / sumSteps) : 0;

  const path = new Float64Array(steps);
  let filled = 0;
  const first = knotStep[0]!;
  for (let i = 0; i <= first; i++) path[i] = knotLog[0]!;
  filled += first;
  for (let k = 1; k < knotStep.length; k++) {
    const ia = knotStep[k - 1]!;
    const ib = knotStep[k]!;
    const xb = knotLog[k]!;
    path[ia] = knotLog[k - 1]!;
    for (let i = ia + 1; i < ib; i++) {
      const remaining = ib - i + 1;
      const prev = path[i - 1]!;
      path[i] =
        prev + (xb - prev) / remaining + sigma * Math.sqrt((remaining - 1) / remaining) * rng.normal();
      filled++;
    }
    path[ib] = xb;
  }
  const last = knotStep[knotStep.length - 1]!;
  for (let i = last + 1; i < steps; i++) {
    path[i] = knotLog[knotLog.length - 1]!;
    filled++;
  }
  return { path, knots: Int32Array.from(knotStep), filledSteps: filled, droppedObservations: dropped };
}
