/**
 * The Sweep view's form as data: which design fields can be an axis (the design editor's number
 * fields, with their bounds), and the sweep file the form describes (the same JSON `cascade-lab
 * sweep run FILE` reads). Pure: no DOM.
 */
import type { DesignFormSpec } from './contract.ts';
import { boundsAt, designGroups, effectiveDesign, fieldValue } from './design-form/index.ts';

export interface AxisField {
  path: string;
  label: string;
  group: string;
  unit?: string;
  min?: number;
  max?: number;
  integer: boolean;
  /** The base design's value. */
  value: number;
}

/**
 * Every number field of the design editor that holds a number in `design`, in the editor's order,
 * with its bounds from main's schema (`designs.form`): the same bounds the editor checks.
 */
export function axisFields(design: unknown, form: Pick<DesignFormSpec, 'schema' | 'templates'>): AxisField[] {
  const out: AxisField[] = [];
  const effective = effectiveDesign(design, form.templates);
  for (const g of designGroups(design, {}, form.templates)) {
    for (const f of g.fields) {
      if (f.kind !== 'number') continue;
      const v = fieldValue(design, f, form.templates);
      if (typeof v !== 'number') continue;
      const b = boundsAt(form.schema, effective, f.path);
      out.push({
        path: f.path,
        label: f.label,
        group: g.title,
        ...(f.unit ? { unit: f.unit } : {}),
        ...(b?.min !== undefined ? { min: b.min } : b?.above !== undefined ? { min: b.above } : {}),
        ...(b?.max !== undefined ? { max: b.max } : b?.below !== undefined ? { max: b.below } : {}),
        integer: b?.integer ?? false,
        value: v,
      });
    }
  }
  return out;
}

export interface AxisRow {
  path: string;
  from: number;
  to: number;
  count: number;
}

export interface SweepForm {
  scenarioId: string;
  /** A scenario with several protocols: the one whose design the sweep varies (null: one protocol). */
  protocol: string | null;
  designIds: string[];
  axes: AxisRow[];
  sampling: 'grid' | 'lhs' | 'random';
  samplePoints: number;
  sampleSeed: number;
  seedFrom: number;
  seedTo: number;
  shockFrom: number;
  shockTo: number;
  shockCount: number;
  /** null: the scenario's default population. */
  accounts: number | null;
}

/** The sweep file (format v1) the form describes. */
export function specOf(f: SweepForm, integerPaths: ReadonlySet<string> = new Set()): Record<string, unknown> {
  return {
    format: 'cascade-lab-sweep',
    version: 1,
    scenarios: [f.scenarioId],
    ...(f.protocol !== null ? { protocol: f.protocol } : {}),
    designs: f.designIds,
    axes: f.axes.map((a) => ({
      path: a.path,
      range: { from: a.from, to: a.to, count: a.count, integer: integerPaths.has(a.path) },
    })),
    sampling:
      f.sampling === 'grid'
        ? { kind: 'grid' }
        : { kind: f.sampling, points: f.samplePoints, seed: f.sampleSeed },
    seeds: { from: f.seedFrom, to: f.seedTo },
    shocks:
      f.shockCount <= 1 || f.shockFrom === f.shockTo
        ? [f.shockFrom]
        : { from: f.shockFrom, to: f.shockTo, count: f.shockCount },
    ...(f.accounts !== null ? { accounts: f.accounts } : {}),
  };
}

/** "about 3 min" */
export function fmtDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
