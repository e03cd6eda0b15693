/**
 * Small helpers shared by the table modules: a per-connection prepared-statement cache, id
 * generation, and the write-transaction wrapper every multi-statement write goes through.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Store } from './open-store.ts';
import { StoreError } from './store-errors.ts';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The prepared statement for `sql` on `db`, compiled once per connection. `sql` must be a
 * constant: every value goes in as a bound parameter, never into the text.
 */
export function statement<P extends unknown[] = unknown[], R = unknown>(
  db: Database.Database,
  sql: string,
): Database.Statement<P, R> {
  let perDb = cache.get(db);
  if (perDb === undefined) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let stmt = perDb.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    perDb.set(sql, stmt);
  }
  return stmt as unknown as Database.Statement<P, R>;
}

/**
 * Runs `fn` in one IMMEDIATE transaction (takes the write lock up front, so it waits on
 * busy_timeout instead of failing mid-way); nested calls become savepoints. `fn` must be
 * synchronous: better-sqlite3 commits when it returns, so an await inside would commit half the
 * work. Do not catch SQLite errors inside `fn`: SQLITE_FULL/SQLITE_BUSY may already have rolled
 * the transaction back; let them propagate and better-sqlite3 rolls back what is left.
 */
export function writeTransaction<T>(store: Store, fn: () => T): T {
  return store.db.transaction(fn).immediate();
}

/** A new random id (UUID v4, lowercase). */
export function newId(): string {
  return randomUUID();
}

/** Throws a `store-input` error unless `value` is a non-empty string. */
export function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new StoreError('store-input', `${what} must be a non-empty string.`);
  }
  return value;
}

/** Throws a `store-input` error unless `value` is a safe integer ≥ `min`. */
export function requireInteger(value: unknown, what: string, min = Number.MIN_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new StoreError('store-input', `${what} must be an integer ≥ ${min}, got ${String(value)}.`);
  }
  return value;
}

/** Throws `not-found` with a message naming what was looked for. */
export function notFound(what: string, id: string): never {
  throw new StoreError(
    'not-found',
    `No ${what} with id "${id}": it may have been deleted; refresh the list.`,
  );
}
