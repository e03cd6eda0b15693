/**
 * A small cross-process lock for the moments SQLite cannot serialise by itself: creating the
 * database file (and moving stray companions aside) and upgrading its schema. Several processes
 * (the app, a browser host, twenty `cascade-lab replay --save` started at once) may open the same
 * data folder for the first time together; under this lock exactly one creates or migrates, and
 * the others wait, then open what it made.
 *
 * The lock is a file created with O_EXCL (`wx`), holding the owner's pid, host and start time. A
 * lock whose owner process is gone (same host) is taken over; one older than
 * {@link STALE_LOCK_MS} is taken over too (an owner on another host, or a pid reused). Held for
 * milliseconds: a create or a migration, never a user's whole session.
 */
import fs from 'node:fs';
import os from 'node:os';
import { StoreError } from './store-errors.ts';

/** A lock older than this is presumed abandoned, ms. */
export const STALE_LOCK_MS = 120_000;

interface LockOwner {
  pid: number;
  host: string;
  sinceMs: number;
}

function readOwner(lockFile: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Partial<LockOwner>;
    if (
      typeof owner.pid === 'number' &&
      typeof owner.host === 'string' &&
      typeof owner.sinceMs === 'number'
    ) {
      return owner as LockOwner;
    }
  } catch {
    // Being written right now, or damaged: judged by its age below.
  }
  return undefined;
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Whether a lock file may be taken over: its owner is gone or it is too old. */
function isAbandoned(lockFile: string, nowMs: number): boolean {
  const owner = readOwner(lockFile);
  if (owner !== undefined && owner.host === os.hostname() && processIsGone(owner.pid)) return true;
  let ageMs: number;
  try {
    ageMs = nowMs - fs.statSync(lockFile).mtimeMs;
  } catch {
    return false; // released meanwhile: the next attempt takes it
  }
  return ageMs > STALE_LOCK_MS;
}

function tryCreate(lockFile: string, nowMs: number): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), sinceMs: nowMs }));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` holding `lockFile`, waiting up to `timeoutMs` for another holder to finish. Throws a
 * StoreError `store-busy` naming the lock file when it cannot be had in time.
 */
export async function withOpenLock<T>(
  lockFile: string,
  fn: () => Promise<T> | T,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const start = Date.now();
  for (let attempt = 0; !tryCreate(lockFile, Date.now()); attempt++) {
    if (isAbandoned(lockFile, Date.now())) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() - start > timeoutMs) {
      const owner = readOwner(lockFile);
      throw new StoreError(
        'store-busy',
        `Another Cascade Lab process${owner ? ` (pid ${owner.pid} on ${owner.host})` : ''} has been creating or ` +
          `upgrading the database for over ${Math.round(timeoutMs / 1000)} s (lock file ${lockFile}). Wait for it ` +
          'and try again; if no Cascade Lab is running, delete that lock file.',
      );
    }
    await sleep(Math.min(10 + attempt * 5, 100));
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
