/**
 * The step grid of a run and the exogenous inputs on it: the observed price path of every asset
 * (built from its bars and points by observed-path.ts: bars filled inside through their open, high,
 * low and close; points joined straight in log price; closed sessions held), network gas, and oracle
 * outage windows.
 */
import type { ObservedPath } from './observed-path.ts';
import { observedPath, STEP_CLOSED, STEP_FILLED, STEP_INTERPOLATED, STEP_OBSERVED } from './observed-path.ts';
import { Rng } from './random.ts';
import type { Scenario } from './scenario.ts';

export { STEP_CLOSED, STEP_FILLED, STEP_INTERPOLATED, STEP_OBSERVED };

export interface Timeline {
  startSec: number;
  stepSeconds: number;
  steps: number;
  /** Per asset: observed log price at every step (filled where the data has no value at the step). */
  observedLog: Float64Array[];
  /** Per asset: STEP_OBSERVED, STEP_FILLED (inside a bar), STEP_INTERPOLATED (between points) or STEP_CLOSED per step. */
  stepKind: Uint8Array[];
  /** Per asset: the lowest and highest source value inside the window. */
  dataRange: { low: number; high: number }[];
  /** Network gas price at every step, gwei. */
  gasGwei: Float64Array;
  /** 1 where an oracle outage window covers the step. */
  outage: Uint8Array;
  bridge: BridgeReport;
}

/** How the observed paths were laid on the grid (stated to the user). */
export interface BridgeReport {
  /** Steps (summed over assets) with a source value on them, filled, and in closed sessions. */
  observedSteps: number;
  filledSteps: number;
  closedSteps: number;
  /** Source observations that found no step of their own (step coarser than the data). */
  droppedObservations: number;
  sourceResolutionSeconds: number[];
  note: string;
}

/** Builds the grid from the scenario's window at `stepSeconds`. Throws if the window holds < 2 steps. */
export function buildTimeline(scenario: Scenario, stepSeconds: number, seed: number): Timeline {
  if (!Number.isInteger(stepSeconds) || stepSeconds <= 0) {
    throw new RangeError(`step must be a whole number of seconds > 0 (got ${stepSeconds})`);
  }
  const startSec = Date.parse(scenario.startTime) / 1000;
  const endSec = Date.parse(scenario.endTime) / 1000;
  const steps = Math.floor((endSec - startSec) / stepSeconds) + 1;
  if (steps < 2) throw new RangeError('the scenario window holds fewer than two steps at this resolution');
  if (steps > 2_000_000) throw new RangeError(`too many steps (${steps}); choose a coarser step`);

  const paths = scenario.assets.map((asset, a) =>
    observedPath(asset.observed, startSec, stepSeconds, steps, new Rng(seed, 1000 + a)),
  );
  return {
    startSec,
    stepSeconds,
    steps,
    observedLog: paths.map((p) => p.log),
    stepKind: paths.map((p) => p.kind),
    dataRange: paths.map((p) => ({ low: p.dataLow, high: p.dataHigh })),
    gasGwei: gasPath(scenario, startSec, stepSeconds, steps),
    outage: outagePath(scenario, startSec, stepSeconds, steps),
    bridge: bridgeReport(scenario, paths, stepSeconds),
  };
}

function gasPath(scenario: Scenario, startSec: number, stepSeconds: number, steps: number): Float64Array {
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
  return gasGwei;
}

function outagePath(scenario: Scenario, startSec: number, stepSeconds: number, steps: number): Uint8Array {
  const outage = new Uint8Array(steps);
  for (const w of scenario.oracleOutages) {
    const from = Math.ceil((Date.parse(w.startTime) / 1000 - startSec) / stepSeconds);
    const to = Math.floor((Date.parse(w.endTime) / 1000 - startSec) / stepSeconds);
    for (let i = Math.max(0, from); i <= Math.min(steps - 1, to); i++) outage[i] = 1;
  }
  return outage;
}

/** "1 min", "10 min", "1 h", "1 d". */
export function durationText(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function bridgeReport(scenario: Scenario, paths: ObservedPath[], stepSeconds: number): BridgeReport {
  const sum = (f: (p: ObservedPath) => number) => paths.reduce((s, p) => s + f(p), 0);
  const parts = paths.map((p, a) => assetNote(scenario.assets[a]!.id, p, stepSeconds));
  return {
    observedSteps: sum((p) => p.observedSteps),
    filledSteps: sum((p) => p.filledSteps),
    closedSteps: sum((p) => p.closedSteps),
    droppedObservations: sum((p) => p.droppedObservations),
    sourceResolutionSeconds: scenario.assets.map((a) => a.observed.resolutionSeconds),
    note: parts.join(' '),
  };
}

/** One asset's sentence: what carries data, what was filled and how. */
function assetNote(id: string, p: ObservedPath, stepSeconds: number): string {
  const total = p.log.length;
  const how: string[] = [];
  if (p.barSeconds.length > 0) {
    const merged =
      p.barSeconds.join() !== p.sourceBarSeconds.join()
        ? ` (${p.sourceBarSeconds.map(durationText).join(' and ')} source bars merged into ${p.barSeconds.map(durationText).join(' and ')} bars: each bar needs four ${stepSeconds} s steps)`
        : '';
    how.push(
      `inside ${p.barSeconds.map(durationText).join(' and ')} bars${merged} by a seeded Brownian bridge with each bar's own range, through its open and close and touching its high and low, never beyond them`,
    );
  }
  if (p.interpolatedPoints) how.push('straight in log price between dated points (no volatility invented)');
  const filled = p.filledSteps > 0 ? `; ${p.filledSteps} filled ${how.join(', and ')}` : '';
  const closed =
    p.closedSteps > 0
      ? `; ${p.closedSteps} fall while the market is closed (price held at the last close)`
      : '';
  return `${id}: ${p.observedSteps} of ${total} steps carry a source value${filled}${closed}.`;
}
