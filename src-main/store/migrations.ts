/**
 * Numbered, append-only schema migrations under `PRAGMA user_version` (Signal's pattern). Never
 * edit a shipped migration: add the next number. All pending migrations run in ONE transaction
 * that also sets user_version and application_id and checks foreign keys, so a failure anywhere
 * leaves the file exactly as it was.
 *
 * A later migration that must rebuild a table (12-step ALTER) cannot switch `foreign_keys` off
 * inside this transaction; it must use `PRAGMA defer_foreign_keys = ON` instead. A migration that
 * adds a BLOB column adds its `*_sha256` column and triggers as migration 4 does, and registers
 * the pair in blob-checksum.ts.
 */
import type Database from 'better-sqlite3';
import type { BackupInfo } from './backup-info.ts';
import { sha256Hex } from './blob-checksum.ts';
import type { Migration } from './migration.ts';
import { migration6 } from './migration-6-sweeps.ts';
import { STORE_APPLICATION_ID } from './sqlite-file.ts';
import { StoreMigrationError } from './store-errors.ts';

/** One schema step. `up` runs inside the migration transaction: synchronous, no await. */
export type { Migration } from './migration.ts';

/**
 * Migration 1: the whole first schema. Tables are STRICT (a wrong type is an error, not a silent
 * coercion). Times are epoch milliseconds (`*_ms`). Float arrays are raw little-endian Float64
 * bytes (`*_f64`). JSON columns are checked with json_valid.
 */
