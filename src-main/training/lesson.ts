/**
 * The lesson format: versioned, validated JSON. A lesson is bound to a scenario, a design and a seed;
 * its steps are bound to positions in that replay: narration cards that point at chart elements,
 * predictions answered before the replay reveals the outcome, try-it steps that change one design
 * field so a stated goal holds (checked by running the engine), and a debrief. Every figure a lesson
 * shows is either measured on the engine's run or a published figure quoted from the scenario with
 * its source: the format has no place for a bare number. Bad files are rejected naming the field.
 * Pure: no Node, no DOM.
 */
import { z } from 'zod';
import { describeIssue } from '../engine/design.ts';
import { lazySchema } from '../engine/lazy-schema.ts';
import { isFieldPath } from './design-path.ts';
import type { Measure } from './measures.ts';
import { MeasureSchema } from './measures.ts';

export const LESSON_FORMAT = 'cascade-lab.lesson';
export const LESSON_SCHEMA_VERSION = 1;

/** A lesson, challenge, pack or results file that is not valid; `field` is dotted (`lesson.steps.2.at`). */
export class TrainingFileError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'TrainingFileError';
  }
}

/** A request the user can fix (unknown lesson or challenge id, empty pack): invalid input or not found. */
export class TrainingInputError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid-input' | 'not-found',
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TrainingInputError';
  }
}

export const slug = lazySchema(() =>
  z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes (at most 64)'),
);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const FieldPathSchema = lazySchema(() =>
  z.string().max(200).refine(isFieldPath, 'must be a dotted design field path like margin.liquidationRatio'),
);

/** Where in the replay a step happens. */
export const PositionSchema = lazySchema(() =>
  z.discriminatedUnion('at', [
    z.strictObject({ at: z.literal('start') }),
    z.strictObject({ at: z.literal('step'), step: z.number().int().min(0).max(10_000_000) }),
    /** The step just before wave n begins (the moment to ask what it will do). */
    z.strictObject({ at: z.literal('before-wave'), wave: z.number().int().min(1).max(1000) }),
    z.strictObject({ at: z.literal('wave-start'), wave: z.number().int().min(1).max(1000) }),
    z.strictObject({ at: z.literal('wave-end'), wave: z.number().int().min(1).max(1000) }),
    z.strictObject({ at: z.literal('end') }),
  ]),
);
export type Position = z.infer<typeof PositionSchema>;

/** Chart elements a narration card can point at (the player highlights them). */
export const CHART_TARGETS = [
  'price',
  'oracle',
  'flows',
  'shortfall',
  'health',
  'liquidation-map',
  'waves',
  'transport',
  /** The gas and keepers chart (scenarios whose gas moves). */
  'gas',
] as const;
export type ChartTarget = (typeof CHART_TARGETS)[number];

export const FigureRefSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    /** A published figure of the lesson's scenario, quoted with its source (by the figure's name). */
    z.strictObject({ kind: z.literal('published'), figure: text(200) }),
    /** A figure measured on the lesson's run. */
    z.strictObject({ kind: z.literal('engine'), measure: MeasureSchema, label: text(200).optional() }),
  ]),
);
export type FigureRef = z.infer<typeof FigureRefSchema>;

const comparison = lazySchema(() => z.enum(['<', '<=', '>', '>=']));
export type Comparison = z.infer<typeof comparison>;

/**
 * A goal the engine judges: `measure op value`, or `measure op baselineFactor × (the same measure on
 * the starting design, same seed)` — "halve the largest wave" is `largest-wave-usd <= 0.5 × baseline`.
 */
export const GoalSchema = lazySchema(() =>
  z.strictObject({
    label: text(300),
    measure: MeasureSchema,
    op: comparison,
    value: z.number().finite().optional(),
    baselineFactor: z.number().finite().positive().max(100).optional(),
  }),
);
export type Goal = z.infer<typeof GoalSchema>;

