/**
 * Bundles: a selection of scenarios, designs and runs (with what they need) as ONE SQLite file of
 * the same schema, to move work between installs.
 *
 * Export: the closure of the selection (runs pull in their scenarios; scenarios pull in their
 * series, populations and the imports those series came from; notes on any of them if asked) is
 * written into a fresh file under a temporary name in one transaction, checked, and atomically
 * renamed into place. The file is in rollback-journal mode: no -wal beside it to lose.
 *
 * Import: the file is validated first (SQLite, application_id, schema not newer, integrity_check,
 * foreign_key_check) and an older bundle is migrated on a temporary copy; then everything goes in
 * ONE transaction. Conflict rules — nothing in the receiving store is ever overwritten:
 * - A row whose id is new here is inserted with its id.
 * - A row whose id exists here with identical content is skipped (re-importing is harmless).
 * - A row whose id exists here with different content is inserted under a NEW id, and every
 *   reference to it in the bundle (series, populations, runs, notes) follows the new id.
 * - A built-in scenario or preset that exists here is never replaced: the bundle's copy is
 *   skipped and the bundle's rows point at ours (a built-in's seeded series come with the app).
 *   One missing here is inserted as built-in/preset, so seeding can upgrade it later.
 * - A user design whose name equals a preset's is renamed "<name> (imported)".
 */
import type Database from 'better-sqlite3';
import { openDatabase } from './native-binding.ts';
import fs from 'node:fs';
import path from 'node:path';
import { validateDatabaseFile } from './backups.ts';
import { verifyRowBlobs } from './blob-checksum.ts';
import { LATEST_SCHEMA_VERSION, runMigrations } from './migrations.ts';
import type { Store } from './open-store.ts';
import { parseCheckedJson } from './safe-json.ts';
import { newId, notFound, statement, writeTransaction } from './sql-support.ts';
import { fsyncDir, fsyncFile } from './sqlite-file.ts';
import { StoreError } from './store-errors.ts';

type Row = Record<string, unknown>;
type TableName =
  'scenarios' | 'scenario_documents' | 'imports' | 'designs' | 'series' | 'populations' | 'runs' | 'notes';

/** Columns of each table at the latest schema, in insert order (parents before children). */
const TABLES: readonly { name: TableName; columns: readonly string[] }[] = [
  {
    name: 'scenarios',
    columns: ['id', 'version', 'builtin', 'title', 'json', 'created_at_ms', 'updated_at_ms'],
  },
  {
    name: 'scenario_documents',
    columns: ['scenario_id', 'format_version', 'protocols', 'json', 'created_at_ms', 'updated_at_ms'],
  },
  { name: 'imports', columns: ['id', 'file_name', 'sha256', 'rows', 'created_at_ms', 'report_json'] },
  {
    name: 'designs',
    columns: ['id', 'name', 'schema_version', 'json', 'preset', 'based_on', 'created_at_ms', 'updated_at_ms'],
  },
  {
    name: 'series',
    columns: [
      'id',
      'scenario_id',
      'import_id',
      'asset',
      'venue',
      'kind',
      'start_ms',
      'end_ms',
      'step_ms',
      'count',
      'timestamps_ms_f64',
      'values_f64',
      'timestamps_sha256',
      'values_sha256',
      'source',
      'created_at_ms',
    ],
  },
  {
    name: 'populations',
    columns: ['id', 'scenario_id', 'name', 'json', 'data', 'data_sha256', 'created_at_ms', 'updated_at_ms'],
  },
  {
    name: 'runs',
    columns: [
      'id',
      'scenario_id',
      'scenario_version',
      'design_id',
      'design_json',
      'design_hash',
      'population_id',
      'seed',
      'engine_version',
      'accounts',
      'created_at_ms',
      'summary_json',
      'waves_json',
      'events_deflate',
      'series_bin',
      'events_sha256',
      'series_sha256',
    ],
  },
  { name: 'notes', columns: ['id', 'target_kind', 'target_id', 'text', 'created_at_ms', 'updated_at_ms'] },
];

