/**
 * Account populations of a scenario: either JSON (a generator spec, or a list of accounts) or a
 * packed binary table; exactly one of the two. The engine owns the format of both.
 */
import { sha256OrNull, verifyRowBlobs } from './blob-checksum.ts';
import type { Store } from './open-store.ts';
import { parseCheckedJson } from './safe-json.ts';
import { newId, notFound, requireText, statement } from './sql-support.ts';
import { StoreError } from './store-errors.ts';

/** A population without its content (for lists). */
export interface PopulationMeta {
  id: string;
  scenarioId: string;
  name: string;
  format: 'json' | 'blob';
  createdAtMs: number;
  updatedAtMs: number;
}

/** A population with its content. */
export interface PopulationRecord extends PopulationMeta {
  json: string | null;
  data: Buffer | null;
}

/** A raw `populations` row. */
export interface PopulationRow {
  id: string;
  scenario_id: string;
  name: string;
  json: string | null;
  data: Buffer | null;
  data_sha256: string | null;
  created_at_ms: number;
  updated_at_ms: number;
}

type PopulationMetaRow = Omit<PopulationRow, 'json' | 'data' | 'data_sha256'> & { is_json: number };

function metaFromRow(row: PopulationMetaRow): PopulationMeta {
  return {
    id: row.id,
    scenarioId: row.scenario_id,
    name: row.name,
    format: row.is_json === 1 ? 'json' : 'blob',
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

/** Saves (inserts or replaces by id) a population; give exactly one of `json` and `data`. */
export function savePopulation(
  store: Store,
  input: { id?: string; scenarioId: string; name: string; json?: string; data?: ArrayBufferView },
): PopulationMeta {
  if ((input.json === undefined) === (input.data === undefined)) {
    throw new StoreError('store-input', 'A population needs exactly one of json (text) and data (bytes).');
  }
  if (input.json !== undefined) parseCheckedJson(input.json, 'The population');
  const now = store.nowMs();
  const data =
    input.data === undefined
      ? null
      : Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength);
  const row: PopulationRow = {
    id: input.id ?? newId(),
    scenario_id: requireText(input.scenarioId, 'scenarioId'),
    name: requireText(input.name, 'name'),
    json: input.json ?? null,
    data,
    data_sha256: sha256OrNull(data),
    created_at_ms: now,
    updated_at_ms: now,
  };
  try {
    statement<[PopulationRow]>(
      store.db,
      `INSERT INTO populations (id, scenario_id, name, json, data, data_sha256, created_at_ms, updated_at_ms)
       VALUES (@id, @scenario_id, @name, @json, @data, @data_sha256, @created_at_ms, @updated_at_ms)
       ON CONFLICT (id) DO UPDATE SET scenario_id = excluded.scenario_id, name = excluded.name, json = excluded.json,
         data = excluded.data, data_sha256 = excluded.data_sha256, updated_at_ms = excluded.updated_at_ms`,
    ).run(row);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
      notFound('scenario', row.scenario_id);
    throw error;
  }
  return getPopulationMeta(store, row.id);
}

function getPopulationMeta(store: Store, id: string): PopulationMeta {
  const row = statement<[string], PopulationMetaRow>(
    store.db,
    'SELECT id, scenario_id, name, json IS NOT NULL AS is_json, created_at_ms, updated_at_ms FROM populations WHERE id = ?',
  ).get(id);
  return row === undefined ? notFound('population', id) : metaFromRow(row);
}

/** One population with its content. Throws `not-found`. */
export function getPopulation(store: Store, id: string): PopulationRecord {
  const row = statement<[string], PopulationRow>(store.db, 'SELECT * FROM populations WHERE id = ?').get(id);
  if (row === undefined) return notFound('population', id);
  verifyRowBlobs('populations', row as unknown as Record<string, unknown>);
  return { ...metaFromRow({ ...row, is_json: row.json === null ? 0 : 1 }), json: row.json, data: row.data };
}

/** A scenario's populations, without content. */
export function listPopulations(store: Store, scenarioId: string): PopulationMeta[] {
  return statement<[string], PopulationMetaRow>(
    store.db,
    `SELECT id, scenario_id, name, json IS NOT NULL AS is_json, created_at_ms, updated_at_ms
       FROM populations WHERE scenario_id = ? ORDER BY name, id`,
  )
    .all(scenarioId)
    .map(metaFromRow);
}

/** Deletes a population; true when one was deleted. */
export function deletePopulation(store: Store, id: string): boolean {
  return statement<[string]>(store.db, 'DELETE FROM populations WHERE id = ?').run(id).changes > 0;
}
