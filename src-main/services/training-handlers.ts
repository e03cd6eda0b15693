/**
 * The training channels of the contract: profiles, lessons bound to replay runs, predictions,
 * try-its and challenges judged by the engine (on the app's engine pool, stopped if the caller goes away),
 * progress, packs and results. Every write goes to the store in one transaction.
 */
import type {
  Channel,
  DebriefRow,
  LessonSession,
  PredictionResult,
  RunView,
  TryItResult,
} from '../contract/api.ts';
import type { Design } from '../engine/design.ts';
import { designHash, parseDesign } from '../engine/design.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import type { TrainingDb } from '../store/index.ts';
import {
  addAnswer,
  addAttempt,
  createProfile,
  getLessonProgress,
  getProfile,
  listAnswers,
  listAttempts,
  listProfiles,
  saveLessonPosition,
} from '../store/index.ts';
import type { PlayableLesson, PredictStep, TryItStep } from '../training/lesson.ts';
import { isPlayable } from '../training/lesson.ts';
import { gateMessage, lessonGate } from '../training/lesson-gate.ts';
import {
  bindSteps,
  checkPrediction,
  judgeTryIt,
  lessonCard,
  tryItDesign,
} from '../training/lesson-runtime.ts';
import type { CallContext, Handlers } from './handlers.ts';
import type { Task, TaskLike } from './progress-tasks.ts';
import { taskPart } from './progress-tasks.ts';
import { invalidInput, notFound } from './app-errors.ts';
import {
  allChallenges,
  allLessons,
  challengeCard,
  classTable,
  exportPack,
  exportResults,
  findChallenge,
  findLesson,
  importResults,
  importTrainingFile,
  progressOf,
  scoreDesign,
} from './training-service.ts';

export type TrainingChannel = Extract<
  Channel,
  | `profiles.${string}`
  | `lessons.${string}`
  | `challenges.${string}`
  | `progress.${string}`
  | `packs.${string}`
  | `results.${string}`
>;

export interface TrainingDeps {
  db: TrainingDb;
  /** A finished run the renderer replayed (the app's run cache). */
  runView(runId: string): RunView;
  /**
   * Runs designs on one calibration of a scenario on the engine pool for the call `ctx` (stopped when
   * its client goes), reporting to `task` and stopped by it.
   */
  runDesigns(
    req: { scenarioId: string; designs: Design[]; seed: number; accounts?: number },
    ctx: CallContext,
    task?: TaskLike | null,
  ): Promise<RunView[]>;
  /** The progress task of a call that named a progress id (null when it named none). */
  openTask(progressId: string | undefined, ctx: CallContext): Task | null;
  /** A preset, preset+variant or saved design; throws not-found naming `field`. */
  designByRef(ref: string, field: string): Design;
  nowIso(): string;
}