const choiceOption = lazySchema(() =>
  z.strictObject({
    id: slug,
    label: text(200),
    /** The option is right when the measured value is ≥ min (inclusive) … */
    min: z.number().finite().optional(),
    /** … and < max (exclusive). */
    max: z.number().finite().optional(),
  }),
);

export const PredictAnswerSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('number'),
      measure: MeasureSchema,
      /** A guess within this fraction of the measured value counts (0.3 = ±30%). */
      relativeTolerance: z.number().finite().min(0).max(10),
      /** …or within this absolute distance (for values near zero). */
      absoluteTolerance: z.number().finite().min(0).optional(),
      unitLabel: text(40).optional(),
    }),
    z.strictObject({
      kind: z.literal('choice'),
      measure: MeasureSchema,
      options: z.array(choiceOption).min(2).max(8),
    }),
  ]),
);
export type PredictAnswer = z.infer<typeof PredictAnswerSchema>;

/** Fields every step has (a function: built with the step schemas, on first use). */
const common = () => ({
  id: slug,
  title: text(120),
});

export const StepSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      ...common(),
      kind: z.literal('narration'),
      at: PositionSchema,
      text: text(4000),
      points: z.array(z.enum(CHART_TARGETS)).max(8).default([]),
      figures: z.array(FigureRefSchema).max(8).default([]),
    }),
    z.strictObject({
      ...common(),
      kind: z.literal('predict'),
      at: PositionSchema,
      question: text(600),
      answer: PredictAnswerSchema,
      /** Where the replay goes to show what happened (default: the end of the wave the measure reads, else the end). */
      reveal: PositionSchema.optional(),
      explanation: text(4000),
      points: z.array(z.enum(CHART_TARGETS)).max(8).default([]),
    }),
    z.strictObject({
      ...common(),
      kind: z.literal('try-it'),
      at: PositionSchema.default({ at: 'end' }),
      prompt: text(1000),
      /** The one design field the student changes. */
      field: FieldPathSchema,
      input: z.discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('number'),
          min: z.number().finite(),
          max: z.number().finite(),
          step: z.number().finite().positive().optional(),
          unitLabel: text(40).optional(),
        }),
        z.strictObject({
          kind: z.literal('choice'),
          options: z
            .array(
              z.strictObject({
                /** What the field becomes: a scalar, or a whole object (`liquidation` → a Dutch auction). */
                value: z.union([
                  z.string().max(200),
                  z.number().finite(),
                  z.boolean(),
                  z.null(),
                  z.record(z.string(), z.unknown()),
                ]),
                label: text(200),
              }),
            )
            .min(2)
            .max(12),
        }),
      ]),
      goal: GoalSchema,
      hint: text(1000).optional(),
      explanation: text(4000),
    }),
    z.strictObject({ ...common(), kind: z.literal('debrief'), text: text(4000) }),
  ]),
);
export type LessonStep = z.infer<typeof StepSchema>;
export type PredictStep = Extract<LessonStep, { kind: 'predict' }>;
export type TryItStep = Extract<LessonStep, { kind: 'try-it' }>;
export type NarrationStep = Extract<LessonStep, { kind: 'narration' }>;

export const LessonSchema = lazySchema(() =>
  z.strictObject({
    format: z.literal(LESSON_FORMAT, { error: `format must be "${LESSON_FORMAT}"` }),
    schemaVersion: z.literal(LESSON_SCHEMA_VERSION),
    id: slug,
    /** Bumped when the lesson's steps change (progress is kept per version). */
    version: z.number().int().min(1).max(1_000_000),
    title: text(120),
    summary: text(600),
    /** The seed theory the lesson teaches, in a sentence or two. */
    theory: text(1000),
    /** 'coming': listed but not playable until the engine feature it needs exists (see `needs`). */
    status: z.enum(['ready', 'coming']),
    needs: text(300).optional(),
    /** Required unless the lesson is "coming" (a coming lesson is bound to nothing yet). */
    scenarioId: slug.optional(),
    designId: z.string().min(1).max(200).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    accounts: z.number().int().min(2).max(1_000_000).optional(),
    sources: z.array(z.string().max(1000)).max(50).default([]),
    steps: z.array(StepSchema).max(60),
  }),
);
export type Lesson = z.infer<typeof LessonSchema>;
/** A ready lesson: bound to a scenario, a design and a seed. */
export type PlayableLesson = Lesson & { status: 'ready'; scenarioId: string; designId: string; seed: number };

