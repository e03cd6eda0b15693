/**
 * Opening the durable store. The order matters and is the point of this file:
 *
 * 1. A file written by a newer app is refused before anything can write to it: the header is read
 *    straight from disk (or through a read-only connection when a -wal may hold a newer page 1).
 * 2. A file that is not SQLite, is corrupt, or belongs to another application is moved aside
 *    (`<name>.corrupt-<stamp>`, with its -wal/-shm), never deleted, and a StoreCorruptError names
 *    the latest backup to restore.
 * 3. Only then: WAL, synchronous=FULL (designs and runs are the user's work; checklist D2),
 *    foreign_keys=ON, busy_timeout. Before pending migrations: full integrity_check and a backup.
 *    All pending migrations run in one transaction.
 *
 * A new database is built under a temporary name and renamed into place, so a zero-byte file at
 * the database path always means damage, never "not created yet".
 */
import type Database from 'better-sqlite3';
import { openDatabase } from './native-binding.ts';
import fs from 'node:fs';
import path from 'node:path';
import { createBackup, listBackups, validateDatabaseFile } from './backups.ts';
import type { BackupInfo } from './backups.ts';
import { findDamagedBlobs } from './blob-checksum.ts';
import type { BlobDamage } from './blob-checksum.ts';
import { assessDataDirLocation } from './data-dir.ts';
import { describeMovedAside, dismissMovedAside, listMovedAside, recordMovedAside } from './moved-aside.ts';
import type { MovedAsideRecord } from './moved-aside.ts';
import { withOpenLock } from './open-lock.ts';
import { createFresh, settleJournal } from './database-file.ts';
import { explainStoreFailure, probeWritable } from './store-failures.ts';
import { MIGRATIONS, latestVersion, runMigrations } from './migrations.ts';
import type { Migration, MigrationResult } from './migrations.ts';
import {
  COMPANION_SUFFIXES,
  DEFAULT_DB_FILE_NAME,
  STORE_APPLICATION_ID,
  fsyncDir,
  fsyncFile,
  hasPendingJournal,
  isCorruptionError,
  moveAside,
  readSqliteHeader,
} from './sqlite-file.ts';
import { StoreCorruptError, StoreError, StoreFromNewerAppError } from './store-errors.ts';
import type { UnusableReason } from './store-errors.ts';

/** How to open a store. */
export interface OpenStoreOptions {
  /** Folder for the database and its `backups/`; created if missing. See resolveDataDir(). */
  dataDir: string;
  /** Database file name inside dataDir; default `cascade-lab.sqlite`. */
  fileName?: string;
  /** How long a write waits for another connection's lock before SQLITE_BUSY, ms; default 5000. */
  busyTimeoutMs?: number;
  /** Open even on a network filesystem or inside a sync folder (unsafe; checklist D1). */
  allowRiskyLocation?: boolean;
  /** Wall clock for created/updated stamps and backup names, epoch ms; default Date.now. */
  nowMs?: () => number;
  /** Tests only: a different migration list, to exercise failure and upgrade paths. */
  migrations?: readonly Migration[];
}

/** The outcome of `PRAGMA integrity_check` plus `PRAGMA foreign_key_check`. */
export interface IntegrityReport {
  ok: boolean;
  /** integrity_check rows: `['ok']` when clean. */
  integrity: string[];
  foreignKeyViolations: { table: string; rowid: number | null; parent: string; fkid: number }[];
}

/** What happened while opening. */
export interface OpenReport {
  /** True when the file did not exist and was created. */
  created: boolean;
  migration: MigrationResult;
  /** The backup taken before migrating, if migrations ran on an existing file. */
  preMigrationBackup: BackupInfo | undefined;
  /** What the user should know about this open (a stray file moved aside, …): one line each. */
  notices: string[];
}

/** What a restore did. */
export interface RestoreReport {
  restoredFrom: string;
  /** Where the database that was replaced now lives (empty when there was none). */
  movedAside: string[];
  schemaVersion: number;
}

