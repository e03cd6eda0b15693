import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, runMigrations } from './migrations.ts';
import { openStore } from './open-store.ts';
import { deleteUserScenario, getScenario, seedBuiltins } from './scenarios.ts';
import { closeAfter, openTempStore, scenarioJson, tempDir } from './store-test-support.ts';
import { StoreError } from './store-errors.ts';
import {
  deleteImportedTable,
  getImportedTable,
  getScenarioDocument,
  listImportedTables,
  listScenarioDocuments,
  saveScenarioWithDocument,
  scenarioIdFree,
  writeImportedTable,
} from './user-scenarios.ts';

const SHA = 'a'.repeat(64);

function counts(db: Database.Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['scenarios', 'scenario_documents', 'imports', 'position_sets', 'ledgers']) {
    out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}

function input(id: string, version = 1, documentJson = '{"format":"cascade-lab/scenario"}') {
  return {
    id,
    title: `Scenario ${id}`,
    version,
    scenarioJson: scenarioJson(id, version),
    formatVersion: 1,
    protocols: 2,
    documentJson,
  };
}

describe('migration 5: user scenarios, positions, ledgers', () => {
  it('creates its tables on a fresh file, and upgrades a version-3 file keeping every row', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cascade-lab.sqlite');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    runMigrations(old, { upTo: 3 });
    old
      .prepare(
        "INSERT INTO scenarios VALUES ('mine', 1, 0, 'Mine', '{\"id\":\"mine\"}', 1, 1), ('bt', 1, 1, 'BT', '{}', 1, 1)",
      )
      .run();
    old.close();
    const store = await openStore({ dataDir: dir });
    closeAfter(() => store.close());
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(getScenario(store, 'mine').title).toBe('Mine');
    expect(counts(store.db)).toEqual({
      scenarios: 2,
      scenario_documents: 0,
      imports: 0,
      position_sets: 0,
      ledgers: 0,
    });
    // A built-in never gets a user document (second line of defence behind the services).
    expect(() =>
      store.db.prepare("INSERT INTO scenario_documents VALUES ('bt', 1, 1, '{}', 0, 0)").run(),
    ).toThrow(/built-in/);
  });
});

describe('user scenarios with their documents', () => {
  it('saves both in one transaction, lists protocol counts, and deletes the document with the scenario', async () => {
    const store = await openTempStore();
    const meta = saveScenarioWithDocument(store, input('carry'));
    expect(meta).toMatchObject({ id: 'carry', version: 1, builtin: false });
    expect(getScenarioDocument(store, 'carry')).toMatchObject({ protocols: 2, formatVersion: 1 });
    expect(listScenarioDocuments(store)).toEqual([{ scenarioId: 'carry', formatVersion: 1, protocols: 2 }]);
    expect(scenarioIdFree(store, 'carry')).toBe(false);
    expect(scenarioIdFree(store, 'other')).toBe(true);
    deleteUserScenario(store, 'carry');
    expect(getScenarioDocument(store, 'carry')).toBeNull();
    expect(counts(store.db).scenario_documents).toBe(0);
  });

  it('writes nothing when the document is not JSON, and refuses an edit that does not raise the version', async () => {
    const store = await openTempStore();
    expect(() => saveScenarioWithDocument(store, input('bad', 1, '{oops'))).toThrow(StoreError);
    expect(counts(store.db).scenarios).toBe(0);
    saveScenarioWithDocument(store, input('carry'));
    expect(() => saveScenarioWithDocument(store, input('carry', 1))).toThrow(/version 2/);
    saveScenarioWithDocument(store, input('carry', 2, '{"edited":true}'));
    expect(getScenario(store, 'carry').version).toBe(2);
    expect(getScenarioDocument(store, 'carry')?.json).toBe('{"edited":true}');
  });

  it('never overwrites a built-in', async () => {
    const store = await openTempStore();
    seedBuiltins(store, [{ id: 'bt', version: 1, json: scenarioJson('bt', 1) }]);
    expect(() => saveScenarioWithDocument(store, input('bt', 2))).toThrow(/built-in/);
    expect(getScenarioDocument(store, 'bt')).toBeNull();
  });
});

describe('imported positions files and ledgers', () => {
  it('stores rows with their provenance, lists them without rows, deletes them', async () => {
    const store = await openTempStore();
    const { importId, table } = writeImportedTable(store, {
      kind: 'positions',
      fileName: 'positions.csv',
      sha256: SHA,
      rows: 2,
      summary: { protocols: ['aave-like'] },
      json: '{"collateral":[1,2]}',
      report: { warnings: [] },
    });
    expect(table).toMatchObject({ kind: 'positions', importId, name: 'positions.csv', rows: 2 });
    expect(getImportedTable(store, 'positions', table.id).json).toBe('{"collateral":[1,2]}');
    expect(listImportedTables(store, 'positions').map((t) => t.id)).toEqual([table.id]);
    expect(listImportedTables(store, 'ledger')).toEqual([]);
    expect(() => getImportedTable(store, 'ledger', table.id)).toThrow(/No ledger/);
    expect(deleteImportedTable(store, 'positions', table.id)).toBe(true);
    expect(counts(store.db)).toMatchObject({ position_sets: 0, imports: 1 });
  });

  it('writes nothing for bad input', async () => {
    const store = await openTempStore();
    const good = {
      kind: 'ledger' as const,
      fileName: 'ledger.csv',
      sha256: SHA,
      rows: 1,
      summary: null,
      json: '[]',
      report: null,
    };
    expect(() => writeImportedTable(store, { ...good, sha256: 'x' })).toThrow(/sha256/);
    expect(() => writeImportedTable(store, { ...good, rows: 0 })).toThrow(/rows/);
    expect(() => writeImportedTable(store, { ...good, json: '{' })).toThrow(StoreError);
    expect(counts(store.db)).toMatchObject({ imports: 0, ledgers: 0 });
  });
});