export function isPlayable(lesson: Lesson): lesson is PlayableLesson {
  return (
    lesson.status === 'ready' &&
    lesson.scenarioId !== undefined &&
    lesson.designId !== undefined &&
    lesson.seed !== undefined
  );
}

/** Refuses files from a newer app before anything else (mirrors the store's newer-version rule). */
export function checkFormat(input: unknown, format: string, supported: number, prefix: string): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TrainingFileError(`${prefix}: must be a JSON object`, prefix);
  }
  const o = input as Record<string, unknown>;
  if (o['format'] !== format) {
    throw new TrainingFileError(
      `${prefix}.format: must be "${format}" (got ${JSON.stringify(o['format'] ?? null)?.slice(0, 60)})`,
      `${prefix}.format`,
    );
  }
  const v = o['schemaVersion'];
  if (typeof v === 'number' && Number.isInteger(v) && v > supported) {
    throw new TrainingFileError(
      `${prefix}.schemaVersion: ${v} was written by a newer Cascade Lab (this one reads ${supported}); update the app`,
      `${prefix}.schemaVersion`,
    );
  }
}

/** The first zod issue as a TrainingFileError naming the field. */
export function zodFailure(prefix: string, error: z.ZodError): TrainingFileError {
  const first = error.issues[0];
  if (!first) return new TrainingFileError(`${prefix}: invalid`, prefix);
  const { field, message } = describeIssue(prefix, first);
  return new TrainingFileError(message, field);
}

function fail(field: string, message: string): never {
  throw new TrainingFileError(`${field}: ${message}`, field);
}

function checkGoal(goal: Goal, field: string): void {
  if ((goal.value === undefined) === (goal.baselineFactor === undefined)) {
    fail(field, 'a goal needs exactly one of "value" and "baselineFactor"');
  }
}

function checkMeasureAt(m: Measure, at: Position, field: string): void {
  if (m.of === 'next-wave' && (at.at === 'end' || at.at === 'wave-end')) {
    fail(
      field,
      'a "next-wave" measure needs a position before a wave (before-wave, wave-start, step or start)',
    );
  }
}

/**
 * Parses and validates a lesson. Throws TrainingFileError naming the field on the first problem,
 * including rules across fields: unique step ids, a ready lesson ends with its one debrief, a
 * coming lesson says what it needs and has no steps, number inputs have min < max, and choice
 * options do not overlap.
 */
