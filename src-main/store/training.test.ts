import { describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import { closeAfter, fakeClock, openTempStore, tempDir } from './store-test-support.ts';
import {
  addAnswer,
  addAttempt,
  createProfile,
  getLessonProgress,
  importClassResult,
  importContent,
  listAnswers,
  listAttempts,
  listClassResults,
  listContent,
  listProfiles,
  openMemoryTrainingDb,
  saveLessonPosition,
} from './training.ts';

describe('profiles', () => {
  it('creates profiles and refuses a name already taken, ignoring case and spaces', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    const ada = createProfile(store, '  Ada ');
    expect(ada.name).toBe('Ada');
    expect(() => createProfile(store, 'ada')).toThrow(/already exists/);
    expect(() => createProfile(store, '   ')).toThrow(/1 to 80 characters/);
    createProfile(store, 'Grace');
    expect(listProfiles(store).map((p) => p.name)).toEqual(['Ada', 'Grace']);
  });
});

describe('lesson progress', () => {
  it('keeps the position, makes completion sticky, and restarts on a new lesson version', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    const p = createProfile(store, 'Ada');
    const at = (step: number, completed = false, lessonVersion = 1) =>
      saveLessonPosition(store, { profileId: p.id, lessonId: 'l', lessonVersion, step, completed });
    expect(at(2).status).toBe('in-progress');
    const done = at(5, true);
    expect(done.status).toBe('completed');
    const reread = at(1);
    expect(reread).toMatchObject({ status: 'completed', currentStep: 1, completedAtMs: done.completedAtMs });
    const v2 = at(0, false, 2);
    expect(v2).toMatchObject({ status: 'in-progress', lessonVersion: 2, completedAtMs: null });
  });

  it('survives closing and reopening the store', async () => {
    const dir = tempDir();
    const first = await openStore({ dataDir: dir });
    const p = createProfile(first, 'Ada');
    saveLessonPosition(first, {
      profileId: p.id,
      lessonId: 'l',
      lessonVersion: 1,
      step: 3,
      completed: false,
    });
    addAnswer(first, {
      profileId: p.id,
      lessonId: 'l',
      lessonVersion: 1,
      stepId: 's',
      kind: 'predict',
      answer: { value: 10 },
      outcome: { actual: 12 },
      correct: true,
    });
    first.close();
    const again = await openStore({ dataDir: dir });
    closeAfter(() => again.close());
    expect(getLessonProgress(again, p.id, 'l')?.currentStep).toBe(3);
    expect(listAnswers(again, p.id, 'l', 1)).toMatchObject([
      { stepId: 's', answer: { value: 10 }, outcome: { actual: 12 }, correct: true },
    ]);
  });
});

describe('challenge attempts', () => {
  it('stores attempts with the profile name, and refuses an unknown profile', () => {
    const t = openMemoryTrainingDb(fakeClock());
    closeAfter(() => t.close());
    const p = createProfile(t, 'Ada');
    const attempt = {
      profileId: p.id,
      challengeId: 'c',
      challengeVersion: 1,
      designId: 'd',
      designName: 'D',
      designHash: 'h',
      score: 812,
      met: true,
      result: { score: 812 },
    };
    expect(addAttempt(t, attempt)).toMatchObject({ profileName: 'Ada', score: 812, met: true });
    expect(() => addAttempt(t, { ...attempt, profileId: 'nobody' })).toThrow(/FOREIGN KEY/);
    expect(listAttempts(t, { challengeId: 'c' })).toHaveLength(1);
  });
});

describe('imported content and class results', () => {
  it('imports a pack in one transaction; the newest import of an id wins', () => {
    const t = openMemoryTrainingDb(fakeClock());
    closeAfter(() => t.close());
    const sha = 'a'.repeat(64);
    importContent(t, [{ kind: 'lesson', id: 'x', version: 1, json: '{"v":1}' }], {
      title: 'Week 1',
      fileName: 'w1.json',
      sha256: sha,
    });
    importContent(t, [{ kind: 'lesson', id: 'x', version: 2, json: '{"v":2}' }]);
    expect(listContent(t, 'lesson')).toMatchObject([
      { id: 'x', version: 2, json: '{"v":2}', packTitle: null },
    ]);
    // A failing item rolls the whole import back, pack row included.
    expect(() =>
      importContent(
        t,
        [
          { kind: 'lesson', id: 'y', version: 1, json: '{}' },
          { kind: 'lesson', id: 'z', version: 1, json: 'not json' },
        ],
        { title: 'Bad', fileName: 'bad.json', sha256: sha },
      ),
    ).toThrow(/CHECK/);
    expect(listContent(t, 'lesson').map((c) => c.id)).toEqual(['x']);
    expect(t.db.prepare("SELECT count(*) AS n FROM training_packs WHERE title = 'Bad'").get()).toEqual({
      n: 0,
    });
  });

  it('imports a results file once', () => {
    const t = openMemoryTrainingDb(fakeClock());
    closeAfter(() => t.close());
    const r = {
      student: 'Ada',
      exportedAt: '2026-01-01T00:00:00Z',
      fileName: 'a.json',
      sha256: 'b'.repeat(64),
      json: '{}',
    };
    expect(importClassResult(t, r).duplicate).toBe(false);
    expect(importClassResult(t, r).duplicate).toBe(true);
    expect(listClassResults(t)).toHaveLength(1);
  });
});
