/**
 * Sweeps and their finished runs (migration 6). Runs are written in batches, each batch one
 * transaction, with INSERT OR IGNORE on (sweep, inputs hash): a run that arrives twice is one row.
 * A sweep killed at any moment keeps every batch committed before it; nothing is half-written.
 */
import { randomUUID } from 'node:crypto';
import { checksummedBlob, sha256Hex, verifyBlob } from './blob-checksum.ts';
import type { Store } from './open-store.ts';
import { bytesToFloat64, float64ToBytes } from './float64-bytes.ts';
import { parseCheckedJson } from './safe-json.ts';
import { notFound, requireText, statement, writeTransaction } from './sql-support.ts';

export type SweepStatus = 'running' | 'stopped' | 'done' | 'failed';

export interface SweepInput {
  name: string;
  spec: unknown;
  resolved: unknown;
  metrics: readonly string[];
  engineVersion: string;
  gridRuns: number;
}

export interface SweepMeta {
  id: string;
  name: string;
  engineVersion: string;
  gridRuns: number;
  /** Grid runs finished (threshold-search runs are counted apart). */
  gridDone: number;
  thresholdRuns: number;
  status: SweepStatus;
  error: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface SweepRecord extends SweepMeta {
  spec: unknown;
  resolved: unknown;
  metrics: string[];
}

export interface SweepRunRow {
  inputsHash: string;
  phase: 'grid' | 'threshold';
  /** Grid index, or null for a threshold-search run. */
  runIndex: number | null;
  point: number;
  seed: number;
  shock: number;
  metrics: number[];
  pricePath: Float64Array;
}

interface MetaRow {
  id: string;
  name: string;
  engine_version: string;
  grid_runs: number;
  status: SweepStatus;
  error: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  grid_done: number;
  threshold_runs: number;
}

const META_SQL = `SELECT s.id, s.name, s.engine_version, s.grid_runs, s.status, s.error, s.created_at_ms, s.updated_at_ms,
  (SELECT count(*) FROM sweep_runs r WHERE r.sweep_id = s.id AND r.phase = 'grid') AS grid_done,
  (SELECT count(*) FROM sweep_runs r WHERE r.sweep_id = s.id AND r.phase = 'threshold') AS threshold_runs
  FROM sweeps s`;

function metaOf(r: MetaRow): SweepMeta {
  return {
    id: r.id,
    name: r.name,
    engineVersion: r.engine_version,
    gridRuns: r.grid_runs,
    gridDone: r.grid_done,
    thresholdRuns: r.threshold_runs,
    status: r.status,
    error: r.error,
    createdAtMs: r.created_at_ms,
    updatedAtMs: r.updated_at_ms,
  };
}

/** A new sweep id: short enough to type (`sw-` and 10 hex digits). */
export function newSweepId(): string {
  return `sw-${randomUUID().replace(/-/g, '').slice(0, 10)}`;
}

/** Creates a sweep (status running). */
export function createSweep(store: Store, input: SweepInput, id = newSweepId()): SweepMeta {
  const now = store.nowMs();
  statement(
    store.db,
    `INSERT INTO sweeps (id, name, spec_json, resolved_json, metrics_json, engine_version, grid_runs, status, error, created_at_ms, updated_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'running', NULL, ?, ?)`,
  ).run(
    id,
    requireText(input.name, 'sweep name'),
    JSON.stringify(input.spec),
    JSON.stringify(input.resolved),
    JSON.stringify(input.metrics),
    input.engineVersion,
    input.gridRuns,
    now,
    now,
  );
  return getSweepMeta(store, id);
}

export function getSweepMeta(store: Store, id: string): SweepMeta {
  const row = statement<[string], MetaRow>(store.db, `${META_SQL} WHERE s.id = ?`).get(id);
  if (!row) notFound('sweep', id);
  return metaOf(row);
}

export function getSweep(store: Store, id: string): SweepRecord {
  const meta = getSweepMeta(store, id);
  const row = statement<[string], { spec_json: string; resolved_json: string; metrics_json: string }>(
    store.db,
    'SELECT spec_json, resolved_json, metrics_json FROM sweeps WHERE id = ?',
  ).get(id)!;
  return {
    ...meta,
    spec: parseCheckedJson(row.spec_json, `sweep ${id}'s spec`),
    resolved: parseCheckedJson(row.resolved_json, `sweep ${id}'s inputs`, 256 * 1024 * 1024),
    metrics: parseCheckedJson(row.metrics_json, `sweep ${id}'s metrics`) as string[],
  };
}

/** Every sweep, oldest first. */
export function listSweeps(store: Store): SweepMeta[] {
  return statement<[], MetaRow>(store.db, `${META_SQL} ORDER BY s.created_at_ms, s.id`).all().map(metaOf);
}

export function setSweepStatus(
  store: Store,
  id: string,
  status: SweepStatus,
  error: string | null = null,
): void {
  const r = statement(
    store.db,
    'UPDATE sweeps SET status = ?, error = ?, updated_at_ms = ? WHERE id = ?',
  ).run(status, error, store.nowMs(), id);
  if (r.changes === 0) notFound('sweep', id);
}

/** Commits a batch of finished runs in one transaction; returns how many were new. */
export function insertSweepRuns(store: Store, sweepId: string, runs: readonly SweepRunRow[]): number {
  if (runs.length === 0) return 0;
  const now = store.nowMs();
  const insert = statement(
    store.db,
    `INSERT OR IGNORE INTO sweep_runs (sweep_id, inputs_hash, phase, run_index, point, seed, shock, metrics_json, price_path_f64, price_path_sha256, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return writeTransaction(store, () => {
    let added = 0;
    for (const r of runs) {
      const path = float64ToBytes(r.pricePath);
      added += insert.run(
        sweepId,
        r.inputsHash,
        r.phase,
        r.runIndex,
        r.point,
        r.seed,
        r.shock,
        JSON.stringify(r.metrics),
        path,
        sha256Hex(path),
        now,
      ).changes;
    }
    statement(store.db, 'UPDATE sweeps SET updated_at_ms = ? WHERE id = ?').run(now, sweepId);
    return added;
  });
}

interface RunDbRow {
  inputs_hash: string;
  phase: 'grid' | 'threshold';
  run_index: number | null;
  point: number;
  seed: number;
  shock: number;
  metrics_json: string;
  price_path_f64: Buffer | null;
  price_path_sha256: string | null;
}

/**
 * The finished runs of a sweep: grid runs by index, then threshold runs by point, shock, seed (a
 * fixed order whatever order they finished in). `withPaths: false` skips the price paths.
 */
export function listSweepRuns(
  store: Store,
  sweepId: string,
  options: { withPaths?: boolean } = {},
): SweepRunRow[] {
  const paths = options.withPaths !== false;
  const rows = statement<[string], RunDbRow>(
    store.db,
    `SELECT inputs_hash, phase, run_index, point, seed, shock, metrics_json, ${paths ? 'price_path_f64, price_path_sha256' : 'NULL AS price_path_f64, NULL AS price_path_sha256'}
     FROM sweep_runs WHERE sweep_id = ?
     ORDER BY phase = 'threshold', run_index, point, shock, seed, inputs_hash`,
  ).all(sweepId);
  const entry = checksummedBlob('sweep_runs', 'price_path_f64');
  for (const r of rows)
    verifyBlob(entry, `${sweepId}/${r.inputs_hash}`, r.price_path_f64, r.price_path_sha256);
  return rows.map((r) => ({
    inputsHash: r.inputs_hash,
    phase: r.phase,
    runIndex: r.run_index,
    point: r.point,
    seed: r.seed,
    shock: r.shock,
    metrics: JSON.parse(r.metrics_json) as number[],
    pricePath: r.price_path_f64 ? bytesToFloat64(r.price_path_f64, 'sweep price path') : new Float64Array(0),
  }));
}

/** Inputs hashes of the runs already committed (what a resume skips). */
export function finishedRunHashes(store: Store, sweepId: string): Set<string> {
  return new Set(
    statement<[string], { inputs_hash: string }>(
      store.db,
      'SELECT inputs_hash FROM sweep_runs WHERE sweep_id = ?',
    )
      .all(sweepId)
      .map((r) => r.inputs_hash),
  );
}

export function deleteSweep(store: Store, id: string): void {
  const r = statement(store.db, 'DELETE FROM sweeps WHERE id = ?').run(id);
  if (r.changes === 0) notFound('sweep', id);
}
