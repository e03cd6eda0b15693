/**
 * Design challenges: a goal judged by the engine on seeds the student never sees, constraints on the
 * design stated generically over field paths, and a score that rewards meeting the goal first and
 * capital efficiency second. The same design always gets the same score (hidden seeds derive from
 * the challenge id; the engine is deterministic). Pure apart from the injected runner.
 */
import { z } from 'zod';
import { fnv1a64 } from '../engine/design.ts';
import { lazySchema } from '../engine/lazy-schema.ts';
import { getField } from './design-path.ts';
import type { Comparison, Goal } from './lesson.ts';
import {
  FieldPathSchema,
  GoalSchema,
  TrainingFileError,
  checkFormat,
  compare,
  slug,
  zodFailure,
} from './lesson.ts';
import type { MeasurableRun } from './measures.ts';
import { formatMeasured, measure, measureUnit } from './measures.ts';

export const CHALLENGE_FORMAT = 'cascade-lab.challenge';
export const CHALLENGE_SCHEMA_VERSION = 1;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** A number read from the design: the field itself, or its reciprocal (allowed LTV = 1 / liquidationRatio). */
export const QuantitySchema = lazySchema(() =>
  z.strictObject({
    field: FieldPathSchema,
    transform: z.enum(['identity', 'reciprocal']).default('identity'),
  }),
);
export type Quantity = z.infer<typeof QuantitySchema>;

const scalar = lazySchema(() => z.union([z.number().finite(), z.string().max(200), z.boolean()]));

export const ConstraintSchema = lazySchema(() =>
  z.strictObject({
    label: text(300),
    field: FieldPathSchema,
    transform: z.enum(['identity', 'reciprocal']).default('identity'),
    op: z.enum(['absent', 'present', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'one-of']),
    value: z.union([scalar, z.array(scalar).max(20)]).optional(),
  }),
);
export type Constraint = z.infer<typeof ConstraintSchema>;

export const ChallengeSchema = lazySchema(() =>
  z.strictObject({
    format: z.literal(CHALLENGE_FORMAT),
    schemaVersion: z.literal(CHALLENGE_SCHEMA_VERSION),
    id: slug,
    version: z.number().int().min(1).max(1_000_000),
    title: text(120),
    brief: text(2000),
    status: z.enum(['ready', 'coming']),
    needs: text(300).optional(),
    scenarioId: slug,
    /** The lesson this challenge follows (its mechanism put to work); absent: none in particular. */
    lessonId: slug.optional(),
    /** The design the student starts from, and the baseline of `baselineFactor` goals. */
    baseDesignId: z.string().min(1).max(200),
    accounts: z.number().int().min(2).max(1_000_000).optional(),
    /** How many hidden seeds judge a design (all must meet every goal). */
    hiddenSeeds: z.number().int().min(1).max(5),
    constraints: z.array(ConstraintSchema).max(20),
    goals: z.array(GoalSchema).min(1).max(10),
    efficiency: z.strictObject({
      label: text(200),
      quantity: QuantitySchema,
      /** The quantity's value worth 0 and 1 of the efficiency part of the score (linear between, clamped). */
      worst: z.number().finite(),
      best: z.number().finite(),
    }),
  }),
);
export type Challenge = z.infer<typeof ChallengeSchema>;

