/**
 * Training data: profiles, lesson progress and answers, challenge attempts, imported lessons and
 * challenges, imported class results. Every value bound; every multi-statement write in one
 * IMMEDIATE transaction. Works on any connection migrated to schema 3 (the app's store, or an
 * in-memory database when the data folder could not be opened).
 */
import type Database from 'better-sqlite3';
import { openDatabase } from './native-binding.ts';
import { runMigrations } from './migrations.ts';
import { newId, statement } from './sql-support.ts';
import { StoreError } from './store-errors.ts';

/** The connection and clock the training tables need (a Store fits). */
export interface TrainingDb {
  readonly db: Database.Database;
  nowMs(): number;
}

/**
 * A throwaway in-memory database with the full schema, for when the data folder could not be opened:
 * lessons stay playable, and the app has already told the user that nothing will be saved.
 */
export function openMemoryTrainingDb(nowMs: () => number = () => Date.now()): TrainingDb & { close(): void } {
  const db = openDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  runMigrations(db);
  return { db, nowMs, close: () => db.close() };
}

function tx<T>(t: TrainingDb, fn: () => T): T {
  return t.db.transaction(fn).immediate();
}

export interface ProfileRecord {
  id: string;
  name: string;
  createdAtMs: number;
}

export function listProfiles(t: TrainingDb): ProfileRecord[] {
  return statement<[], { id: string; name: string; created_at_ms: number }>(
    t.db,
    'SELECT id, name, created_at_ms FROM profiles ORDER BY created_at_ms, id',
  )
    .all()
    .map((r) => ({ id: r.id, name: r.name, createdAtMs: r.created_at_ms }));
}

export function getProfile(t: TrainingDb, id: string): ProfileRecord | undefined {
  const r = statement<[string], { id: string; name: string; created_at_ms: number }>(
    t.db,
    'SELECT id, name, created_at_ms FROM profiles WHERE id = ?',
  ).get(id);
  return r ? { id: r.id, name: r.name, createdAtMs: r.created_at_ms } : undefined;
}

/** Creates a profile; a name already taken (ignoring case and spaces) is refused. */
export function createProfile(t: TrainingDb, name: string): ProfileRecord {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > 80) {
    throw new StoreError('store-input', 'A profile name must have 1 to 80 characters.');
  }
  return tx(t, () => {
    const taken = statement<[string], { id: string }>(
      t.db,
      'SELECT id FROM profiles WHERE lower(trim(name)) = lower(?)',
    ).get(clean);
    if (taken) {
      throw new StoreError(
        'store-input',
        `A profile named "${clean}" already exists: pick it, or choose another name.`,
      );
    }
    const record = { id: newId(), name: clean, createdAtMs: t.nowMs() };
    statement(t.db, 'INSERT INTO profiles (id, name, created_at_ms) VALUES (?, ?, ?)').run(
      record.id,
      record.name,
      record.createdAtMs,
    );
    return record;
  });
}

export interface LessonProgressRecord {
  lessonId: string;
  lessonVersion: number;
  currentStep: number;
  status: 'in-progress' | 'completed';
  startedAtMs: number;
  updatedAtMs: number;
  completedAtMs: number | null;
}

interface ProgressRow {
  lesson_id: string;
  lesson_version: number;
  current_step: number;
  status: 'in-progress' | 'completed';
  started_at_ms: number;
  updated_at_ms: number;
  completed_at_ms: number | null;
}

const progressOf = (r: ProgressRow): LessonProgressRecord => ({
  lessonId: r.lesson_id,
  lessonVersion: r.lesson_version,
  currentStep: r.current_step,
  status: r.status,
  startedAtMs: r.started_at_ms,
  updatedAtMs: r.updated_at_ms,
  completedAtMs: r.completed_at_ms,
});