// Table and column names below come only from the constant TABLES list; every value is bound.
function insertSql(table: (typeof TABLES)[number]): string {
  return `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES (${table.columns.map((c) => `@${c}`).join(', ')})`;
}
function selectSql(table: (typeof TABLES)[number], where: string): string {
  return `SELECT ${table.columns.join(', ')} FROM ${table.name} WHERE ${where}`;
}
function tableSpec(name: TableName): (typeof TABLES)[number] {
  const spec = TABLES.find((t) => t.name === name);
  if (spec === undefined) throw new Error(`unknown table ${name}`);
  return spec;
}

/** What to put in a bundle. Runs bring their scenarios; scenarios bring their data. */
export interface BundleSelection {
  scenarioIds?: readonly string[];
  designIds?: readonly string[];
  runIds?: readonly string[];
  /** Also export the notes on every exported scenario, design and run. */
  includeNotes?: boolean;
}

/** Rows written per table. */
export type BundleCounts = Record<TableName, number>;

function zeroCounts(): BundleCounts {
  return {
    scenarios: 0,
    scenario_documents: 0,
    imports: 0,
    designs: 0,
    series: 0,
    populations: 0,
    runs: 0,
    notes: 0,
  };
}

function selectByIds(db: Database.Database, table: TableName, column: string, ids: readonly string[]): Row[] {
  if (ids.length === 0) return [];
  const spec = tableSpec(table);
  if (!spec.columns.includes(column)) throw new Error(`unknown column ${column}`);
  return db
    .prepare<[string], Row>(selectSql(spec, `${column} IN (SELECT value FROM json_each(?))`))
    .all(JSON.stringify(ids));
}

function unique(values: Iterable<unknown>): string[] {
  const out = new Set<string>();
  for (const v of values) if (typeof v === 'string') out.add(v);
  return [...out];
}

/** Reads the selection's closure from `db` (inside the caller's read transaction). */
function collectSelection(db: Database.Database, selection: BundleSelection): Record<TableName, Row[]> {
  const runIds = unique(selection.runIds ?? []);
  const runs = selectByIds(db, 'runs', 'id', runIds);
  const missingRun = runIds.find((id) => !runs.some((r) => r['id'] === id));
  if (missingRun !== undefined) notFound('run', missingRun);
  const scenarioIds = unique([...(selection.scenarioIds ?? []), ...runs.map((r) => r['scenario_id'])]);
  const scenarios = selectByIds(db, 'scenarios', 'id', scenarioIds);
  const missingScenario = scenarioIds.find((id) => !scenarios.some((s) => s['id'] === id));
  if (missingScenario !== undefined) notFound('scenario', missingScenario);
  const designIds = unique(selection.designIds ?? []);
  const designs = selectByIds(db, 'designs', 'id', designIds);
  const missingDesign = designIds.find((id) => !designs.some((d) => d['id'] === id));
  if (missingDesign !== undefined) notFound('design', missingDesign);
  const series = selectByIds(db, 'series', 'scenario_id', scenarioIds);
  const imports = selectByIds(db, 'imports', 'id', unique(series.map((s) => s['import_id'])));
  const populations = selectByIds(db, 'populations', 'scenario_id', scenarioIds);
  const scenarioDocuments = selectByIds(db, 'scenario_documents', 'scenario_id', scenarioIds);
  let notes: Row[] = [];
  if (selection.includeNotes === true) {
    notes = [
      ...selectByIds(db, 'notes', 'target_id', scenarioIds).filter((n) => n['target_kind'] === 'scenario'),
      ...selectByIds(db, 'notes', 'target_id', designIds).filter((n) => n['target_kind'] === 'design'),
      ...selectByIds(db, 'notes', 'target_id', runIds).filter((n) => n['target_kind'] === 'run'),
    ];
  }
  return {
    scenarios,
    scenario_documents: scenarioDocuments,
    imports,
    designs,
    series,
    populations,
    runs,
    notes,
  };
}