/** Parses and validates a challenge; TrainingFileError naming the field on the first problem. */
export function parseChallenge(input: unknown, prefix = 'challenge'): Challenge {
  checkFormat(input, CHALLENGE_FORMAT, CHALLENGE_SCHEMA_VERSION, prefix);
  const r = ChallengeSchema.safeParse(input);
  if (!r.success) throw zodFailure(prefix, r.error);
  const c = r.data;
  if (c.status === 'coming' && !c.needs) {
    throw new TrainingFileError(
      `${prefix}.needs: a "coming" challenge must say what it waits for`,
      `${prefix}.needs`,
    );
  }
  c.goals.forEach((g, i) => {
    if ((g.value === undefined) === (g.baselineFactor === undefined)) {
      throw new TrainingFileError(
        `${prefix}.goals.${i}: a goal needs exactly one of "value" and "baselineFactor"`,
        `${prefix}.goals.${i}`,
      );
    }
    if (g.measure.of === 'next-wave') {
      throw new TrainingFileError(
        `${prefix}.goals.${i}.measure: a challenge judges whole runs: use "run", "wave" or "largest-wave"`,
        `${prefix}.goals.${i}.measure`,
      );
    }
  });
  c.constraints.forEach((k, i) => {
    const needsValue = k.op !== 'absent' && k.op !== 'present';
    if (needsValue !== (k.value !== undefined)) {
      throw new TrainingFileError(
        `${prefix}.constraints.${i}.value: ${needsValue ? `"${k.op}" needs a value` : `"${k.op}" takes no value`}`,
        `${prefix}.constraints.${i}.value`,
      );
    }
    if (k.op === 'one-of' && !Array.isArray(k.value)) {
      throw new TrainingFileError(
        `${prefix}.constraints.${i}.value: "one-of" needs a list`,
        `${prefix}.constraints.${i}.value`,
      );
    }
  });
  if (c.efficiency.worst === c.efficiency.best) {
    throw new TrainingFileError(
      `${prefix}.efficiency.best: must differ from worst`,
      `${prefix}.efficiency.best`,
    );
  }
  return c;
}

/** The hidden seeds of a challenge: derived from its id and version, never shown (32-bit). */
export function hiddenSeeds(challenge: Pick<Challenge, 'id' | 'version' | 'hiddenSeeds'>): number[] {
  return Array.from({ length: challenge.hiddenSeeds }, (_, i) =>
    Number.parseInt(
      fnv1a64(`cascade-lab/challenge/${challenge.id}/v${challenge.version}/seed-${i}`).slice(-8),
      16,
    ),
  );
}

/** Reads a quantity from a design; null when the field is absent or not a number. */
export function readQuantity(
  design: unknown,
  q: { field: string; transform: 'identity' | 'reciprocal' },
): number | null {
  const v = getField(design, q.field);
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  if (q.transform === 'reciprocal') return v === 0 ? null : 1 / v;
  return v;
}

export interface ConstraintVerdict {
  label: string;
  ok: boolean;
  /** What the design has there, for the message. */
  found: string;
}

function show(v: unknown): string {
  if (v === undefined) return 'absent';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  return JSON.stringify(v)?.slice(0, 80) ?? String(v);
}

/** Checks each constraint on a design. */
export function checkConstraints(
  challenge: Pick<Challenge, 'constraints'>,
  design: unknown,
): ConstraintVerdict[] {
  return challenge.constraints.map((k) => {
    const raw = getField(design, k.field);
    // A design says "none" by leaving an optional part out or by setting it to null: both are absent.
    const absent = raw === undefined || raw === null;
    if (k.op === 'absent') return { label: k.label, ok: absent, found: absent ? 'none' : show(raw) };
    if (k.op === 'present') return { label: k.label, ok: !absent, found: absent ? 'none' : show(raw) };
    const v =
      k.transform === 'reciprocal' ? readQuantity(design, { field: k.field, transform: 'reciprocal' }) : raw;
    const found = show(v);
    switch (k.op) {
      case 'eq':
        return { label: k.label, ok: v === k.value, found };
      case 'ne':
        return { label: k.label, ok: v !== k.value, found };
      case 'one-of':
        return { label: k.label, ok: Array.isArray(k.value) && k.value.includes(v as never), found };
      default: {
        if (typeof v !== 'number' || typeof k.value !== 'number') return { label: k.label, ok: false, found };
        const op: Comparison = ({ lt: '<', le: '<=', gt: '>', ge: '>=' } as const)[k.op];
        // A hair of tolerance so 1/0.7 typed as 1.4286 still allows 70% LTV.
        const eps = 1e-9 * Math.max(1, Math.abs(k.value));
        const ok = op === '>=' || op === '>' ? compare(v + eps, op, k.value) : compare(v - eps, op, k.value);
        return { label: k.label, ok, found };
      }
    }
  });
}

