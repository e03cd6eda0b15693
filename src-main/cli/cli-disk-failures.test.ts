/**
 * Failures of the disk under the store explain themselves and leave the data untouched
 * (store/store-failures.ts, store/open-store.ts), through the command line: a stray `-journal` beside the database (it used to block every
 * command), an unfinished write left by a crash in rollback mode, a read-only data folder and a full
 * disk. The last two use a real tmpfs (remounted read-only, or tiny) where this process may mount one
 * (root); elsewhere they are skipped, loudly, and the injected-error tests below still run.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.ts';
import { listRuns, saveRun } from '../store/runs.ts';
import { seedBuiltins } from '../store/scenarios.ts';
import { StoreError } from '../store/store-errors.ts';
import { explainStoreFailure } from '../store/store-failures.ts';
import { scenarioJson, sha256File, tempDir } from '../store/store-test-support.ts';
import { runCliAsync } from './cli.ts';

async function cli(args: string[], dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCliAsync(args, { out: (t) => (out += t), err: (t) => (err += t), dataDir });
  return { code, out, err };
}

/** A closed store holding one scenario and one run; returns its folder and the run's id. */
async function storeWithRun(dataDir: string): Promise<string> {
  const store = await openStore({ dataDir });
  try {
    seedBuiltins(store, [{ id: 'bt', version: 1, json: scenarioJson('bt', 1) }]);
    return saveRun(store, {
      scenarioId: 'bt',
      scenarioVersion: 1,
      designJson: '{}',
      designHash: 'h',
      seed: 1,
      engineVersion: 'e',
      accounts: 1,
      summary: {},
      waves: [],
      events: [],
      series: { p: Float64Array.from([1, 2]) },
    }).id;
  } finally {
    store.close();
  }
}

async function runIds(dataDir: string): Promise<string[]> {
  const store = await openStore({ dataDir });
  try {
    return listRuns(store).map((r) => r.id);
  } finally {
    store.close();
  }
}

describe('a stray -journal beside the database', () => {
  it('is moved aside unread, with a notice; the database and its data are untouched', async () => {
    const dataDir = tempDir();
    const runId = await storeWithRun(dataDir);
    const db = path.join(dataDir, 'cascade-lab.sqlite');
    const stray = randomBytes(600);
    fs.writeFileSync(`${db}-journal`, stray);

    const r = await cli(['runs', '--json'], dataDir);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { id: string }[]).map((x) => x.id)).toEqual([runId]);
    expect(r.err).toMatch(
      /^cascade-lab: note: A stray rollback journal lay beside the database .* moved aside to /,
    );
    expect(r.err).toMatch(/The database was not changed/);

    expect(fs.existsSync(`${db}-journal`)).toBe(false);
    const kept = fs.readdirSync(dataDir).filter((f) => f.startsWith('cascade-lab.sqlite-journal.stray-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, kept[0]!)).equals(stray)).toBe(true);
    expect(await runIds(dataDir)).toEqual([runId]);
  });

  it('beside a file in rollback mode, is SQLite’s own: rolled back, with copies of both kept', async () => {
    const dataDir = tempDir();
    const runId = await storeWithRun(dataDir);
    const db = path.join(dataDir, 'cascade-lab.sqlite');
    // A crash image: the file in rollback mode, caught in the middle of a large write.
    const live = new Database(db);
    live.pragma('journal_mode = DELETE');
    live.pragma('cache_size = 2'); // spill changed pages to the file before commit
    live.exec('BEGIN IMMEDIATE');
    live.exec(`DELETE FROM runs`);
    live.prepare('INSERT INTO scenarios VALUES (?, 1, 0, ?, ?, 0, 0)').run('big', 'x'.repeat(200_000), '{}');
    const crash = path.join(tempDir(), 'crash');
    fs.mkdirSync(crash);
    fs.copyFileSync(db, path.join(crash, 'cascade-lab.sqlite'));
    fs.copyFileSync(`${db}-journal`, path.join(crash, 'cascade-lab.sqlite-journal'));
    live.exec('ROLLBACK');
    live.close();

    const r = await cli(['runs', '--json'], crash);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/note: The database had an unfinished write .* SQLite rolled it back/);
    expect((JSON.parse(r.out) as { id: string }[]).map((x) => x.id)).toEqual([runId]);
    const kept = fs.readdirSync(crash).filter((f) => f.includes('.before-rollback-'));
    expect(kept).toHaveLength(2);
  });
});

