import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, LATEST_SCHEMA_VERSION, assertMigrationOrder, runMigrations } from './migrations.ts';
import type { Migration } from './migrations.ts';
import { openStore } from './open-store.ts';
import { STORE_APPLICATION_ID } from './sqlite-file.ts';
import { StoreMigrationError } from './store-errors.ts';
import { closeAfter, tempDir } from './store-test-support.ts';

function rawDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  closeAfter(() => db.close());
  return db;
}

function columns(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

function objects(db: Database.Database): string[] {
  return db
    .prepare<[], { type: string; name: string }>(
      "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all()
    .map((o) => `${o.type}:${o.name}`);
}

/** sqlite_schema with whitespace normalised, to compare a migrated file with a fresh one. */
function normalizedSchema(db: Database.Database): string[] {
  return db
    .prepare<[], { sql: string | null }>(
      "SELECT sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => (r.sql ?? '').replace(/\s+/g, ' ').trim());
}

/** A version-1 file with one row in every table, as an app at schema 1 would have left it. */
function makeVersion1File(dir: string): string {
  const file = path.join(dir, 'cascade-lab.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  runMigrations(db, { upTo: 1 });
  db.exec(`
    INSERT INTO scenarios VALUES ('black-thursday', 3, 1, 'Black Thursday', '{"id":"black-thursday"}', 10, 20);
    INSERT INTO imports VALUES ('imp-1', 'eth.csv', '${'a'.repeat(64)}', 2, 30, '{"warnings":[]}');
    INSERT INTO series VALUES ('s-1', 'black-thursday', 'ETH', 'coinbase', 'price', 0, 60000, 60000, 2, NULL,
      x'000000000000F03F0000000000000040', 'coinbase', 40);
    INSERT INTO populations VALUES ('p-1', 'black-thursday', 'vaults', '{"n":10}', NULL, 50, 50);
    INSERT INTO designs VALUES ('maker-2020', 'Maker 2020', 1, '{"schemaVersion":1}', 1, NULL, 60, 60);
    INSERT INTO runs VALUES ('r-1', 'black-thursday', 3, 'maker-2020', '{"schemaVersion":1}', 'h', NULL, 7, 'e1', 10, 70,
      '{}', '[]', x'00', x'00');
    INSERT INTO notes VALUES ('n-1', 'run', 'r-1', 'first run', 80, 80);
  `);
  db.close();
  return file;
}

function dumpRows(db: Database.Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['scenarios', 'imports', 'series', 'populations', 'designs', 'runs', 'notes']) {
    out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
  }
  return out;
}

describe('migration order check', () => {
  it('accepts the shipped list', () => {
    expect(() => assertMigrationOrder(MIGRATIONS)).not.toThrow();
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)?.version);
  });

  it('throws on a misordered or duplicate version', () => {
    const m = (version: number): Migration => ({ version, name: `m${version}`, up: () => {} });
    expect(() => assertMigrationOrder([m(1), m(3), m(2)])).toThrow(/strictly increasing/);
    expect(() => assertMigrationOrder([m(1), m(1)])).toThrow(/strictly increasing/);
    expect(() => assertMigrationOrder([m(0)])).toThrow(/strictly increasing/);
  });
});

describe('migration 1: initial schema', () => {
  it('creates every table, index and trigger on a fresh file', () => {
    const db = rawDb(path.join(tempDir(), 'fresh.sqlite'));
    const result = runMigrations(db, { upTo: 1 });
    expect(result).toEqual({ fromVersion: 0, toVersion: 1, applied: [1] });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(STORE_APPLICATION_ID);
    expect(columns(db, 'scenarios')).toEqual([
      'id',
      'version',
      'builtin',
      'title',
      'json',
      'created_at_ms',
      'updated_at_ms',
    ]);
    expect(columns(db, 'series')).toEqual([
      'id',
      'scenario_id',
      'asset',
      'venue',
      'kind',
      'start_ms',
      'end_ms',
      'step_ms',
      'count',
      'timestamps_ms_f64',
      'values_f64',
      'source',
      'created_at_ms',
    ]);
    expect(columns(db, 'populations')).toEqual([
      'id',
      'scenario_id',
      'name',
      'json',
      'data',
      'created_at_ms',
      'updated_at_ms',
    ]);
    expect(columns(db, 'designs')).toEqual([
      'id',
      'name',
      'schema_version',
      'json',
      'preset',
      'based_on',
      'created_at_ms',
      'updated_at_ms',
    ]);
    expect(columns(db, 'runs')).toContain('events_deflate');
    expect(columns(db, 'runs')).toContain('series_bin');
    expect(columns(db, 'notes')).toEqual([
      'id',
      'target_kind',
      'target_id',
      'text',
      'created_at_ms',
      'updated_at_ms',
    ]);
    expect(columns(db, 'imports')).toEqual([
      'id',
      'file_name',
      'sha256',
      'rows',
      'created_at_ms',
      'report_json',
    ]);
    expect(objects(db)).toEqual(
      expect.arrayContaining([
        'index:series_by_scenario',
        'index:designs_preset_name',
        'trigger:notes_target_exists',
        'trigger:designs_preset_stays_preset',
      ]),
    );
  });

  it('enforces its constraints: STRICT types, kind values, regular-or-irregular series, note targets', () => {
    const db = rawDb(path.join(tempDir(), 'fresh.sqlite'));
    runMigrations(db, { upTo: 1 });
    db.prepare("INSERT INTO scenarios VALUES ('s', 1, 0, 't', '{}', 0, 0)").run();
    expect(() => db.prepare("INSERT INTO scenarios VALUES ('x', 'one', 0, 't', '{}', 0, 0)").run()).toThrow(
      /cannot store TEXT/,
    );
    expect(() => db.prepare("INSERT INTO scenarios VALUES ('y', 1, 0, 't', 'not json', 0, 0)").run()).toThrow(
      /CHECK/,
    );
    const series = db.prepare(
      "INSERT INTO series VALUES (?, 's', 'ETH', 'v', ?, 0, 0, ?, 1, ?, x'0000000000000000', 'src', 0)",
    );
    expect(() => series.run('a', 'volume', 60000, null)).toThrow(/CHECK/);
    expect(() => series.run('b', 'price', null, null)).toThrow(/CHECK/);
    expect(() => series.run('c', 'price', 60000, Buffer.alloc(8))).toThrow(/CHECK/);
    series.run('d', 'price', null, Buffer.alloc(8));
    expect(() => db.prepare("INSERT INTO notes VALUES ('n', 'run', 'nope', 't', 0, 0)").run()).toThrow(
      /target does not exist/,
    );
    db.prepare("INSERT INTO notes VALUES ('n', 'scenario', 's', 't', 0, 0)").run();
    db.prepare("DELETE FROM series WHERE scenario_id = 's'").run();
    db.prepare("DELETE FROM scenarios WHERE id = 's'").run();
    expect(db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 0 });
  });

  it('upgrades a version-0 file (SQLite, no tables) in place', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cascade-lab.sqlite');
    const empty = new Database(file);
    empty.exec('VACUUM'); // writes a header: a real SQLite file at user_version 0 with no tables
    empty.close();
    const store = await openStore({ dataDir: dir });
    closeAfter(() => store.close());
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.openReport.migration.applied).toEqual(MIGRATIONS.map((m) => m.version));
  });
});