/** An open Cascade Lab database. The table modules (scenarios.ts, runs.ts, ...) take one. */
export interface Store {
  readonly dataDir: string;
  readonly fileName: string;
  /** Absolute path of the database file. */
  readonly path: string;
  /** The single writer connection. Replaced by restoreBackup(); do not keep a reference. */
  readonly db: Database.Database;
  readonly schemaVersion: number;
  readonly openReport: OpenReport;
  /** The store's clock, epoch ms. */
  nowMs(): number;
  /** Full `integrity_check` and `foreign_key_check`, on demand (O(N log N): not on every launch). */
  integrityCheck(): IntegrityReport;
  /** Databases found unusable here and moved aside, until restored or dismissed (moved-aside.ts). */
  movedAside(): MovedAsideRecord[];
  /** One line per {@link movedAside} record: what happened and what to do (CLI commands or app buttons). */
  movedAsideNotes(audience?: 'cli' | 'app'): string[];
  /** Forgets the moved-aside records (the files stay); returns how many there were. */
  dismissMovedAside(): number;
  /** Every stored blob whose bytes do not match its SHA-256 (blob-checksum.ts); empty when all match. */
  verifyBlobs(): BlobDamage[];
  /** Takes a verified backup now and rotates to the newest five. */
  backupNow(reason?: string): Promise<BackupInfo>;
  /** This database's backups, newest first. */
  listBackups(): BackupInfo[];
  /**
   * Validates `backupFile`, then closes this connection, moves the current file aside (never
   * deleting it), puts the backup in place and reopens, migrating if the backup is older.
   */
  restoreBackup(backupFile: string): Promise<RestoreReport>;
  close(): void;
}

interface ResolvedOptions {
  dataDir: string;
  fileName: string;
  file: string;
  busyTimeoutMs: number;
  allowRiskyLocation: boolean;
  nowMs: () => number;
  migrations: readonly Migration[];
}

function resolveOptions(options: OpenStoreOptions): ResolvedOptions {
  const fileName = options.fileName ?? DEFAULT_DB_FILE_NAME;
  if (fileName !== path.basename(fileName) || fileName === '' || fileName.startsWith('.')) {
    throw new StoreError(
      'store-input',
      `fileName "${fileName}" must be a plain file name like "cascade-lab.sqlite".`,
    );
  }
  const dataDir = path.resolve(options.dataDir);
  return {
    dataDir,
    fileName,
    file: path.join(dataDir, fileName),
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    allowRiskyLocation: options.allowRiskyLocation ?? false,
    nowMs: options.nowMs ?? Date.now,
    migrations: options.migrations ?? MIGRATIONS,
  };
}

class UnusableFile {
  constructor(
    readonly reason: UnusableReason,
    readonly details: string[],
  ) {}
}

/** Reads application_id and user_version without writing anything to the file. */
function readIdentity(file: string): { applicationId: number; userVersion: number } | UnusableFile {
  if (!hasPendingJournal(file)) {
    const header = readSqliteHeader(file);
    if (header.sizeBytes === 0) return new UnusableFile('corrupt', ['the file is empty (0 bytes)']);
    if (!header.isSqlite) {
      return new UnusableFile('not-a-database', [`no SQLite header (${header.sizeBytes} bytes)`]);
    }
    return { applicationId: header.applicationId, userVersion: header.userVersion };
  }
  // A -wal may hold a committed page 1 newer than the file's; a read-only connection sees it.
  let ro: Database.Database | undefined;
  try {
    ro = openDatabase(file, { readonly: true, fileMustExist: true });
    return {
      applicationId: ro.pragma('application_id', { simple: true }) as number,
      userVersion: ro.pragma('user_version', { simple: true }) as number,
    };
  } catch (error) {
    if (isCorruptionError(error)) {
      const code = (error as { code: string }).code;
      return new UnusableFile(code === 'SQLITE_NOTADB' ? 'not-a-database' : 'corrupt', [
        (error as Error).message,
      ]);
    }
    throw error;
  } finally {
    ro?.close();
  }
}

