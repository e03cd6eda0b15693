/**
 * The training channels through `dispatch`: a student plays the Black Thursday lesson on its replay,
 * predictions are judged against the run and are final, a try-it is judged by running the engine,
 * progress and answers survive a restart of the service on the same store, challenges are scored and
 * ranked, and hostile or wrong inputs get clear errors.
 */
import { describe, expect, it } from 'vitest';
import type {
  ApiEvent,
  ChallengeResultView,
  ClassTable,
  DebriefRow,
  LeaderboardRow,
  LessonCard,
  LessonSession,
  PredictionResult,
  ProfileView,
  ProgressView,
  Result,
  RunView,
  TrainingFileOut,
  TryItResult,
} from '../contract/api.ts';
import { PRESETS } from '../engine/presets.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/open-store.ts';
import { closeAfter, tempDir } from '../store/store-test-support.ts';
import { BUILTIN_LESSONS } from '../training/builtin-lessons.ts';
import type { AppServiceOptions } from './app-service.ts';
import { createAppService } from './app-service.ts';
import { InProcessEnginePool } from './pool/engine-pool.ts';

function setup(options: AppServiceOptions = {}) {
  const events: ApiEvent[] = [];
  const service = createAppService({ pool: new InProcessEnginePool(), log: () => {}, ...options });
  closeAfter(() => void service.close());
  const ctx = { emit: (e: ApiEvent) => events.push(e) };
  const call = <T>(channel: unknown, input: unknown) =>
    service.dispatch(channel, input, ctx) as Promise<Result<T>>;
  const value = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await call<T>(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const replay = async (scenarioId: string, designId: string, seed: number): Promise<RunView> => {
    const { jobId } = await value<{ jobId: string }>('replay.start', {
      scenarioId,
      designIds: [designId],
      seed,
    });
    const [run] = await value<RunView[]>('replay.result', { jobId });
    return run!;
  };
  return { service, call, value, replay, events };
}

async function storeIn(dir: string): Promise<Store> {
  const store = await openStore({ dataDir: dir });
  return store;
}

const LESSON = 'black-thursday-loop';

describe('training channels', () => {
  it('plays a lesson: predictions judged on the run and final, a try-it judged by the engine, progress kept across a restart', async () => {
    const dir = tempDir();
    const store = await storeIn(dir);
    const app = setup({ training: store });
    const ada = await app.value<ProfileView>('profiles.create', { name: 'Ada' });
    const lessons = await app.value<LessonCard[]>('lessons.list', {});
    // Every built-in lesson is playable now that the options and 1987 scenarios exist.
    expect(lessons.filter((l) => l.status === 'coming').map((l) => l.id)).toEqual([]);
    expect(lessons.map((l) => l.id)).toEqual(
      expect.arrayContaining(['gamma-hedging', 'portfolio-insurance-1987']),
    );
    const card = lessons.find((l) => l.id === LESSON)!;

    const run = await app.replay(card.scenarioId!, card.designId!, card.seed!);
    const session = await app.value<LessonSession>('lessons.open', {
      profileId: ada.id,
      lessonId: LESSON,
      runId: run.runId,
    });
    expect(session.resumeStep).toBe(0);
    const predict = session.steps.find((s) => s.kind === 'predict' && s.input.kind === 'number')!;
    const first = await app.value<PredictionResult>('lessons.answer', {
      profileId: ada.id,
      lessonId: LESSON,
      stepId: predict.id,
      runId: run.runId,
      answer: { value: 1 },
    });
    expect(first.correct).toBe(false);
    const actual = Number(first.actualText.replace(/[^\d.]/g, ''));
    // A second answer (after the reveal) does not change the prediction.
    const again = await app.value<PredictionResult>('lessons.answer', {
      profileId: ada.id,
      lessonId: LESSON,
      stepId: predict.id,
      runId: run.runId,
      answer: { value: actual },
    });
    expect(again).toEqual(first);

    const choice = session.steps.find((s) => s.kind === 'predict' && s.input.kind === 'choice')!;
    const wrongKind = await app.call('lessons.answer', {
      profileId: ada.id,
      lessonId: LESSON,
      stepId: choice.id,
      runId: run.runId,
      answer: { value: 3 },
    });
    expect(wrongKind).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'answer' } });
    const firstChoice =
      choice.kind === 'predict' && choice.input.kind === 'choice' ? choice.input.options[0]! : null;
    await app.value('lessons.answer', {
      profileId: ada.id,
      lessonId: LESSON,
      stepId: choice.id,
      runId: run.runId,
      answer: { choice: firstChoice!.id },
    });

    const tryIt = session.steps.find((s) => s.kind === 'try-it')!;
    const miss = await app.value<TryItResult>('lessons.tryIt', {
      profileId: ada.id,
      lessonId: LESSON,
      stepId: tryIt.id,
      answer: { value: 20 },
    });
    expect(miss.met).toBe(false);
    const outOfRange = await app.call('lessons.tryIt', {
      profileId: ada.id,
      lessonId: LESSON,
      stepId: tryIt.id,
      answer: { value: 5000 },
    });
    expect(outOfRange).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'answer.value' } });
    const hit = await app.value<TryItResult>('lessons.tryIt', {
      profileId: ada.id,
      lessonId: LESSON,
      stepId: tryIt.id,
      answer: { value: 200 },
    });
    expect(hit.met).toBe(true);
    await app.value('lessons.position', { profileId: ada.id, lessonId: LESSON, step: 4, completed: false });
    await app.service.close();
    store.close();

    // Reopen: same store file, new service.
    const reopened = await storeIn(dir);
    closeAfter(() => reopened.close());
    const app2 = setup({ training: reopened });
    const run2 = await app2.replay(card.scenarioId!, card.designId!, card.seed!);
    const resumed = await app2.value<LessonSession>('lessons.open', {
      profileId: ada.id,
      lessonId: LESSON,
      runId: run2.runId,
    });
    expect(resumed.resumeStep).toBe(4);
    expect(resumed.predictions[0]).toEqual(first);
    expect(resumed.predictions).toHaveLength(2);
    expect(resumed.tryIts.map((t) => t.met)).toEqual([true]);
    const debrief = await app2.value<DebriefRow[]>('lessons.debrief', {
      profileId: ada.id,
      lessonId: LESSON,
    });
    expect(debrief.find((r) => r.stepId === predict.id)).toMatchObject({
      correct: false,
      actual: first.actualText,
    });
    expect(debrief.find((r) => r.stepId === tryIt.id)).toMatchObject({ correct: true, attempts: 2 });
    const progress = await app2.value<ProgressView>('progress.get', { profileId: ada.id });
    expect(progress.lessons.find((l) => l.lessonId === LESSON)).toMatchObject({
      status: 'in-progress',
      currentStep: 4,
      predictions: 2,
      tryItsSolved: 1,
    });
  });

  it('waits at an unanswered prediction and an untried try-it: no moving past them, no completion', async () => {
    const app = setup();
    const ada = await app.value<ProfileView>('profiles.create', { name: 'Ada' });
    const card = (await app.value<LessonCard[]>('lessons.list', {})).find((l) => l.id === LESSON)!;
    const run = await app.replay(card.scenarioId!, card.designId!, card.seed!);
    const session = await app.value<LessonSession>('lessons.open', {
      profileId: ada.id,
      lessonId: LESSON,
      runId: run.runId,
    });
    const at = (kind: string) => session.steps.findIndex((s) => s.kind === kind);
    const predictAt = at('predict');
    const tryAt = at('try-it');
    const last = session.steps.length - 1;
    const position = (step: number, completed = false) =>
      app.call('lessons.position', { profileId: ada.id, lessonId: LESSON, step, completed });

    // Up to the question is fine; past it (where the answer is revealed) is not.
    expect(await position(predictAt)).toMatchObject({ ok: true });
    const skipped = await position(predictAt + 1);
    expect(skipped).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'step' } });
    expect(!skipped.ok && skipped.error.message).toMatch(/lock in your prediction at step \d+/);
    expect(await position(last, true)).toMatchObject({ ok: false });

    for (const s of session.steps) {
      if (s.kind !== 'predict') continue;
      const answer = s.input.kind === 'number' ? { value: 1 } : { choice: s.input.options[0]!.id };
      await app.value('lessons.answer', {
        profileId: ada.id,
        lessonId: LESSON,
        stepId: s.id,
        runId: run.runId,
        answer,
      });
    }
    expect(await position(tryAt)).toMatchObject({ ok: true });
    // A try-it never tried: the lesson cannot move on nor be completed.
    expect(await position(tryAt + 1)).toMatchObject({ ok: false, error: { field: 'step' } });
    const notDone = await position(last, true);
    expect(!notDone.ok && notDone.error.message).toMatch(/at least once/);
    // Reopening does not resume past the gate either.
    const reopened = await app.value<LessonSession>('lessons.open', {
      profileId: ada.id,
      lessonId: LESSON,
      runId: run.runId,
    });
    expect(reopened.resumeStep).toBeLessThanOrEqual(tryAt);

    // Tried once (even without meeting the goal): the lesson goes on and can be completed.
    const miss = await app.value<TryItResult>('lessons.tryIt', {
      profileId: ada.id,
      lessonId: LESSON,
      stepId: session.steps[tryAt]!.id,
      answer: { value: 20 },
    });
    expect(miss.met).toBe(false);
    expect(await position(last, true)).toMatchObject({ ok: true, value: { completed: true } });
  });

  it('reports a challenge’s judging seed by seed under the caller’s progress id, and cancels it', async () => {
    const app = setup();
    const ada = await app.value<ProfileView>('profiles.create', { name: 'Ada' });
    const progressId = 'judge-0001-aaaa';
    await app.value<ChallengeResultView>('challenges.submit', {
      profileId: ada.id,
      challengeId: 'bt-halve-largest-wave',
      designId: 'maker-2021-clip',
      progressId,
    });
    const mine = app.events.filter(
      (e): e is Extract<ApiEvent, { type: 'job.progress' }> =>
        e.type === 'job.progress' && e.jobId === progressId,
    );
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.map((e) => e.label)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^hidden seed 3 of 3: /)]),
    );
    for (let i = 1; i < mine.length; i++) expect(mine[i]!.done).toBeGreaterThanOrEqual(mine[i - 1]!.done);
    expect(mine.at(-1)!.done).toBeLessThanOrEqual(mine.at(-1)!.total);

    // Cancelled while queued: the call answers 'cancelled' and no attempt is kept.
    const again = 'judge-0002-bbbb';
    const pending = app.call('challenges.submit', {
      profileId: ada.id,
      challengeId: 'bt-halve-largest-wave',
      designId: 'maker-2021-clip',
      progressId: again,
    });
    expect(await app.value('jobs.cancel', { jobId: again })).toEqual({ cancelled: true });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const board = await app.value<LeaderboardRow[]>('challenges.leaderboard', {
      challengeId: 'bt-halve-largest-wave',
    });
    expect(board[0]!.attempts).toBe(1);
    // A progress id is one call's: a bad one is refused naming the field.
    expect(
      await app.call('challenges.submit', {
        profileId: ada.id,
        challengeId: 'bt-halve-largest-wave',
        designId: 'maker-2021-clip',
        progressId: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'progressId' } });
  });

  it('reports a try-it’s engine run under the caller’s progress id', async () => {
    const app = setup();
    const ada = await app.value<ProfileView>('profiles.create', { name: 'Ada' });
    const lesson = BUILTIN_LESSONS.get(LESSON)!;
    const step = lesson.steps.find((s) => s.kind === 'try-it')!;
    await app.value<TryItResult>('lessons.tryIt', {
      profileId: ada.id,
      lessonId: LESSON,
      stepId: step.id,
      answer: { value: 200 },
      progressId: 'tryit-0001-cccc',
    });
    const mine = app.events.filter((e) => e.type === 'job.progress' && e.jobId === 'tryit-0001-cccc');
    expect(mine.length).toBeGreaterThan(1);
  });

  it('refuses a run that is not the lesson’s replay, unknown profiles and coming lessons', async () => {
    const app = setup();
    const ada = await app.value<ProfileView>('profiles.create', { name: 'Ada' });
    const other = await app.replay('black-thursday-2020', 'maker-2020-flip', 2);
    expect(
      await app.call('lessons.open', { profileId: ada.id, lessonId: LESSON, runId: other.runId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'runId' },
    });
    expect(
      await app.call('lessons.open', { profileId: 'nobody', lessonId: LESSON, runId: other.runId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'profileId' },
    });
    // A "coming" lesson (imported from a file: no built-in is coming any more) cannot be played.
    const coming = {
      ...structuredClone(BUILTIN_LESSONS.get(LESSON)!),
      id: 'coming-soon',
      title: 'Coming soon',
      status: 'coming',
      needs: 'a mechanism the engine does not have',
      steps: [],
    } as Record<string, unknown>;
    delete coming.scenarioId;
    delete coming.designId;
    delete coming.seed;
    expect(
      await app.call('lessons.import', { fileName: 'c.json', text: JSON.stringify(coming) }),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await app.call('lessons.position', {
        profileId: ada.id,
        lessonId: 'coming-soon',
        step: 0,
        completed: false,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'lessonId' },
    });
    expect(await app.call('profiles.create', { name: 'ada' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await app.call('lessons.import', { fileName: 'x.json', text: '{"__proto__":{}}' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('imports a lesson file, naming the field of a bad one; exports and imports packs', async () => {
    const app = setup();
    const lesson = { ...structuredClone(BUILTIN_LESSONS.get(LESSON)!), id: 'my-loop', title: 'My loop' };
    const bad = { ...lesson, scenarioId: 'atlantis-1999' };
    const refused = await app.call('lessons.import', { fileName: 'bad.json', text: JSON.stringify(bad) });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'lesson.scenarioId' },
    });
    const badFigure = structuredClone(lesson) as {
      steps: { figures?: { kind: string; figure?: string }[] }[];
    };
    badFigure.steps[0]!.figures![0]!.figure = 'Something never published';
    expect(
      await app.call('lessons.import', { fileName: 'f.json', text: JSON.stringify(badFigure) }),
    ).toMatchObject({
      ok: false,
      error: { field: 'lesson.steps.0.figures.0.figure' },
    });
    expect(
      await app.call('lessons.import', {
        fileName: 'b.json',
        text: JSON.stringify(BUILTIN_LESSONS.get(LESSON)),
      }),
    ).toMatchObject({
      ok: false,
      error: { field: 'lesson.id' },
    });
    await app.value('lessons.import', { fileName: 'mine.json', text: JSON.stringify(lesson) });
    expect((await app.value<LessonCard[]>('lessons.list', {})).find((l) => l.id === 'my-loop')?.origin).toBe(
      'imported',
    );

    const pack = await app.value<TrainingFileOut>('packs.export', {
      title: 'Week 1',
      lessonIds: ['my-loop', 'oracle-delay-osm'],
      challengeIds: ['bt-bad-debt-70-ltv'],
    });
    expect(pack.fileName).toBe('week-1.cascade-pack.json');
    // On another machine (a fresh service), the pack brings its lessons; built-in ones are there already.
    const other = setup();
    const report = await other.value<{ lessons: string[]; challenges: string[]; message: string }>(
      'packs.import',
      {
        fileName: pack.fileName,
        text: pack.text,
      },
    );
    expect(report.lessons).toEqual(['my-loop']);
    expect(report.message).toMatch(/2 built in here already/);
    // A changed built-in would shadow the app's own: refused, naming it.
    const changed = JSON.parse(pack.text) as { lessons: { title: string }[] };
    changed.lessons[1]!.title = 'Oracle delay, my way';
    expect(
      await other.call('packs.import', { fileName: 'x.json', text: JSON.stringify(changed) }),
    ).toMatchObject({
      ok: false,
      error: { field: 'pack.lessons.1.id' },
    });
    const cards = await other.value<LessonCard[]>('lessons.list', {});
    expect(cards.find((l) => l.id === 'my-loop')).toMatchObject({ origin: 'imported', packTitle: 'Week 1' });
  });

  it('scores challenges on hidden seeds, ranks a leaderboard, and builds a class table from results files', async () => {
    const app = setup();
    const ada = await app.value<ProfileView>('profiles.create', { name: 'Ada' });
    const bob = await app.value<ProfileView>('profiles.create', { name: 'Bob' });
    const good = {
      ...structuredClone(PRESETS.get('maker-2021-clip')!),
      id: 'clip-140',
      name: 'Clip at 140%',
    };
    good.margin = { ...good.margin, liquidationRatio: 1.4 };
    await app.value('designs.save', { design: good });
    const adaScore = await app.value<ChallengeResultView>('challenges.submit', {
      profileId: ada.id,
      challengeId: 'bt-bad-debt-70-ltv',
      designId: 'clip-140',
    });
    const bobScore = await app.value<ChallengeResultView>('challenges.submit', {
      profileId: bob.id,
      challengeId: 'bt-bad-debt-70-ltv',
      designId: 'maker-2020-flip',
    });
    expect(adaScore.met).toBe(true);
    expect(bobScore).toMatchObject({ met: false, score: 0, constraintsOk: false });
    const board = await app.value<LeaderboardRow[]>('challenges.leaderboard', {
      challengeId: 'bt-bad-debt-70-ltv',
    });
    expect(board.map((r) => [r.rank, r.profileName])).toEqual([
      [1, 'Ada'],
      [2, 'Bob'],
    ]);

    const file = await app.value<TrainingFileOut>('results.export', { profileId: ada.id });
    expect(file.fileName).toBe('ada.cascade-results.json');
    const teacher = setup();
    const imported = await teacher.value<{ duplicate: boolean }>('results.import', file);
    expect(imported.duplicate).toBe(false);
    expect((await teacher.value<{ duplicate: boolean }>('results.import', file)).duplicate).toBe(true);
    const table = await teacher.value<ClassTable>('results.class', {});
    expect(table.students.map((s) => s.student)).toEqual(['Ada']);
    expect(table.students[0]!.challenges['bt-bad-debt-70-ltv']).toMatchObject({
      met: true,
      bestScore: adaScore.score,
    });
    const broken = JSON.parse(file.text) as Record<string, unknown>;
    broken['student'] = '';
    expect(
      await teacher.call('results.import', { fileName: 'x.json', text: JSON.stringify(broken) }),
    ).toMatchObject({
      ok: false,
      error: { field: 'results.student' },
    });
  });
});
