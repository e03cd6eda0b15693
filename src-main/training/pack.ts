/**
 * Classroom files, both plain versioned JSON and both validated like lessons:
 *   - a pack (`cascade-lab.pack`): a set of lessons and challenges an instructor hands out;
 *   - results (`cascade-lab.results`): one student's progress, which the instructor imports to see a
 *     class table.
 * Pure: the service reads and writes the files.
 */
import { z } from 'zod';
import { lazySchema } from '../engine/lazy-schema.ts';
import type { Challenge } from './challenge.ts';
import { parseChallenge } from './challenge.ts';
import type { Lesson } from './lesson.ts';
import { TrainingFileError, checkFormat, parseLesson, slug, zodFailure } from './lesson.ts';

export const PACK_FORMAT = 'cascade-lab.pack';
export const RESULTS_FORMAT = 'cascade-lab.results';
export const TRAINING_FILE_VERSION = 1;
/** Largest pack or results file read, bytes (lessons are a few kB each). */
export const MAX_TRAINING_FILE_BYTES = 4 * 1024 * 1024;

const PackEnvelope = lazySchema(() =>
  z.strictObject({
    format: z.literal(PACK_FORMAT),
    schemaVersion: z.literal(TRAINING_FILE_VERSION),
    title: z.string().trim().min(1).max(200),
    createdAt: z.iso.datetime(),
    lessons: z.array(z.unknown()).max(200),
    challenges: z.array(z.unknown()).max(200),
  }),
);

export interface Pack {
  title: string;
  createdAt: string;
  lessons: Lesson[];
  challenges: Challenge[];
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse after a size check, refusing prototype keys; TrainingFileError naming `what`. */
export function parseJsonText(text: string, what: string): unknown {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_TRAINING_FILE_BYTES) {
    throw new TrainingFileError(
      `${what}: ${bytes} bytes is over the ${MAX_TRAINING_FILE_BYTES}-byte limit`,
      what,
    );
  }
  let bad: string | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) bad = key;
      return value;
    });
  } catch (e) {
    throw new TrainingFileError(`${what}: not valid JSON (${(e as Error).message})`, what);
  }
  if (bad !== undefined)
    throw new TrainingFileError(`${what}: the key "${bad}" is not allowed; remove it`, what);
  return parsed;
}

/** Validates a pack: the envelope, then every lesson and challenge (the error names which). */
export function parsePack(input: unknown): Pack {
  checkFormat(input, PACK_FORMAT, TRAINING_FILE_VERSION, 'pack');
  const r = PackEnvelope.safeParse(input);
  if (!r.success) throw zodFailure('pack', r.error);
  const lessons = r.data.lessons.map((l, i) => parseLesson(l, `pack.lessons.${i}`));
  const challenges = r.data.challenges.map((c, i) => parseChallenge(c, `pack.challenges.${i}`));
  const dup = (ids: string[], field: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id))
        throw new TrainingFileError(
          `${field}.${i}.id: "${id}" appears twice in the pack`,
          `${field}.${i}.id`,
        );
      seen.add(id);
    });
  };
  dup(
    lessons.map((l) => l.id),
    'pack.lessons',
  );
  dup(
    challenges.map((c) => c.id),
    'pack.challenges',
  );
  if (lessons.length + challenges.length === 0) {
    throw new TrainingFileError('pack.lessons: the pack has no lessons and no challenges', 'pack.lessons');
  }
  return { title: r.data.title, createdAt: r.data.createdAt, lessons, challenges };
}

export function buildPack(
  title: string,
  createdAt: string,
  lessons: Lesson[],
  challenges: Challenge[],
): string {
  return `${JSON.stringify(
    { format: PACK_FORMAT, schemaVersion: TRAINING_FILE_VERSION, title, createdAt, lessons, challenges },
    null,
    2,
  )}\n`;
}

const count = lazySchema(() => z.number().int().min(0).max(100_000));

export const ResultsSchema = lazySchema(() =>
  z.strictObject({
    format: z.literal(RESULTS_FORMAT),
    schemaVersion: z.literal(TRAINING_FILE_VERSION),
    /** The student's profile name as they typed it. */
    student: z.string().trim().min(1).max(80),
    exportedAt: z.iso.datetime(),
    lessons: z
      .array(
        z.strictObject({
          lessonId: slug,
          lessonVersion: z.number().int().min(1),
          title: z.string().max(200),
          status: z.enum(['not-started', 'in-progress', 'completed']),
          predictions: count,
          predictionsRight: count,
          tryItsSolved: count,
          tryIts: count,
        }),
      )
      .max(500),
    challenges: z
      .array(
        z.strictObject({
          challengeId: slug,
          challengeVersion: z.number().int().min(1),
          title: z.string().max(200),
          attempts: count,
          bestScore: z.number().min(0).max(1000),
          met: z.boolean(),
        }),
      )
      .max(500),
  }),
);
export type StudentResults = z.infer<typeof ResultsSchema>;

export function parseResults(input: unknown): StudentResults {
  checkFormat(input, RESULTS_FORMAT, TRAINING_FILE_VERSION, 'results');
  const r = ResultsSchema.safeParse(input);
  if (!r.success) throw zodFailure('results', r.error);
  r.data.lessons.forEach((l, i) => {
    if (l.predictionsRight > l.predictions) {
      throw new TrainingFileError(
        `results.lessons.${i}.predictionsRight: more right predictions than predictions`,
        `results.lessons.${i}.predictionsRight`,
      );
    }
  });
  return r.data;
}

/** A file name from a title: lowercase letters, digits and dashes. */
export function fileSlug(text: string, fallback: string): string {
  const s = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || fallback;
}
