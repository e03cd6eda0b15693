/**
 * Saved runs: enough to reproduce one (scenario id + version, the design's JSON and hash, seed,
 * engine version, population) and to replay it without recomputing (summary, waves, the event
 * log deflate-compressed, the per-step series in a binary container). A run is immutable once
 * saved; user notes on it live in `notes` (target_kind 'run').
 */
import type zlibModule from 'node:zlib';
import { lazyPackage } from './lazy-package.ts';
import { sha256Hex, verifyRowBlobs } from './blob-checksum.ts';
import { listNotes } from './notes.ts';
import type { NoteRecord } from './notes.ts';
import type { Store } from './open-store.ts';
import { parseCheckedJson } from './safe-json.ts';
import { decodeSeriesContainer, encodeSeriesContainer } from './series-container.ts';
import type { NamedSeries } from './series-container.ts';
import { newId, notFound, requireInteger, requireText, statement, writeTransaction } from './sql-support.ts';
import { StoreError } from './store-errors.ts';

/** zlib, loaded by the first run stored or read (a command that stores none never loads it). */
const zlib = lazyPackage<typeof zlibModule>('node:zlib');

/** Largest inflated event log accepted on load, bytes (guards against a crafted bundle). */
export const MAX_EVENTS_JSON_BYTES = 512 * 1024 * 1024;

/** A finished run to save. */
export interface RunInput {
  /** Default: a new UUID. */
  id?: string;
  scenarioId: string;
  scenarioVersion: number;
  /** The saved design it used, if any (lineage only: the run keeps its own copy). */
  designId?: string | null;
  /** The exact design the engine ran, JSON text. */
  designJson: string;
  /** The engine's hash of the design parameters. */
  designHash: string;
  populationId?: string | null;
  /** The PRNG seed; a safe integer. */
  seed: number;
  engineVersion: string;
  /** Number of accounts simulated. */
  accounts: number;
  /** JSON-serialisable run summary. */
  summary: unknown;
  /** JSON-serialisable list of waves. */
  waves: unknown;
  /** JSON-serialisable event log; stored deflate-compressed. */
  events: unknown;
  /** Per-step series by name (prices, flows, bad debt, ...). */
  series: NamedSeries;
}

/** A run without its heavy parts (for lists). */
export interface RunMeta {
  id: string;
  scenarioId: string;
  scenarioVersion: number;
  designId: string | null;
  designHash: string;
  populationId: string | null;
  seed: number;
  engineVersion: string;
  accounts: number;
  createdAtMs: number;
  summary: unknown;
}

/** A loaded run, ready to replay. */
export interface RunRecord extends RunMeta {
  designJson: string;
  waves: unknown;
  events: unknown;
  series: Map<string, Float64Array>;
  notes: NoteRecord[];
}

interface RunMetaRow {
  id: string;
  scenario_id: string;
  scenario_version: number;
  design_id: string | null;
  design_hash: string;
  population_id: string | null;
  seed: number;
  engine_version: string;
  accounts: number;
  created_at_ms: number;
  summary_json: string;
}

/** A raw `runs` row (bundle import copies these as they are). */
export interface RunRow extends RunMetaRow {
  design_json: string;
  waves_json: string;
  events_deflate: Buffer;
  series_bin: Buffer;
  /** SHA-256 of events_deflate and of series_bin (blob-checksum.ts). */
  events_sha256: string;
  series_sha256: string;
}

function metaFromRow(row: RunMetaRow): RunMeta {
  return {
    id: row.id,
    scenarioId: row.scenario_id,
    scenarioVersion: row.scenario_version,
    designId: row.design_id,
    designHash: row.design_hash,
    populationId: row.population_id,
    seed: row.seed,
    engineVersion: row.engine_version,
    accounts: row.accounts,
    createdAtMs: row.created_at_ms,
    summary: JSON.parse(row.summary_json) as unknown,
  };
}

function toJson(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (text === undefined)
    throw new StoreError(
      'store-input',
      `The run's ${what} must be JSON-serialisable (not undefined or a function).`,
    );
  return text;
}

