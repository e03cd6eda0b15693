/**
 * Training use cases shared by the app (training-handlers.ts) and the CLI: the lesson and challenge
 * catalogue (built in + imported), checking a lesson against the library, packs, students' results
 * and the class table. Lesson and challenge logic itself is pure (src-main/training); this module
 * adds the store, the crash library and files.
 */
import { createHash } from 'node:crypto';
import type {
  ChallengeCard,
  ChallengeResultView,
  ClassTable,
  ImportReportView,
  LessonProgressView,
  ProgressView,
  TrainingFileOut,
} from '../contract/api.ts';
import type { Design } from '../engine/design.ts';
import { DesignError, canonicalJson, parseDesign } from '../engine/design.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { runReplays } from './replay-service.ts';
import type { TrainingDb } from '../store/index.ts';
import {
  getProfile,
  importClassResult,
  importContent,
  listAnswers,
  listAttempts,
  listClassResults,
  listContent,
  listLessonProgress,
} from '../store/index.ts';
import { BUILTIN_CHALLENGES } from '../training/builtin-challenges.ts';
import { BUILTIN_LESSONS } from '../training/builtin-lessons.ts';
import type { Challenge, ChallengeRunner } from '../training/challenge.ts';
import { parseChallenge, scoreChallenge } from '../training/challenge.ts';
import { getField, withField } from '../training/design-path.ts';
import type { Lesson } from '../training/lesson.ts';
import { CHALLENGE_FORMAT } from '../training/challenge.ts';
import { TrainingFileError, TrainingInputError, parseLesson } from '../training/lesson.ts';
import { measurableReplay } from '../training/measures.ts';
import type { StudentResults } from '../training/pack.ts';
import {
  PACK_FORMAT,
  RESULTS_FORMAT,
  TRAINING_FILE_VERSION,
  buildPack,
  fileSlug,
  parseJsonText,
  parsePack,
  parseResults,
} from '../training/pack.ts';

export interface CatalogueEntry<T> {
  item: T;
  origin: 'builtin' | 'imported';
  packTitle: string | null;
}

/** Built-in lessons first, then imported ones (an imported lesson never shadows a built-in id). */
export function allLessons(db: TrainingDb): CatalogueEntry<Lesson>[] {
  const out: CatalogueEntry<Lesson>[] = [...BUILTIN_LESSONS.values()].map((item) => ({
    item,
    origin: 'builtin' as const,
    packTitle: null,
  }));
  for (const c of listContent(db, 'lesson')) {
    if (BUILTIN_LESSONS.has(c.id)) continue;
    try {
      out.push({ item: parseLesson(JSON.parse(c.json)), origin: 'imported', packTitle: c.packTitle });
    } catch {
      // Validated on import; a lesson this version cannot read any more is left out of the list.
    }
  }
  return out;
}

export function allChallenges(db: TrainingDb): CatalogueEntry<Challenge>[] {
  const out: CatalogueEntry<Challenge>[] = [...BUILTIN_CHALLENGES.values()].map((item) => ({
    item,
    origin: 'builtin' as const,
    packTitle: null,
  }));
  for (const c of listContent(db, 'challenge')) {
    if (BUILTIN_CHALLENGES.has(c.id)) continue;
    try {
      out.push({ item: parseChallenge(JSON.parse(c.json)), origin: 'imported', packTitle: c.packTitle });
    } catch {
      // As for lessons.
    }
  }
  return out;
}

export { TrainingInputError };

export function findLesson(db: TrainingDb, id: string): CatalogueEntry<Lesson> {
  const found = allLessons(db).find((l) => l.item.id === id);
  if (!found) {
    throw new TrainingInputError(
      `unknown lesson "${id}" (known: ${allLessons(db)
        .map((l) => l.item.id)
        .join(', ')})`,
      'not-found',
      'lessonId',
    );
  }
  return found;
}

