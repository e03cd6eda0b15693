import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './blob-checksum.ts';
import { runMigrations } from './migrations.ts';
import { fakeClock, openTempStore, tempDir } from './store-test-support.ts';
import {
  createSweep,
  finishedRunHashes,
  getSweep,
  insertSweepRuns,
  listSweepRuns,
  listSweeps,
  setSweepStatus,
} from './sweeps.ts';
import type { SweepRunRow } from './sweeps.ts';

const input = {
  name: 'test sweep',
  spec: { format: 'cascade-lab-sweep' },
  resolved: { designs: [] },
  metrics: ['badDebtUsd'],
  engineVersion: 'e1',
  gridRuns: 3,
};

const row = (i: number | null, hash: string, extra: Partial<SweepRunRow> = {}): SweepRunRow => ({
  inputsHash: hash,
  phase: i === null ? 'threshold' : 'grid',
  runIndex: i,
  point: 0,
  seed: 1,
  shock: 1,
  metrics: [i ?? -1],
  pricePath: Float64Array.from([1, 2, 3]),
  ...extra,
});

describe('migration 6: sweeps', () => {
  it('creates the sweep tables; a grid run needs an index and a threshold run has none', () => {
    const db = new Database(path.join(tempDir(), 'm6.sqlite'));
    runMigrations(db, { upTo: 6 });
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    db.prepare("INSERT INTO sweeps VALUES ('s', 'n', '{}', '{}', '[]', 'e', 1, 'running', NULL, 0, 0)").run();
    const path8 = Buffer.alloc(8);
    const sum = sha256Hex(path8);
    const ins = db.prepare('INSERT INTO sweep_runs VALUES (?, ?, ?, ?, 0, 1, 1, ?, ?, ?, 0)');
    expect(() => ins.run('s', '0123456789abcdef', 'grid', null, '[]', path8, sum)).toThrow(/CHECK/);
    expect(() => ins.run('s', '0123456789abcdef', 'threshold', 3, '[]', path8, sum)).toThrow(/CHECK/);
    expect(() => ins.run('s', 'short', 'grid', 0, '[]', path8, sum)).toThrow(/CHECK/);
    // A price path without its SHA-256 is refused (blob-checksum.ts).
    expect(() => ins.run('s', '0123456789abcdef', 'grid', 0, '[1]', path8, null)).toThrow(/NOT NULL/);
    ins.run('s', '0123456789abcdef', 'grid', 0, '[1]', path8, sum);
    expect(() => ins.run('s', 'fedcba9876543210', 'grid', 0, '[1]', path8, sum)).toThrow(/UNIQUE/);
    // Rewriting the path without its checksum is refused too.
    expect(() =>
      db.prepare('UPDATE sweep_runs SET price_path_f64 = ? WHERE sweep_id = ?').run(Buffer.alloc(16), 's'),
    ).toThrow(/SHA-256/);
    db.prepare("DELETE FROM sweeps WHERE id = 's'").run();
    expect(db.prepare('SELECT count(*) AS n FROM sweep_runs').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('sweeps store', () => {
  it('commits batches idempotently by inputs hash and lists runs in a fixed order', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    const s = createSweep(store, input);
    expect(s).toMatchObject({ status: 'running', gridRuns: 3, gridDone: 0 });
    expect(
      insertSweepRuns(store, s.id, [row(2, 'c'.repeat(16)), row(null, 't'.repeat(16), { point: 0 })]),
    ).toBe(2);
    // the same run again (a retried worker) is ignored; a new one is added
    expect(insertSweepRuns(store, s.id, [row(2, 'c'.repeat(16)), row(0, 'a'.repeat(16))])).toBe(1);
    const runs = listSweepRuns(store, s.id);
    expect(runs.map((r) => r.runIndex)).toEqual([0, 2, null]);
    expect(Array.from(runs[0]!.pricePath)).toEqual([1, 2, 3]);
    expect(finishedRunHashes(store, s.id)).toEqual(new Set(['a'.repeat(16), 'c'.repeat(16), 't'.repeat(16)]));
    setSweepStatus(store, s.id, 'stopped');
    expect(getSweep(store, s.id)).toMatchObject({
      status: 'stopped',
      gridDone: 2,
      thresholdRuns: 1,
      metrics: ['badDebtUsd'],
    });
  });

  it('lists sweeps oldest first', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    const a = createSweep(store, input);
    const b = createSweep(store, { ...input, name: 'second' });
    expect(listSweeps(store).map((m) => m.id)).toEqual([a.id, b.id]);
  });
});
