import { describe, expect, it } from 'vitest';
import { BUILTIN_CHALLENGES } from './builtin-challenges.ts';
import { BUILTIN_LESSONS } from './builtin-lessons.ts';
import { TrainingFileError } from './lesson.ts';
import {
  MAX_TRAINING_FILE_BYTES,
  buildPack,
  fileSlug,
  parseJsonText,
  parsePack,
  parseResults,
} from './pack.ts';

const lesson = BUILTIN_LESSONS.get('black-thursday-loop')!;
const challenge = BUILTIN_CHALLENGES.get('bt-bad-debt-70-ltv')!;

describe('packs', () => {
  it('round-trip lessons and challenges', () => {
    const text = buildPack('Week 1', '2026-01-05T09:00:00.000Z', [lesson], [challenge]);
    const pack = parsePack(parseJsonText(text, 'pack'));
    expect(pack.lessons).toEqual([lesson]);
    expect(pack.challenges).toEqual([challenge]);
    expect(pack.title).toBe('Week 1');
  });

  it('name the lesson and field at fault inside a pack', () => {
    const bad = JSON.parse(buildPack('W', '2026-01-05T09:00:00.000Z', [lesson], [])) as {
      lessons: { title: string }[];
    };
    bad.lessons[0]!.title = '';
    expect(() => parsePack(bad)).toThrow(/pack\.lessons\.0\.title/);
    const dup = JSON.parse(buildPack('W', '2026-01-05T09:00:00.000Z', [lesson, lesson], []));
    expect(() => parsePack(dup)).toThrow(/pack\.lessons\.1\.id: "black-thursday-loop" appears twice/);
    const empty = JSON.parse(buildPack('W', '2026-01-05T09:00:00.000Z', [], []));
    expect(() => parsePack(empty)).toThrow(/no lessons and no challenges/);
  });

  it('refuse hostile JSON before looking inside', () => {
    expect(() => parseJsonText('{"__proto__": {"x": 1}}', 'pack')).toThrow(/"__proto__" is not allowed/);
    expect(() => parseJsonText('{', 'pack')).toThrow(TrainingFileError);
    expect(() => parseJsonText(' '.repeat(MAX_TRAINING_FILE_BYTES + 1), 'pack')).toThrow(/over the/);
  });
});

describe('results files', () => {
  const results = {
    format: 'cascade-lab.results',
    schemaVersion: 1,
    student: 'Ada',
    exportedAt: '2026-01-05T10:00:00.000Z',
    lessons: [
      {
        lessonId: 'black-thursday-loop',
        lessonVersion: 1,
        title: 'The loop',
        status: 'completed',
        predictions: 2,
        predictionsRight: 1,
        tryItsSolved: 1,
        tryIts: 1,
      },
    ],
    challenges: [],
  };
  it('validate, naming the field', () => {
    expect(parseResults(results).student).toBe('Ada');
    const bad = structuredClone(results);
    bad.lessons[0]!.predictionsRight = 3;
    expect(() => parseResults(bad)).toThrow(/results\.lessons\.0\.predictionsRight/);
    expect(() => parseResults({ ...results, format: 'cascade-lab.pack' })).toThrow(/results\.format/);
  });
  it('file names are slugs', () => {
    expect(fileSlug('Ada Lovelace — week 1!', 'x')).toBe('ada-lovelace-week-1');
    expect(fileSlug('   ', 'student')).toBe('student');
  });
});