export function findChallenge(db: TrainingDb, id: string): CatalogueEntry<Challenge> {
  const found = allChallenges(db).find((c) => c.item.id === id);
  if (!found) {
    throw new TrainingInputError(
      `unknown challenge "${id}" (known: ${allChallenges(db)
        .map((c) => c.item.id)
        .join(', ')})`,
      'not-found',
      'challengeId',
    );
  }
  return found;
}

/** Resolves a design reference (preset, preset+variant, saved design); throws for an unknown one. */
export type DesignResolver = (ref: string) => Design;

/**
 * Checks a lesson against the library: its scenario and design exist, its published figures are the
 * scenario's, each try-it field exists in its design and both ends of its range give a valid design.
 */
export function checkLessonRefs(lesson: Lesson, resolve: DesignResolver, prefix = 'lesson'): void {
  if (lesson.status !== 'ready') return;
  const fail = (field: string, message: string): never => {
    throw new TrainingFileError(`${prefix}.${field}: ${message}`, `${prefix}.${field}`);
  };
  const scenario = BUILTIN_SCENARIOS.get(lesson.scenarioId!);
  if (!scenario)
    fail(
      'scenarioId',
      `unknown scenario "${lesson.scenarioId}" (known: ${[...BUILTIN_SCENARIOS.keys()].join(', ')})`,
    );
  let design: Design;
  try {
    design = resolve(lesson.designId!);
  } catch (e) {
    return fail('designId', (e as Error).message);
  }
  const minAccounts = scenario!.population.whales.length + 1;
  if (lesson.accounts !== undefined && lesson.accounts < minAccounts) {
    fail('accounts', `${scenario!.id} needs at least ${minAccounts} accounts`);
  }
  lesson.steps.forEach((step, i) => {
    if (step.kind === 'narration') {
      step.figures.forEach((f, k) => {
        if (f.kind === 'published' && !scenario!.published.some((p) => p.figure === f.figure)) {
          fail(
            `steps.${i}.figures.${k}.figure`,
            `"${f.figure}" is not a published figure of ${scenario!.id} (its figures: ${scenario!.published.map((p) => `"${p.figure}"`).join(', ')})`,
          );
        }
      });
    }
    if (step.kind === 'try-it') {
      const parent = step.field.split('.').slice(0, -1).join('.');
      const holder = parent === '' ? design : getField(design, parent);
      if (holder === null || typeof holder !== 'object') {
        fail(`steps.${i}.field`, `the design ${design.id} has no "${parent}" to hold "${step.field}"`);
      }
      const ends =
        step.input.kind === 'number'
          ? [step.input.min, step.input.max]
          : step.input.options.map((o) => o.value);
      ends.forEach((v, k) => {
        try {
          parseDesign(withField(design, step.field, v));
        } catch (e) {
          if (!(e instanceof DesignError)) throw e;
          fail(
            step.input.kind === 'number'
              ? `steps.${i}.input.${k === 0 ? 'min' : 'max'}`
              : `steps.${i}.input.options.${k}`,
            `${step.field} = ${JSON.stringify(v)} does not give a valid design (${e.message})`,
          );
        }
      });
    }
  });
}