/** Saves a finished run in one statement. Returns its metadata. */
export function saveRun(store: Store, input: RunInput): RunMeta {
  parseCheckedJson(input.designJson, "The run's design");
  const events = zlib().deflateSync(Buffer.from(toJson(input.events, 'events'), 'utf8'));
  const series = encodeSeriesContainer(input.series);
  const row: RunRow = {
    id: input.id ?? newId(),
    scenario_id: requireText(input.scenarioId, 'scenarioId'),
    scenario_version: requireInteger(input.scenarioVersion, 'scenarioVersion', 1),
    design_id: input.designId ?? null,
    design_json: input.designJson,
    design_hash: requireText(input.designHash, 'designHash'),
    population_id: input.populationId ?? null,
    seed: requireInteger(input.seed, 'seed'),
    engine_version: requireText(input.engineVersion, 'engineVersion'),
    accounts: requireInteger(input.accounts, 'accounts', 0),
    created_at_ms: store.nowMs(),
    summary_json: toJson(input.summary, 'summary'),
    waves_json: toJson(input.waves, 'waves'),
    events_deflate: events,
    series_bin: series,
    events_sha256: sha256Hex(events),
    series_sha256: sha256Hex(series),
  };
  writeTransaction(store, () => {
    const scenario = statement<[string], { n: number }>(
      store.db,
      'SELECT count(*) AS n FROM scenarios WHERE id = ?',
    ).get(row.scenario_id);
    if ((scenario?.n ?? 0) === 0) notFound('scenario', row.scenario_id);
    insertRunRow(store, row);
  });
  return metaFromRow(row);
}

/** Inserts a raw run row (also used by bundle import). */
export function insertRunRow(store: Store, row: RunRow): void {
  statement<[RunRow]>(
    store.db,
    `INSERT INTO runs (id, scenario_id, scenario_version, design_id, design_json, design_hash, population_id, seed,
                       engine_version, accounts, created_at_ms, summary_json, waves_json, events_deflate, series_bin,
                       events_sha256, series_sha256)
     VALUES (@id, @scenario_id, @scenario_version, @design_id, @design_json, @design_hash, @population_id, @seed,
             @engine_version, @accounts, @created_at_ms, @summary_json, @waves_json, @events_deflate, @series_bin,
             @events_sha256, @series_sha256)`,
  ).run(row);
}

/** Runs without their heavy parts, newest first; optionally one scenario's, at most `limit`. */
export function listRuns(store: Store, filter: { scenarioId?: string; limit?: number } = {}): RunMeta[] {
  const limit = requireInteger(filter.limit ?? -1, 'limit', -1);
  const columns = `id, scenario_id, scenario_version, design_id, design_hash, population_id, seed, engine_version,
                   accounts, created_at_ms, summary_json`;
  if (filter.scenarioId === undefined) {
    return statement<[number], RunMetaRow>(
      store.db,
      `SELECT ${columns} FROM runs ORDER BY created_at_ms DESC, id LIMIT ?`,
    )
      .all(limit)
      .map(metaFromRow);
  }
  return statement<[string, number], RunMetaRow>(
    store.db,
    `SELECT ${columns} FROM runs WHERE scenario_id = ? ORDER BY created_at_ms DESC, id LIMIT ?`,
  )
    .all(filter.scenarioId, limit)
    .map(metaFromRow);
}

/** Loads a run with everything needed to replay it. Throws `not-found`. */
export function getRun(store: Store, id: string): RunRecord {
  const row = statement<[string], RunRow>(store.db, 'SELECT * FROM runs WHERE id = ?').get(id);
  if (row === undefined) return notFound('run', id);
  verifyRowBlobs('runs', row as unknown as Record<string, unknown>);
  let eventsText: string;
  try {
    eventsText = zlib()
      .inflateSync(row.events_deflate, { maxOutputLength: MAX_EVENTS_JSON_BYTES })
      .toString('utf8');
  } catch (error) {
    throw new StoreError(
      'store-input',
      `The event log of run ${id} is damaged (${(error as Error).message}): recompute the run.`,
      {
        cause: error,
      },
    );
  }
  return {
    ...metaFromRow(row),
    designJson: row.design_json,
    waves: JSON.parse(row.waves_json) as unknown,
    events: JSON.parse(eventsText) as unknown,
    series: decodeSeriesContainer(row.series_bin),
    notes: listNotes(store, { targetKind: 'run', targetId: id }),
  };
}

/** Deletes a run and its notes; true when one was deleted. */
export function deleteRun(store: Store, id: string): boolean {
  return writeTransaction(
    store,
    () => statement<[string]>(store.db, 'DELETE FROM runs WHERE id = ?').run(id).changes > 0,
  );
}
