/**
 * The sweep file: versioned JSON naming scenario(s), base design(s), axes over design fields by path,
 * how the axes are sampled, seeds, shocks that scale the exogenous fall, the metrics to keep and the
 * cascade-threshold search. The app builds the same object. Parsing refuses unknown fields and bad
 * values with one line naming the field (`sweep.axes.0.range.count: …`).
 *
 * ```json
 * { "format": "cascade-lab-sweep", "version": 1,
 *   "scenarios": ["black-thursday-2020"], "designs": ["maker-2021-clip"],
 *   "axes": [{ "path": "margin.liquidationRatio", "range": { "from": 1.3, "to": 1.7, "count": 5 } },
 *            { "path": "liquidation.kind", "values": ["dutch-auction"] }],
 *   "sampling": { "kind": "grid" },
 *   "seeds": { "from": 1, "to": 5 }, "shocks": { "from": 0.5, "to": 1.5, "count": 5 },
 *   "accounts": 4000 }
 * ```
 */
import { z } from 'zod';
import { isFieldPath } from '../../training/design-path.ts';
import { lazySchema } from '../../engine/lazy-schema.ts';
import { describeIssue } from '../../engine/zod-issues.ts';
import { METRIC_KEYS } from './sweep-metrics.ts';

export const SWEEP_FORMAT = 'cascade-lab-sweep';
export const SWEEP_FORMAT_VERSION = 1;
/** Most runs one sweep may plan (a guard against a typo such as count 1e6; the time limit comes first). */
export const MAX_SWEEP_RUNS = 1_000_000;

/** A bad sweep file or request: one line naming the field and how to fix it. */
export class SweepSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepSpecError';
  }
}

const finite = lazySchema(() => z.number({ error: 'must be a number' }).finite());
const RangeSchema = lazySchema(() =>
  z
    .strictObject({
      from: finite,
      to: finite,
      /** Grid points from `from` to `to` inclusive (grid sampling); ignored by random and LHS sampling. */
      count: z.number().int().min(1).max(10_000).default(5),
      /** Round sampled values to whole numbers (fields such as seconds or counts). */
      integer: z.boolean().default(false),
    })
    .refine((r) => r.to >= r.from, { message: '"to" must be ≥ "from"' }),
);

const AxisSchema = lazySchema(() =>
  z.union([
    z.strictObject({
      path: z.string().refine(isFieldPath, 'must be a design field path like margin.liquidationRatio'),
      values: z.array(z.json()).min(1).max(10_000),
    }),
    z.strictObject({
      path: z.string().refine(isFieldPath, 'must be a design field path like margin.liquidationRatio'),
      range: RangeSchema,
    }),
  ]),
);

const SamplingSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('grid') }),
    z.strictObject({
      kind: z.literal('random'),
      points: z.number().int().min(1).max(100_000),
      seed: z.number().int().min(0).max(0xffffffff),
    }),
    z.strictObject({
      kind: z.literal('lhs'),
      points: z.number().int().min(1).max(100_000),
      seed: z.number().int().min(0).max(0xffffffff),
    }),
  ]),
);

const SeedsSchema = lazySchema(() =>
  z.union([
    z.array(z.number().int().min(0).max(0xffffffff)).min(1).max(100_000),
    z
      .strictObject({
        from: z.number().int().min(0).max(0xffffffff),
        to: z.number().int().min(0).max(0xffffffff),
      })
      .refine((r) => r.to >= r.from && r.to - r.from < 100_000, {
        message: '"to" must be ≥ "from" and at most 100000 seeds',
      }),
  ]),
);

const ShockValue = lazySchema(() =>
  z.number().finite().min(0, 'a shock scale must be ≥ 0').max(5, 'a shock scale must be ≤ 5'),
);
const ShocksSchema = lazySchema(() =>
  z.union([
    z.array(ShockValue).min(1).max(10_000),
    z
      .strictObject({ from: ShockValue, to: ShockValue, count: z.number().int().min(1).max(10_000) })
      .refine((r) => r.to >= r.from, { message: '"to" must be ≥ "from"' }),
  ]),
);

const ThresholdSchema = lazySchema(() =>
  z.strictObject({
    /** The shock range searched (default: the sweep's lowest and highest shock). */
    from: ShockValue.optional(),
    to: ShockValue.optional(),
    /** Bisection stops when the bracket is this narrow (in shock scale). */
    tolerance: z.number().finite().min(0.001).max(1).default(0.02),
    /** The cascade is on when mean realised bad debt over seeds reaches this share of initial debt… */
    badDebtShare: z.number().finite().min(0).max(1).default(0.01),
    /** …or mean amplification reaches this. */
    amplification: z.number().finite().min(1).max(100).default(1.25),
  }),
);