export function checkChallengeRefs(c: Challenge, resolve: DesignResolver, prefix = 'challenge'): void {
  if (!BUILTIN_SCENARIOS.has(c.scenarioId)) {
    throw new TrainingFileError(
      `${prefix}.scenarioId: unknown scenario "${c.scenarioId}"`,
      `${prefix}.scenarioId`,
    );
  }
  try {
    resolve(c.baseDesignId);
  } catch (e) {
    throw new TrainingFileError(`${prefix}.baseDesignId: ${(e as Error).message}`, `${prefix}.baseDesignId`);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Imports a lesson file, a challenge file or a pack (by its `format`). Everything is validated
 * before anything is written; the write is one transaction.
 */
export function importTrainingFile(
  db: TrainingDb,
  fileName: string,
  text: string,
  resolve: DesignResolver,
): ImportReportView {
  const json = parseJsonText(text, fileName);
  const format = (json as { format?: unknown } | null)?.format;
  let lessons: Lesson[] = [];
  let challenges: Challenge[] = [];
  let pack: { title: string; fileName: string; sha256: string } | undefined;
  if (format === PACK_FORMAT) {
    const p = parsePack(json);
    p.lessons.forEach((l, i) => checkLessonRefs(l, resolve, `pack.lessons.${i}`));
    p.challenges.forEach((c, i) => checkChallengeRefs(c, resolve, `pack.challenges.${i}`));
    lessons = p.lessons;
    challenges = p.challenges;
    pack = { title: p.title, fileName, sha256: sha256(text) };
  } else if (format === CHALLENGE_FORMAT) {
    const c = parseChallenge(json);
    checkChallengeRefs(c, resolve);
    challenges = [c];
  } else {
    const l = parseLesson(json);
    checkLessonRefs(l, resolve);
    lessons = [l];
  }
  // A built-in lesson or challenge may travel in a pack (the instructor picked it): identical to
  // this app's copy, it is already here and is skipped; changed, it would shadow the built-in.
  const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
  let alreadyHere = 0;
  lessons = lessons.filter((l, i) => {
    const builtin = BUILTIN_LESSONS.get(l.id);
    if (!builtin) return true;
    const field = pack ? `pack.lessons.${i}.id` : 'lesson.id';
    if (!pack || !same(builtin, l)) {
      throw new TrainingFileError(`${field}: "${l.id}" is a built-in lesson; give yours its own id`, field);
    }
    alreadyHere++;
    return false;
  });
  challenges = challenges.filter((c, i) => {
    const builtin = BUILTIN_CHALLENGES.get(c.id);
    if (!builtin) return true;
    const field = pack ? `pack.challenges.${i}.id` : 'challenge.id';
    if (!pack || !same(builtin, c)) {
      throw new TrainingFileError(
        `${field}: "${c.id}" is a built-in challenge; give yours its own id`,
        field,
      );
    }
    alreadyHere++;
    return false;
  });
  importContent(
    db,
    [
      ...lessons.map((l) => ({
        kind: 'lesson' as const,
        id: l.id,
        version: l.version,
        json: JSON.stringify(l),
      })),
      ...challenges.map((c) => ({
        kind: 'challenge' as const,
        id: c.id,
        version: c.version,
        json: JSON.stringify(c),
      })),
    ],
    pack,
  );
  const parts = [
    lessons.length > 0 ? `${lessons.length} lesson${lessons.length === 1 ? '' : 's'}` : '',
    challenges.length > 0 ? `${challenges.length} challenge${challenges.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return {
    lessons: lessons.map((l) => l.id),
    challenges: challenges.map((c) => c.id),
    message: `Imported ${parts.join(' and ') || 'nothing new'}${pack ? ` from the pack "${pack.title}"` : ''}${alreadyHere > 0 ? ` (${alreadyHere} built in here already)` : ''}.`,
  };
}

/** A pack of the named lessons and challenges (built in or imported). */
export function exportPack(
  db: TrainingDb,
  req: { title: string; lessonIds: string[]; challengeIds: string[]; nowIso: string },
): TrainingFileOut {
  if (req.lessonIds.length + req.challengeIds.length === 0) {
    throw new TrainingInputError(
      'a pack needs at least one lesson or challenge',
      'invalid-input',
      'lessonIds',
    );
  }
  const lessons = [...new Set(req.lessonIds)].map((id) => findLesson(db, id).item);
  const challenges = [...new Set(req.challengeIds)].map((id) => findChallenge(db, id).item);
  return {
    fileName: `${fileSlug(req.title, 'pack')}.cascade-pack.json`,
    text: buildPack(req.title.trim(), req.nowIso, lessons, challenges),
  };
}

/** Per lesson: status and answer counts for a profile (current lesson versions only). */
export function lessonProgress(db: TrainingDb, profileId: string): LessonProgressView[] {
  const progress = new Map(listLessonProgress(db, profileId).map((p) => [p.lessonId, p]));
  const answers = listAnswers(db, profileId);
  return allLessons(db).map(({ item: lesson }) => {
    const totalSteps = lesson.steps.length;
    const mine = answers.filter((a) => a.lessonId === lesson.id && a.lessonVersion === lesson.version);
    const firstPrediction = new Map<string, boolean>();
    const solved = new Set<string>();
    for (const a of mine) {
      if (a.kind === 'predict' && !firstPrediction.has(a.stepId)) firstPrediction.set(a.stepId, a.correct);
      if (a.kind === 'try-it' && a.correct) solved.add(a.stepId);
    }
    const p = progress.get(lesson.id);
    const current = p && p.lessonVersion === lesson.version ? p : undefined;
    return {
      lessonId: lesson.id,
      title: lesson.title,
      status: lesson.status === 'coming' ? 'coming' : current ? current.status : 'not-started',
      currentStep: current?.currentStep ?? 0,
      totalSteps,
      predictions: firstPrediction.size,
      predictionsRight: [...firstPrediction.values()].filter(Boolean).length,
      tryIts: lesson.steps.filter((s) => s.kind === 'try-it').length,
      tryItsSolved: solved.size,
    };
  });
}

export function progressOf(db: TrainingDb, profileId: string): ProgressView {
  const profile = getProfile(db, profileId);
  if (!profile)
    throw new TrainingInputError(`no profile "${profileId}"; pick or create one`, 'not-found', 'profileId');
  const attempts = listAttempts(db, { profileId });
  return {
    profile,
    lessons: lessonProgress(db, profileId),
    challenges: allChallenges(db).map(({ item: c }) => {
      const mine = attempts.filter((a) => a.challengeId === c.id && a.challengeVersion === c.version);
      const best = mine.reduce<number | null>((b, a) => (b === null || a.score > b ? a.score : b), null);
      return {
        challengeId: c.id,
        title: c.title,
        attempts: mine.length,
        bestScore: best,
        met: mine.some((a) => a.met),
      };
    }),
  };
}

/** One student's results file. */
export function exportResults(db: TrainingDb, profileId: string, nowIso: string): TrainingFileOut {
  const p = progressOf(db, profileId);
  const results: StudentResults = {
    format: RESULTS_FORMAT,
    schemaVersion: TRAINING_FILE_VERSION,
    student: p.profile.name,
    exportedAt: nowIso,
    lessons: p.lessons
      .filter((l) => l.status !== 'coming')
      .map((l) => ({
        lessonId: l.lessonId,
        lessonVersion: findLesson(db, l.lessonId).item.version,
        title: l.title,
        status: l.status as 'not-started' | 'in-progress' | 'completed',
        predictions: l.predictions,
        predictionsRight: l.predictionsRight,
        tryItsSolved: l.tryItsSolved,
        tryIts: l.tryIts,
      })),
    challenges: p.challenges
      .filter((c) => c.attempts > 0)
      .map((c) => ({
        challengeId: c.challengeId,
        challengeVersion: findChallenge(db, c.challengeId).item.version,
        title: c.title,
        attempts: c.attempts,
        bestScore: c.bestScore ?? 0,
        met: c.met,
      })),
  };
  parseResults(results); // what we write, we can read back
  return {
    fileName: `${fileSlug(p.profile.name, 'student')}.cascade-results.json`,
    text: `${JSON.stringify(results, null, 2)}\n`,
  };
}

export function importResults(
  db: TrainingDb,
  fileName: string,
  text: string,
): ImportReportView & { student: string; duplicate: boolean } {
  const results = parseResults(parseJsonText(text, fileName));
  const { duplicate } = importClassResult(db, {
    student: results.student,
    exportedAt: results.exportedAt,
    fileName,
    sha256: sha256(text),
    json: JSON.stringify(results),
  });
  return {
    student: results.student,
    duplicate,
    lessons: results.lessons.map((l) => l.lessonId),
    challenges: results.challenges.map((c) => c.challengeId),
    message: duplicate
      ? `${results.student}'s results from this file were already imported.`
      : `Imported ${results.student}'s results (exported ${results.exportedAt}).`,
  };
}

/** The class table: the newest results file of each student, one column per lesson and challenge. */
export function classTable(db: TrainingDb): ClassTable {
  const latest = new Map<string, StudentResults>();
  for (const r of listClassResults(db)) {
    const results = r.results as StudentResults;
    const key = results.student.trim().toLowerCase();
    const old = latest.get(key);
    if (!old || old.exportedAt < results.exportedAt) latest.set(key, results);
  }
  const lessons = new Map<string, string>();
  const challenges = new Map<string, string>();
  const students = [...latest.values()]
    .sort((a, b) => a.student.localeCompare(b.student))
    .map((r) => {
      for (const l of r.lessons) if (!lessons.has(l.lessonId)) lessons.set(l.lessonId, l.title);
      for (const c of r.challenges)
        if (!challenges.has(c.challengeId)) challenges.set(c.challengeId, c.title);
      return {
        student: r.student,
        exportedAt: r.exportedAt,
        lessons: Object.fromEntries(
          r.lessons.map((l) => [
            l.lessonId,
            {
              status: l.status,
              predictionsRight: l.predictionsRight,
              predictions: l.predictions,
              tryItsSolved: l.tryItsSolved,
            },
          ]),
        ),
        challenges: Object.fromEntries(
          r.challenges.map((c) => [
            c.challengeId,
            { bestScore: c.bestScore, met: c.met, attempts: c.attempts },
          ]),
        ),
      };
    });
  return {
    lessons: [...lessons].map(([id, title]) => ({ id, title })),
    challenges: [...challenges].map(([id, title]) => ({ id, title })),
    students,
  };
}

export function challengeCard(entry: CatalogueEntry<Challenge>): ChallengeCard {
  const c = entry.item;
  return {
    id: c.id,
    version: c.version,
    title: c.title,
    brief: c.brief,
    status: c.status,
    needs: c.needs ?? null,
    scenarioId: c.scenarioId,
    lessonId: c.lessonId ?? null,
    baseDesignId: c.baseDesignId,
    constraints: c.constraints.map((k) => k.label),
    goals: c.goals.map((g) => g.label),
    efficiency: `${c.efficiency.label}: ${c.efficiency.worst} scores nothing, ${c.efficiency.best} scores full marks`,
    hiddenSeeds: c.hiddenSeeds,
    origin: entry.origin,
  };
}

/** Scores a design on a challenge's hidden seeds. */
export async function scoreDesign(
  challenge: Challenge,
  design: Design,
  resolve: DesignResolver,
  runner: ChallengeRunner,
): Promise<ChallengeResultView> {
  if (challenge.status !== 'ready') {
    throw new TrainingInputError(
      `challenge "${challenge.id}" is not available yet: ${challenge.needs ?? ''}`,
      'invalid-input',
      'challengeId',
    );
  }
  const scenario = BUILTIN_SCENARIOS.get(challenge.scenarioId);
  const base = resolve(challenge.baseDesignId);
  const r = await scoreChallenge(challenge, design, base, runner, scenario?.population.asset ?? 'units');
  return {
    challengeId: r.challengeId,
    designId: design.id,
    designName: design.name,
    score: r.score,
    met: r.met,
    constraintsOk: r.constraintsOk,
    constraints: r.constraints,
    goals: r.goals,
    efficiency: r.efficiency,
  };
}

/**
 * Scores a design on a challenge with the runs made on the calling thread (the command line, which
 * has no event loop to keep free); each run is within the run budget (replay-service.runReplays).
 */
export function scoreDesignHere(
  challenge: Challenge,
  design: Design,
  resolve: DesignResolver,
): Promise<ChallengeResultView> {
  return scoreDesign(challenge, design, resolve, async ({ scenarioId, designs, seed, accounts }) =>
    runReplays({
      scenarioId,
      designs: designs.map((d) => parseDesign(d)),
      seed,
      ...(accounts !== undefined ? { accounts } : {}),
    }).map(measurableReplay),
  );
}
