/**
 * The database FILE, below SQLite's connections: creating a new one so that it appears whole or not
 * at all (concurrent first opens), and settling a rollback journal found beside it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Migration } from './migrations.ts';
import { runMigrations } from './migrations.ts';
import { openDatabase } from './native-binding.ts';
import { withOpenLock } from './open-lock.ts';
import { COMPANION_SUFFIXES, fileStamp, fsyncDir, fsyncFile, readSqliteHeader } from './sqlite-file.ts';

/** Where the database lives. */
export interface FileTarget {
  /** Absolute path of the database file. */
  file: string;
  dataDir: string;
  fileName: string;
}

/** Leftovers of a creation whose process died: they never held user data. */
function removeDeadCreations(o: FileTarget): void {
  const prefix = `${o.fileName}.creating`;
  for (const name of fs.readdirSync(o.dataDir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^\.creating-(\d+)-/.exec(name.slice(o.fileName.length))?.[1]);
    if (Number.isSafeInteger(pid) && pid !== process.pid && processIsAlive(pid)) continue;
    fs.rmSync(path.join(o.dataDir, name), { force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Builds a new database under a name of this process's own, in WAL mode and checkpointed to one
 * file, then links it into place: `link` fails if the name exists, so the database appears whole
 * or not at all and never replaces one another process made. Returns false when another process
 * created it first (this process's copy is removed).
 */
export function createFresh(o: FileTarget & { migrations: readonly Migration[] }): boolean {
  removeDeadCreations(o);
  const temp = `${o.file}.creating-${process.pid}-${randomBytes(4).toString('hex')}`;
  const db = openDatabase(temp);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    runMigrations(db, { migrations: o.migrations });
    // WAL is a persistent property of the file: openers need not switch it (which takes an
    // exclusive lock). Closing the only connection checkpoints and removes the -wal.
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  try {
    for (const suffix of COMPANION_SUFFIXES) {
      if (fs.existsSync(temp + suffix)) throw new Error(`SQLite left ${temp + suffix} behind`);
    }
    fsyncFile(temp);
    return linkIntoPlace(temp, o.file);
  } finally {
    fs.rmSync(temp, { force: true });
    fsyncDir(o.dataDir);
  }
}

/** Hard-links `temp` to `file` unless `file` exists; true when this call created `file`. */
function linkIntoPlace(temp: string, file: string): boolean {
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A filesystem without hard links (FAT, some network shares): the open lock still serialises.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    if (fs.existsSync(file)) return false;
    fs.copyFileSync(temp, file, fs.constants.COPYFILE_EXCL);
    fsyncFile(file);
    return true;
  }
}

/**
 * A rollback journal beside the database. The database is in WAL mode, which never writes one: a
 * `-journal` beside a WAL-mode file is not part of it (left by another tool, copied in with the
 * file…), and SQLite would try to roll it back — which fails in the read-only identity check and
 * blocked every command, or would write foreign pages into the database. It is moved aside,
 * unread and never deleted. Beside a file still in rollback mode (a restored backup before its
 * first open switches it to WAL) the journal is SQLite's own: copies of both are kept, then SQLite
 * rolls it back. Returns what the user should be told.
 */
export async function settleJournal(
  o: FileTarget & { nowMs: () => number; busyTimeoutMs: number; lockFile: string },
): Promise<string | undefined> {
  const journal = `${o.file}-journal`;
  if (!fs.existsSync(journal)) return undefined;
  return withOpenLock(o.lockFile, () => {
    if (!fs.existsSync(journal)) return undefined; // settled by another process meanwhile
    const header = readSqliteHeader(o.file);
    if (!header.isSqlite || header.sizeBytes === 0) return undefined; // moved aside with the file below
    const stamp = fileStamp(o.nowMs());
    if (header.walMode) {
      const target = `${journal}.stray-${stamp}`;
      fs.renameSync(journal, target);
      fsyncDir(o.dataDir);
      return (
        `A stray rollback journal lay beside the database (${journal}); the database uses WAL and never writes ` +
        `one, so it was moved aside to ${target}, unread. The database was not changed. Delete that file once ` +
        'you know where it came from.'
      );
    }
    const kept = `${o.file}.before-rollback-${stamp}`;
    fs.copyFileSync(o.file, kept);
    fs.copyFileSync(journal, `${kept}-journal`);
    const db = openDatabase(o.file, { fileMustExist: true, timeout: o.busyTimeoutMs });
    try {
      db.pragma('quick_check'); // the first read rolls the hot journal back
    } finally {
      db.close();
    }
    return (
      `The database had an unfinished write (a crash left ${journal}); SQLite rolled it back to the last ` +
      `complete state. Copies of both files as they were are in ${kept} and ${kept}-journal.`
    );
  });
}
