/**
 * A database moved aside keeps being reported until the user restores a backup or dismisses it —
 * in the command line (a note on every command) and in the app (store.status, a banner). Before,
 * the next start opened an empty database without a word.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppStore } from '../services/open-app-store.ts';
import { listRuns, openStore } from '../store/index.ts';
import { tempDir } from '../store/store-test-support.ts';
import { runCliAsync } from './cli.ts';

async function cli(args: string[], dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCliAsync(args, { out: (t) => (out += t), err: (t) => (err += t), dataDir });
  return { code, out, err };
}

/** A data folder with one saved run and a backup of it, whose database is then overwritten with junk. */
async function damagedFolder(): Promise<{ dataDir: string; runId: string; backup: string }> {
  const dataDir = tempDir();
  const saved = await cli(
    ['replay', 'black-thursday-2020', '--accounts', '150', '--save', '--json'],
    dataDir,
  );
  expect(saved.code).toBe(0);
  const runId = (JSON.parse(saved.out) as { runId: string }).runId;
  const backup = /^backup (\S+)/m.exec((await cli(['db', 'backup'], dataDir)).out)![1]!;
  fs.writeFileSync(path.join(dataDir, 'cascade-lab.sqlite'), 'this is not a database '.repeat(200));
  return { dataDir, runId, backup };
}

describe('a database moved aside, in the command line', () => {
  it('is reported on every later command until dismissed', async () => {
    const { dataDir } = await damagedFolder();
    const first = await cli(['runs'], dataDir);
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/is not a SQLite database.*moved aside to/);
    const movedTo = fs.readdirSync(dataDir).find((f) => f.startsWith('cascade-lab.sqlite.corrupt-'))!;

    for (let i = 0; i < 2; i++) {
      const later = await cli(['runs'], dataDir);
      expect(later.code).toBe(0);
      expect(later.out).toMatch(/^no saved runs/);
      expect(later.err).toContain(`moved aside to ${path.join(dataDir, movedTo)} (kept, not deleted)`);
      expect(later.err).toMatch(/Restore the latest backup \(cascade-lab db restore ".*"/);
      expect(later.err).toMatch(/dismiss this note \(cascade-lab db dismiss\)/);
    }

    const dismissed = await cli(['db', 'dismiss'], dataDir);
    expect(dismissed.out).toMatch(/^dismissed 1 note/);
    const after = await cli(['runs'], dataDir);
    expect(after.err).toBe('');
    expect(fs.existsSync(path.join(dataDir, movedTo))).toBe(true); // the file itself stays
  });

  it('is cleared by restoring a backup, which brings the work back', async () => {
    const { dataDir, runId, backup } = await damagedFolder();
    expect((await cli(['runs'], dataDir)).code).toBe(1);
    expect((await cli(['runs'], dataDir)).err).toMatch(/moved aside/);
    const restored = await cli(['db', 'restore', backup], dataDir);
    expect(restored.code).toBe(0);
    const after = await cli(['runs', '--json'], dataDir);
    expect(after.err).toBe('');
    expect((JSON.parse(after.out) as { id: string }[]).map((r) => r.id)).toEqual([runId]);
  });
});

describe('a database moved aside, in the app', () => {
  it('opens a new database at once, reports the move in store.status until dismissed', async () => {
    const { dataDir } = await damagedFolder();
    const app = await openAppStore(dataDir);
    try {
      expect(app.store).not.toBeNull(); // the app can save from the first start
      expect(app.problem).toMatch(/is not a SQLite database/);
      const status = app.storage.status();
      expect(status).toMatchObject({ saving: true, problem: null });
      expect(status.movedAside).toHaveLength(1);
      expect(status.notes[0]).toMatch(
        /found not to be a database any more .* moved aside to .*corrupt-.*a new, empty database was started\. Restore the latest backup to get your work back/,
      );
      expect(status.notes[0]).not.toContain('cascade-lab db');
      expect(status.backups).toHaveLength(1);
    } finally {
      app.close();
    }
    // The next start: still reported.
    const again = await openAppStore(dataDir);
    try {
      expect(again.problem).toBeNull();
      expect(again.storage.status().movedAside).toHaveLength(1);
      expect(again.storage.dismiss().movedAside).toEqual([]);
    } finally {
      again.close();
    }
    const third = await openAppStore(dataDir);
    expect(third.storage.status()).toMatchObject({ movedAside: [], notes: [] });
    third.close();
  });

  it('restores the latest backup from the banner: the work is back and the note gone', async () => {
    const { dataDir, runId } = await damagedFolder();
    const app = await openAppStore(dataDir);
    try {
      const [latest] = app.storage.status().backups;
      await expect(app.storage.restore('../../etc/passwd')).rejects.toThrow(
        /no backup "\.\.\/\.\.\/etc\/passwd"/,
      );
      const status = await app.storage.restore(latest!.id);
      expect(status).toMatchObject({ saving: true, problem: null, movedAside: [], notes: [] });
      expect(listRuns(app.store!).map((r) => r.id)).toEqual([runId]);
    } finally {
      app.close();
    }
    const store = await openStore({ dataDir });
    expect(store.movedAside()).toEqual([]);
    store.close();
  });
});