export function parseLesson(input: unknown, prefix = 'lesson'): Lesson {
  checkFormat(input, LESSON_FORMAT, LESSON_SCHEMA_VERSION, prefix);
  const r = LessonSchema.safeParse(input);
  if (!r.success) throw zodFailure(prefix, r.error);
  const lesson = r.data;
  if (lesson.status === 'coming') {
    if (!lesson.needs)
      fail(`${prefix}.needs`, 'a "coming" lesson must say which engine feature it waits for');
    if (lesson.steps.length > 0)
      fail(`${prefix}.steps`, 'a "coming" lesson has no steps (nothing playable behind it)');
    return lesson;
  }
  for (const key of ['scenarioId', 'designId', 'seed'] as const) {
    if (lesson[key] === undefined)
      fail(`${prefix}.${key}`, 'a ready lesson must name its scenario, design and seed');
  }
  if (lesson.steps.length < 2) fail(`${prefix}.steps`, 'a lesson needs at least one step and a debrief');
  const seen = new Set<string>();
  lesson.steps.forEach((step, i) => {
    const field = `${prefix}.steps.${i}`;
    if (seen.has(step.id))
      fail(`${field}.id`, `"${step.id}" is used by an earlier step; step ids must be unique`);
    seen.add(step.id);
    const last = i === lesson.steps.length - 1;
    if (step.kind === 'debrief' && !last) fail(`${field}.kind`, 'the debrief must be the last step');
    if (last && step.kind !== 'debrief') fail(`${field}.kind`, 'the last step must be the debrief');
    if (step.kind === 'predict') {
      checkMeasureAt(step.answer.measure, step.at, `${field}.answer.measure`);
      if (step.answer.kind === 'choice') {
        const ids = new Set<string>();
        step.answer.options.forEach((o, k) => {
          if (ids.has(o.id)) fail(`${field}.answer.options.${k}.id`, `"${o.id}" is used twice`);
          ids.add(o.id);
          if (o.min !== undefined && o.max !== undefined && !(o.min < o.max)) {
            fail(`${field}.answer.options.${k}.max`, 'max must be above min');
          }
        });
        const sorted = step.answer.options
          .map((o, k) => ({ lo: o.min ?? -Infinity, hi: o.max ?? Infinity, k }))
          .sort((a, b) => a.lo - b.lo);
        for (let k = 1; k < sorted.length; k++) {
          if (sorted[k]!.lo < sorted[k - 1]!.hi) {
            fail(
              `${field}.answer.options.${sorted[k]!.k}`,
              "the options' ranges overlap; exactly one option must be right",
            );
          }
        }
      }
    }
    if (step.kind === 'try-it') {
      checkGoal(step.goal, `${field}.goal`);
      checkMeasureAt(step.goal.measure, step.at, `${field}.goal.measure`);
      if (step.input.kind === 'number' && !(step.input.min < step.input.max)) {
        fail(`${field}.input.max`, 'max must be above min');
      }
    }
    if (step.kind === 'narration') {
      step.figures.forEach((f, k) => {
        if (f.kind === 'engine') checkMeasureAt(f.measure, step.at, `${field}.figures.${k}.measure`);
      });
    }
  });
  return lesson;
}

/** The step a position means in a run with these waves (clamped to the run). */
export function resolvePosition(
  pos: Position,
  run: { steps: number; waves: readonly { startStep: number; endStep: number }[] },
): number | null {
  const last = Math.max(0, run.steps - 1);
  const clamp = (s: number) => Math.min(last, Math.max(0, s));
  switch (pos.at) {
    case 'start':
      return 0;
    case 'end':
      return last;
    case 'step':
      return clamp(pos.step);
    default: {
      const w = run.waves[pos.wave - 1];
      if (!w) return null;
      if (pos.at === 'before-wave') return clamp(w.startStep - 1);
      if (pos.at === 'wave-start') return clamp(w.startStep);
      return clamp(w.endStep);
    }
  }
}

/** Whether `measured op target` holds. */
export function compare(measured: number, op: Comparison, target: number): boolean {
  switch (op) {
    case '<':
      return measured < target;
    case '<=':
      return measured <= target;
    case '>':
      return measured > target;
    case '>=':
      return measured >= target;
  }
}

/** Whether a numeric guess is within the step's tolerance of the measured value. */
export function numberGuessCounts(
  guess: number,
  actual: number,
  answer: Extract<PredictAnswer, { kind: 'number' }>,
): boolean {
  const diff = Math.abs(guess - actual);
  return diff <= answer.relativeTolerance * Math.abs(actual) || diff <= (answer.absoluteTolerance ?? 0);
}

/** The choice option whose range holds the measured value (null if none does: a lesson bug). */
export function rightOption(
  actual: number,
  answer: Extract<PredictAnswer, { kind: 'choice' }>,
): string | null {
  for (const o of answer.options) {
    if ((o.min === undefined || actual >= o.min) && (o.max === undefined || actual < o.max)) return o.id;
  }
  return null;
}