/** Runs a design on a scenario with a seed (in a worker in the app, in-process in the CLI). */
export type ChallengeRunner = (req: {
  scenarioId: string;
  /** One run per design, in order, all on the same calibration. */
  designs: unknown[];
  seed: number;
  accounts?: number;
}) => Promise<MeasurableRun[]>;

export interface GoalVerdict {
  label: string;
  /** Per hidden seed, in order: met or not, and the measured value (formatted). */
  perSeed: { met: boolean; measured: string }[];
  met: boolean;
}

export interface ChallengeScore {
  challengeId: string;
  challengeVersion: number;
  /** 0–1000: 500 + 500 × efficiency when every goal holds on every hidden seed, else at most 450. */
  score: number;
  met: boolean;
  constraintsOk: boolean;
  constraints: ConstraintVerdict[];
  goals: GoalVerdict[];
  /** The design's efficiency quantity and its 0–1 share of the efficiency range. */
  efficiency: { label: string; value: number | null; share: number };
}

/** The target of a goal on one seed (for baselineFactor goals, needs the baseline run). */
export function goalTarget(goal: Goal, baseline: MeasurableRun | null): number {
  if (goal.value !== undefined) return goal.value;
  if (!baseline) throw new Error('a baselineFactor goal needs the baseline run');
  const b = measure(baseline, goal.measure);
  if (b === null) throw new Error(`the baseline run has no ${JSON.stringify(goal.measure)}`);
  return (goal.baselineFactor ?? 1) * b;
}

/**
 * Scores a design: constraints first (a design that breaks one scores 0 and is not run), then every
 * goal on every hidden seed, then capital efficiency. Deterministic for a given challenge and design.
 */
export async function scoreChallenge(
  challenge: Challenge,
  design: unknown,
  baseDesign: unknown,
  run: ChallengeRunner,
  asset = 'units',
): Promise<ChallengeScore> {
  const constraints = checkConstraints(challenge, design);
  const constraintsOk = constraints.every((c) => c.ok);
  const effValue = readQuantity(design, challenge.efficiency.quantity);
  const { worst, best } = challenge.efficiency;
  const share = effValue === null ? 0 : Math.min(1, Math.max(0, (effValue - worst) / (best - worst)));
  const efficiency = { label: challenge.efficiency.label, value: effValue, share };
  const base = { challengeId: challenge.id, challengeVersion: challenge.version, constraints, efficiency };
  if (!constraintsOk) {
    return {
      ...base,
      score: 0,
      met: false,
      constraintsOk,
      goals: challenge.goals.map((g) => ({ label: g.label, perSeed: [], met: false })),
    };
  }
  const seeds = hiddenSeeds(challenge);
  const needBaseline = challenge.goals.some((g) => g.baselineFactor !== undefined);
  const goals: GoalVerdict[] = challenge.goals.map((g) => ({ label: g.label, perSeed: [], met: true }));
  const accounts = challenge.accounts !== undefined ? { accounts: challenge.accounts } : {};
  for (const seed of seeds) {
    const runs = await run({
      scenarioId: challenge.scenarioId,
      designs: needBaseline ? [design, baseDesign] : [design],
      seed,
      ...accounts,
    });
    const runOfDesign = runs[0]!;
    const baseline = needBaseline ? runs[1]! : null;
    challenge.goals.forEach((g, i) => {
      const measured = measure(runOfDesign, g.measure);
      const met = measured !== null && compare(measured, g.op, goalTarget(g, baseline));
      goals[i]!.perSeed.push({
        met,
        measured: measured === null ? 'none' : formatMeasured(measured, measureUnit(g.measure), asset),
      });
      if (!met) goals[i]!.met = false;
    });
  }
  const pairs = goals.reduce((n, g) => n + g.perSeed.length, 0);
  const metPairs = goals.reduce((n, g) => n + g.perSeed.filter((s) => s.met).length, 0);
  const met = goals.every((g) => g.met);
  const score = met ? Math.round(500 + 500 * share) : Math.round((450 * metPairs) / Math.max(1, pairs));
  return { ...base, score, met, constraintsOk, goals };
}
