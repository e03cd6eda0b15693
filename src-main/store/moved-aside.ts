/**
 * Databases found unusable and moved aside, remembered until the user acts. Moving a damaged file
 * aside keeps it (nothing is deleted), but the next start then opens a new, empty database; without
 * a record the user would find their work gone without a word. Each move is recorded in
 * `<file>.moved-aside.json` beside the database, and every host reports the records (CLI: a note on
 * every command; app: a banner) until the user restores a backup or dismisses them.
 */
import fs from 'node:fs';
import type { BackupInfo } from './backups.ts';
import { fsyncDir } from './sqlite-file.ts';
import path from 'node:path';

/** One database moved aside. */
export interface MovedAsideRecord {
  /** Where the file (and its -wal/-shm) went; the first is the database. */
  movedTo: string[];
  /** 'corrupt', 'not-a-database', 'foreign-application-id'. */
  reason: string;
  /** The first lines of what was wrong. */
  details: string[];
  /** When, epoch ms. */
  atMs: number;
}

/** The file holding the records of `databaseFile`. */
export function movedAsideFile(databaseFile: string): string {
  return `${databaseFile}.moved-aside.json`;
}

function isRecord(value: unknown): value is MovedAsideRecord {
  const r = value as Partial<MovedAsideRecord> | null;
  return (
    r !== null &&
    typeof r === 'object' &&
    Array.isArray(r.movedTo) &&
    r.movedTo.every((p) => typeof p === 'string') &&
    typeof r.reason === 'string' &&
    Array.isArray(r.details) &&
    typeof r.atMs === 'number'
  );
}

/** The records, oldest first. A damaged record file is reported as one record naming it. */
export function listMovedAside(databaseFile: string): MovedAsideRecord[] {
  const file = movedAsideFile(databaseFile);
  if (!fs.existsSync(file)) return [];
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.every(isRecord)) return parsed;
  } catch {
    // fall through: the record itself is unreadable, which is worth reporting too
  }
  return [{ movedTo: [file], reason: 'unreadable record', details: [], atMs: fs.statSync(file).mtimeMs }];
}

/** Adds a record (written to a temporary file and renamed: never half-written). */
export function recordMovedAside(databaseFile: string, record: MovedAsideRecord): void {
  const file = movedAsideFile(databaseFile);
  const records = listMovedAside(databaseFile).filter((r) => r.reason !== 'unreadable record');
  const temp = `${file}.partial-${process.pid}`;
  fs.writeFileSync(temp, `${JSON.stringify([...records, record], null, 2)}\n`);
  fs.renameSync(temp, file);
  fsyncDir(path.dirname(file));
}

/** Forgets every record (the moved files stay where they are). Returns how many there were. */
export function dismissMovedAside(databaseFile: string): number {
  const count = listMovedAside(databaseFile).length;
  fs.rmSync(movedAsideFile(databaseFile), { force: true });
  return count;
}

const REASONS: Readonly<Record<string, string>> = {
  corrupt: 'damaged',
  'not-a-database': 'not to be a database any more (something overwrote it)',
  'foreign-application-id': 'to be another application’s file',
};

/**
 * One line for the user: what happened, where the file is, what to do — with the command line's
 * commands (`cli`) or the app's buttons (`app`).
 */
export function describeMovedAside(
  record: MovedAsideRecord,
  latestBackup: BackupInfo | undefined,
  audience: 'cli' | 'app' = 'cli',
): string {
  const when = new Date(record.atMs).toISOString().slice(0, 16).replace('T', ' ');
  const what =
    record.reason === 'unreadable record'
      ? `A record of a database moved aside (${record.movedTo[0]}) cannot be read.`
      : `On ${when} UTC the database was found ${REASONS[record.reason] ?? `unusable (${record.reason})`} ` +
        `and moved aside to ${record.movedTo[0]} (kept, not deleted); a new, empty database was started.`;
  if (audience === 'app') {
    return latestBackup === undefined
      ? `${what} No backup exists to restore: the moved file is kept in case it can be recovered. Dismiss this note when you are done with it.`
      : `${what} Restore the latest backup to get your work back as it was then, or dismiss this note.`;
  }
  const restore =
    latestBackup === undefined
      ? 'No backup exists to restore'
      : `Restore the latest backup (cascade-lab db restore "${latestBackup.path}")`;
  return `${what} ${restore}, or dismiss this note (cascade-lab db dismiss).`;
}