const migration1: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE scenarios (
        id TEXT PRIMARY KEY NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        builtin INTEGER NOT NULL CHECK (builtin IN (0, 1)),
        title TEXT NOT NULL,
        json TEXT NOT NULL CHECK (json_valid(json)),
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE imports (
        id TEXT PRIMARY KEY NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        rows INTEGER NOT NULL CHECK (rows >= 0),
        created_at_ms INTEGER NOT NULL,
        report_json TEXT NOT NULL CHECK (json_valid(report_json))
      ) STRICT;

      -- A regular series has step_ms and no timestamps; an irregular one has timestamps and no step.
      CREATE TABLE series (
        id TEXT PRIMARY KEY NOT NULL,
        scenario_id TEXT REFERENCES scenarios(id) ON DELETE CASCADE,
        asset TEXT NOT NULL,
        venue TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('price', 'gas', 'depth')),
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL CHECK (end_ms >= start_ms),
        step_ms INTEGER CHECK (step_ms > 0),
        count INTEGER NOT NULL CHECK (count >= 1),
        timestamps_ms_f64 BLOB CHECK (timestamps_ms_f64 IS NULL OR length(timestamps_ms_f64) = 8 * count),
        values_f64 BLOB NOT NULL CHECK (length(values_f64) = 8 * count),
        source TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        CHECK ((step_ms IS NULL) <> (timestamps_ms_f64 IS NULL))
      ) STRICT;
      CREATE INDEX series_by_scenario ON series (scenario_id);

      -- Exactly one of json (a generator spec or account list) and data (a packed account table).
      CREATE TABLE populations (
        id TEXT PRIMARY KEY NOT NULL,
        scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        json TEXT CHECK (json IS NULL OR json_valid(json)),
        data BLOB,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        CHECK ((json IS NULL) <> (data IS NULL))
      ) STRICT;
      CREATE INDEX populations_by_scenario ON populations (scenario_id);

      -- based_on is lineage only, not a foreign key: the parent may be absent after a bundle import.
      CREATE TABLE designs (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
        json TEXT NOT NULL CHECK (json_valid(json)),
        preset INTEGER NOT NULL CHECK (preset IN (0, 1)),
        based_on TEXT,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX designs_preset_name ON designs (lower(trim(name))) WHERE preset = 1;

      -- Second line of defence behind designs.ts: a user's edits never overwrite a preset.
      CREATE TRIGGER designs_preset_stays_preset BEFORE UPDATE ON designs
      WHEN OLD.preset = 1 AND NEW.preset = 0
      BEGIN SELECT RAISE(ABORT, 'a user''s edits never overwrite a preset'); END;
      CREATE TRIGGER designs_user_name_not_preset_insert BEFORE INSERT ON designs
      WHEN NEW.preset = 0 AND EXISTS (
        SELECT 1 FROM designs WHERE preset = 1 AND lower(trim(name)) = lower(trim(NEW.name)))
      BEGIN SELECT RAISE(ABORT, 'a user''s edits never overwrite a preset'); END;
      CREATE TRIGGER designs_user_name_not_preset_update BEFORE UPDATE OF name ON designs
      WHEN NEW.preset = 0 AND EXISTS (
        SELECT 1 FROM designs WHERE preset = 1 AND id <> NEW.id AND lower(trim(name)) = lower(trim(NEW.name)))
      BEGIN SELECT RAISE(ABORT, 'a user''s edits never overwrite a preset'); END;

      -- Everything needed to reproduce a run (scenario id+version, design, seed, engine version,
      -- population) and to replay it without recomputing (summary, waves, events, series).
      -- design_id and population_id are lineage only: the run keeps its own copy of the design.
      CREATE TABLE runs (
        id TEXT PRIMARY KEY NOT NULL,
        scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE RESTRICT,
        scenario_version INTEGER NOT NULL CHECK (scenario_version >= 1),
        design_id TEXT,
        design_json TEXT NOT NULL CHECK (json_valid(design_json)),
        design_hash TEXT NOT NULL,
        population_id TEXT,
        seed INTEGER NOT NULL,
        engine_version TEXT NOT NULL,
        accounts INTEGER NOT NULL CHECK (accounts >= 0),
        created_at_ms INTEGER NOT NULL,
        summary_json TEXT NOT NULL CHECK (json_valid(summary_json)),
        waves_json TEXT NOT NULL CHECK (json_valid(waves_json)),
        events_deflate BLOB NOT NULL,
        series_bin BLOB NOT NULL
      ) STRICT;
      CREATE INDEX runs_by_scenario ON runs (scenario_id, created_at_ms);
      CREATE INDEX runs_by_created ON runs (created_at_ms);

      CREATE TABLE notes (
        id TEXT PRIMARY KEY NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('scenario', 'run', 'design')),
        target_id TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX notes_by_target ON notes (target_kind, target_id);

      -- notes.target_id cannot be a foreign key (it points at one of three tables), so triggers
      -- keep it honest: a note needs its target, and goes when its target goes.
      CREATE TRIGGER notes_target_exists BEFORE INSERT ON notes
      WHEN NOT (
        (NEW.target_kind = 'scenario' AND EXISTS (SELECT 1 FROM scenarios WHERE id = NEW.target_id)) OR
        (NEW.target_kind = 'run' AND EXISTS (SELECT 1 FROM runs WHERE id = NEW.target_id)) OR
        (NEW.target_kind = 'design' AND EXISTS (SELECT 1 FROM designs WHERE id = NEW.target_id)))
      BEGIN SELECT RAISE(ABORT, 'the note''s target does not exist'); END;
      CREATE TRIGGER notes_target_fixed BEFORE UPDATE OF target_kind, target_id ON notes
      BEGIN SELECT RAISE(ABORT, 'a note cannot move to another target: add a new note'); END;
      CREATE TRIGGER notes_follow_scenario AFTER DELETE ON scenarios
      BEGIN DELETE FROM notes WHERE target_kind = 'scenario' AND target_id = OLD.id; END;
      CREATE TRIGGER notes_follow_run AFTER DELETE ON runs
      BEGIN DELETE FROM notes WHERE target_kind = 'run' AND target_id = OLD.id; END;
      CREATE TRIGGER notes_follow_design AFTER DELETE ON designs
      BEGIN DELETE FROM notes WHERE target_kind = 'design' AND target_id = OLD.id; END;
    `);
  },
};

/**
 * Migration 2: link an imported series to its provenance row. A separate step on purpose: it is
 * the kind of change every later release makes (add a nullable column to a table with data).
 */
const migration2: Migration = {
  version: 2,
  name: 'series provenance link',
  up(db) {
    db.exec(`
      ALTER TABLE series ADD COLUMN import_id TEXT REFERENCES imports(id) ON DELETE RESTRICT;
      CREATE INDEX series_by_import ON series (import_id);
    `);
  },
};

/**
 * Migration 3: training. Local profiles; per profile and lesson, where the student is and every
 * answer given (predictions and try-it attempts, each kept); challenge attempts with their scores;
 * lessons and challenges imported from classroom packs; students' results imported by an instructor.
 * Lesson and challenge ids are not foreign keys: built-in lessons live in the app, not the store.
 */
const migration3: Migration = {
  version: 3,
  name: 'training',
  up(db) {
    db.exec(`
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX profiles_name ON profiles (lower(trim(name)));

      CREATE TABLE lesson_progress (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id TEXT NOT NULL,
        lesson_version INTEGER NOT NULL CHECK (lesson_version >= 1),
        current_step INTEGER NOT NULL CHECK (current_step >= 0),
        status TEXT NOT NULL CHECK (status IN ('in-progress', 'completed')),
        started_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        completed_at_ms INTEGER,
        PRIMARY KEY (profile_id, lesson_id)
      ) STRICT;

      CREATE TABLE lesson_answers (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id TEXT NOT NULL,
        lesson_version INTEGER NOT NULL CHECK (lesson_version >= 1),
        step_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('predict', 'try-it')),
        answer_json TEXT NOT NULL CHECK (json_valid(answer_json)),
        outcome_json TEXT NOT NULL CHECK (json_valid(outcome_json)),
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX lesson_answers_by_lesson ON lesson_answers (profile_id, lesson_id, step_id, created_at_ms);

      CREATE TABLE challenge_attempts (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        challenge_id TEXT NOT NULL,
        challenge_version INTEGER NOT NULL CHECK (challenge_version >= 1),
        design_id TEXT NOT NULL,
        design_name TEXT NOT NULL,
        design_hash TEXT NOT NULL,
        score REAL NOT NULL CHECK (score >= 0 AND score <= 1000),
        met INTEGER NOT NULL CHECK (met IN (0, 1)),
        result_json TEXT NOT NULL CHECK (json_valid(result_json)),
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX challenge_attempts_by_challenge ON challenge_attempts (challenge_id, score DESC);

      CREATE TABLE training_packs (
        id TEXT PRIMARY KEY NOT NULL,
        title TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        imported_at_ms INTEGER NOT NULL
      ) STRICT;

      -- Lessons and challenges from packs or single files; the newest import of an id wins.
      CREATE TABLE training_content (
        kind TEXT NOT NULL CHECK (kind IN ('lesson', 'challenge')),
        id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        json TEXT NOT NULL CHECK (json_valid(json)),
        pack_id TEXT REFERENCES training_packs(id) ON DELETE SET NULL,
        imported_at_ms INTEGER NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT;

      -- One row per imported results file; the same file imported twice is one row.
      CREATE TABLE class_results (
        id TEXT PRIMARY KEY NOT NULL,
        student TEXT NOT NULL,
        exported_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        results_json TEXT NOT NULL CHECK (json_valid(results_json)),
        imported_at_ms INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

/** The blob columns migration 4 gave a checksum: frozen with it (later blobs: their own migration). */
const MIGRATION4_BLOBS = [
  { table: 'series', blob: 'values_f64', checksum: 'values_sha256' },
  { table: 'series', blob: 'timestamps_ms_f64', checksum: 'timestamps_sha256' },
  { table: 'populations', blob: 'data', checksum: 'data_sha256' },
  { table: 'runs', blob: 'events_deflate', checksum: 'events_sha256' },
  { table: 'runs', blob: 'series_bin', checksum: 'series_sha256' },
] as const;

/**
 * Migration 4: every BLOB carries the SHA-256 of its bytes (blob-checksum.ts verifies it on read
 * and in `db check`). Existing rows get theirs computed from the bytes they hold now (the file
 * passed a full integrity check just before). Triggers refuse a row whose blob and checksum are
 * not written together, so no code path can store a blob without one.
 */
const migration4: Migration = {
  version: 4,
  name: 'blob checksums',
  up(db) {
    for (const { table, blob, checksum } of MIGRATION4_BLOBS) {
      // Identifiers from the constant list above; every value is bound.
      db.exec(
        `ALTER TABLE ${table} ADD COLUMN ${checksum} TEXT CHECK (${checksum} IS NULL OR length(${checksum}) = 64)`,
      );
      const rowids = db
        .prepare<[], number>(`SELECT rowid FROM ${table} WHERE ${blob} IS NOT NULL`)
        .pluck()
        .all();
      const read = db.prepare<[number], Buffer>(`SELECT ${blob} FROM ${table} WHERE rowid = ?`).pluck();
      const write = db.prepare<[string, number]>(`UPDATE ${table} SET ${checksum} = ? WHERE rowid = ?`);
      for (const rowid of rowids) write.run(sha256Hex(read.get(rowid)!), rowid);
      const refuse = `SELECT RAISE(ABORT, 'a stored blob needs its SHA-256: write ${table}.${blob} and ${table}.${checksum} together')`;
      db.exec(`
        CREATE TRIGGER ${table}_${checksum}_on_insert BEFORE INSERT ON ${table}
        WHEN (NEW.${blob} IS NULL) <> (NEW.${checksum} IS NULL)
        BEGIN ${refuse}; END;
        CREATE TRIGGER ${table}_${checksum}_on_update BEFORE UPDATE OF ${blob}, ${checksum} ON ${table}
        WHEN (NEW.${blob} IS NULL) <> (NEW.${checksum} IS NULL)
          OR (NEW.${blob} IS NOT OLD.${blob} AND NEW.${checksum} IS OLD.${checksum})
        BEGIN ${refuse}; END;
      `);
    }
  },
};

/**
 * Migration 5: scenarios users bring. A user scenario keeps, beside its engine definition in
 * `scenarios`, the document it was written as (cascade-lab/scenario format: several protocols,
 * their populations, designs and oracles, a ledger) — one per user scenario, going with it.
 * Positions files and event ledgers imported on their own are kept with their provenance (an
 * `imports` row) until a scenario takes them in (a scenario's document holds its own copy).
 * (Number 4 belongs to another change: the numbers only need to increase.)
 */
const migration5: Migration = {
  version: 5,
  name: 'user scenarios, positions, ledgers',
  up(db) {
    db.exec(`
      CREATE TABLE scenario_documents (
        scenario_id TEXT PRIMARY KEY NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
        format_version INTEGER NOT NULL CHECK (format_version >= 1),
        protocols INTEGER NOT NULL CHECK (protocols >= 1),
        json TEXT NOT NULL CHECK (json_valid(json)),
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TRIGGER scenario_documents_user_only BEFORE INSERT ON scenario_documents
      WHEN (SELECT builtin FROM scenarios WHERE id = NEW.scenario_id) = 1
      BEGIN SELECT RAISE(ABORT, 'a built-in scenario has no user document'); END;

      CREATE TABLE position_sets (
        id TEXT PRIMARY KEY NOT NULL,
        import_id TEXT REFERENCES imports(id) ON DELETE RESTRICT,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        rows INTEGER NOT NULL CHECK (rows >= 1),
        summary_json TEXT NOT NULL CHECK (json_valid(summary_json)),
        json TEXT NOT NULL CHECK (json_valid(json)),
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX position_sets_by_import ON position_sets (import_id);

      CREATE TABLE ledgers (
        id TEXT PRIMARY KEY NOT NULL,
        import_id TEXT REFERENCES imports(id) ON DELETE RESTRICT,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        rows INTEGER NOT NULL CHECK (rows >= 1),
        summary_json TEXT NOT NULL CHECK (json_valid(summary_json)),
        json TEXT NOT NULL CHECK (json_valid(json)),
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ledgers_by_import ON ledgers (import_id);
    `);
  },
};

/** Every migration this app knows, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  migration1,
  migration2,
  migration3,
  migration4,
  migration5,
  migration6,
];

/** Throws unless versions are positive integers in strictly increasing order. */
export function assertMigrationOrder(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= previous) {
      throw new Error(
        `Migration "${m.name}" has version ${m.version} after ${previous}: migration versions must be ` +
          'positive integers in strictly increasing order. Fix the MIGRATIONS list.',
      );
    }
    previous = m.version;
  }
}

/** The schema version this app writes: the last migration's number. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

assertMigrationOrder(MIGRATIONS);

/** The schema version of the app as built. */
export const LATEST_SCHEMA_VERSION = latestVersion(MIGRATIONS);

/** What {@link runMigrations} did. */
export interface MigrationResult {
  fromVersion: number;
  toVersion: number;
  applied: number[];
}

/** A PRAGMA cannot take bound parameters; this is the one place an integer is formatted into one. */
function setHeaderInt(db: Database.Database, pragma: 'user_version' | 'application_id', value: number): void {
  if (!Number.isSafeInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new Error(`${pragma} must be a 32-bit integer, got ${value}`);
  }
  db.pragma(`${pragma} = ${value}`);
}

/**
 * Applies every migration above the file's user_version (up to `upTo`, for tests that build an
 * old file) in one immediate transaction, then sets user_version and application_id and runs
 * `PRAGMA foreign_key_check` before committing. On any failure the transaction rolls back and a
 * {@link StoreMigrationError} is thrown.
 */
export function runMigrations(
  db: Database.Database,
  options: { migrations?: readonly Migration[]; upTo?: number; backup?: BackupInfo } = {},
): MigrationResult {
  const migrations = options.migrations ?? MIGRATIONS;
  assertMigrationOrder(migrations);
  const upTo = options.upTo ?? latestVersion(migrations);
  const pendingAbove = (version: number) =>
    migrations.filter((m) => m.version > version && m.version <= upTo);
  let fromVersion = db.pragma('user_version', { simple: true }) as number;
  if (pendingAbove(fromVersion).length === 0) return { fromVersion, toVersion: fromVersion, applied: [] };
  let current = fromVersion;
  let applied: number[] = [];
  try {
    db.transaction(() => {
      // Read again under the write lock: another connection may have migrated meanwhile.
      fromVersion = db.pragma('user_version', { simple: true }) as number;
      current = fromVersion;
      const pending = pendingAbove(fromVersion);
      if (pending.length === 0) return;
      for (const m of pending) {
        current = m.version;
        m.up(db);
      }
      setHeaderInt(db, 'user_version', current);
      setHeaderInt(db, 'application_id', STORE_APPLICATION_ID);
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new Error(
          `${violations.length} foreign key violation(s) after migrating: ${JSON.stringify(violations[0])}`,
        );
      }
      applied = pending.map((m) => m.version);
    }).immediate();
  } catch (cause) {
    throw new StoreMigrationError({ fromVersion, failedVersion: current, backup: options.backup, cause });
  }
  return { fromVersion, toVersion: current, applied };
}
