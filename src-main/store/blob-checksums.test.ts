/**
 * Migration 4 (every BLOB carries its SHA-256) and the verification on read (blob-checksum.ts):
 * the columns and triggers on a fresh file; an upgrade of a schema-3 file that computes the
 * checksums of the rows it holds; a migrated schema equal to a fresh one; every reader refusing a
 * blob that does not match, naming its row; bundles refusing damaged rows on export and import.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKSUMMED_BLOBS, sha256Hex } from './blob-checksum.ts';
import { exportBundle, importBundle } from './bundles.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, runMigrations } from './migrations.ts';
import { openStore } from './open-store.ts';
import { getPopulation, savePopulation } from './populations.ts';
import { getRun, listRuns, saveRun } from './runs.ts';
import { seedBuiltins } from './scenarios.ts';
import { getSeries, writeSeries } from './series.ts';
import { closeAfter, minuteTimestamps, openTempStore, scenarioJson, tempDir } from './store-test-support.ts';
import type { Store } from './open-store.ts';

function rawDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  closeAfter(() => db.close());
  return db;
}

const columns = (db: Database.Database, table: string) =>
  (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);

const schemaOf = (db: Database.Database) =>
  db
    .prepare<[], string>("SELECT sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all()
    .map((sql) => (sql ?? '').replace(/\s+/g, ' ').trim());

/** A schema-3 file with a blob in every blob column, as an app at schema 3 left it. */
function makeVersion3File(dir: string): string {
  const file = path.join(dir, 'cascade-lab.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  runMigrations(db, { upTo: 3 });
  db.exec(`
    INSERT INTO scenarios VALUES ('bt', 1, 0, 'BT', '{"id":"bt"}', 10, 20);
    INSERT INTO series (id, scenario_id, asset, venue, kind, start_ms, end_ms, step_ms, count, timestamps_ms_f64,
      values_f64, source, created_at_ms)
      VALUES ('s-regular', 'bt', 'ETH', 'v', 'price', 0, 60000, 60000, 2, NULL,
        x'000000000000F03F0000000000000040', 'src', 40),
      ('s-irregular', 'bt', 'ETH', 'w', 'price', 0, 70000, NULL, 2, x'00000000000000000000000000188F40',
        x'0000000000000840000000000000F03F', 'src', 40);
    INSERT INTO populations VALUES ('p-blob', 'bt', 'packed', NULL, x'0102030405', 50, 50);
    INSERT INTO populations VALUES ('p-json', 'bt', 'spec', '{"n":10}', NULL, 50, 50);
    INSERT INTO runs VALUES ('r-1', 'bt', 1, NULL, '{}', 'h', NULL, 7, 'e1', 10, 70, '{}', '[]', x'789c', x'434c5343');
  `);
  db.close();
  return file;
}

describe('migration 4: blob checksums', () => {
  it('adds a *_sha256 column beside every blob column on a fresh file', () => {
    const db = rawDb(path.join(tempDir(), 'fresh.sqlite'));
    runMigrations(db);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    for (const { table, blob, checksum } of CHECKSUMMED_BLOBS) {
      expect(columns(db, table)).toContain(blob);
      expect(columns(db, table)).toContain(checksum);
    }
  });

  it('refuses a blob written without its checksum, or changed while its checksum stays', () => {
    const db = rawDb(path.join(tempDir(), 'fresh.sqlite'));
    runMigrations(db, { upTo: 4 });
    db.exec("INSERT INTO scenarios VALUES ('s', 1, 0, 't', '{}', 0, 0)");
    const bytes = Buffer.from('0102030405', 'hex');
    const insert = db.prepare(
      "INSERT INTO populations (id, scenario_id, name, data, data_sha256, created_at_ms, updated_at_ms) VALUES ('p', 's', 'n', ?, ?, 0, 0)",
    );
    expect(() => insert.run(bytes, null)).toThrow(/needs its SHA-256/);
    expect(() => insert.run(bytes, 'x'.repeat(10))).toThrow(/CHECK/);
    insert.run(bytes, sha256Hex(bytes));
    expect(() => db.prepare("UPDATE populations SET data = x'ff' WHERE id = 'p'").run()).toThrow(
      /needs its SHA-256/,
    );
    db.prepare("UPDATE populations SET data = x'ff', data_sha256 = ? WHERE id = 'p'").run(
      sha256Hex(Buffer.from([0xff])),
    );
  });

  it('upgrades a schema-3 file: each existing blob gets the SHA-256 of its bytes, nothing else changes', async () => {
    const dir = tempDir();
    const file = makeVersion3File(dir);
    const v3 = new Database(file, { readonly: true });
    const before = Object.fromEntries(
      ['series', 'populations', 'runs'].map((t) => [t, v3.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]),
    );
    v3.close();

    const store = await openStore({ dataDir: dir });
    closeAfter(() => store.close());
    expect(store.openReport.migration.applied).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => v > 3));
    expect(store.openReport.preMigrationBackup?.schemaVersion).toBe(3);
    // The blobs a schema-3 file can hold (later tables start empty).
    for (const { table, blob, checksum } of CHECKSUMMED_BLOBS.filter((b) => b.table in before)) {
      const rows = store.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
      rows.forEach((row, i) => {
        const bytes = row[blob] as Buffer | null;
        expect(row[checksum]).toBe(bytes === null ? null : sha256Hex(bytes));
        const { [checksum]: _added, ...rest } = row;
        expect(Object.keys(rest).filter((k) => k.endsWith('_sha256') === false)).toEqual(
          Object.keys((before[table] as Record<string, unknown>[])[i]!),
        );
      });
    }
    expect(store.verifyBlobs()).toEqual([]);
    expect(getSeries(store, 's-irregular').values).toEqual(Float64Array.from([3, 1]));
  });

  it('gives a migrated file exactly the schema of a fresh one', () => {
    const dir = tempDir();
    const migrated = rawDb(makeVersion3File(dir));
    runMigrations(migrated);
    const fresh = rawDb(path.join(dir, 'fresh.sqlite'));
    runMigrations(fresh);
    expect(schemaOf(migrated)).toEqual(schemaOf(fresh));
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
  });
});

