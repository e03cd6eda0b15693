import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUPS_KEPT, listBackups, validateDatabaseFile } from './backups.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import { openStore, restoreBackup } from './open-store.ts';
import type { Store } from './open-store.ts';
import { listScenarios, saveUserScenario } from './scenarios.ts';
import { DEFAULT_DB_FILE_NAME, STORE_APPLICATION_ID } from './sqlite-file.ts';
import { StoreCorruptError, StoreError, StoreFromNewerAppError } from './store-errors.ts';
import {
  closeAfter,
  fakeClock,
  openTempStore,
  scenarioJson,
  sha256File,
  tempDir,
} from './store-test-support.ts';

const PAGE_SIZE = 4096;

async function storeWithData(dataDir: string, titles: string[]): Promise<Store> {
  const store = await openStore({ dataDir, nowMs: fakeClock() });
  for (const title of titles)
    saveUserScenario(store, { id: title.toLowerCase(), title, json: scenarioJson(title, 1) });
  return store;
}

function titles(store: Store): string[] {
  return listScenarios(store).map((s) => s.title);
}

/** Damages pages 2..5 (the first tables' b-tree roots) with random bytes, keeping the header. */
function overwritePages(file: string): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, randomBytes(PAGE_SIZE * 4), 0, PAGE_SIZE * 4, PAGE_SIZE);
  fs.closeSync(fd);
}

function dirListing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe('openStore: a fresh database', () => {
  it('creates the file with WAL, synchronous=FULL, foreign keys, busy timeout and our application_id', async () => {
    const store = await openTempStore({ busyTimeoutMs: 1234 });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(store.db.pragma('application_id', { simple: true })).toBe(STORE_APPLICATION_ID);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.openReport.created).toBe(true);
    expect(store.openReport.preMigrationBackup).toBeUndefined();
    expect(store.integrityCheck()).toEqual({ ok: true, integrity: ['ok'], foreignKeyViolations: [] });
    expect(fs.readdirSync(store.dataDir).filter((f) => f.includes('.creating'))).toEqual([]);
  });

  it('keeps data across close and reopen, without migrating or backing up again', async () => {
    const dir = tempDir();
    const first = await storeWithData(dir, ['Alpha', 'Beta']);
    first.close();
    const again = await openStore({ dataDir: dir });
    closeAfter(() => again.close());
    expect(titles(again)).toEqual(['Alpha', 'Beta']);
    expect(again.openReport.created).toBe(false);
    expect(again.openReport.migration.applied).toEqual([]);
    expect(listBackups(dir)).toEqual([]);
  });

  it('moves an orphaned -wal/-shm aside instead of pairing it with a new file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, `${DEFAULT_DB_FILE_NAME}-wal`), 'stale');
    const store = await openTempStore({ dataDir: dir });
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    const orphan = fs.readdirSync(dir).find((f) => /\.orphan-.*-wal$/.test(f));
    expect(orphan).toBeDefined();
    expect(fs.readFileSync(path.join(dir, orphan ?? ''), 'utf8')).toBe('stale');
  });

  it('refuses a data folder inside a sync client folder unless told otherwise', async () => {
    const dir = path.join(tempDir(), 'Dropbox', 'Cascade Lab');
    const error = await openStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('store-location');
    expect((error as Error).message).toMatch(/sync folder.*CASCADE_LAB_DATA_DIR/);
    const store = await openTempStore({ dataDir: dir, allowRiskyLocation: true });
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('makes a second connection wait busy_timeout for the write lock, then fail with SQLITE_BUSY', async () => {
    const store = await openTempStore({ busyTimeoutMs: 300 });
    store.db.exec('BEGIN IMMEDIATE');
    const other = new Database(store.path, { timeout: 300 });
    closeAfter(() => other.close());
    const started = performance.now();
    let code: unknown;
    try {
      other.prepare("INSERT INTO notes VALUES ('n', 'scenario', 'x', 't', 0, 0)").run();
    } catch (error) {
      code = (error as { code?: unknown }).code;
    }
    const waitedMs = performance.now() - started;
    store.db.exec('ROLLBACK');
    expect(code).toBe('SQLITE_BUSY');
    expect(waitedMs).toBeGreaterThanOrEqual(0.8 * 300);
  });
});

