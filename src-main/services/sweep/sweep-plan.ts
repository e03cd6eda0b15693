/**
 * Expands a sweep into design points and runs. A design point is one scenario × base design × one
 * value per axis; a run is a point × shock × seed. The order is fixed (scenario, design, axis values
 * with the last axis fastest; then shock; then seed fastest), so a run's index — and the results
 * table — never depend on who ran it. Each run carries its inputs' hash (engine version, scenario and
 * its content, historical design, design, seed, shock, accounts, step): the identity that makes a run
 * idempotent across resumes, workers and machines.
 *
 * Pure: no Node, no store. Scenarios and designs arrive resolved.
 */
import type { Design } from '../../engine/design.ts';
import { canonicalJson, DesignError, designHash, fnv1a64, parseDesign } from '../../engine/design.ts';
import { Rng } from '../../engine/random.ts';
import type { CrashProtocol } from '../../engine/replay-multi.ts';
import type { Scenario } from '../../engine/scenario.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { getField, withField } from '../../training/design-path.ts';
import type { SweepAxis, SweepSpec } from './sweep-spec.ts';
import { gridValues, MAX_SWEEP_RUNS, seedList, shockList, SweepSpecError } from './sweep-spec.ts';
import { latinHypercube } from './sweep-stats.ts';

/**
 * A scenario ready to run: the scenario, its store version and the design it is calibrated against.
 * For a user scenario with several protocols on one crash, `crash` holds every protocol and which
 * one the sweep varies; `scenario` and `historical` are then the varied protocol's.
 */
export interface SweepScenario {
  scenario: Scenario;
  version: number;
  historical: Design;
  crash?: { protocols: CrashProtocol[]; varied: number };
}

/** Scenarios and base designs resolved (by the caller, through the same lookups replay uses). */
export interface ResolvedSweep {
  spec: SweepSpec;
  scenarios: SweepScenario[];
  /** Base designs in the spec's order; `ref` is what the spec named. */
  designs: { ref: string; design: Design }[];
}

export interface DesignPoint {
  index: number;
  scenario: number;
  /** Index into ResolvedSweep.designs. */
  base: number;
  /** One value per axis (the spec's axes, in order). */
  values: unknown[];
  design: Design;
  designHash: string;
  /** "maker-2021-clip · margin.liquidationRatio=1.5" */
  label: string;
}

export interface PlannedRun {
  index: number;
  point: number;
  seed: number;
  shock: number;
  inputsHash: string;
}

export interface SweepPlan {
  points: DesignPoint[];
  seeds: number[];
  shocks: number[];
  /** Grid runs: points × shocks × seeds, in index order. */
  runs: PlannedRun[];
  accounts: (scenario: number) => number;
  stepSeconds: (scenario: number) => number;
}

/** The axis values of every design point (before scenarios and base designs are crossed in). */
export function axisCombinations(axes: readonly SweepAxis[], sampling: SweepSpec['sampling']): unknown[][] {
  const lists = axes.map((a) => ('values' in a ? a.values : null));
  const ranges = axes.map((a) => ('range' in a ? a.range : null));
  let sampled: number[][] | null = null; // rows of range-axis values (random / LHS)
  const rangeIdx = ranges.flatMap((r, i) => (r ? [i] : []));
  if (sampling.kind !== 'grid' && rangeIdx.length > 0) {
    const rng = new Rng(sampling.seed, 0x5eed);
    const unit =
      sampling.kind === 'lhs'
        ? latinHypercube(sampling.points, rangeIdx.length, () => rng.next())
        : Array.from({ length: sampling.points }, () => rangeIdx.map(() => rng.next()));
    sampled = unit.map((u) =>
      rangeIdx.map((ax, j) => {
        const r = ranges[ax]!;
        const v = r.from + (r.to - r.from) * Math.min(u[j]!, 1);
        return r.integer ? Math.round(v) : v;
      }),
    );
  }
  // Grid over every axis, except that sampled range axes move together as one "axis" of rows.
  const dims: unknown[][][] = []; // each dim: list of partial assignments [axisIndex, value][]
  axes.forEach((_, i) => {
    const list = lists[i];
    const r = ranges[i];
    if (list) dims.push(list.map((v) => [[i, v]]));
    else if (r && !sampled) {
      const vals = gridValues(r.from, r.to, r.count).map((v) => (r.integer ? Math.round(v) : v));
      dims.push([...new Set(vals)].map((v) => [[i, v]]));
    } else if (i === rangeIdx[0] && sampled) {
      dims.push(sampled.map((row) => row.map((v, j) => [rangeIdx[j]!, v])));
    }
  });
  let combos: unknown[][] = [new Array(axes.length).fill(null)];
  for (const dim of dims) {
    const next: unknown[][] = [];
    for (const c of combos)
      for (const assignment of dim) {
        const copy = [...c];
        for (const [i, v] of assignment as [number, unknown][]) copy[i] = v;
        next.push(copy);
      }
    combos = next;
  }
  return combos;
}

