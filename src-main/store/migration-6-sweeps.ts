/**
 * Migration 6: sweeps. One row per sweep with its resolved inputs (the spec and the exact scenarios
 * and designs it ran, so a resume re-plans the same runs even if a preset or a saved design changed
 * since), and one row per finished run keyed by the run's inputs hash: a run written twice (a retried
 * worker, a resumed sweep) is one row, so none is lost or counted twice.
 * (Numbers 4 and 5 are other changes' migrations; this one is 6.)
 */
import type { Migration } from './migration.ts';

export const migration6: Migration = {
  version: 6,
  name: 'sweeps',
  up(db) {
    db.exec(`
      CREATE TABLE sweeps (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        spec_json TEXT NOT NULL CHECK (json_valid(spec_json)),
        resolved_json TEXT NOT NULL CHECK (json_valid(resolved_json)),
        metrics_json TEXT NOT NULL CHECK (json_valid(metrics_json)),
        engine_version TEXT NOT NULL,
        grid_runs INTEGER NOT NULL CHECK (grid_runs >= 0),
        status TEXT NOT NULL CHECK (status IN ('running', 'stopped', 'done', 'failed')),
        error TEXT,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sweeps_by_created ON sweeps (created_at_ms, id);

      -- run_index: the run's place in the grid (0…grid_runs−1); threshold-search runs have none.
      CREATE TABLE sweep_runs (
        sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        inputs_hash TEXT NOT NULL CHECK (length(inputs_hash) = 16),
        phase TEXT NOT NULL CHECK (phase IN ('grid', 'threshold')),
        run_index INTEGER CHECK ((phase = 'grid') = (run_index IS NOT NULL)),
        point INTEGER NOT NULL CHECK (point >= 0),
        seed INTEGER NOT NULL,
        shock REAL NOT NULL CHECK (shock >= 0),
        metrics_json TEXT NOT NULL CHECK (json_valid(metrics_json)),
        price_path_f64 BLOB NOT NULL CHECK (length(price_path_f64) % 8 = 0),
        -- SHA-256 of price_path_f64 (blob-checksum.ts), verified on read and by db check.
        price_path_sha256 TEXT NOT NULL CHECK (length(price_path_sha256) = 64),
        created_at_ms INTEGER NOT NULL,
        PRIMARY KEY (sweep_id, inputs_hash)
      ) STRICT;
      CREATE UNIQUE INDEX sweep_runs_by_index ON sweep_runs (sweep_id, run_index) WHERE run_index IS NOT NULL;
      CREATE TRIGGER sweep_runs_price_path_sha256_on_update BEFORE UPDATE OF price_path_f64, price_path_sha256 ON sweep_runs
      WHEN NEW.price_path_f64 IS NOT OLD.price_path_f64 AND NEW.price_path_sha256 IS OLD.price_path_sha256
      BEGIN SELECT RAISE(ABORT, 'a stored blob needs its SHA-256: write sweep_runs.price_path_f64 and sweep_runs.price_path_sha256 together'); END;
    `);
  },
};