describe('migration 2: series provenance link', () => {
  it('adds series.import_id and its index on a fresh file', () => {
    const db = rawDb(path.join(tempDir(), 'fresh.sqlite'));
    runMigrations(db, { upTo: 2 });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(columns(db, 'series').at(-1)).toBe('import_id');
    expect(objects(db)).toContain('index:series_by_import');
  });

  it('upgrades a version-1 file keeping every row, after an integrity check and a backup', async () => {
    const dir = tempDir();
    const file = makeVersion1File(dir);
    const v1 = new Database(file, { readonly: true });
    const before = dumpRows(v1);
    v1.close();

    const store = await openStore({ dataDir: dir });
    closeAfter(() => store.close());
    expect(store.openReport.migration).toEqual({
      fromVersion: 1,
      toVersion: LATEST_SCHEMA_VERSION,
      applied: MIGRATIONS.map((m) => m.version).filter((v) => v > 1),
    });
    const after = dumpRows(store.db);
    expect(after['series']).toEqual(
      (before['series'] as Record<string, unknown>[]).map((s) => ({ ...s, import_id: null })),
    );
    for (const table of ['scenarios', 'imports', 'populations', 'designs', 'runs', 'notes']) {
      expect(after[table]).toEqual(before[table]);
    }

    const backup = store.openReport.preMigrationBackup;
    expect(backup?.schemaVersion).toBe(1);
    expect(backup?.reason).toBe('pre-migration');
    const copy = new Database(backup?.path ?? '', { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    expect(dumpRows(copy)).toEqual(before);
    copy.close();
  });

  it('gives a migrated file exactly the schema of a fresh one', () => {
    const dir = tempDir();
    const migrated = rawDb(makeVersion1File(dir));
    runMigrations(migrated);
    const fresh = rawDb(path.join(dir, 'fresh.sqlite'));
    runMigrations(fresh);
    expect(normalizedSchema(migrated)).toEqual(normalizedSchema(fresh));
  });
});

/** A version-2 file with a row in every table (what an app at schema 2 left behind). */
function makeVersion2File(dir: string): string {
  const file = makeVersion1File(dir);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, { upTo: 2 });
  db.close();
  return file;
}

const TRAINING_TABLES = [
  'profiles',
  'lesson_progress',
  'lesson_answers',
  'challenge_attempts',
  'training_packs',
  'training_content',
  'class_results',
];

describe('migration 3: training', () => {
  it('creates the training tables on a fresh file', () => {
    const db = rawDb(path.join(tempDir(), 'fresh.sqlite'));
    runMigrations(db, { upTo: 3 });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    for (const t of TRAINING_TABLES) expect(objects(db)).toContain(`table:${t}`);
    expect(columns(db, 'lesson_progress')).toEqual([
      'profile_id',
      'lesson_id',
      'lesson_version',
      'current_step',
      'status',
      'started_at_ms',
      'updated_at_ms',
      'completed_at_ms',
    ]);
    expect(columns(db, 'challenge_attempts')).toContain('score');
    expect(objects(db)).toEqual(
      expect.arrayContaining(['index:profiles_name', 'index:challenge_attempts_by_challenge']),
    );
  });

  it('enforces its constraints: unique names, status and score ranges, answers follow their profile', () => {
    const db = rawDb(path.join(tempDir(), 'fresh.sqlite'));
    runMigrations(db, { upTo: 3 });
    db.prepare("INSERT INTO profiles VALUES ('p', 'Ada', 0)").run();
    expect(() => db.prepare("INSERT INTO profiles VALUES ('q', ' ada ', 0)").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO profiles VALUES ('r', '  ', 0)").run()).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO lesson_progress VALUES ('p', 'l', 1, 0, 'paused', 0, 0, NULL)").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO lesson_progress VALUES ('nobody', 'l', 1, 0, 'in-progress', 0, 0, NULL)").run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db
        .prepare("INSERT INTO challenge_attempts VALUES ('a', 'p', 'c', 1, 'd', 'D', 'h', 1001, 1, '{}', 0)")
        .run(),
    ).toThrow(/CHECK/);
    db.prepare(
      "INSERT INTO lesson_answers VALUES ('x', 'p', 'l', 1, 's', 'predict', '{}', '{}', 1, 0)",
    ).run();
    db.prepare("DELETE FROM profiles WHERE id = 'p'").run();
    expect(db.prepare('SELECT count(*) AS n FROM lesson_answers').get()).toEqual({ n: 0 });
  });

  it('upgrades a version-2 file keeping every row', async () => {
    const dir = tempDir();
    const file = makeVersion2File(dir);
    const v2 = new Database(file, { readonly: true });
    const before = dumpRows(v2);
    v2.close();
    const store = await openStore({ dataDir: dir });
    closeAfter(() => store.close());
    expect(store.openReport.migration).toEqual({
      fromVersion: 2,
      toVersion: LATEST_SCHEMA_VERSION,
      applied: MIGRATIONS.filter((m) => m.version > 2).map((m) => m.version),
    });
    expect(dumpRows(store.db)).toEqual(before);
    for (const t of TRAINING_TABLES) {
      expect(store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
    expect(store.openReport.preMigrationBackup?.schemaVersion).toBe(2);
  });

  it('gives a migrated file exactly the schema of a fresh one', () => {
    const dir = tempDir();
    const migrated = rawDb(makeVersion2File(dir));
    runMigrations(migrated);
    const fresh = rawDb(path.join(dir, 'fresh.sqlite'));
    runMigrations(fresh);
    expect(normalizedSchema(migrated)).toEqual(normalizedSchema(fresh));
  });
});

describe('the migration transaction', () => {
  it('rolls back every pending migration when a later one fails, leaving the file at its version', async () => {
    const dir = tempDir();
    const file = makeVersion1File(dir);
    const failing: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'fails half way',
      up(db) {
        db.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('injected failure');
      },
    };
    const error = await openStore({ dataDir: dir, migrations: [...MIGRATIONS, failing] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreMigrationError);
    expect((error as StoreMigrationError).failedVersion).toBe(LATEST_SCHEMA_VERSION + 1);
    expect((error as StoreMigrationError).message).toMatch(
      /Nothing was changed: the database is still at schema 1/,
    );

    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(columns(db, 'series')).not.toContain('import_id'); // migration 2 rolled back too
    expect(objects(db)).not.toContain('table:half_done');
    db.close();
    expect(fs.existsSync(file)).toBe(true);
  });
});
