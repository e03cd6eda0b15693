import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from './builtin-lessons.ts';
import type { Lesson } from './lesson.ts';
import { TrainingFileError, numberGuessCounts, parseLesson, resolvePosition, rightOption } from './lesson.ts';

const good = (): Record<string, unknown> =>
  structuredClone(BUILTIN_LESSONS.get('black-thursday-loop')) as never;

function fieldOf(input: unknown): string {
  try {
    parseLesson(input);
  } catch (e) {
    expect(e).toBeInstanceOf(TrainingFileError);
    return (e as TrainingFileError).field;
  }
  throw new Error('the lesson was accepted');
}

describe('parseLesson', () => {
  it('accepts the built-in lessons and round-trips them through JSON', () => {
    for (const lesson of BUILTIN_LESSONS.values()) {
      expect(parseLesson(JSON.parse(JSON.stringify(lesson)))).toEqual(lesson);
    }
  });

  it('names the field at fault', () => {
    const l = good();
    (l['steps'] as Record<string, unknown>[])[2]!['answer'] = { kind: 'number' };
    expect(fieldOf(l)).toBe('lesson.steps.2.answer.measure');

    const unknownKey = { ...good(), colour: 'red' };
    expect(fieldOf(unknownKey)).toBe('lesson');
    expect(() => parseLesson(unknownKey)).toThrow(/unknown field "colour"/);

    expect(fieldOf({ ...good(), id: 'Not A Slug' })).toBe('lesson.id');
    expect(fieldOf({ ...good(), format: 'something-else' })).toBe('lesson.format');
    expect(fieldOf({ ...good(), seed: -1 })).toBe('lesson.seed');
  });

  it('refuses a file from a newer app with an update message', () => {
    expect(() => parseLesson({ ...good(), schemaVersion: 7 })).toThrow(/newer Cascade Lab.*update the app/);
  });

  it('checks rules across fields: unique ids, debrief last, goals, option ranges, coming lessons', () => {
    const steps = () => (good()['steps'] as Record<string, unknown>[]).map((s) => ({ ...s }));
    const dup = steps();
    dup[1]!['id'] = dup[0]!['id'];
    expect(fieldOf({ ...good(), steps: dup })).toBe('lesson.steps.1.id');

    const noDebrief = steps().slice(0, -1);
    expect(fieldOf({ ...good(), steps: noDebrief })).toMatch(/^lesson\.steps\.\d+\.kind$/);

    const twoGoals = steps();
    const tryIt = twoGoals.find((s) => s['kind'] === 'try-it')!;
    tryIt['goal'] = { ...(tryIt['goal'] as object), baselineFactor: 0.5 };
    expect(fieldOf({ ...good(), steps: twoGoals })).toMatch(/\.goal$/);

    const overlap = steps();
    const choice = overlap.find(
      (s) => s['kind'] === 'predict' && (s['answer'] as { kind: string }).kind === 'choice',
    )!;
    const answer = structuredClone(choice['answer']) as { options: { min?: number; max?: number }[] };
    answer.options[1]!.min = 0.05;
    choice['answer'] = answer;
    expect(fieldOf({ ...good(), steps: overlap })).toMatch(/answer\.options\.\d$/);

    const nextWaveAtEnd = steps();
    nextWaveAtEnd[2] = { ...nextWaveAtEnd[2], at: { at: 'end' } };
    expect(fieldOf({ ...good(), steps: nextWaveAtEnd })).toBe('lesson.steps.2.answer.measure');

    expect(fieldOf({ ...good(), status: 'coming' })).toBe('lesson.needs');
    expect(fieldOf({ ...good(), status: 'coming', needs: 'x' })).toBe('lesson.steps');
    const { scenarioId: _s, ...unbound } = good();
    expect(fieldOf(unbound)).toBe('lesson.scenarioId');
  });

  it('refuses a field path that is not one (prototype keys included)', () => {
    const l = good();
    const tryIt = (l['steps'] as Record<string, unknown>[]).find((s) => s['kind'] === 'try-it')!;
    tryIt['field'] = '__proto__.polluted';
    expect(fieldOf(l)).toMatch(/\.field$/);
  });
});

describe('positions and answers', () => {
  const run = {
    steps: 100,
    waves: [
      { startStep: 10, endStep: 20 },
      { startStep: 50, endStep: 60 },
    ],
  };
  it('resolves positions against a run', () => {
    expect(resolvePosition({ at: 'before-wave', wave: 2 }, run)).toBe(49);
    expect(resolvePosition({ at: 'wave-end', wave: 1 }, run)).toBe(20);
    expect(resolvePosition({ at: 'end' }, run)).toBe(99);
    expect(resolvePosition({ at: 'step', step: 500 }, run)).toBe(99);
    expect(resolvePosition({ at: 'wave-start', wave: 3 }, run)).toBeNull();
  });

  it('judges numbers by tolerance and choices by range', () => {
    const number = {
      kind: 'number' as const,
      measure: { of: 'run' as const, metric: 'wave-count' as const },
      relativeTolerance: 0.2,
    };
    expect(numberGuessCounts(110, 100, number)).toBe(true);
    expect(numberGuessCounts(121, 100, number)).toBe(false);
    expect(numberGuessCounts(1, 0, { ...number, absoluteTolerance: 2 })).toBe(true);
    const lesson = BUILTIN_LESSONS.get('black-thursday-loop') as Lesson;
    const choice = lesson.steps.find((s) => s.kind === 'predict' && s.answer.kind === 'choice');
    if (choice?.kind !== 'predict' || choice.answer.kind !== 'choice') throw new Error('no choice step');
    expect(rightOption(0.05, choice.answer)).toBe('few');
    expect(rightOption(0.1, choice.answer)).toBe('some');
    expect(rightOption(0.9, choice.answer)).toBe('many');
  });
});
