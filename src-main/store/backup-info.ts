/**
 * What a backup file is, in its own module: backups.ts makes them, while migrations.ts and
 * store-errors.ts (which backups.ts imports) only describe them — a shared type here keeps the
 * three out of an import cycle.
 */
export interface BackupInfo {
  path: string;
  /** When it was taken, epoch ms (from its name, so it survives copying). */
  createdAtMs: number;
  /** The user_version of the database it holds. */
  schemaVersion: number;
  /** Why it was taken: `pre-migration`, `manual`, ... */
  reason: string;
  sizeBytes: number;
}
