/** One schema migration (migrations.ts lists them in order; a large one may live in its own module). */
import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}
