/**
 * Protocol designs: versioned JSON with a `schemaVersion`, stored as given. The store records the
 * schemaVersion and does not interpret the design beyond that (the engine validates and migrates
 * designs). Presets ship with the app; a user's edits never overwrite a preset, by id or by name.
 */
import type { Store } from './open-store.ts';
import { parseCheckedJson } from './safe-json.ts';
import { newId, notFound, requireText, statement, writeTransaction } from './sql-support.ts';
import { StoreError } from './store-errors.ts';

/** A design without its JSON (for lists). */
export interface DesignMeta {
  id: string;
  name: string;
  /** The design format version found in the JSON's `schemaVersion`. */
  schemaVersion: number;
  preset: boolean;
  /** The design it was derived from (lineage only; may no longer exist). */
  basedOn: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A design with its JSON text. */
export interface DesignRecord extends DesignMeta {
  json: string;
}

interface DesignRow {
  id: string;
  name: string;
  schema_version: number;
  json: string;
  preset: number;
  based_on: string | null;
  created_at_ms: number;
  updated_at_ms: number;
}

function metaFromRow(row: Omit<DesignRow, 'json'>): DesignMeta {
  return {
    id: row.id,
    name: row.name,
    schemaVersion: row.schema_version,
    preset: row.preset === 1,
    basedOn: row.based_on,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

/** Reads `schemaVersion` from design JSON (after the safe-JSON checks); nothing else is looked at. */
export function designSchemaVersion(json: string, what = 'The design'): number {
  const parsed = parseCheckedJson(json, what);
  const version = (parsed as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new StoreError(
      'store-input',
      `${what} needs a positive integer "schemaVersion" field in its JSON.`,
    );
  }
  return version;
}

function normalName(name: string): string {
  return name.trim().toLowerCase();
}

/** A preset shipped with the app. */
export interface PresetDesignDefinition {
  id: string;
  name: string;
  json: string;
}

/** What {@link seedPresetDesigns} did, by design id. */
export interface PresetSeedReport {
  inserted: string[];
  updated: string[];
  unchanged: string[];
  /** A user design holds this id; it was left alone and the preset was not installed. */
  blockedByUserRow: string[];
}

/** Installs or refreshes the shipped presets in one transaction; user designs are never touched. */
export function seedPresetDesigns(
  store: Store,
  presets: readonly PresetDesignDefinition[],
): PresetSeedReport {
  const prepared = presets.map((p) => ({
    id: requireText(p.id, 'preset id'),
    name: requireText(p.name, `name of preset ${p.id}`),
    json: p.json,
    schemaVersion: designSchemaVersion(p.json, `Preset ${p.id}`),
  }));
  const report: PresetSeedReport = { inserted: [], updated: [], unchanged: [], blockedByUserRow: [] };
  writeTransaction(store, () => {
    for (const p of prepared) {
      const existing = statement<[string], DesignRow>(store.db, 'SELECT * FROM designs WHERE id = ?').get(
        p.id,
      );
      const now = store.nowMs();
      if (existing === undefined) {
        statement(
          store.db,
          `INSERT INTO designs (id, name, schema_version, json, preset, based_on, created_at_ms, updated_at_ms)
           VALUES (?, ?, ?, ?, 1, NULL, ?, ?)`,
        ).run(p.id, p.name, p.schemaVersion, p.json, now, now);
        report.inserted.push(p.id);
      } else if (existing.preset !== 1) {
        report.blockedByUserRow.push(p.id);
      } else if (existing.json !== p.json || existing.name !== p.name) {
        statement(
          store.db,
          'UPDATE designs SET name = ?, schema_version = ?, json = ?, updated_at_ms = ? WHERE id = ? AND preset = 1',
        ).run(p.name, p.schemaVersion, p.json, now, p.id);
        report.updated.push(p.id);
      } else {
        report.unchanged.push(p.id);
      }
    }
  });
  return report;
}

/** A user design to save. */
export interface UserDesignInput {
  /** Default: a new UUID. An existing user design with this id is updated. */
  id?: string;
  name: string;
  /** The design, JSON text with a `schemaVersion`. */
  json: string;
  /** The design it was derived from, e.g. a preset's id. */
  basedOn?: string | null;
}

function presetOverwrite(name: string): never {
  throw new StoreError(
    'preset-overwrite',
    `A user's edits never overwrite a preset: "${name}" is a preset. Save your design under a new name, e.g. "${name} (my copy)".`,
  );
}

/**
 * Saves a user design (insert, or update of the user's own design with this id). Refused with
 * `preset-overwrite` when the id or the name (trimmed, case-insensitive) is a preset's.
 */
export function saveDesign(store: Store, input: UserDesignInput): DesignMeta {
  const name = requireText(input.name, 'Design name').trim();
  const schemaVersion = designSchemaVersion(input.json);
  const id = input.id ?? newId();
  const basedOn = input.basedOn ?? null;
  return writeTransaction(store, () => {
    const existing = statement<[string], { preset: number; created_at_ms: number }>(
      store.db,
      'SELECT preset, created_at_ms FROM designs WHERE id = ?',
    ).get(id);
    if (existing?.preset === 1) presetOverwrite(name);
    const presets = statement<[], { name: string }>(
      store.db,
      'SELECT name FROM designs WHERE preset = 1',
    ).all();
    if (presets.some((p) => normalName(p.name) === normalName(name))) presetOverwrite(name);
    const now = store.nowMs();
    statement(
      store.db,
      `INSERT INTO designs (id, name, schema_version, json, preset, based_on, created_at_ms, updated_at_ms)
       VALUES (@id, @name, @schemaVersion, @json, 0, @basedOn, @now, @now)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, schema_version = excluded.schema_version,
         json = excluded.json, based_on = excluded.based_on, updated_at_ms = excluded.updated_at_ms
       WHERE preset = 0`,
    ).run({ id, name, schemaVersion, json: input.json, basedOn, now });
    return {
      id,
      name,
      schemaVersion,
      preset: false,
      basedOn,
      createdAtMs: existing?.created_at_ms ?? now,
      updatedAtMs: now,
    };
  });
}

/** One design with its JSON. Throws `not-found`. */
export function getDesign(store: Store, id: string): DesignRecord {
  const row = statement<[string], DesignRow>(store.db, 'SELECT * FROM designs WHERE id = ?').get(id);
  return row === undefined ? notFound('design', id) : { ...metaFromRow(row), json: row.json };
}

/** All designs without JSON: presets first, then by name. */
export function listDesigns(store: Store): DesignMeta[] {
  return statement<[], Omit<DesignRow, 'json'>>(
    store.db,
    `SELECT id, name, schema_version, preset, based_on, created_at_ms, updated_at_ms
       FROM designs ORDER BY preset DESC, name COLLATE NOCASE, id`,
  )
    .all()
    .map(metaFromRow);
}

/** Deletes a user design (and its notes). Presets cannot be deleted. */
export function deleteDesign(store: Store, id: string): void {
  writeTransaction(store, () => {
    const row = statement<[string], { preset: number }>(
      store.db,
      'SELECT preset FROM designs WHERE id = ?',
    ).get(id);
    if (row === undefined) notFound('design', id);
    if (row.preset === 1)
      throw new StoreError(
        'preset-overwrite',
        `"${id}" is a preset and cannot be deleted; presets ship with the app.`,
      );
    statement(store.db, 'DELETE FROM designs WHERE id = ?').run(id);
  });
}