export const SweepSpecSchema = lazySchema(() =>
  z.strictObject({
    format: z.literal(SWEEP_FORMAT, { error: `must be "${SWEEP_FORMAT}"` }),
    version: z.number().int(),
    name: z.string().max(200).optional(),
    scenarios: z.array(z.string().min(1)).min(1).max(20),
    /**
     * For user scenarios with several protocols on one crash: the protocol whose design the sweep
     * varies (the others keep their historical designs). Refused for a scenario with one protocol.
     */
    protocol: z.string().min(1).max(200).optional(),
    /** Base designs: preset ids, preset+oracle variants, saved design ids or design file paths. */
    designs: z.array(z.string().min(1)).min(1).max(100),
    axes: z.array(AxisSchema).max(20).default([]),
    sampling: SamplingSchema.default({ kind: 'grid' }),
    seeds: SeedsSchema.default([1]),
    shocks: ShocksSchema.default([1]),
    accounts: z.number().int().min(1).max(5_000_000).optional(),
    stepSeconds: z.number().int().min(1).max(86_400).optional(),
    metrics: z
      .array(
        z
          .string()
          .refine(
            (k) => (METRIC_KEYS as readonly string[]).includes(k),
            `must be one of ${METRIC_KEYS.join(', ')}`,
          ),
      )
      .optional(),
    /** Cascade-threshold search per design point (null: none). Default: on when shocks vary. */
    threshold: ThresholdSchema.nullable().optional(),
  }),
);

export type SweepSpec = z.infer<typeof SweepSpecSchema>;
export type SweepAxis = SweepSpec['axes'][number];
export type ThresholdSpec = z.infer<typeof ThresholdSchema>;

/** Parses a sweep file's JSON value; SweepSpecError naming the field on the first problem. */
export function parseSweepSpec(input: unknown): SweepSpec {
  if (input !== null && typeof input === 'object' && 'version' in input) {
    const v = (input as { version: unknown }).version;
    if (typeof v === 'number' && v > SWEEP_FORMAT_VERSION) {
      throw new SweepSpecError(
        `sweep.version: ${v} is from a newer Cascade Lab (this one reads version ${SWEEP_FORMAT_VERSION}): update the app`,
      );
    }
  }
  const r = SweepSpecSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0]!;
    throw new SweepSpecError(describeIssue('sweep', first).message);
  }
  if (r.data.version !== SWEEP_FORMAT_VERSION) {
    throw new SweepSpecError(`sweep.version: must be ${SWEEP_FORMAT_VERSION}`);
  }
  const paths = r.data.axes.map((a) => a.path);
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup) throw new SweepSpecError(`sweep.axes: "${dup}" is named twice (one axis per field)`);
  return r.data;
}

/** Parses sweep file text (JSON). */
export function parseSweepText(text: string, fileName: string): SweepSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SweepSpecError(`sweep file ${fileName}: not valid JSON (${(e as Error).message})`);
  }
  try {
    return parseSweepSpec(json);
  } catch (e) {
    if (e instanceof SweepSpecError) throw new SweepSpecError(`sweep file ${fileName}: ${e.message}`);
    throw e;
  }
}

/** The seed list of a spec, in order. */
export function seedList(seeds: SweepSpec['seeds']): number[] {
  if (Array.isArray(seeds)) return [...seeds];
  return Array.from({ length: seeds.to - seeds.from + 1 }, (_, i) => seeds.from + i);
}

/** Evenly spaced values from `from` to `to` inclusive (one value: `from`). */
export function gridValues(from: number, to: number, count: number): number[] {
  if (count === 1) return [from];
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? to : from + ((to - from) * i) / (count - 1),
  );
}

/** The shock scales of a spec, in order. */
export function shockList(shocks: SweepSpec['shocks']): number[] {
  return Array.isArray(shocks) ? [...shocks] : gridValues(shocks.from, shocks.to, shocks.count);
}

/** The threshold search in force: explicit, or the default when shocks vary, or null. */
export function thresholdOf(spec: SweepSpec): (ThresholdSpec & { from: number; to: number }) | null {
  if (spec.threshold === null) return null;
  const shocks = shockList(spec.shocks);
  const lo = Math.min(...shocks);
  const hi = Math.max(...shocks);
  if (spec.threshold === undefined) {
    if (hi <= lo) return null;
    return { ...ThresholdSchema.parse({}), from: lo, to: hi };
  }
  const from = spec.threshold.from ?? lo;
  const to = spec.threshold.to ?? hi;
  if (!(to > from)) {
    throw new SweepSpecError(
      `sweep.threshold: the shock range to search is empty (${from} to ${to}); give threshold.from < threshold.to or vary the shocks`,
    );
  }
  return { ...spec.threshold, from, to };
}