describe('openStore: a database from a newer Cascade Lab', () => {
  it('is refused with an "update the app" message and left byte-for-byte untouched', async () => {
    const dir = tempDir();
    const store = await storeWithData(dir, ['Alpha']);
    const future = LATEST_SCHEMA_VERSION + 10;
    store.db.pragma(`user_version = ${future}`);
    store.close(); // checkpoints: everything is in the main file, no -wal left
    const file = path.join(dir, DEFAULT_DB_FILE_NAME);
    const before = { hash: sha256File(file), listing: dirListing(dir) };

    const error = await openStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreFromNewerAppError);
    expect((error as Error).message).toContain(
      `written by a newer Cascade Lab (schema ${future}, this app knows ${LATEST_SCHEMA_VERSION}): update the app`,
    );
    expect(sha256File(file)).toBe(before.hash);
    expect(dirListing(dir)).toEqual(before.listing);
  });

  it('is refused even when the newer schema is only in the -wal (as after a crash), touching neither file', async () => {
    const dir = tempDir();
    const store = await storeWithData(dir, ['Alpha']);
    store.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    // Copy the pair while the writer is open and idle: a consistent main file + WAL, as a crash leaves them.
    const crashed = tempDir();
    for (const suffix of ['', '-wal']) {
      fs.copyFileSync(
        path.join(dir, DEFAULT_DB_FILE_NAME + suffix),
        path.join(crashed, DEFAULT_DB_FILE_NAME + suffix),
      );
    }
    store.close();
    const file = path.join(crashed, DEFAULT_DB_FILE_NAME);
    const peek = new Database(file, { readonly: true });
    expect(peek.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    peek.close();
    const before = [sha256File(file), sha256File(`${file}-wal`)];
    expect(fs.readFileSync(file).readInt32BE(60)).toBe(LATEST_SCHEMA_VERSION); // the main file's header is stale

    await expect(openStore({ dataDir: crashed })).rejects.toBeInstanceOf(StoreFromNewerAppError);
    expect([sha256File(file), sha256File(`${file}-wal`)]).toEqual(before);
  });
});

