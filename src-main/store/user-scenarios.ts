/**
 * Scenarios users bring: a user scenario's document (what the user wrote, in the
 * cascade-lab/scenario format, beside its engine definition in `scenarios`), and positions files and
 * event ledgers imported on their own, each with its provenance row in `imports`, written in one
 * transaction. The store does not interpret the JSON it keeps here: the services parse it.
 */
import type { Store } from './open-store.ts';
import { parseCheckedJson } from './safe-json.ts';
import { getScenario, saveUserScenario } from './scenarios.ts';
import type { ScenarioMeta } from './scenarios.ts';
import { newId, notFound, requireInteger, requireText, statement, writeTransaction } from './sql-support.ts';
import { StoreError } from './store-errors.ts';

/** The document a user scenario was written as. */
export interface ScenarioDocumentRecord {
  scenarioId: string;
  formatVersion: number;
  /** Number of protocols in the crash. */
  protocols: number;
  /** The document, JSON text. */
  json: string;
  createdAtMs: number;
  updatedAtMs: number;
}

interface DocumentRow {
  scenario_id: string;
  format_version: number;
  protocols: number;
  json: string;
  created_at_ms: number;
  updated_at_ms: number;
}

function documentFromRow(row: DocumentRow): ScenarioDocumentRecord {
  return {
    scenarioId: row.scenario_id,
    formatVersion: row.format_version,
    protocols: row.protocols,
    json: row.json,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

/** A user scenario to save: its engine definition and the document it came from. */
export interface UserScenarioWithDocument {
  /** Default: a new UUID. An existing user scenario with this id is replaced (its version must be newer). */
  id?: string;
  title: string;
  /** The engine definition's version (bump it on every edit, so runs know which one they used). */
  version: number;
  /** The engine definition, JSON text. */
  scenarioJson: string;
  formatVersion: number;
  protocols: number;
  /** The document, JSON text. */
  documentJson: string;
}

/**
 * Saves a user scenario and its document in ONE transaction (both or neither, with whatever
 * `before` writes). Refuses a built-in's
 * id, and a version that is not newer than the one stored (an edit must be told apart from the
 * definition earlier runs used).
 */
export function saveScenarioWithDocument(
  store: Store,
  input: UserScenarioWithDocument,
  /** Runs first inside the same transaction (e.g. saving the designs the scenario names); synchronous. */
  before?: () => void,
): ScenarioMeta {
  parseCheckedJson(input.documentJson, 'The scenario document');
  const formatVersion = requireInteger(input.formatVersion, 'formatVersion', 1);
  const protocols = requireInteger(input.protocols, 'protocols', 1);
  return writeTransaction(store, () => {
    before?.();
    if (input.id !== undefined) {
      const existing = statement<[string], { version: number; builtin: number }>(
        store.db,
        'SELECT version, builtin FROM scenarios WHERE id = ?',
      ).get(input.id);
      if (existing !== undefined && existing.builtin === 0 && existing.version >= input.version) {
        throw new StoreError(
          'store-input',
          `Scenario "${input.id}" is at version ${existing.version} here: save the edit as version ${existing.version + 1}.`,
        );
      }
    }
    const meta = saveUserScenario(store, {
      ...(input.id !== undefined ? { id: input.id } : {}),
      title: input.title,
      version: input.version,
      json: input.scenarioJson,
    });
    const now = store.nowMs();
    statement(
      store.db,
      `INSERT INTO scenario_documents (scenario_id, format_version, protocols, json, created_at_ms, updated_at_ms)
       VALUES (@id, @formatVersion, @protocols, @json, @now, @now)
       ON CONFLICT (scenario_id) DO UPDATE SET format_version = excluded.format_version,
         protocols = excluded.protocols, json = excluded.json, updated_at_ms = excluded.updated_at_ms`,
    ).run({ id: meta.id, formatVersion, protocols, json: input.documentJson, now });
    return meta;
  });
}

/** The document of a user scenario, or null (a built-in, or a user scenario saved without one). */
export function getScenarioDocument(store: Store, scenarioId: string): ScenarioDocumentRecord | null {
  const row = statement<[string], DocumentRow>(
    store.db,
    'SELECT * FROM scenario_documents WHERE scenario_id = ?',
  ).get(scenarioId);
  return row === undefined ? null : documentFromRow(row);
}

/** Protocol count and format of every user scenario's document, by scenario id. */
export function listScenarioDocuments(
  store: Store,
): { scenarioId: string; formatVersion: number; protocols: number }[] {
  return statement<[], { scenario_id: string; format_version: number; protocols: number }>(
    store.db,
    'SELECT scenario_id, format_version, protocols FROM scenario_documents ORDER BY scenario_id',
  )
    .all()
    .map((r) => ({ scenarioId: r.scenario_id, formatVersion: r.format_version, protocols: r.protocols }));
}

/** Whether a scenario id is free (no built-in or user scenario holds it). */
export function scenarioIdFree(store: Store, id: string): boolean {
  try {
    getScenario(store, id);
    return false;
  } catch (error) {
    if (error instanceof StoreError && error.code === 'not-found') return true;
    throw error;
  }
}

/** A table of rows imported from a file: a positions file or an event ledger. */
export type ImportedTableKind = 'positions' | 'ledger';

// Table names come only from this constant map; every value is bound.
const TABLES: Record<ImportedTableKind, 'position_sets' | 'ledgers'> = {
  positions: 'position_sets',
  ledger: 'ledgers',
};

/** An imported table without its rows (for lists). */
export interface ImportedTableMeta {
  id: string;
  kind: ImportedTableKind;
  importId: string | null;
  name: string;
  rows: number;
  /** What the importer found (protocols, assets, time range …), parsed. */
  summary: unknown;
  createdAtMs: number;
}

/** An imported table with its rows. */
export interface ImportedTableRecord extends ImportedTableMeta {
  /** The parsed rows as the importer wrote them, JSON text. */
  json: string;
}

interface TableRow {
  id: string;
  import_id: string | null;
  name: string;
  rows: number;
  summary_json: string;
  json?: string;
  created_at_ms: number;
}

function tableMeta(kind: ImportedTableKind, row: TableRow): ImportedTableMeta {
  return {
    id: row.id,
    kind,
    importId: row.import_id,
    name: row.name,
    rows: row.rows,
    summary: JSON.parse(row.summary_json) as unknown,
    createdAtMs: row.created_at_ms,
  };
}

/** A parsed positions file or ledger ready to store, with its file's provenance. */
export interface ImportedTableInput {
  kind: ImportedTableKind;
  fileName: string;
  /** SHA-256 of the imported file, 64 hex digits. */
  sha256: string;
  /** Default: the file name. */
  name?: string;
  rows: number;
  summary: unknown;
  /** The parsed rows, JSON text. */
  json: string;
  /** The importer's report (stored in `imports`). */
  report: unknown;
}

/**
 * Stores a parsed positions file or ledger and its provenance in ONE transaction: after a crash, a
 * kill or a full disk there is either the whole import or nothing.
 */
export function writeImportedTable(
  store: Store,
  input: ImportedTableInput,
): { importId: string; table: ImportedTableMeta } {
  const table = TABLES[input.kind];
  if (table === undefined)
    throw new StoreError('store-input', `kind must be "positions" or "ledger", not "${input.kind}".`);
  const fileName = requireText(input.fileName, 'fileName');
  if (typeof input.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(input.sha256)) {
    throw new StoreError('store-input', "sha256 must be the 64 hex digits of the imported file's SHA-256.");
  }
  const rows = requireInteger(input.rows, 'rows', 1);
  parseCheckedJson(input.json, `The ${input.kind} rows`);
  const summaryJson = JSON.stringify(input.summary ?? null);
  const reportJson = JSON.stringify(input.report ?? null);
  const name = requireText(input.name ?? fileName, 'name');
  const importId = newId();
  const id = newId();
  return writeTransaction(store, () => {
    const now = store.nowMs();
    statement<[string, string, string, number, number, string]>(
      store.db,
      'INSERT INTO imports (id, file_name, sha256, rows, created_at_ms, report_json) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(importId, fileName, input.sha256.toLowerCase(), rows, now, reportJson);
    statement(
      store.db,
      `INSERT INTO ${table} (id, import_id, name, rows, summary_json, json, created_at_ms)
       VALUES (@id, @importId, @name, @rows, @summaryJson, @json, @now)`,
    ).run({ id, importId, name, rows, summaryJson, json: input.json, now });
    return {
      importId,
      table: tableMeta(input.kind, {
        id,
        import_id: importId,
        name,
        rows,
        summary_json: summaryJson,
        created_at_ms: now,
      }),
    };
  });
}

/** One imported positions file or ledger with its rows. Throws `not-found`. */
export function getImportedTable(store: Store, kind: ImportedTableKind, id: string): ImportedTableRecord {
  const row = statement<[string], TableRow & { json: string }>(
    store.db,
    `SELECT * FROM ${TABLES[kind]} WHERE id = ?`,
  ).get(id);
  if (row === undefined) return notFound(kind === 'positions' ? 'positions file' : 'ledger', id);
  return { ...tableMeta(kind, row), json: row.json };
}

/** Imported positions files or ledgers, newest first, without their rows. */
export function listImportedTables(store: Store, kind: ImportedTableKind): ImportedTableMeta[] {
  return statement<[], TableRow>(
    store.db,
    `SELECT id, import_id, name, rows, summary_json, created_at_ms FROM ${TABLES[kind]}
      ORDER BY created_at_ms DESC, id`,
  )
    .all()
    .map((r) => tableMeta(kind, r));
}

/** Deletes an imported positions file or ledger (not its provenance row); true when one was deleted. */
export function deleteImportedTable(store: Store, kind: ImportedTableKind, id: string): boolean {
  return statement<[string]>(store.db, `DELETE FROM ${TABLES[kind]} WHERE id = ?`).run(id).changes > 0;
}