export function listLessonProgress(t: TrainingDb, profileId: string): LessonProgressRecord[] {
  return statement<[string], ProgressRow>(
    t.db,
    'SELECT * FROM lesson_progress WHERE profile_id = ? ORDER BY lesson_id',
  )
    .all(profileId)
    .map(progressOf);
}

export function getLessonProgress(
  t: TrainingDb,
  profileId: string,
  lessonId: string,
): LessonProgressRecord | undefined {
  const r = statement<[string, string], ProgressRow>(
    t.db,
    'SELECT * FROM lesson_progress WHERE profile_id = ? AND lesson_id = ?',
  ).get(profileId, lessonId);
  return r ? progressOf(r) : undefined;
}

/**
 * Records where the student is. A new lesson version starts over (its answers are kept, but
 * belong to the old version). Completion is sticky: going back to reread a step keeps it completed.
 */
export function saveLessonPosition(
  t: TrainingDb,
  p: { profileId: string; lessonId: string; lessonVersion: number; step: number; completed: boolean },
): LessonProgressRecord {
  return tx(t, () => {
    const now = t.nowMs();
    const old = getLessonProgress(t, p.profileId, p.lessonId);
    const sameVersion = old?.lessonVersion === p.lessonVersion;
    const completed = p.completed || (sameVersion && old?.status === 'completed');
    statement(
      t.db,
      `INSERT INTO lesson_progress (profile_id, lesson_id, lesson_version, current_step, status, started_at_ms, updated_at_ms, completed_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (profile_id, lesson_id) DO UPDATE SET lesson_version = excluded.lesson_version,
         current_step = excluded.current_step, status = excluded.status, updated_at_ms = excluded.updated_at_ms,
         completed_at_ms = excluded.completed_at_ms,
         started_at_ms = CASE WHEN lesson_progress.lesson_version = excluded.lesson_version
                              THEN lesson_progress.started_at_ms ELSE excluded.started_at_ms END`,
    ).run(
      p.profileId,
      p.lessonId,
      p.lessonVersion,
      p.step,
      completed ? 'completed' : 'in-progress',
      now,
      now,
      completed ? (sameVersion && old?.completedAtMs != null ? old.completedAtMs : now) : null,
    );
    return getLessonProgress(t, p.profileId, p.lessonId)!;
  });
}

export interface AnswerRecord {
  id: string;
  lessonId: string;
  lessonVersion: number;
  stepId: string;
  kind: 'predict' | 'try-it';
  answer: unknown;
  outcome: unknown;
  correct: boolean;
  createdAtMs: number;
}

interface AnswerRow {
  id: string;
  lesson_id: string;
  lesson_version: number;
  step_id: string;
  kind: 'predict' | 'try-it';
  answer_json: string;
  outcome_json: string;
  correct: number;
  created_at_ms: number;
}

