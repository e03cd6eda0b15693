/**
 * Bytes damaged inside a saved run on disk: SQLite's integrity_check cannot see them (they sit in
 * overflow pages), but the run's checksum can. `db check` reports the run, and `export-run` refuses
 * it in one line naming the run instead of printing an ETH price of −378,255; other runs still
 * export. (Before: db check passed and export-run printed the damaged numbers.)
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../store/store-test-support.ts';
import { runCliAsync } from './cli.ts';

async function cli(args: string[], dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCliAsync(args, { out: (t) => (out += t), err: (t) => (err += t), dataDir });
  return { code, out, err };
}

async function saveRun(dataDir: string, seed: number): Promise<string> {
  const r = await cli(
    ['replay', 'black-thursday-2020', '--accounts', '200', '--seed', String(seed), '--save', '--json'],
    dataDir,
  );
  expect(r.code).toBe(0);
  return (JSON.parse(r.out) as { runId: string }).runId;
}

/**
 * Overwrites 8 bytes in the middle of the run's series container in the database FILE (not through
 * SQLite) with the double −378,255: what a bad sector or a broken copy does.
 */
function damageRunSeriesOnDisk(dataDir: string, runId: string): void {
  const file = path.join(dataDir, 'cascade-lab.sqlite');
  // The last connection to close checkpoints the WAL into the main file and removes it.
  const db = new Database(file, { fileMustExist: true });
  const blob = db.prepare<[string], Buffer>('SELECT series_bin FROM runs WHERE id = ?').pluck().get(runId)!;
  db.close();
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
  const bytes = fs.readFileSync(file);
  for (let at = Math.floor(blob.length / 2); at < blob.length - 64; at += 997) {
    const window = blob.subarray(at, at + 64);
    const where = bytes.indexOf(window);
    if (where < 0 || bytes.indexOf(window, where + 1) >= 0) continue; // straddles a page, or not unique
    const value = Buffer.alloc(8);
    value.writeDoubleLE(-378_255);
    value.copy(bytes, where + 16);
    fs.writeFileSync(file, bytes);
    return;
  }
  throw new Error('no unique window of the blob found in the file');
}

describe('checksums of saved runs', () => {
  it('db check names a run whose bytes were damaged on disk, and export-run refuses it', async () => {
    const dataDir = tempDir();
    const damaged = await saveRun(dataDir, 1);
    const intact = await saveRun(dataDir, 2);
    expect((await cli(['db', 'check'], dataDir)).code).toBe(0);

    damageRunSeriesOnDisk(dataDir, damaged);

    const check = await cli(['db', 'check'], dataDir);
    expect(check.out).toMatch(/^integrity\s+ok$/m); // SQLite's own check does not see it
    expect(check.out).toMatch(/^checksums\s+1 damaged$/m);
    expect(check.out).toContain(
      `The saved run ${damaged} is damaged: the bytes of its per-step series do not match the checksum`,
    );
    expect(check.code).toBe(1);

    for (const format of ['--json', '--csv']) {
      const exported = await cli(['export-run', damaged, format], dataDir);
      expect(exported.code).toBe(1);
      expect(exported.out).toBe('');
      expect(exported.err.trimEnd().split('\n')).toHaveLength(1);
      expect(exported.err).toMatch(new RegExp(`saved run ${damaged} is damaged.*Restore a backup`));
      expect(exported.err).not.toContain('378');
    }
    const other = await cli(['export-run', intact, '--json'], dataDir);
    expect(other.code).toBe(0);
    expect(other.out.length).toBeGreaterThan(1000);
  });
});
