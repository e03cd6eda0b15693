/**
 * Typed errors of the store. Every message says what happened and what the user or the caller
 * should do next; `code` lets IPC map an error to a Result without parsing text.
 */
import type { BackupInfo } from './backup-info.ts';

/** Stable machine-readable error codes of the store. */
export type StoreErrorCode =
  | 'store-corrupt'
  | 'store-from-newer-app'
  | 'store-migration-failed'
  | 'store-location'
  | 'store-busy'
  | 'store-damaged'
  | 'store-read-only'
  | 'store-disk-full'
  | 'store-io'
  | 'store-native'
  | 'store-input'
  | 'preset-overwrite'
  | 'builtin-overwrite'
  | 'not-found'
  | 'backup-invalid'
  | 'bundle-invalid';

/** Base class of every error the store throws on purpose. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Why a database file was judged unusable and moved aside. */
export type UnusableReason = 'not-a-database' | 'corrupt' | 'foreign-application-id';

function describeBackup(backup: BackupInfo | undefined): string {
  if (backup === undefined) {
    return 'No backup exists yet: Cascade Lab will start with an empty database when opened again.';
  }
  return (
    `Latest backup: ${backup.path} (taken ${new Date(backup.createdAtMs).toISOString()}, schema ${backup.schemaVersion}). ` +
    'Restore it (restoreBackup) to get your data back, or open again to start with an empty database.'
  );
}

/**
 * The database file could not be used (not SQLite, corrupt, or another application's file). It
 * was moved aside, never deleted; `latestBackup` is the newest backup to offer for restore.
 */
export class StoreCorruptError extends StoreError {
  readonly reason: UnusableReason;
  readonly path: string;
  /** Where the file (and its -wal/-shm, if any) now lives. */
  readonly movedTo: readonly string[];
  /** Backups newest first; the first is the one to offer. */
  readonly backups: readonly BackupInfo[];
  readonly details: readonly string[];

  constructor(args: {
    reason: UnusableReason;
    path: string;
    movedTo: readonly string[];
    backups: readonly BackupInfo[];
    details: readonly string[];
  }) {
    const what =
      args.reason === 'not-a-database'
        ? 'is not a SQLite database'
        : args.reason === 'foreign-application-id'
          ? 'belongs to another application (foreign application_id)'
          : 'is corrupt';
    super(
      'store-corrupt',
      `The Cascade Lab database ${args.path} ${what}` +
        (args.details.length > 0 ? ` (${args.details.slice(0, 3).join('; ')})` : '') +
        `. It was moved aside to ${args.movedTo[0] ?? '(nowhere)'}; nothing was deleted. ` +
        describeBackup(args.backups[0]),
    );
    this.reason = args.reason;
    this.path = args.path;
    this.movedTo = args.movedTo;
    this.backups = args.backups;
    this.details = args.details;
  }

  /** The newest backup, the one to offer for restore; undefined when there is none. */
  get latestBackup(): BackupInfo | undefined {
    return this.backups[0];
  }
}

/** The file was written by a newer Cascade Lab; it was left untouched. */
export class StoreFromNewerAppError extends StoreError {
  readonly path: string;
  readonly fileSchemaVersion: number;
  readonly knownSchemaVersion: number;

  constructor(path: string, fileSchemaVersion: number, knownSchemaVersion: number) {
    super(
      'store-from-newer-app',
      `The database ${path} was written by a newer Cascade Lab (schema ${fileSchemaVersion}, this app knows ` +
        `${knownSchemaVersion}): update the app. The file was left untouched.`,
    );
    this.path = path;
    this.fileSchemaVersion = fileSchemaVersion;
    this.knownSchemaVersion = knownSchemaVersion;
  }
}

/** A migration failed; its transaction rolled back, so the file is still at `fromVersion`. */
export class StoreMigrationError extends StoreError {
  readonly fromVersion: number;
  readonly failedVersion: number;
  readonly backup: BackupInfo | undefined;

  constructor(args: {
    fromVersion: number;
    failedVersion: number;
    backup: BackupInfo | undefined;
    cause: unknown;
  }) {
    const causeText = args.cause instanceof Error ? args.cause.message : String(args.cause);
    super(
      'store-migration-failed',
      `Upgrading the database from schema ${args.fromVersion} failed in migration ${args.failedVersion} ` +
        `(${causeText}). Nothing was changed: the database is still at schema ${args.fromVersion}` +
        (args.backup ? ` and a backup was taken at ${args.backup.path}` : '') +
        '. Report this with the message above; the previous app version can still open the file.',
      { cause: args.cause },
    );
    this.fromVersion = args.fromVersion;
    this.failedVersion = args.failedVersion;
    this.backup = args.backup;
  }
}