function checkIdentity(
  o: ResolvedOptions,
  identity: { applicationId: number; userVersion: number },
): UnusableFile | undefined {
  const known = latestVersion(o.migrations);
  if (identity.applicationId !== STORE_APPLICATION_ID && identity.applicationId !== 0) {
    return new UnusableFile('foreign-application-id', [
      `application_id 0x${(identity.applicationId >>> 0).toString(16)}, expected 0x${STORE_APPLICATION_ID.toString(16)}`,
    ]);
  }
  if (identity.applicationId === 0 && identity.userVersion !== 0) {
    return new UnusableFile('foreign-application-id', [
      `no application_id but user_version ${identity.userVersion}`,
    ]);
  }
  if (identity.userVersion > known) throw new StoreFromNewerAppError(o.file, identity.userVersion, known);
  return undefined;
}

function integrityRows(db: Database.Database, pragma: 'integrity_check' | 'quick_check'): string[] {
  return (db.pragma(pragma) as Record<string, string>[]).map((row) => String(Object.values(row)[0]));
}

/** Full integrity and foreign-key check of an open connection. */
export function checkIntegrity(db: Database.Database): IntegrityReport {
  const integrity = integrityRows(db, 'integrity_check');
  const foreignKeyViolations = db.pragma('foreign_key_check') as IntegrityReport['foreignKeyViolations'];
  return {
    ok: integrity.length === 1 && integrity[0] === 'ok' && foreignKeyViolations.length === 0,
    integrity,
    foreignKeyViolations,
  };
}

function applyPragmas(db: Database.Database, o: ResolvedOptions): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new StoreError(
      'store-location',
      `SQLite refused WAL mode for ${o.file} (got ${String(mode)}): move the data folder to a local disk.`,
    );
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  if (db.pragma('foreign_keys', { simple: true }) !== 1)
    throw new Error('SQLite did not enable foreign keys');
  if (!Number.isSafeInteger(o.busyTimeoutMs) || o.busyTimeoutMs < 0) {
    throw new StoreError(
      'store-input',
      `busyTimeoutMs must be a non-negative integer, got ${o.busyTimeoutMs}.`,
    );
  }
  db.pragma(`busy_timeout = ${o.busyTimeoutMs}`);
}

interface Connection {
  db: Database.Database;
  report: OpenReport;
}

function fail(o: ResolvedOptions, unusable: UnusableFile): never {
  const atMs = o.nowMs();
  const movedTo = moveAside(o.file, 'corrupt', atMs);
  // Remembered until the user restores a backup or dismisses it: the next open starts empty.
  recordMovedAside(o.file, { movedTo, reason: unusable.reason, details: unusable.details.slice(0, 3), atMs });
  throw new StoreCorruptError({
    reason: unusable.reason,
    path: o.file,
    movedTo,
    backups: listBackups(o.dataDir, o.fileName),
    details: unusable.details,
  });
}

/** The lock file that serialises creating and upgrading the database (see open-lock.ts). */
function lockFileOf(o: ResolvedOptions): string {
  return `${o.file}.lock`;
}

/** Makes the database file if it does not exist; true when this process created it. */
async function ensureDatabaseFile(o: ResolvedOptions): Promise<boolean> {
  if (fs.existsSync(o.file)) return false;
  return withOpenLock(lockFileOf(o), () => {
    if (fs.existsSync(o.file)) return false; // another process made it while this one waited
    // A -wal/-shm without its database cannot be paired with a new file; keep it, out of the way.
    if (COMPANION_SUFFIXES.some((s) => fs.existsSync(o.file + s))) moveAside(o.file, 'orphan', o.nowMs());
    return createFresh(o);
  });
}

/** Quick check and identity of an open connection; the reason it cannot be used, if any. */
function checkOpened(o: ResolvedOptions, db: Database.Database): UnusableFile | undefined {
  const quick = integrityRows(db, 'quick_check');
  if (quick.length !== 1 || quick[0] !== 'ok') return new UnusableFile('corrupt', quick);
  const authoritative = {
    applicationId: db.pragma('application_id', { simple: true }) as number,
    userVersion: db.pragma('user_version', { simple: true }) as number,
  };
  const unusable = checkIdentity(o, authoritative);
  if (unusable !== undefined) return unusable;
  const tables = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
  if (authoritative.applicationId === 0 && tables > 0) {
    return new UnusableFile('foreign-application-id', [`no application_id and ${tables} schema object(s)`]);
  }
  return undefined;
}