export function createTrainingHandlers(deps: TrainingDeps): Pick<Handlers, TrainingChannel> {
  const { db } = deps;

  function requireProfile(profileId: string) {
    const p = getProfile(db, profileId);
    if (!p) throw notFound(`no profile "${profileId}"; pick or create one in Progress`, 'profileId');
    return p;
  }

  function playable(lessonId: string): PlayableLesson {
    const { item } = findLesson(db, lessonId);
    if (!isPlayable(item)) {
      throw invalidInput(
        `the lesson "${item.title}" is not playable yet: ${item.needs ?? 'coming'}`,
        'lessonId',
      );
    }
    return item;
  }

  function lessonDesign(lesson: PlayableLesson): Design {
    return deps.designByRef(lesson.designId, 'lessonId');
  }

  function assetOf(scenarioId: string): string {
    return BUILTIN_SCENARIOS.get(scenarioId)?.population.asset ?? 'units';
  }

  /** The run must be this lesson's replay: same scenario, seed, design and population. */
  function lessonRun(lesson: PlayableLesson, runId: string): RunView {
    const run = deps.runView(runId);
    const design = lessonDesign(lesson);
    const scenario = BUILTIN_SCENARIOS.get(lesson.scenarioId);
    const accounts = lesson.accounts ?? scenario?.population.defaultAccounts;
    if (
      run.scenarioId !== lesson.scenarioId ||
      run.seed !== lesson.seed ||
      run.designHash !== designHash(design) ||
      run.accounts !== accounts
    ) {
      throw invalidInput(
        `run ${runId} is not this lesson's replay (${lesson.scenarioId}, ${lesson.designId}, seed ${lesson.seed}); replay the lesson's scenario first`,
        'runId',
      );
    }
    return run;
  }

  function stepOf<K extends 'predict' | 'try-it'>(lesson: PlayableLesson, stepId: string, kind: K) {
    const index = lesson.steps.findIndex((s) => s.id === stepId);
    const step = lesson.steps[index];
    if (!step || step.kind !== kind) {
      throw notFound(`the lesson has no ${kind} step "${stepId}"`, 'stepId');
    }
    return { index, step: step as K extends 'predict' ? PredictStep : TryItStep };
  }

  function answersOf(profileId: string, lesson: PlayableLesson) {
    return listAnswers(db, profileId, lesson.id, lesson.version);
  }

  /** Predictions are final: the first answer to a step is the one that counts. */
  function firstPredictions(profileId: string, lesson: PlayableLesson): Map<string, PredictionResult> {
    const out = new Map<string, PredictionResult>();
    for (const a of answersOf(profileId, lesson)) {
      if (a.kind === 'predict' && !out.has(a.stepId)) out.set(a.stepId, a.outcome as PredictionResult);
    }
    return out;
  }

  /** Per try-it step: the first solving attempt, else the latest attempt. */
  function bestTryIts(
    profileId: string,
    lesson: PlayableLesson,
  ): Map<string, { result: TryItResult; attempts: number }> {
    const out = new Map<string, { result: TryItResult; attempts: number }>();
    for (const a of answersOf(profileId, lesson)) {
      if (a.kind !== 'try-it') continue;
      const old = out.get(a.stepId);
      const result = a.outcome as TryItResult;
      const keep = old && old.result.met ? old.result : result;
      out.set(a.stepId, { result: keep, attempts: (old?.attempts ?? 0) + 1 });
    }
    return out;
  }

  /** Where this student's lesson waits: the first unanswered prediction or untried try-it. */
  function gateOf(profileId: string, lesson: PlayableLesson) {
    const answered = new Set(firstPredictions(profileId, lesson).keys());
    const tried = new Set(bestTryIts(profileId, lesson).keys());
    return lessonGate(lesson.steps, answered, tried);
  }

  return {
    'profiles.list': async () => listProfiles(db),

    'profiles.create': async ({ name }) => createProfile(db, name),

    'lessons.list': async () => allLessons(db).map((e) => lessonCard(e.item, e.origin, e.packTitle)),

    'lessons.open': async ({ profileId, lessonId, runId }): Promise<LessonSession> => {
      requireProfile(profileId);
      const entry = findLesson(db, lessonId);
      const lesson = playable(lessonId);
      const run = lessonRun(lesson, runId);
      const scenario = BUILTIN_SCENARIOS.get(lesson.scenarioId)!;
      const steps = bindSteps(
        lesson,
        run,
        scenario.published,
        lessonDesign(lesson),
        scenario.population.asset,
      );
      const progress = getLessonProgress(db, profileId, lessonId);
      const current = progress && progress.lessonVersion === lesson.version ? progress : undefined;
      // Never resume past a question still open (progress saved before the gate existed).
      const gate = gateOf(profileId, lesson);
      const saved = Math.min(current?.currentStep ?? 0, gate?.index ?? Infinity);
      return {
        lesson: lessonCard(lesson, entry.origin, entry.packTitle),
        runId,
        steps,
        sources: [...lesson.sources],
        resumeStep: Math.min(saved, steps.length - 1),
        completed: current?.status === 'completed' && gate === null,
        predictions: [...firstPredictions(profileId, lesson).values()],
        tryIts: [...bestTryIts(profileId, lesson).values()].map((t) => t.result),
      };
    },

    'lessons.answer': async ({ profileId, lessonId, stepId, runId, answer }) => {
      requireProfile(profileId);
      const lesson = playable(lessonId);
      const { index } = stepOf(lesson, stepId, 'predict');
      const earlier = firstPredictions(profileId, lesson).get(stepId);
      if (earlier) return earlier; // the replay has been revealed: a prediction cannot be changed
      const run = lessonRun(lesson, runId);
      const result = checkPrediction(lesson, index, run, answer, assetOf(lesson.scenarioId));
      addAnswer(db, {
        profileId,
        lessonId,
        lessonVersion: lesson.version,
        stepId,
        kind: 'predict',
        answer,
        outcome: result,
        correct: result.correct,
      });
      return result;
    },

    'lessons.tryIt': async ({ profileId, lessonId, stepId, answer, progressId }, ctx) => {
      requireProfile(profileId);
      const lesson = playable(lessonId);
      const { step } = stepOf(lesson, stepId, 'try-it');
      const base = lessonDesign(lesson);
      const changed = parseDesign({
        ...(tryItDesign(step, base, answer) as object),
        id: `${base.id}-try`.slice(0, 64),
        name: `${base.name} (${step.field} changed)`,
      });
      const needsBaseline = step.goal.baselineFactor !== undefined;
      const task = deps.openTask(progressId, ctx);
      let runs: RunView[];
      try {
        runs = await deps.runDesigns(
          {
            scenarioId: lesson.scenarioId,
            designs: needsBaseline ? [changed, base] : [changed],
            seed: lesson.seed,
            ...(lesson.accounts !== undefined ? { accounts: lesson.accounts } : {}),
          },
          ctx,
          task,
        );
      } finally {
        task?.close();
      }
      const result = judgeTryIt(step, answer, runs[0]!, runs[1] ?? null, assetOf(lesson.scenarioId));
      addAnswer(db, {
        profileId,
        lessonId,
        lessonVersion: lesson.version,
        stepId,
        kind: 'try-it',
        answer,
        outcome: result,
        correct: result.met,
      });
      return result;
    },

    'lessons.position': async ({ profileId, lessonId, step, completed }) => {
      requireProfile(profileId);
      const lesson = playable(lessonId);
      if (step >= lesson.steps.length) {
        throw invalidInput(`step must be below ${lesson.steps.length} (the lesson's step count)`, 'step');
      }
      // Predictions before the reveal, try-its tried: the lesson waits at the first one still open.
      const gate = gateOf(profileId, lesson);
      if (gate && step > gate.index) throw invalidInput(`step: ${gateMessage(gate)}`, 'step');
      if (gate && completed) throw invalidInput(`completed: ${gateMessage(gate)}`, 'completed');
      const saved = saveLessonPosition(db, {
        profileId,
        lessonId,
        lessonVersion: lesson.version,
        step,
        completed,
      });
      return { step: saved.currentStep, completed: saved.status === 'completed' };
    },

    'lessons.debrief': async ({ profileId, lessonId }): Promise<DebriefRow[]> => {
      requireProfile(profileId);
      const lesson = playable(lessonId);
      const predictions = firstPredictions(profileId, lesson);
      const tryIts = bestTryIts(profileId, lesson);
      const rows: DebriefRow[] = [];
      for (const s of lesson.steps) {
        if (s.kind === 'predict') {
          const p = predictions.get(s.id);
          rows.push({
            stepId: s.id,
            kind: 'predict',
            title: s.title,
            question: s.question,
            yourAnswer: p?.answerText ?? null,
            actual: p?.actualText ?? null,
            correct: p ? p.correct : null,
            attempts: p ? 1 : 0,
          });
        } else if (s.kind === 'try-it') {
          const t = tryIts.get(s.id);
          rows.push({
            stepId: s.id,
            kind: 'try-it',
            title: s.title,
            question: s.prompt,
            yourAnswer: t?.result.valueText ?? null,
            actual: t ? `${t.result.measuredText} (goal ${t.result.targetText})` : null,
            correct: t ? t.result.met : null,
            attempts: t?.attempts ?? 0,
          });
        }
      }
      return rows;
    },

    'lessons.import': async ({ fileName, text }) =>
      importTrainingFile(db, fileName, text, (ref) => deps.designByRef(ref, 'designId')),

    'challenges.list': async () => allChallenges(db).map(challengeCard),

    'challenges.submit': async ({ profileId, challengeId, designId, progressId }, ctx) => {
      requireProfile(profileId);
      const { item: challenge } = findChallenge(db, challengeId);
      const design = deps.designByRef(designId, 'designId');
      const task = deps.openTask(progressId, ctx);
      // Hidden seeds run one after the other: each is one part of the progress.
      let seed = 0;
      let result;
      try {
        result = await scoreDesign(
          challenge,
          design,
          (ref) => deps.designByRef(ref, 'baseDesignId'),
          async ({ scenarioId, designs, seed: hidden, accounts }) => {
            const part = taskPart(
              task,
              seed,
              challenge.hiddenSeeds,
              `hidden seed ${seed + 1} of ${challenge.hiddenSeeds}`,
            );
            seed++;
            return deps.runDesigns(
              {
                scenarioId,
                designs: designs.map((d) => parseDesign(d)),
                seed: hidden,
                ...(accounts !== undefined ? { accounts } : {}),
              },
              ctx,
              part,
            );
          },
        );
      } finally {
        task?.close();
      }
      addAttempt(db, {
        profileId,
        challengeId,
        challengeVersion: challenge.version,
        designId: design.id,
        designName: design.name,
        designHash: designHash(design),
        score: result.score,
        met: result.met,
        result,
      });
      return result;
    },

    'challenges.leaderboard': async ({ challengeId }) => {
      const { item: challenge } = findChallenge(db, challengeId);
      const best = new Map<
        string,
        {
          profileName: string;
          bestScore: number;
          met: boolean;
          designName: string;
          attempts: number;
          at: number;
        }
      >();
      for (const a of listAttempts(db, { challengeId })) {
        if (a.challengeVersion !== challenge.version) continue;
        const old = best.get(a.profileId);
        const attempts = (old?.attempts ?? 0) + 1;
        if (!old || a.score > old.bestScore) {
          best.set(a.profileId, {
            profileName: a.profileName,
            bestScore: a.score,
            met: a.met,
            designName: a.designName,
            attempts,
            at: a.createdAtMs,
          });
        } else old.attempts = attempts;
      }
      return [...best.values()]
        .sort((x, y) => y.bestScore - x.bestScore || x.at - y.at)
        .map(({ at: _at, ...row }, i) => ({ rank: i + 1, ...row }));
    },

    'progress.get': async ({ profileId }) => progressOf(db, profileId),

    'packs.export': async ({ title, lessonIds, challengeIds }) =>
      exportPack(db, { title, lessonIds, challengeIds, nowIso: deps.nowIso() }),

    'packs.import': async ({ fileName, text }) =>
      importTrainingFile(db, fileName, text, (ref) => deps.designByRef(ref, 'designId')),

    'results.export': async ({ profileId }) => {
      requireProfile(profileId);
      return exportResults(db, profileId, deps.nowIso());
    },

    'results.import': async ({ fileName, text }) => importResults(db, fileName, text),

    'results.class': async () => classTable(db),
  };
}