export function addAnswer(
  t: TrainingDb,
  a: Omit<AnswerRecord, 'id' | 'createdAtMs'> & { profileId: string },
): AnswerRecord {
  const record = { ...a, id: newId(), createdAtMs: t.nowMs() };
  tx(t, () => {
    statement(
      t.db,
      `INSERT INTO lesson_answers (id, profile_id, lesson_id, lesson_version, step_id, kind, answer_json, outcome_json, correct, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      record.id,
      a.profileId,
      a.lessonId,
      a.lessonVersion,
      a.stepId,
      a.kind,
      JSON.stringify(a.answer),
      JSON.stringify(a.outcome),
      a.correct ? 1 : 0,
      record.createdAtMs,
    );
  });
  const { profileId: _p, ...rest } = record;
  return rest;
}

/** Every answer of a profile to a lesson version, oldest first. */
export function listAnswers(
  t: TrainingDb,
  profileId: string,
  lessonId?: string,
  lessonVersion?: number,
): AnswerRecord[] {
  const rows =
    lessonId === undefined
      ? statement<[string], AnswerRow>(
          t.db,
          'SELECT * FROM lesson_answers WHERE profile_id = ? ORDER BY created_at_ms, id',
        ).all(profileId)
      : statement<[string, string, number], AnswerRow>(
          t.db,
          'SELECT * FROM lesson_answers WHERE profile_id = ? AND lesson_id = ? AND lesson_version = ? ORDER BY created_at_ms, id',
        ).all(profileId, lessonId, lessonVersion ?? 1);
  return rows.map((r) => ({
    id: r.id,
    lessonId: r.lesson_id,
    lessonVersion: r.lesson_version,
    stepId: r.step_id,
    kind: r.kind,
    answer: JSON.parse(r.answer_json) as unknown,
    outcome: JSON.parse(r.outcome_json) as unknown,
    correct: r.correct === 1,
    createdAtMs: r.created_at_ms,
  }));
}

export interface AttemptRecord {
  id: string;
  profileId: string;
  profileName: string;
  challengeId: string;
  challengeVersion: number;
  designId: string;
  designName: string;
  designHash: string;
  score: number;
  met: boolean;
  result: unknown;
  createdAtMs: number;
}

interface AttemptRow {
  id: string;
  profile_id: string;
  profile_name: string;
  challenge_id: string;
  challenge_version: number;
  design_id: string;
  design_name: string;
  design_hash: string;
  score: number;
  met: number;
  result_json: string;
  created_at_ms: number;
}

const attemptOf = (r: AttemptRow): AttemptRecord => ({
  id: r.id,
  profileId: r.profile_id,
  profileName: r.profile_name,
  challengeId: r.challenge_id,
  challengeVersion: r.challenge_version,
  designId: r.design_id,
  designName: r.design_name,
  designHash: r.design_hash,
  score: r.score,
  met: r.met === 1,
  result: JSON.parse(r.result_json) as unknown,
  createdAtMs: r.created_at_ms,
});

export function addAttempt(
  t: TrainingDb,
  a: Omit<AttemptRecord, 'id' | 'createdAtMs' | 'profileName'>,
): AttemptRecord {
  const id = newId();
  tx(t, () => {
    statement(
      t.db,
      `INSERT INTO challenge_attempts (id, profile_id, challenge_id, challenge_version, design_id, design_name, design_hash, score, met, result_json, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      a.profileId,
      a.challengeId,
      a.challengeVersion,
      a.designId,
      a.designName,
      a.designHash,
      a.score,
      a.met ? 1 : 0,
      JSON.stringify(a.result),
      t.nowMs(),
    );
  });
  return listAttempts(t, { profileId: a.profileId }).find((x) => x.id === id)!;
}

const ATTEMPT_SELECT = `SELECT a.*, p.name AS profile_name FROM challenge_attempts a JOIN profiles p ON p.id = a.profile_id`;

export function listAttempts(
  t: TrainingDb,
  filter: { profileId?: string; challengeId?: string },
): AttemptRecord[] {
  if (filter.profileId !== undefined && filter.challengeId !== undefined) {
    return statement<[string, string], AttemptRow>(
      t.db,
      `${ATTEMPT_SELECT} WHERE a.profile_id = ? AND a.challenge_id = ? ORDER BY a.created_at_ms, a.id`,
    )
      .all(filter.profileId, filter.challengeId)
      .map(attemptOf);
  }
  if (filter.profileId !== undefined) {
    return statement<[string], AttemptRow>(
      t.db,
      `${ATTEMPT_SELECT} WHERE a.profile_id = ? ORDER BY a.created_at_ms, a.id`,
    )
      .all(filter.profileId)
      .map(attemptOf);
  }
  if (filter.challengeId !== undefined) {
    return statement<[string], AttemptRow>(
      t.db,
      `${ATTEMPT_SELECT} WHERE a.challenge_id = ? ORDER BY a.created_at_ms, a.id`,
    )
      .all(filter.challengeId)
      .map(attemptOf);
  }
  return statement<[], AttemptRow>(t.db, `${ATTEMPT_SELECT} ORDER BY a.created_at_ms, a.id`)
    .all()
    .map(attemptOf);
}

export interface ContentRecord {
  kind: 'lesson' | 'challenge';
  id: string;
  version: number;
  json: string;
  packId: string | null;
  packTitle: string | null;
  importedAtMs: number;
}

interface ContentRow {
  kind: 'lesson' | 'challenge';
  id: string;
  version: number;
  json: string;
  pack_id: string | null;
  pack_title: string | null;
  imported_at_ms: number;
}

export function listContent(t: TrainingDb, kind: 'lesson' | 'challenge'): ContentRecord[] {
  return statement<[string], ContentRow>(
    t.db,
    `SELECT c.*, p.title AS pack_title FROM training_content c LEFT JOIN training_packs p ON p.id = c.pack_id
     WHERE c.kind = ? ORDER BY c.imported_at_ms, c.id`,
  )
    .all(kind)
    .map((r) => ({
      kind: r.kind,
      id: r.id,
      version: r.version,
      json: r.json,
      packId: r.pack_id,
      packTitle: r.pack_title,
      importedAtMs: r.imported_at_ms,
    }));
}

/**
 * Stores validated lessons and challenges (one transaction), under a new pack row when a pack
 * brought them. An id already imported is replaced (the newest import wins).
 */
export function importContent(
  t: TrainingDb,
  items: { kind: 'lesson' | 'challenge'; id: string; version: number; json: string }[],
  pack?: { title: string; fileName: string; sha256: string },
): { packId: string | null; imported: number } {
  return tx(t, () => {
    const now = t.nowMs();
    let packId: string | null = null;
    if (pack) {
      packId = newId();
      statement(
        t.db,
        'INSERT INTO training_packs (id, title, file_name, sha256, imported_at_ms) VALUES (?, ?, ?, ?, ?)',
      ).run(packId, pack.title, pack.fileName, pack.sha256, now);
    }
    const upsert = statement(
      t.db,
      `INSERT INTO training_content (kind, id, version, json, pack_id, imported_at_ms) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, json = excluded.json,
         pack_id = excluded.pack_id, imported_at_ms = excluded.imported_at_ms`,
    );
    for (const item of items) upsert.run(item.kind, item.id, item.version, item.json, packId, now);
    return { packId, imported: items.length };
  });
}

export interface ClassResultRecord {
  id: string;
  student: string;
  exportedAt: string;
  fileName: string;
  sha256: string;
  results: unknown;
  importedAtMs: number;
}

/** Stores one student's results file; the same file (by SHA-256) imported again is not duplicated. */
export function importClassResult(
  t: TrainingDb,
  r: { student: string; exportedAt: string; fileName: string; sha256: string; json: string },
): { id: string; duplicate: boolean } {
  return tx(t, () => {
    const existing = statement<[string], { id: string }>(
      t.db,
      'SELECT id FROM class_results WHERE sha256 = ?',
    ).get(r.sha256);
    if (existing) return { id: existing.id, duplicate: true };
    const id = newId();
    statement(
      t.db,
      `INSERT INTO class_results (id, student, exported_at, file_name, sha256, results_json, imported_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, r.student, r.exportedAt, r.fileName, r.sha256, r.json, t.nowMs());
    return { id, duplicate: false };
  });
}

export function listClassResults(t: TrainingDb): ClassResultRecord[] {
  return statement<
    [],
    {
      id: string;
      student: string;
      exported_at: string;
      file_name: string;
      sha256: string;
      results_json: string;
      imported_at_ms: number;
    }
  >(t.db, 'SELECT * FROM class_results ORDER BY lower(student), exported_at')
    .all()
    .map((r) => ({
      id: r.id,
      student: r.student,
      exportedAt: r.exported_at,
      fileName: r.file_name,
      sha256: r.sha256,
      results: JSON.parse(r.results_json) as unknown,
      importedAtMs: r.imported_at_ms,
    }));
}