function fullCheck(db: Database.Database): UnusableFile | undefined {
  const full = checkIntegrity(db);
  if (full.ok) return undefined;
  return new UnusableFile('corrupt', [
    ...full.integrity,
    ...full.foreignKeyViolations.map((v) => JSON.stringify(v)),
  ]);
}

const pendingIn = (o: ResolvedOptions, db: Database.Database): boolean =>
  latestVersion(o.migrations) > (db.pragma('user_version', { simple: true }) as number);

/**
 * Brings the schema up to date under the open lock (another process may be doing the same): a full
 * integrity check and a backup first when the file holds data, then every pending migration in one
 * transaction. Returns the open report, or why the file cannot be used.
 */
async function upgrade(
  o: ResolvedOptions,
  db: Database.Database,
  created: boolean,
  fullIntegrityCheck: boolean,
): Promise<OpenReport | UnusableFile> {
  if (!pendingIn(o, db)) {
    const damage = fullIntegrityCheck ? fullCheck(db) : undefined;
    return (
      damage ?? {
        created,
        migration: runMigrations(db, { migrations: o.migrations }),
        preMigrationBackup: undefined,
        notices: [],
      }
    );
  }
  return withOpenLock(lockFileOf(o), async () => {
    let preMigrationBackup: BackupInfo | undefined;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (pendingIn(o, db) && version > 0) {
      const damage = fullCheck(db);
      if (damage !== undefined) return damage;
      preMigrationBackup = await createBackup(db, {
        dataDir: o.dataDir,
        fileName: o.fileName,
        reason: 'pre-migration',
        nowMs: o.nowMs(),
      });
    }
    const migration = runMigrations(db, { migrations: o.migrations, backup: preMigrationBackup });
    return { created, migration, preMigrationBackup, notices: [] };
  });
}

async function openConnection(o: ResolvedOptions, fullIntegrityCheck: boolean): Promise<Connection> {
  if (!o.allowRiskyLocation) {
    const verdict = assessDataDirLocation(o.dataDir);
    if (!verdict.ok) throw new StoreError('store-location', verdict.problem);
  }
  const notWritable = probeWritable(o.dataDir);
  if (notWritable !== undefined) throw notWritable;
  const created = await ensureDatabaseFile(o);
  const journalNotice = await settleJournal({ ...o, lockFile: lockFileOf(o) });

  const identity = readIdentity(o.file);
  if (identity instanceof UnusableFile) fail(o, identity);
  const early = checkIdentity(o, identity);
  if (early !== undefined) fail(o, early);

  const db = openDatabase(o.file, { fileMustExist: true, timeout: o.busyTimeoutMs });
  let outcome: OpenReport | UnusableFile | undefined;
  try {
    outcome = checkOpened(o, db);
    if (outcome === undefined) {
      applyPragmas(db, o);
      outcome = await upgrade(o, db, created, fullIntegrityCheck);
    }
  } catch (error) {
    db.close();
    if (isCorruptionError(error)) {
      const code = (error as { code: string }).code;
      fail(
        o,
        new UnusableFile(code === 'SQLITE_NOTADB' ? 'not-a-database' : 'corrupt', [(error as Error).message]),
      );
    }
    throw error;
  }
  if (!(outcome instanceof UnusableFile)) {
    if (journalNotice !== undefined) outcome.notices.push(journalNotice);
    return { db, report: outcome };
  }
  db.close();
  return fail(o, outcome);
}

/** openConnection, with disk failures (read-only folder, full disk, I/O error) explained. */
async function openExplained(o: ResolvedOptions, fullIntegrityCheck: boolean): Promise<Connection> {
  try {
    return await openConnection(o, fullIntegrityCheck);
  } catch (error) {
    throw explainStoreFailure(error, o.dataDir) ?? error;
  }
}

