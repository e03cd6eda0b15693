/**
 * Numbered, append-only schema migrations under `PRAGMA user_version` (Signal's pattern). Never
 * edit a shipped migration: add the next number. All pending migrations run in ONE transaction
 * that also sets user_version and application_id and checks foreign keys, so a failure anywhere
 * leaves the file exactly as it was.
 *
 * A later migration that must rebuild a table (12-step ALTER) cannot switch `foreign_keys` off
 * inside this transaction; it must use `PRAGMA defer_foreign_keys = ON` instead.
 */
import type Database from 'better-sqlite3';
import type { BackupInfo } from './backups.ts';
import { STORE_APPLICATION_ID } from './sqlite-file.ts';
import { StoreMigrationError } from './store-errors.ts';

/** One schema step. `up` runs inside the migration transaction: synchronous, no await. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}

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

/** Every migration this app knows, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [migration1, migration2];

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
  const fromVersion = db.pragma('user_version', { simple: true }) as number;
  const upTo = options.upTo ?? latestVersion(migrations);
  const pending = migrations.filter((m) => m.version > fromVersion && m.version <= upTo);
  if (pending.length === 0) return { fromVersion, toVersion: fromVersion, applied: [] };
  let current = fromVersion;
  try {
    db.transaction(() => {
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
    }).immediate();
  } catch (cause) {
    throw new StoreMigrationError({ fromVersion, failedVersion: current, backup: options.backup, cause });
  }
  return { fromVersion, toVersion: current, applied: pending.map((m) => m.version) };
}