/** How many axis combinations a spec makes, without building them (to refuse a huge sweep early). */
export function countCombinations(axes: readonly SweepAxis[], sampling: SweepSpec['sampling']): number {
  let n = 1;
  let sampledCounted = false;
  for (const a of axes) {
    if ('values' in a) n *= a.values.length;
    else if (sampling.kind === 'grid') n *= a.range.count;
    else if (!sampledCounted) {
      n *= sampling.points;
      sampledCounted = true;
    }
  }
  return n;
}

function fmtValue(v: unknown): string {
  if (typeof v === 'number') return String(Number(v.toPrecision(6)));
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The design of one point: the base with each axis value set, validated; errors name the axis. */
export function designAt(
  base: { ref: string; design: Design },
  axes: readonly SweepAxis[],
  values: unknown[],
): Design {
  let d: unknown = base.design;
  axes.forEach((axis, i) => {
    const current = getField(d, axis.path);
    if (current === undefined) {
      throw new SweepSpecError(
        `sweep.axes.${i}.path: design "${base.ref}" has no field "${axis.path}" (pick a field of the design editor, e.g. margin.liquidationRatio)`,
      );
    }
    if ('range' in axis && typeof current !== 'number') {
      throw new SweepSpecError(
        `sweep.axes.${i}: "${axis.path}" of design "${base.ref}" is not a number (it is ${JSON.stringify(current)}): list its values instead of a range`,
      );
    }
    d = withField(d, axis.path, values[i]);
  });
  try {
    return parseDesign(d);
  } catch (e) {
    if (e instanceof DesignError) {
      const at = axes.map((a, i) => `${a.path}=${fmtValue(values[i])}`).join(', ');
      throw new SweepSpecError(
        `sweep.axes: ${at} is outside what design "${base.ref}" allows — ${e.message}; narrow the axis range`,
      );
    }
    throw e;
  }
}

/** The part of a run's identity that depends on its scenario only (hashed once per scenario). */
const scenarioKeys = new WeakMap<SweepScenario, string>();
function scenarioKey(s: SweepScenario): string {
  let k = scenarioKeys.get(s);
  if (k === undefined) {
    k = canonicalJson({
      scenario: s.scenario.id,
      scenarioVersion: s.version,
      scenarioHash: fnv1a64(canonicalJson(s.scenario)),
      historical: designHash(s.historical),
      // Every protocol of a crash (its scenario and historical design) and the one varied.
      ...(s.crash
        ? {
            crash: s.crash.protocols.map((p) => ({
              name: p.name,
              scenarioHash: fnv1a64(canonicalJson(p.scenario)),
              historical: designHash(p.historical),
            })),
            varied: s.crash.varied,
          }
        : {}),
    });
    scenarioKeys.set(s, k);
  }
  return k;
}

/** Identity of a run's inputs (16 hex digits). */
export function runInputsHash(p: {
  scenario: SweepScenario;
  designHash: string;
  seed: number;
  shock: number;
  accounts: number;
  stepSeconds: number;
}): string {
  return fnv1a64(
    `${ENGINE_VERSION}|${scenarioKey(p.scenario)}|${p.designHash}|${p.seed}|${p.shock}|${p.accounts}|${p.stepSeconds}`,
  );
}

/** Expands a resolved sweep into its points and grid runs (validating every point's design). */
export function planSweep(r: ResolvedSweep): SweepPlan {
  const { spec } = r;
  const seeds = seedList(spec.seeds);
  const shocks = shockList(spec.shocks);
  const combos = countCombinations(spec.axes, spec.sampling);
  const total = r.scenarios.length * r.designs.length * combos * seeds.length * shocks.length;
  if (total > MAX_SWEEP_RUNS) {
    throw new SweepSpecError(
      `sweep: ${total.toLocaleString('en-US')} runs is more than the ${MAX_SWEEP_RUNS.toLocaleString('en-US')} one sweep may hold; use fewer axis values, seeds or shocks (or random/LHS sampling)`,
    );
  }
  const accounts = (s: number) => spec.accounts ?? r.scenarios[s]!.scenario.population.defaultAccounts;
  const stepSeconds = (s: number) => spec.stepSeconds ?? r.scenarios[s]!.scenario.defaultStepSeconds;
  const valueRows = axisCombinations(spec.axes, spec.sampling);
  const points: DesignPoint[] = [];
  r.scenarios.forEach((_, s) =>
    r.designs.forEach((base, b) =>
      valueRows.forEach((values) => {
        const design = designAt(base, spec.axes, values);
        const axisText = spec.axes.map((a, i) => `${a.path}=${fmtValue(values[i])}`).join(', ');
        points.push({
          index: points.length,
          scenario: s,
          base: b,
          values,
          design,
          designHash: designHash(design),
          label: axisText ? `${base.ref} · ${axisText}` : base.ref,
        });
      }),
    ),
  );
  const runs: PlannedRun[] = [];
  for (const p of points)
    for (const shock of shocks)
      for (const seed of seeds)
        runs.push({
          index: runs.length,
          point: p.index,
          seed,
          shock,
          inputsHash: runInputsHash({
            scenario: r.scenarios[p.scenario]!,
            designHash: p.designHash,
            seed,
            shock,
            accounts: accounts(p.scenario),
            stepSeconds: stepSeconds(p.scenario),
          }),
        });
  return { points, seeds, shocks, runs, accounts, stepSeconds };
}