/** Puts a validated backup in place of the database, moving the current one aside. */
function installBackup(o: ResolvedOptions, backupFile: string): string[] {
  const movedAside =
    fs.existsSync(o.file) || COMPANION_SUFFIXES.some((s) => fs.existsSync(o.file + s))
      ? moveAside(o.file, 'replaced', o.nowMs())
      : [];
  const temp = `${o.file}.restoring`;
  fs.copyFileSync(backupFile, temp);
  fsyncFile(temp);
  fs.renameSync(temp, o.file);
  fsyncDir(o.dataDir);
  return movedAside;
}

class SqliteStore implements Store {
  readonly #options: ResolvedOptions;
  #connection: Connection;

  constructor(options: ResolvedOptions, connection: Connection) {
    this.#options = options;
    this.#connection = connection;
  }

  get dataDir(): string {
    return this.#options.dataDir;
  }
  get fileName(): string {
    return this.#options.fileName;
  }
  get path(): string {
    return this.#options.file;
  }
  get db(): Database.Database {
    return this.#connection.db;
  }
  get schemaVersion(): number {
    return this.#connection.db.pragma('user_version', { simple: true }) as number;
  }
  get openReport(): OpenReport {
    return this.#connection.report;
  }

  nowMs(): number {
    return this.#options.nowMs();
  }

  integrityCheck(): IntegrityReport {
    return checkIntegrity(this.db);
  }

  verifyBlobs(): BlobDamage[] {
    return findDamagedBlobs(this.db);
  }

  movedAside(): MovedAsideRecord[] {
    return listMovedAside(this.path);
  }

  movedAsideNotes(audience: 'cli' | 'app' = 'cli'): string[] {
    const latest = this.listBackups()[0];
    return this.movedAside().map((r) => describeMovedAside(r, latest, audience));
  }

  dismissMovedAside(): number {
    return dismissMovedAside(this.path);
  }

  backupNow(reason = 'manual'): Promise<BackupInfo> {
    return createBackup(this.db, {
      dataDir: this.dataDir,
      fileName: this.fileName,
      reason,
      nowMs: this.nowMs(),
    });
  }

  listBackups(): BackupInfo[] {
    return listBackups(this.dataDir, this.fileName);
  }

  async restoreBackup(backupFile: string): Promise<RestoreReport> {
    const { schemaVersion } = validateDatabaseFile(backupFile, {
      knownVersion: latestVersion(this.#options.migrations),
    });
    this.close();
    const movedAside = installBackup(this.#options, backupFile);
    this.#connection = await openExplained(this.#options, true);
    dismissMovedAside(this.path);
    return { restoredFrom: backupFile, movedAside, schemaVersion };
  }

  close(): void {
    if (this.#connection.db.open) this.#connection.db.close();
  }
}

/**
 * Opens (creating if needed) the Cascade Lab database in `dataDir`. Throws
 * {@link StoreFromNewerAppError} for a file from a newer app (left untouched),
 * {@link StoreCorruptError} for an unusable file (moved aside; names the latest backup),
 * StoreMigrationError when an upgrade fails (rolled back), StoreError `store-location` for an
 * unsafe folder.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const o = resolveOptions(options);
  return new SqliteStore(o, await openExplained(o, false));
}

/**
 * Restores `backupFile` into the data folder when no store is open (e.g. after openStore threw a
 * StoreCorruptError): validates the backup first, moves any current file aside, never deletes,
 * then opens with a full integrity check.
 */
export async function restoreBackup(
  options: OpenStoreOptions,
  backupFile: string,
): Promise<{ store: Store; report: RestoreReport }> {
  const o = resolveOptions(options);
  const { schemaVersion } = validateDatabaseFile(backupFile, { knownVersion: latestVersion(o.migrations) });
  const notWritable = probeWritable(o.dataDir);
  if (notWritable !== undefined) throw notWritable;
  const movedAside = installBackup(o, backupFile);
  const store = new SqliteStore(o, await openExplained(o, true));
  dismissMovedAside(o.file);
  return { store, report: { restoredFrom: backupFile, movedAside, schemaVersion } };
}
