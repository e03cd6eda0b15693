/**
 * File-level helpers that never go through SQLite: reading the 100-byte header, moving a database
 * and its -wal/-shm aside together (never deleting them), and durable renames.
 */
import fs from 'node:fs';
import path from 'node:path';

/** `PRAGMA application_id` of every Cascade Lab database, backup and bundle: ASCII "CLab". */
export const STORE_APPLICATION_ID = 0x434c6162;

const SQLITE_MAGIC = 'SQLite format 3\0';

/** The fields of a SQLite file header this app reads. */
export interface SqliteHeader {
  /** 0 for an empty (zero-byte) file, which SQLite treats as a new database. */
  sizeBytes: number;
  isSqlite: boolean;
  userVersion: number;
  applicationId: number;
  /** True when the header's read/write versions say WAL mode (2). */
  walMode: boolean;
}

/**
 * Reads the header straight from disk. Only authoritative when no -wal/-journal file exists
 * beside the database (a committed-but-uncheckpointed page 1 lives in the WAL).
 */
export function readSqliteHeader(file: string): SqliteHeader {
  const fd = fs.openSync(file, 'r');
  try {
    const sizeBytes = fs.fstatSync(fd).size;
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    if (sizeBytes === 0) {
      return { sizeBytes, isSqlite: true, userVersion: 0, applicationId: 0, walMode: false };
    }
    const isSqlite = read === 100 && header.toString('latin1', 0, 16) === SQLITE_MAGIC;
    return {
      sizeBytes,
      isSqlite,
      userVersion: isSqlite ? header.readInt32BE(60) : 0,
      applicationId: isSqlite ? header.readInt32BE(68) : 0,
      walMode: isSqlite && header[18] === 2 && header[19] === 2,
    };
  } finally {
    fs.closeSync(fd);
  }
}

/** The companion files SQLite keeps beside a database; they must move with it. */
export const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/** True when a -wal or -journal beside `file` may hold content newer than the main file. */
export function hasPendingJournal(file: string): boolean {
  return fs.existsSync(`${file}-wal`) || fs.existsSync(`${file}-journal`);
}

/** A file-name-safe UTC timestamp: 20250101T120000.123Z. */
export function fileStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '');
}

/** Parses {@link fileStamp} back to epoch ms; NaN when it is not one. */
export function parseFileStamp(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z$/.exec(stamp);
  if (m === null) return Number.NaN;
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
}

/**
 * Renames `file` and its -wal/-shm/-journal to `<file>.<tag>-<stamp>` (+ the same suffixes, so
 * the moved set still opens as one database). Never deletes. Returns the new paths, main first.
 */
export function moveAside(file: string, tag: string, epochMs: number): string[] {
  let target = `${file}.${tag}-${fileStamp(epochMs)}`;
  for (let n = 2; [target, ...COMPANION_SUFFIXES.map((s) => target + s)].some((p) => fs.existsSync(p)); n++) {
    target = `${file}.${tag}-${fileStamp(epochMs)}-${n}`;
  }
  const moved: string[] = [];
  for (const suffix of ['', ...COMPANION_SUFFIXES]) {
    const from = file + suffix;
    if (fs.existsSync(from)) {
      fs.renameSync(from, target + suffix);
      moved.push(target + suffix);
    }
  }
  fsyncDir(path.dirname(file));
  return moved;
}

/** Flushes a directory entry change (rename) to disk where the platform allows it. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open or fsync a directory; NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Flushes a file's bytes to disk. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The database file name inside the data folder unless the caller chooses another. */
export const DEFAULT_DB_FILE_NAME = 'cascade-lab.sqlite';

/** True for the SQLite error codes that mean "this file is damaged or is not a database". */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}