/**
 * Writes the selection (and its closure) into a new bundle file at `file`, replacing any file
 * there only once the new one is complete and checked. Returns the rows written per table.
 */
export function exportBundle(store: Store, file: string, selection: BundleSelection): BundleCounts {
  const target = path.resolve(file);
  if (target === path.resolve(store.path)) {
    throw new StoreError(
      'store-input',
      'A bundle cannot be written over the open database: choose another file name.',
    );
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.partial-${newId()}`;
  const counts = zeroCounts();
  let bundle: Database.Database | undefined;
  try {
    bundle = openDatabase(temp);
    const out = bundle;
    out.pragma('journal_mode = DELETE');
    out.pragma('synchronous = FULL');
    out.pragma('foreign_keys = ON');
    runMigrations(out);
    // One read transaction on the store: the bundle is a consistent snapshot.
    store.db.transaction(() => {
      const rows = collectSelection(store.db, selection);
      // A damaged blob is refused here, naming its row, rather than carried to another machine.
      for (const table of TABLES) for (const row of rows[table.name]) verifyRowBlobs(table.name, row);
      out.transaction(() => {
        for (const table of TABLES) {
          const insert = out.prepare(insertSql(table));
          for (const row of rows[table.name]) insert.run(row);
          counts[table.name] = rows[table.name].length;
        }
      })();
    })();
    const check = out.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the new bundle failed quick_check: ${String(check)}`);
    out.close();
    bundle = undefined;
    fsyncFile(temp);
    fs.renameSync(temp, target);
    fsyncDir(path.dirname(target));
  } catch (error) {
    bundle?.close();
    // Our own unfinished file: it never held anything that is not still in the store.
    fs.rmSync(temp, { force: true });
    fs.rmSync(`${temp}-journal`, { force: true });
    throw error;
  }
  return counts;
}

/** What {@link importBundle} did per table, and where renamed rows went. */
export interface BundleImportReport {
  inserted: BundleCounts;
  /** Identical rows already here, and built-ins/presets we already have. */
  skipped: BundleCounts;
  /** Conflicting ids inserted under new ids (included in `inserted`). */
  renamed: BundleCounts;
  /** Bundle id → id in this store, per table, for every row that was imported or matched. */
  idMap: Record<TableName, Map<string, string>>;
}

function sameContent(a: Row, b: Row, columns: readonly string[]): boolean {
  return columns.every((c) => {
    if (c === 'id' || c === 'created_at_ms' || c === 'updated_at_ms') return true;
    const x = a[c];
    const y = b[c];
    if (Buffer.isBuffer(x) && Buffer.isBuffer(y)) return x.equals(y);
    return x === y;
  });
}

function presetNames(store: Store): Set<string> {
  return new Set(
    statement<[], { name: string }>(store.db, 'SELECT name FROM designs WHERE preset = 1')
      .all()
      .map((r) => r.name.trim().toLowerCase()),
  );
}

