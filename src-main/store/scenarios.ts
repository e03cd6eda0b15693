/**
 * Scenarios: the whole definition (metadata, sources, published outcomes, assumptions, limits) as
 * JSON, owned and validated by the engine. Built-in scenarios ship with the app and are seeded by
 * {@link seedBuiltins}; user scenarios (builtin = 0) are never touched by seeding.
 */
import type { Store } from './open-store.ts';
import { parseCheckedJson } from './safe-json.ts';
import { writeSeries } from './series.ts';
import type { SeriesInput } from './series.ts';
import { newId, notFound, requireInteger, requireText, statement, writeTransaction } from './sql-support.ts';
import { StoreError } from './store-errors.ts';

/** A scenario without its JSON (for lists). */
export interface ScenarioMeta {
  id: string;
  version: number;
  builtin: boolean;
  title: string;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A scenario with its definition. */
export interface ScenarioRecord extends ScenarioMeta {
  /** The definition as stored, JSON text. */
  json: string;
}

interface ScenarioRow {
  id: string;
  version: number;
  builtin: number;
  title: string;
  json: string;
  created_at_ms: number;
  updated_at_ms: number;
}

function metaFromRow(row: Omit<ScenarioRow, 'json'>): ScenarioMeta {
  return {
    id: row.id,
    version: row.version,
    builtin: row.builtin === 1,
    title: row.title,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

function recordFromRow(row: ScenarioRow): ScenarioRecord {
  return { ...metaFromRow(row), json: row.json };
}

/** A scenario shipped with the app. */
export interface BuiltinScenarioDefinition {
  id: string;
  /** Bumped by the app whenever the shipped definition or data changes. */
  version: number;
  /** The definition, JSON text. */
  json: string;
  /** Default: the definition's `title`, else its id. */
  title?: string;
  /** If given: the scenario's series, replaced (non-imported ones) whenever the row is inserted or upgraded. */
  series?: readonly Omit<SeriesInput, 'scenarioId'>[];
}

/** What {@link seedBuiltins} did, by scenario id. */
export interface SeedReport {
  inserted: string[];
  upgraded: string[];
  /** Already at this version, or newer in the store (never downgraded). */
  unchanged: string[];
  /** A user scenario holds this id; it was left alone and the built-in was not installed. */
  blockedByUserRow: string[];
}

function titleOf(definition: { id: string; title?: string }, parsed: unknown): string {
  if (definition.title !== undefined)
    return requireText(definition.title, `title of scenario ${definition.id}`);
  const title = (parsed as { title?: unknown } | null)?.title;
  return typeof title === 'string' && title.trim() !== '' ? title : definition.id;
}

/**
 * Installs the shipped scenarios in one transaction: inserts missing ones, upgrades in place those
 * whose shipped version is newer (runs keep pointing at them and record the version they used),
 * never downgrades, and never touches a user row (builtin = 0).
 */
export function seedBuiltins(store: Store, definitions: readonly BuiltinScenarioDefinition[]): SeedReport {
  // A definition's JSON (and series) is read only for a row written now: a start whose built-ins
  // are all stored at their version reads none (library.ts builds them on demand).
  const prepared = definitions.map((d) => ({
    definition: d,
    id: requireText(d.id, 'scenario id'),
    version: requireInteger(d.version, `version of scenario ${d.id}`, 1),
  }));
  const contentOf = (d: BuiltinScenarioDefinition) => {
    const json = d.json;
    return { json, title: titleOf(d, parseCheckedJson(json, `Built-in scenario ${d.id}`)) };
  };
  // Checked before the transaction, so a bad definition writes nothing.
  const writes = new Map<string, { json: string; title: string }>();
  for (const { definition, id, version } of prepared) {
    const existing = statement<[string], { version: number; builtin: number }>(
      store.db,
      'SELECT version, builtin FROM scenarios WHERE id = ?',
    ).get(id);
    if (existing === undefined || (existing.builtin === 1 && existing.version < version)) {
      writes.set(id, contentOf(definition));
    }
  }
  // Another process may have changed a row since: whatever is written now is checked too (a throw
  // here rolls the whole seeding back).
  const content = (d: BuiltinScenarioDefinition) => {
    let c = writes.get(d.id);
    if (c === undefined) writes.set(d.id, (c = contentOf(d)));
    return c;
  };
  const report: SeedReport = { inserted: [], upgraded: [], unchanged: [], blockedByUserRow: [] };
  const db = store.db;
  writeTransaction(store, () => {
    for (const { definition, id, version } of prepared) {
      const existing = statement<[string], { version: number; builtin: number }>(
        db,
        'SELECT version, builtin FROM scenarios WHERE id = ?',
      ).get(id);
      const now = store.nowMs();
      if (existing === undefined) {
        statement(
          db,
          `INSERT INTO scenarios (id, version, builtin, title, json, created_at_ms, updated_at_ms)
           VALUES (?, ?, 1, ?, ?, ?, ?)`,
        ).run(id, version, content(definition).title, content(definition).json, now, now);
        report.inserted.push(id);
      } else if (existing.builtin !== 1) {
        report.blockedByUserRow.push(id);
        continue;
      } else if (existing.version < version) {
        statement(
          db,
          'UPDATE scenarios SET version = ?, title = ?, json = ?, updated_at_ms = ? WHERE id = ? AND builtin = 1',
        ).run(version, content(definition).title, content(definition).json, now, id);
        report.upgraded.push(id);
      } else {
        report.unchanged.push(id);
        continue;
      }
      const series = definition.series;
      if (series !== undefined) {
        statement(db, 'DELETE FROM series WHERE scenario_id = ? AND import_id IS NULL').run(id);
        for (const s of series) writeSeries(store, { ...s, scenarioId: id });
      }
    }
  });
  return report;
}

const SELECT_META = 'SELECT id, version, builtin, title, created_at_ms, updated_at_ms FROM scenarios';

/** All scenarios without JSON: built-ins first, then by title. */
export function listScenarios(store: Store): ScenarioMeta[] {
  return statement<[], Omit<ScenarioRow, 'json'>>(store.db, `${SELECT_META} ORDER BY builtin DESC, title, id`)
    .all()
    .map(metaFromRow);
}

/** One scenario with its JSON. Throws `not-found`. */
export function getScenario(store: Store, id: string): ScenarioRecord {
  const row = statement<[string], ScenarioRow>(store.db, 'SELECT * FROM scenarios WHERE id = ?').get(id);
  return row === undefined ? notFound('scenario', id) : recordFromRow(row);
}

/** A user scenario to save (e.g. a copy of a built-in with edits). */
export interface UserScenarioInput {
  /** Default: a new UUID. An existing user scenario with this id is updated. */
  id?: string;
  title: string;
  /** Default 1. */
  version?: number;
  json: string;
}

/** Saves a user scenario. Refuses the id of a built-in: copy it under a new id instead. */
export function saveUserScenario(store: Store, input: UserScenarioInput): ScenarioMeta {
  parseCheckedJson(input.json, 'The scenario');
  const id = input.id ?? newId();
  const title = requireText(input.title, 'title');
  const version = requireInteger(input.version ?? 1, 'version', 1);
  return writeTransaction(store, () => {
    const existing = statement<[string], { builtin: number; created_at_ms: number }>(
      store.db,
      'SELECT builtin, created_at_ms FROM scenarios WHERE id = ?',
    ).get(id);
    if (existing?.builtin === 1) {
      throw new StoreError(
        'builtin-overwrite',
        `"${id}" is a built-in scenario and cannot be overwritten: save your edits as a new scenario (no id).`,
      );
    }
    const now = store.nowMs();
    statement(
      store.db,
      `INSERT INTO scenarios (id, version, builtin, title, json, created_at_ms, updated_at_ms)
       VALUES (@id, @version, 0, @title, @json, @now, @now)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, title = excluded.title, json = excluded.json,
         updated_at_ms = excluded.updated_at_ms
       WHERE builtin = 0`,
    ).run({ id, version, title, json: input.json, now });
    return {
      id,
      version,
      builtin: false,
      title,
      createdAtMs: existing?.created_at_ms ?? now,
      updatedAtMs: now,
    };
  });
}

/**
 * Deletes a user scenario with its series, populations and notes. Refuses built-ins, and
 * scenarios that still have runs (delete the runs first, so no result disappears by surprise).
 */
export function deleteUserScenario(store: Store, id: string): void {
  writeTransaction(store, () => {
    const row = statement<[string], { builtin: number }>(
      store.db,
      'SELECT builtin FROM scenarios WHERE id = ?',
    ).get(id);
    if (row === undefined) notFound('scenario', id);
    if (row.builtin === 1)
      throw new StoreError('builtin-overwrite', `"${id}" is a built-in scenario: it cannot be deleted.`);
    const runs =
      statement<[string], { n: number }>(
        store.db,
        'SELECT count(*) AS n FROM runs WHERE scenario_id = ?',
      ).get(id)?.n ?? 0;
    if (runs > 0) {
      throw new StoreError(
        'store-input',
        `Scenario "${id}" has ${runs} saved run(s): delete them first, then the scenario.`,
      );
    }
    statement(store.db, 'DELETE FROM scenarios WHERE id = ?').run(id);
  });
}