describe('openStore: an unusable file is moved aside, never deleted', () => {
  const cases: { name: string; reason: string; make: (file: string) => void }[] = [
    { name: 'random bytes', reason: 'not-a-database', make: (f) => fs.writeFileSync(f, randomBytes(8192)) },
    {
      name: 'a text file',
      reason: 'not-a-database',
      make: (f) => fs.writeFileSync(f, 'timestamp,price\n1,2\n'),
    },
    { name: 'an empty (0-byte) file', reason: 'corrupt', make: (f) => fs.writeFileSync(f, '') },
    { name: 'a file truncated to 50 bytes', reason: 'not-a-database', make: (f) => fs.truncateSync(f, 50) },
    { name: 'a file truncated to 4095 bytes', reason: 'corrupt', make: (f) => fs.truncateSync(f, 4095) },
    {
      name: 'an overwritten header magic',
      reason: 'not-a-database',
      make: (f) => {
        const fd = fs.openSync(f, 'r+');
        fs.writeSync(fd, Buffer.from('NOT SQLITE AT AL'), 0, 16, 0);
        fs.closeSync(fd);
      },
    },
    { name: 'a valid database with pages overwritten', reason: 'corrupt', make: overwritePages },
    {
      name: "another application's database",
      reason: 'foreign-application-id',
      make: (f) => {
        fs.rmSync(f);
        const db = new Database(f);
        db.pragma('application_id = 1234');
        db.exec('CREATE TABLE t (x)');
        db.close();
      },
    },
    {
      name: 'a SQLite file with tables but no application_id',
      reason: 'foreign-application-id',
      make: (f) => {
        fs.rmSync(f);
        const db = new Database(f);
        db.exec('CREATE TABLE contacts (name TEXT)');
        db.close();
      },
    },
  ];

  for (const c of cases) {
    it(`${c.name}: reason ${c.reason}, file kept, error names the latest backup`, async () => {
      const dir = tempDir();
      const store = await storeWithData(dir, ['Alpha', 'Beta', 'Gamma']);
      const backup = await store.backupNow();
      store.close();
      const file = path.join(dir, DEFAULT_DB_FILE_NAME);
      c.make(file);
      const damagedHash = sha256File(file);

      const error = await openStore({ dataDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreCorruptError);
      const corrupt = error as StoreCorruptError;
      expect(corrupt.reason).toBe(c.reason);
      expect(corrupt.latestBackup?.path).toBe(backup.path);
      expect(corrupt.message).toContain(backup.path);
      expect(corrupt.message).toMatch(/moved aside .*nothing was deleted/);
      expect(fs.existsSync(file)).toBe(false);
      const moved = corrupt.movedTo[0] ?? '';
      expect(path.basename(moved)).toMatch(/^cascade-lab\.sqlite\.corrupt-\d{8}T\d{6}\.\d{3}Z/);
      expect(sha256File(moved)).toBe(damagedHash);
    });
  }

  it('restoring the named backup gives the data back; the damaged file stays aside', async () => {
    const dir = tempDir();
    const store = await storeWithData(dir, ['Alpha', 'Beta', 'Gamma']);
    await store.backupNow();
    store.close();
    const file = path.join(dir, DEFAULT_DB_FILE_NAME);
    overwritePages(file);

    const error = (await openStore({ dataDir: dir }).catch((e: unknown) => e)) as StoreCorruptError;
    expect(error).toBeInstanceOf(StoreCorruptError);
    const { store: restored, report } = await restoreBackup({ dataDir: dir }, error.latestBackup?.path ?? '');
    closeAfter(() => restored.close());
    expect(titles(restored)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(restored.integrityCheck().ok).toBe(true);
    expect(report.movedAside).toEqual([]); // the damaged file had already been moved aside
    expect(fs.existsSync(error.movedTo[0] ?? '')).toBe(true);
  });
});

describe('backups', () => {
  it(`keeps the newest ${BACKUPS_KEPT}, newest first, each a valid single-file database`, async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    const taken = [];
    for (let i = 0; i < BACKUPS_KEPT + 2; i++) {
      saveUserScenario(store, { id: `s${i}`, title: `S${i}`, json: scenarioJson(`s${i}`, 1) });
      taken.push(await store.backupNow());
    }
    const kept = store.listBackups();
    expect(kept.map((b) => b.path)).toEqual(
      taken
        .slice(-BACKUPS_KEPT)
        .reverse()
        .map((b) => b.path),
    );
    for (const old of taken.slice(0, 2)) expect(fs.existsSync(old.path)).toBe(false);
    for (const b of kept) {
      expect(validateDatabaseFile(b.path).schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(fs.existsSync(`${b.path}-wal`)).toBe(false);
    }
    const newest = new Database(kept[0]?.path ?? '', { readonly: true });
    expect(newest.prepare('SELECT count(*) AS n FROM scenarios').get()).toEqual({ n: BACKUPS_KEPT + 2 });
    newest.close();
  });

  it('takes a consistent backup while writes keep coming on the same connection', async () => {
    const store = await openTempStore();
    const insert = (i: number): void => {
      saveUserScenario(store, { id: `s${i}`, title: 'x'.repeat(2000), json: scenarioJson(`s${i}`, 1) });
    };
    for (let i = 0; i < 2000; i++) insert(i);
    let i = 2000;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        insert(i++);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const backup = await store.backupNow();
    writing = false;
    await writer;
    const copy = new Database(backup.path, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = (copy.prepare('SELECT count(*) AS n FROM scenarios').get() as { n: number }).n;
    copy.close();
    expect(i).toBeGreaterThan(2000); // writes really did land while the backup ran
    expect(n).toBeGreaterThanOrEqual(2000);
    expect(n).toBeLessThanOrEqual(i);
  });

  it('restoreBackup on an open store swaps in the backup and keeps the replaced file aside', async () => {
    const dir = tempDir();
    const store = await storeWithData(dir, ['Alpha']);
    closeAfter(() => store.close());
    const backup = await store.backupNow();
    saveUserScenario(store, { id: 'later', title: 'Later', json: scenarioJson('later', 1) });
    const report = await store.restoreBackup(backup.path);
    expect(titles(store)).toEqual(['Alpha']);
    expect(report.movedAside[0]).toMatch(/\.replaced-/);
    const replaced = new Database(report.movedAside[0] ?? '', { readonly: true });
    expect(replaced.prepare('SELECT count(*) AS n FROM scenarios').get()).toEqual({ n: 2 });
    replaced.close();
  });

  it('refuses to restore a file that is not a good backup, leaving the store as it was', async () => {
    const dir = tempDir();
    const store = await storeWithData(dir, ['Alpha']);
    closeAfter(() => store.close());
    const bogus = path.join(dir, 'bogus.sqlite');
    fs.writeFileSync(bogus, randomBytes(4096));
    await expect(store.restoreBackup(bogus)).rejects.toMatchObject({ code: 'backup-invalid' });
    expect(titles(store)).toEqual(['Alpha']);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.replaced-'))).toEqual([]);
  });
});
