/**
 * Every stored BLOB carries the SHA-256 of its bytes in a column beside it (migration 4), written
 * with the blob and verified whenever the blob is read and by `db check`. SQLite's own checks
 * (integrity_check) cover the b-tree structure, not the content of overflow pages: a flipped byte
 * inside a run's series would otherwise load as a wrong price without a word.
 *
 * A later migration that adds a BLOB column adds its `*_sha256` column (and the triggers that
 * require it, as migration 4 does) and appends the pair to {@link CHECKSUMMED_BLOBS}.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { StoreError } from './store-errors.ts';

/** SHA-256 of `bytes`, lowercase hex (64 digits). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of a nullable blob: null for null. */
export function sha256OrNull(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : sha256Hex(bytes);
}

/** One checksummed blob column. Names come from this constant list only, never from input. */
export interface ChecksummedBlob {
  table: string;
  /** What a row of the table is, for messages: "saved run", "stored series", … */
  rowNoun: string;
  blob: string;
  checksum: string;
  /** What the blob holds, for messages: "per-step series", "event log", … */
  part: string;
  /** What the user can do besides restoring a backup. */
  remedy: string;
  /** SQL naming a row (default: its `id` column), for tables keyed otherwise. */
  idSql?: string;
}

const RECOMPUTE_RUN = 'delete the run and replay it (the same scenario, design and seed give the same run)';
const REIMPORT = 're-import its file (or, for a built-in scenario, reopen the app: it reinstalls the series)';

/** Every checksummed blob column of the current schema. Append only (see the file comment). */
export const CHECKSUMMED_BLOBS: readonly ChecksummedBlob[] = [
  {
    table: 'series',
    rowNoun: 'stored series',
    blob: 'values_f64',
    checksum: 'values_sha256',
    part: 'values',
    remedy: REIMPORT,
  },
  {
    table: 'series',
    rowNoun: 'stored series',
    blob: 'timestamps_ms_f64',
    checksum: 'timestamps_sha256',
    part: 'timestamps',
    remedy: REIMPORT,
  },
  {
    table: 'populations',
    rowNoun: 'population',
    blob: 'data',
    checksum: 'data_sha256',
    part: 'account table',
    remedy: 'delete the population and import it again',
  },
  {
    table: 'runs',
    rowNoun: 'saved run',
    blob: 'events_deflate',
    checksum: 'events_sha256',
    part: 'event log',
    remedy: RECOMPUTE_RUN,
  },
  {
    table: 'runs',
    rowNoun: 'saved run',
    blob: 'series_bin',
    checksum: 'series_sha256',
    part: 'per-step series',
    remedy: RECOMPUTE_RUN,
  },
  {
    table: 'sweep_runs',
    rowNoun: 'sweep run',
    blob: 'price_path_f64',
    checksum: 'price_path_sha256',
    part: 'price path',
    remedy: 'delete the sweep and run it again (the same spec gives the same runs)',
    idSql: "sweep_id || '/' || inputs_hash",
  },
];

/** The checksummed column `blob` of `table`; throws for a pair that is not in the list. */
export function checksummedBlob(table: string, blob: string): ChecksummedBlob {
  const found = CHECKSUMMED_BLOBS.find((b) => b.table === table && b.blob === blob);
  if (found === undefined) throw new Error(`${table}.${blob} is not a checksummed blob column`);
  return found;
}

/** One damaged blob found by {@link findDamagedBlobs} or refused on read. */
export interface BlobDamage {
  table: string;
  id: string;
  column: string;
  /** One line: what is damaged and what to do. */
  message: string;
}

function damageMessage(entry: ChecksummedBlob, id: string, problem: string): string {
  return (
    `The ${entry.rowNoun} ${id} is damaged: the bytes of its ${entry.part} ${problem}. It was not used. ` +
    `Restore a backup (cascade-lab db restore <file>) or ${entry.remedy}.`
  );
}

/** Why `bytes` does not match `expected`, or undefined when it does. */
function mismatch(bytes: Uint8Array | null, expected: string | null): string | undefined {
  if (bytes === null && expected === null) return undefined;
  if (bytes === null) return 'are missing although a checksum was stored for them';
  if (expected === null) return 'have no checksum';
  if (sha256Hex(bytes) === expected) return undefined;
  return (
    'do not match the checksum stored with them (they changed on disk after they were written: ' +
    'a disk, memory or copy error)'
  );
}

/**
 * Throws StoreError `store-damaged`, naming the row and what to do, unless `bytes` has the SHA-256
 * `expected` (both null: no blob, fine).
 */
export function verifyBlob(
  entry: ChecksummedBlob,
  id: string,
  bytes: Uint8Array | null,
  expected: string | null,
): void {
  const problem = mismatch(bytes, expected);
  if (problem !== undefined) throw new StoreError('store-damaged', damageMessage(entry, id, problem));
}

/** Verifies one row's blob columns of `table` (a row as read with all its columns). */
export function verifyRowBlobs(table: string, row: Record<string, unknown>): void {
  for (const entry of CHECKSUMMED_BLOBS) {
    if (entry.table !== table) continue;
    verifyBlob(
      entry,
      String(row['id']),
      (row[entry.blob] as Uint8Array | null | undefined) ?? null,
      (row[entry.checksum] as string | null | undefined) ?? null,
    );
  }
}

/** Every blob of the database whose bytes do not match its checksum (what `db check` reports). */
export function findDamagedBlobs(db: Database.Database): BlobDamage[] {
  const found: BlobDamage[] = [];
  for (const entry of CHECKSUMMED_BLOBS) {
    // Identifiers from the constant list above; no value is formatted into the SQL.
    const rows = db
      .prepare<[], { id: string; bytes: Buffer | null; expected: string | null }>(
        `SELECT ${entry.idSql ?? 'id'} AS id, ${entry.blob} AS bytes, ${entry.checksum} AS expected FROM ${entry.table} ORDER BY 1`,
      )
      .iterate();
    for (const { id, bytes, expected } of rows) {
      const problem = mismatch(bytes, expected);
      if (problem !== undefined) {
        found.push({
          table: entry.table,
          id,
          column: entry.blob,
          message: damageMessage(entry, id, problem),
        });
      }
    }
  }
  return found;
}