/** A store with a scenario, a series, a packed population and a run. */
async function filledStore(): Promise<{
  store: Store;
  seriesId: string;
  populationId: string;
  runId: string;
}> {
  const store = await openTempStore();
  seedBuiltins(store, [{ id: 'bt', version: 1, json: scenarioJson('bt', 1) }]);
  const series = writeSeries(store, {
    scenarioId: 'bt',
    asset: 'ETH',
    venue: 'v',
    kind: 'price',
    timestampsMs: minuteTimestamps(50),
    values: Float64Array.from({ length: 50 }, (_, i) => 100 - i),
    source: 'test',
  });
  const population = savePopulation(store, {
    scenarioId: 'bt',
    name: 'packed',
    data: new Uint8Array([1, 2, 3]),
  });
  const run = saveRun(store, {
    scenarioId: 'bt',
    scenarioVersion: 1,
    designJson: '{}',
    designHash: 'h',
    seed: 1,
    engineVersion: 'e',
    accounts: 3,
    summary: {},
    waves: [],
    events: [{ t: 1 }],
    series: { price_usd: Float64Array.from([1, 2, 3]) },
  });
  return { store, seriesId: series.id, populationId: population.id, runId: run.id };
}

/** Flips one byte of a blob but keeps its stored checksum: what damage on disk looks like to SQL. */
function damage(store: Store, table: string, blob: string, checksum: string, id: string): void {
  const bytes = store.db
    .prepare<[string], Buffer>(`SELECT ${blob} FROM ${table} WHERE id = ?`)
    .pluck()
    .get(id)!;
  bytes[bytes.length - 1]! ^= 0x40;
  store.db.exec(`DROP TRIGGER ${table}_${checksum}_on_update`);
  store.db.prepare(`UPDATE ${table} SET ${blob} = ? WHERE id = ?`).run(bytes, id);
}

describe('verification on read', () => {
  it('every reader refuses a damaged blob, naming its row and what to do', async () => {
    const { store, seriesId, populationId, runId } = await filledStore();
    expect(store.verifyBlobs()).toEqual([]);
    damage(store, 'series', 'values_f64', 'values_sha256', seriesId);
    damage(store, 'populations', 'data', 'data_sha256', populationId);
    damage(store, 'runs', 'series_bin', 'series_sha256', runId);
    expect(() => getSeries(store, seriesId)).toThrow(
      new RegExp(`stored series ${seriesId} is damaged: the bytes of its values do not match.*re-import`),
    );
    expect(() => getPopulation(store, populationId)).toThrow(
      /population .* is damaged: the bytes of its account table/,
    );
    expect(() => getRun(store, runId)).toThrow(
      new RegExp(`saved run ${runId} is damaged: the bytes of its per-step series.*replay it`),
    );
    expect(
      store
        .verifyBlobs()
        .map((d) => `${d.table}.${d.column}:${d.id}`)
        .sort(),
    ).toEqual(
      [
        `populations.data:${populationId}`,
        `runs.series_bin:${runId}`,
        `series.values_f64:${seriesId}`,
      ].sort(),
    );
    expect(listRuns(store).map((r) => r.id)).toEqual([runId]); // lists need no blob
  });

  it('a bundle refuses to carry a damaged run, and an import refuses a damaged bundle whole', async () => {
    const { store, runId } = await filledStore();
    const file = path.join(tempDir(), 'class.cascade');
    exportBundle(store, file, { runIds: [runId] });
    damage(store, 'runs', 'events_deflate', 'events_sha256', runId);
    expect(() => exportBundle(store, path.join(tempDir(), 'again.cascade'), { runIds: [runId] })).toThrow(
      new RegExp(`saved run ${runId} is damaged: the bytes of its event log`),
    );

    // Damage the bundle file's copy through SQL (its checksum kept), then import it elsewhere.
    const bundle = new Database(file);
    bundle.exec('DROP TRIGGER runs_series_sha256_on_update');
    bundle.prepare('UPDATE runs SET series_bin = ? WHERE id = ?').run(Buffer.from('not the series'), runId);
    bundle.close();
    const other = await openTempStore();
    expect(() => importBundle(other, file)).toThrow(
      new RegExp(`bundle .* is damaged: The saved run ${runId} is damaged.*Nothing was imported`),
    );
    expect(listRuns(other)).toEqual([]);
  });
});
