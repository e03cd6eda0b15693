/**
 * Backups through SQLite's online backup API (better-sqlite3 `db.backup()`), never a raw file
 * copy of an open database (checklist D6). Each backup is verified, turned into a self-contained
 * single file (journal_mode DELETE), and only then renamed into `<dataDir>/backups/`; the newest
 * {@link BACKUPS_KEPT} are kept.
 */
import type Database from 'better-sqlite3';
import { openDatabase } from './native-binding.ts';
import fs from 'node:fs';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import {
  DEFAULT_DB_FILE_NAME,
  STORE_APPLICATION_ID,
  fileStamp,
  fsyncDir,
  fsyncFile,
  isCorruptionError,
  parseFileStamp,
  readSqliteHeader,
} from './sqlite-file.ts';
import type { BackupInfo } from './backup-info.ts';
import { StoreError } from './store-errors.ts';

/** How many backups per database file are kept; older ones are deleted on rotation. */
export const BACKUPS_KEPT = 5;

/** One backup file on disk. */
export type { BackupInfo } from './backup-info.ts';

/** The folder holding a data folder's backups. */
export function backupDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

function baseName(fileName: string): string {
  return fileName.replace(/\.(sqlite3?|db)$/i, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function backupPattern(fileName: string): RegExp {
  return new RegExp(
    `^${escapeRegExp(baseName(fileName))}-(\\d{8}T\\d{6}\\.\\d{3}Z)-v(\\d+)-([a-z][a-z-]*)\\.sqlite$`,
  );
}

/**
 * The backups of `fileName` in `dataDir`, newest first. Files whose header is not a Cascade Lab
 * database are left out, so the first entry is always one worth offering for restore.
 */
export function listBackups(dataDir: string, fileName: string = DEFAULT_DB_FILE_NAME): BackupInfo[] {
  const dir = backupDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  const pattern = backupPattern(fileName);
  const found: BackupInfo[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = pattern.exec(name);
    if (m === null) continue;
    const file = path.join(dir, name);
    let header;
    try {
      header = readSqliteHeader(file);
    } catch {
      continue;
    }
    if (!header.isSqlite || header.sizeBytes === 0 || header.applicationId !== STORE_APPLICATION_ID) continue;
    found.push({
      path: file,
      createdAtMs: parseFileStamp(m[1] ?? ''),
      schemaVersion: Number(m[2]),
      reason: m[3] ?? '',
      sizeBytes: header.sizeBytes,
    });
  }
  return found.sort((a, b) => b.createdAtMs - a.createdAtMs);
}

/** What {@link validateDatabaseFile} found in a good file. */
export interface ValidatedFile {
  schemaVersion: number;
}

/**
 * Checks a backup or bundle before anything is touched: a SQLite file, Cascade Lab's
 * application_id, a schema this app knows, a clean full integrity_check and foreign_key_check.
 * Opens it read-only. Throws a {@link StoreError} with `code` (`backup-invalid` by default).
 */
export function validateDatabaseFile(
  file: string,
  options: { what?: string; code?: 'backup-invalid' | 'bundle-invalid'; knownVersion?: number } = {},
): ValidatedFile {
  const what = options.what ?? 'backup';
  const code = options.code ?? 'backup-invalid';
  const known = options.knownVersion ?? LATEST_SCHEMA_VERSION;
  const fail: (problem: string) => never = (problem) => {
    throw new StoreError(code, `The ${what} ${file} cannot be used: ${problem}.`);
  };
  if (!fs.existsSync(file)) fail('the file does not exist; pick another file');
  const header = readSqliteHeader(file);
  if (!header.isSqlite || header.sizeBytes === 0)
    fail('it is not a SQLite database; pick a Cascade Lab file');
  let db: Database.Database | undefined;
  try {
    db = openDatabase(file, { readonly: true, fileMustExist: true });
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (applicationId !== STORE_APPLICATION_ID)
      fail('it was not written by Cascade Lab (foreign application_id)');
    if (schemaVersion > known) {
      fail(
        `it was written by a newer Cascade Lab (schema ${schemaVersion}, this app knows ${known}): update the app`,
      );
    }
    if (schemaVersion < 1) fail('it holds no Cascade Lab schema');
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      fail(`integrity_check failed (${integrity.slice(0, 3).join('; ')}); pick an older ${what}`);
    }
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) fail(`${fk.length} foreign key violation(s); pick an older ${what}`);
    return { schemaVersion };
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (isCorruptionError(error)) {
      return fail(`it is damaged (${(error as Error).message}); pick an older ${what}`);
    }
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * Takes a backup of the open database into `<dataDir>/backups/` with the online backup API,
 * verifies it, and rotates to the newest {@link BACKUPS_KEPT}. `reason` is a lowercase word
 * (`manual`, `pre-migration`). Resolves with the new backup.
 */
export async function createBackup(
  db: Database.Database,
  args: { dataDir: string; fileName: string; reason: string; nowMs: number; keep?: number },
): Promise<BackupInfo> {
  if (!/^[a-z][a-z-]*$/.test(args.reason)) {
    throw new StoreError(
      'store-input',
      `Backup reason "${args.reason}" must be lowercase letters and dashes.`,
    );
  }
  const dir = backupDir(args.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const existing = listBackups(args.dataDir, args.fileName);
  // Names must sort in the order backups were taken, even within one millisecond.
  const newest = existing[0]?.createdAtMs ?? Number.NEGATIVE_INFINITY;
  const createdAtMs = Math.max(args.nowMs, newest + 1);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const name = `${baseName(args.fileName)}-${fileStamp(createdAtMs)}-v${schemaVersion}-${args.reason}.sqlite`;
  const finalPath = path.join(dir, name);
  const partial = `${finalPath}.partial`;
  try {
    await db.backup(partial);
    const copy = openDatabase(partial, { fileMustExist: true });
    try {
      // A backup is one self-contained file: no -wal to lose when it is copied around.
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the new backup failed quick_check: ${String(check)}`);
    } finally {
      copy.close();
    }
    fsyncFile(partial);
    fs.renameSync(partial, finalPath);
    fsyncDir(dir);
  } catch (error) {
    // Our own half-written file, never user data.
    fs.rmSync(partial, { force: true });
    throw new StoreError(
      'backup-invalid',
      `Taking a backup into ${dir} failed: ${(error as Error).message}. Check free disk space.`,
      {
        cause: error,
      },
    );
  }
  const info: BackupInfo = {
    path: finalPath,
    createdAtMs,
    schemaVersion,
    reason: args.reason,
    sizeBytes: fs.statSync(finalPath).size,
  };
  rotateBackups(args.dataDir, args.fileName, args.keep ?? BACKUPS_KEPT);
  return info;
}

/** Deletes all but the newest `keep` backups of `fileName` (backups only, never a database). */
export function rotateBackups(dataDir: string, fileName: string, keep: number = BACKUPS_KEPT): void {
  for (const old of listBackups(dataDir, fileName).slice(keep)) fs.rmSync(old.path, { force: true });
}
