/**
 * User notes on scenarios, runs and designs. Triggers (migration 1) refuse a note whose target
 * does not exist and delete a target's notes with it.
 */
import type { Store } from './open-store.ts';
import { newId, notFound, requireText, statement } from './sql-support.ts';
import { StoreError } from './store-errors.ts';

/** What a note can be attached to. */
export type NoteTargetKind = 'scenario' | 'run' | 'design';
const TARGET_KINDS: readonly NoteTargetKind[] = ['scenario', 'run', 'design'];

/** A stored note. */
export interface NoteRecord {
  id: string;
  targetKind: NoteTargetKind;
  targetId: string;
  text: string;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A raw `notes` row. */
export interface NoteRow {
  id: string;
  target_kind: string;
  target_id: string;
  text: string;
  created_at_ms: number;
  updated_at_ms: number;
}

function toTargetKind(kind: string): NoteTargetKind {
  const found = TARGET_KINDS.find((k) => k === kind);
  if (found === undefined)
    throw new StoreError(
      'store-input',
      `Note target kind "${kind}" must be one of ${TARGET_KINDS.join(', ')}.`,
    );
  return found;
}

function noteFromRow(row: NoteRow): NoteRecord {
  return {
    id: row.id,
    targetKind: toTargetKind(row.target_kind),
    targetId: row.target_id,
    text: row.text,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

/** Adds a note to an existing scenario, run or design. */
export function addNote(
  store: Store,
  input: { targetKind: NoteTargetKind; targetId: string; text: string },
): NoteRecord {
  const now = store.nowMs();
  const row: NoteRow = {
    id: newId(),
    target_kind: toTargetKind(input.targetKind),
    target_id: requireText(input.targetId, 'targetId'),
    text: typeof input.text === 'string' ? input.text : requireText(input.text, 'text'),
    created_at_ms: now,
    updated_at_ms: now,
  };
  try {
    insertNoteRow(store, row);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_TRIGGER') {
      notFound(input.targetKind, input.targetId);
    }
    throw error;
  }
  return noteFromRow(row);
}

/** Inserts a raw note row (also used by bundle import). */
export function insertNoteRow(store: Store, row: NoteRow): void {
  statement<[NoteRow]>(
    store.db,
    `INSERT INTO notes (id, target_kind, target_id, text, created_at_ms, updated_at_ms)
     VALUES (@id, @target_kind, @target_id, @text, @created_at_ms, @updated_at_ms)`,
  ).run(row);
}

/** Replaces a note's text. Throws `not-found`. */
export function updateNote(store: Store, id: string, text: string): NoteRecord {
  if (typeof text !== 'string') requireText(text, 'text');
  const changes = statement<[string, number, string]>(
    store.db,
    'UPDATE notes SET text = ?, updated_at_ms = ? WHERE id = ?',
  ).run(text, store.nowMs(), id).changes;
  if (changes === 0) notFound('note', id);
  const row = statement<[string], NoteRow>(store.db, 'SELECT * FROM notes WHERE id = ?').get(id);
  return row === undefined ? notFound('note', id) : noteFromRow(row);
}

/** Notes, oldest first: all of them, or one target's. */
export function listNotes(
  store: Store,
  target?: { targetKind: NoteTargetKind; targetId: string },
): NoteRecord[] {
  if (target === undefined) {
    return statement<[], NoteRow>(store.db, 'SELECT * FROM notes ORDER BY created_at_ms, id')
      .all()
      .map(noteFromRow);
  }
  return statement<[string, string], NoteRow>(
    store.db,
    'SELECT * FROM notes WHERE target_kind = ? AND target_id = ? ORDER BY created_at_ms, id',
  )
    .all(target.targetKind, target.targetId)
    .map(noteFromRow);
}

/** Deletes a note; true when one was deleted. */
export function deleteNote(store: Store, id: string): boolean {
  return statement<[string]>(store.db, 'DELETE FROM notes WHERE id = ?').run(id).changes > 0;
}
