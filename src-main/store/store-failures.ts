/**
 * Failures of the disk under the store, explained: a read-only data folder, a full disk, an I/O
 * error. SQLite and Node report them as codes (`SQLITE_FULL`, `SQLITE_READONLY`, `EROFS`, …) that
 * used to reach the user as "internal error: database or disk is full". Each becomes a StoreError
 * that says what happened, that nothing stored was changed (SQLite rolled the transaction back),
 * and what to do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR_ENV } from './data-dir.ts';
import { StoreError } from './store-errors.ts';

const READ_ONLY_ERRNOS = new Set(['EROFS', 'EACCES', 'EPERM']);
const FULL_ERRNOS = new Set(['ENOSPC', 'EDQUOT']);

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function where(dataDir: string | undefined): string {
  return dataDir === undefined ? "Cascade Lab's data folder" : `the data folder ${dataDir}`;
}

/** The error for a data folder Cascade Lab cannot write to. */
export function readOnlyError(dataDir: string | undefined, detail: string, cause?: unknown): StoreError {
  return new StoreError(
    'store-read-only',
    `Cascade Lab cannot write to ${where(dataDir)} (${detail}): it is read-only, or this user may not ` +
      'write there. Nothing was changed. Make the folder writable (check its permissions, or whether its ' +
      `disk is mounted read-only), or set ${DATA_DIR_ENV} to a writable folder.`,
    { cause },
  );
}

/** The error for a full disk (or an exhausted quota). */
export function diskFullError(dataDir: string | undefined, cause?: unknown): StoreError {
  return new StoreError(
    'store-disk-full',
    `The disk holding ${where(dataDir)} is full: what was being saved was not saved, and nothing stored ` +
      `was changed. Free some space on that disk (or set ${DATA_DIR_ENV} to a folder on another disk) and try again.`,
    { cause },
  );
}

/** The StoreError that explains `error`, when it is a disk failure; undefined otherwise. */
export function explainStoreFailure(error: unknown, dataDir?: string): StoreError | undefined {
  if (error instanceof StoreError) return undefined;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_FULL' || FULL_ERRNOS.has(code)) return diskFullError(dataDir, error);
  if (code.startsWith('SQLITE_READONLY') || READ_ONLY_ERRNOS.has(code))
    return readOnlyError(dataDir, message, error);
  if (code.startsWith('SQLITE_CANTOPEN')) {
    const probe = dataDir === undefined ? undefined : probeWritable(dataDir);
    if (probe !== undefined) return probe;
    return new StoreError(
      'store-io',
      `The database in ${where(dataDir)} cannot be opened (${message}). Nothing was changed. Check that the ` +
        'folder and its files exist and belong to this user, then try again.',
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new StoreError(
      'store-io',
      `Reading or writing the database in ${where(dataDir)} failed (${message}): the disk reported an error. ` +
        'Nothing stored was changed by the failed operation. Check the disk (and free space), then try again; ' +
        'cascade-lab db check verifies the database.',
      { cause: error },
    );
  }
  return undefined;
}

/**
 * Checks that `dataDir` (created if missing) can take new files: writes and removes a small probe
 * file. Returns the read-only or disk-full error, or undefined when the folder is writable.
 */
export function probeWritable(dataDir: string): StoreError | undefined {
  try {
    mkdirExplained(dataDir);
    const probe = path.join(dataDir, `.write-probe-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    if (FULL_ERRNOS.has(codeOf(error))) return undefined; // a full disk can still be read
    if (READ_ONLY_ERRNOS.has(codeOf(error))) {
      return readOnlyError(dataDir, (error as Error).message, error);
    }
    throw error;
  }
}

/**
 * `mkdir -p` that reports the real reason: Node's recursive mkdir says ENOENT where the parent is
 * on a read-only disk, so the missing folders are made one by one.
 */
function mkdirExplained(dir: string): void {
  if (fs.existsSync(dir)) return;
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error; // made by another process meanwhile
    }
  }
}