function deconflictName(name: string, presets: Set<string>): string {
  if (!presets.has(name.trim().toLowerCase())) return name;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${name} (imported)` : `${name} (imported ${n})`;
    if (!presets.has(candidate.trim().toLowerCase())) return candidate;
  }
}

/** Refuses a bundle row whose blob does not match its checksum (damaged in transit or on disk). */
function verifyBundleRow(file: string, table: TableName, row: Row): void {
  try {
    verifyRowBlobs(table, row);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    throw new StoreError(
      'bundle-invalid',
      `The bundle ${file} is damaged: ${error.message.replace(/ It was not used\..*$/, '')}. Nothing was imported; export the bundle again.`,
    );
  }
}

/** Opens the bundle for reading, migrating a temporary copy when it is older than this app. */
function openBundleForImport(store: Store, file: string): { db: Database.Database; cleanup: () => void } {
  const { schemaVersion } = validateDatabaseFile(file, { what: 'bundle', code: 'bundle-invalid' });
  if (schemaVersion === LATEST_SCHEMA_VERSION) {
    const db = openDatabase(file, { readonly: true, fileMustExist: true });
    return { db, cleanup: () => db.close() };
  }
  const copy = path.join(store.dataDir, `.bundle-import-${newId()}.sqlite`);
  const remove = (): void => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  };
  fs.copyFileSync(file, copy);
  try {
    const db = openDatabase(copy, { fileMustExist: true });
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma('foreign_keys = ON');
      runMigrations(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return {
      db,
      cleanup: () => {
        db.close();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw new StoreError(
      'bundle-invalid',
      `The bundle ${file} could not be upgraded to this app's schema: ${(error as Error).message}.`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Imports a bundle into `store` in ONE transaction, following the conflict rules in the file
 * comment: never overwrites anything here. Throws `bundle-invalid` (before touching the store)
 * for a file that is not a good Cascade Lab bundle.
 */
export function importBundle(
  store: Store,
  file: string,
  options: {
    /**
     * Checks each of the bundle's scenarios (with its user document, if any) BEFORE anything is
     * stored; throwing refuses the whole bundle. The store does not interpret scenarios: the
     * services pass the engine's validation here.
     */
    validateScenario?: (
      scenario: { id: string; version: number; builtin: boolean; json: string },
      document: { formatVersion: number; protocols: number; json: string } | null,
    ) => void;
  } = {},
): BundleImportReport {
  const { db: bundle, cleanup } = openBundleForImport(store, path.resolve(file));
  try {
    // Streams rows (a bundle's runs and series can be large); the bundle is a separate connection.
    const read = (table: TableName): IterableIterator<Row> =>
      bundle.prepare<[], Row>(selectSql(tableSpec(table), '1 ORDER BY rowid')).iterate();
    const documents = new Map<string, Row>();
    for (const row of read('scenario_documents')) documents.set(String(row['scenario_id']), row);
    for (const row of read('scenarios')) {
      parseCheckedJson(row['json'], `Bundle scenario ${String(row['id'])}`);
      const doc = documents.get(String(row['id']));
      if (doc !== undefined) parseCheckedJson(doc['json'], `Bundle scenario ${String(row['id'])}'s document`);
      options.validateScenario?.(
        {
          id: String(row['id']),
          version: Number(row['version']),
          builtin: row['builtin'] === 1,
          json: String(row['json']),
        },
        doc === undefined
          ? null
          : {
              formatVersion: Number(doc['format_version']),
              protocols: Number(doc['protocols']),
              json: String(doc['json']),
            },
      );
    }
    for (const row of read('designs')) parseCheckedJson(row['json'], `Bundle design ${String(row['id'])}`);

    const report: BundleImportReport = {
      inserted: zeroCounts(),
      skipped: zeroCounts(),
      renamed: zeroCounts(),
      idMap: {
        scenarios: new Map(),
        scenario_documents: new Map(),
        imports: new Map(),
        designs: new Map(),
        series: new Map(),
        populations: new Map(),
        runs: new Map(),
        notes: new Map(),
      },
    };
    const map = report.idMap;
    const remap = (table: TableName, id: unknown): unknown =>
      typeof id === 'string' ? (map[table].get(id) ?? id) : id;
    /** Builtin scenarios we already had: their seeded (non-imported) series come from the app. */
    const keptOurBuiltin = new Set<string>();

    writeTransaction(store, () => {
      const db = store.db;
      const existing = (table: TableName, id: unknown): Row | undefined =>
        statement<[unknown], Row>(db, selectSql(tableSpec(table), 'id = ?')).get(id);
      const put = (table: TableName, row: Row, bundleId: string): void => {
        const spec = tableSpec(table);
        verifyBundleRow(file, table, row);
        const here = existing(table, row['id']);
        if (here !== undefined && sameContent(here, row, spec.columns)) {
          map[table].set(bundleId, String(row['id']));
          report.skipped[table]++;
          return;
        }
        const id = here === undefined ? String(row['id']) : newId();
        if (here !== undefined) report.renamed[table]++;
        statement(db, insertSql(spec)).run({ ...row, id });
        map[table].set(bundleId, id);
        report.inserted[table]++;
      };

      /** A user scenario's document follows its scenario (keyed by scenario id, not an id of its own). */
      const putDocument = (row: Row): void => {
        const bundleScenario = String(row['scenario_id']);
        const scenarioId = map.scenarios.get(bundleScenario);
        if (scenarioId === undefined || keptOurBuiltin.has(bundleScenario)) {
          report.skipped.scenario_documents++;
          return;
        }
        const spec = tableSpec('scenario_documents');
        const here = statement<[string], Row>(db, selectSql(spec, 'scenario_id = ?')).get(scenarioId);
        if (here !== undefined) {
          report.skipped.scenario_documents++;
          return;
        }
        statement(db, insertSql(spec)).run({ ...row, scenario_id: scenarioId });
        report.inserted.scenario_documents++;
      };
      for (const row of read('scenarios')) {
        const id = String(row['id']);
        const here = existing('scenarios', id);
        if (row['builtin'] === 1 && here?.['builtin'] === 1) {
          map.scenarios.set(id, id);
          keptOurBuiltin.add(id);
          report.skipped.scenarios++;
          continue;
        }
        // A user scenario, or a built-in whose id a user row holds here: never replace ours.
        put('scenarios', here?.['builtin'] === 0 && row['builtin'] === 1 ? { ...row, builtin: 0 } : row, id);
      }
      for (const row of read('scenario_documents')) putDocument(row);
      for (const row of read('imports')) put('imports', row, String(row['id']));

      const presets = presetNames(store);
      for (const row of read('designs')) {
        const id = String(row['id']);
        const here = existing('designs', id);
        if (row['preset'] === 1 && here?.['preset'] === 1) {
          map.designs.set(id, id);
          report.skipped.designs++;
          continue;
        }
        const name = String(row['name']);
        const asPreset = row['preset'] === 1 && here === undefined && !presets.has(name.trim().toLowerCase());
        const imported = asPreset ? row : { ...row, preset: 0, name: deconflictName(name, presets) };
        put('designs', imported, id);
        if (asPreset) presets.add(name.trim().toLowerCase());
      }

      for (const row of read('series')) {
        const scenarioId = row['scenario_id'];
        if (typeof scenarioId === 'string' && keptOurBuiltin.has(scenarioId) && row['import_id'] === null) {
          report.skipped.series++;
          continue;
        }
        put(
          'series',
          {
            ...row,
            scenario_id: remap('scenarios', scenarioId),
            import_id: remap('imports', row['import_id']),
          },
          String(row['id']),
        );
      }
      for (const row of read('populations')) {
        put(
          'populations',
          { ...row, scenario_id: remap('scenarios', row['scenario_id']) },
          String(row['id']),
        );
      }
      for (const row of read('runs')) {
        put(
          'runs',
          {
            ...row,
            scenario_id: remap('scenarios', row['scenario_id']),
            design_id: remap('designs', row['design_id']),
            population_id: remap('populations', row['population_id']),
          },
          String(row['id']),
        );
      }
      for (const row of read('notes')) {
        const kind = row['target_kind'];
        const table: TableName = kind === 'run' ? 'runs' : kind === 'design' ? 'designs' : 'scenarios';
        put('notes', { ...row, target_id: remap(table, row['target_id']) }, String(row['id']));
      }
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new StoreError(
          'bundle-invalid',
          `The bundle ${file} left ${violations.length} dangling reference(s); nothing was imported.`,
        );
      }
    });
    return report;
  } finally {
    cleanup();
  }
}