describe('disk failures, injected', () => {
  const cases: [string, unknown, RegExp][] = [
    ['SQLITE_FULL', { code: 'SQLITE_FULL', message: 'database or disk is full' }, /disk holding .* is full/],
    ['ENOSPC', { code: 'ENOSPC', message: 'no space left on device' }, /disk holding .* is full/],
    [
      'SQLITE_READONLY',
      { code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' },
      /cannot write to/,
    ],
    ['EROFS', { code: 'EROFS', message: 'read-only file system' }, /cannot write to/],
    [
      'SQLITE_IOERR_WRITE',
      { code: 'SQLITE_IOERR_WRITE', message: 'disk I/O error' },
      /the disk reported an error/,
    ],
  ];
  for (const [name, error, pattern] of cases) {
    it(`${name} says what happened, that nothing was changed, and what to do`, () => {
      const explained = explainStoreFailure(Object.assign(new Error(), error), '/data/folder');
      expect(explained).toBeInstanceOf(StoreError);
      expect(explained!.message).toMatch(pattern);
      expect(explained!.message).toContain('/data/folder');
      expect(explained!.message).toMatch(/[Nn]othing (stored )?was changed|nothing stored was changed/);
      expect(explained!.message).toMatch(/(Free some space|Make the folder writable|Check the disk)/);
    });
  }

  it('leaves other errors alone', () => {
    expect(explainStoreFailure(new Error('something else'))).toBeUndefined();
    expect(explainStoreFailure(new StoreError('not-found', 'x'))).toBeUndefined();
  });
});

/** A tmpfs this process mounted, or undefined when it may not (not root, no mount). */
function mountTmpfs(sizeBytes: number): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-lab-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (r.status === 0) return dir;
  fs.rmdirSync(dir);
  return undefined;
}
const mounted: string[] = [];
function unmountAll(): void {
  for (const dir of mounted.splice(0)) {
    spawnSync('umount', ['-l', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
afterAll(unmountAll);

const probe = process.getuid?.() === 0 ? mountTmpfs(1 << 20) : undefined;
if (probe !== undefined) mounted.push(probe);
const CAN_MOUNT = probe !== undefined;
if (!CAN_MOUNT) {
  console.warn(
    'SKIPPED (loudly): the real read-only-folder and full-disk tests need to mount a tmpfs (root); ' +
      'only the injected-error tests ran on this machine.',
  );
}

function tmpfs(sizeBytes: number): string {
  const dir = mountTmpfs(sizeBytes);
  if (dir === undefined) throw new Error('mount failed');
  mounted.push(dir);
  return dir;
}

describe.skipIf(!CAN_MOUNT)('disk failures, on a real tmpfs', () => {
  it('a read-only data folder: one line saying so and what to do; the database untouched', async () => {
    const mount = tmpfs(8 << 20);
    const dataDir = path.join(mount, 'data');
    const runId = await storeWithRun(dataDir);
    const before = sha256File(path.join(dataDir, 'cascade-lab.sqlite'));
    expect(spawnSync('mount', ['-o', 'remount,ro', mount]).status).toBe(0);
    try {
      for (const args of [['runs'], ['export-run', runId, '--json']]) {
        const r = await cli(args, dataDir);
        expect(r.code).toBe(1);
        expect(r.err.trimEnd().split('\n')).toHaveLength(1);
        expect(r.err).toMatch(new RegExp(`cannot write to the data folder ${dataDir}`));
        expect(r.err).toMatch(/Nothing was changed\. Make the folder writable/);
        expect(r.err).not.toMatch(/internal error/);
      }
      const fresh = await cli(['runs'], path.join(mount, 'not-yet'));
      expect(fresh.code).toBe(1);
      expect(fresh.err).toMatch(/cannot write to the data folder .*not-yet .*read-only/);
    } finally {
      spawnSync('mount', ['-o', 'remount,rw', mount]);
    }
    expect(sha256File(path.join(dataDir, 'cascade-lab.sqlite'))).toBe(before);
    expect(await runIds(dataDir)).toEqual([runId]);
  });

  it('a full disk: the import is refused saying the disk is full; what was stored is intact', async () => {
    const mount = tmpfs(4 << 20);
    const dataDir = path.join(mount, 'data');
    const first = await cli(['runs'], dataDir); // seeds the built-in library
    expect(first.code).toBe(0);
    const csv = path.join(tempDir(), 'big.csv');
    const rows = ['timestamp,close'];
    for (let i = 0; i < 400_000; i++)
      rows.push(`${1_600_000_000 + i * 60},${(1000 + Math.sin(i)).toFixed(6)}`);
    fs.writeFileSync(csv, `${rows.join('\n')}\n`);

    const r = await cli(['import', csv, '--asset', 'ETH'], dataDir);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(new RegExp(`The disk holding the data folder ${dataDir} is full`));
    expect(r.err).toMatch(/nothing stored was changed\. Free some space/);

    const check = await cli(['db', 'check'], dataDir);
    expect(check.out).toMatch(/^integrity\s+ok$/m);
    expect(check.out).toMatch(/^checksums\s+ok/m);
    const store = await openStore({ dataDir });
    try {
      expect(store.db.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });
});
