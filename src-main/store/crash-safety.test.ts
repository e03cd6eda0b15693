/**
 * Crash safety of writeSeriesImport (checklist B.3 #1): a child process running the real store
 * code is killed with SIGKILL in the middle of an import; the parent reopens the database, which
 * must pass integrity_check and hold every committed import whole and the interrupted one either
 * whole or not at all. Power loss cannot be simulated from Node (see the checklist); this covers
 * application crashes, which SQLite makes durable at any synchronous level.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForTest } from '../tools/bundle-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import { getSeries } from './series.ts';
import { tempDir } from './store-test-support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'test-fixtures', 'crash-child.mjs');
let bundleDir = '';
let bundledStore = '';

afterAll(() => {
  if (bundleDir !== '') fs.rmSync(bundleDir, { recursive: true, force: true });
});

beforeAll(async () => {
  // The store's TypeScript bundled for a plain `node` child, inside the checkout: it loads
  // better-sqlite3 on first use (store/lazy-package.ts), found from where the bundle lies.
  const buildDir = path.join(here, '..', '..', 'build');
  fs.mkdirSync(buildDir, { recursive: true });
  bundleDir = fs.mkdtempSync(path.join(buildDir, 'test-crash-bundle-'));
  await bundleForTest({ store: path.join(here, 'index.ts') }, bundleDir);
  bundledStore = path.join(bundleDir, 'store.js');
});

interface ChildRun {
  lines: string[];
  /** Resolves once a stdout line matches; rejects if the child exits first. */
  waitFor: (match: RegExp) => Promise<string>;
  kill: () => Promise<void>;
}

function runChild(dataDir: string, mode: 'probe' | 'loop', points: number): ChildRun {
  const proc = spawn(process.execPath, [child, bundledStore, dataDir, mode, String(points)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let buffered = '';
  const waiters: { match: RegExp; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((x) => x.match.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // 'close' (the pipes drained), not 'exit': a line printed just before the child exits is still read.
  const exited = new Promise<void>((resolve) => proc.on('close', () => resolve()));
  void exited.then(() => {
    for (const w of waiters.splice(0))
      w.reject(new Error(`child exited before printing ${w.match}: ${stderr}`));
  });
  return {
    lines,
    waitFor: (match) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => match.test(l));
        if (seen !== undefined) resolve(seen);
        else if (proc.exitCode !== null) reject(new Error(`child already exited: ${stderr}`));
        else waiters.push({ match, resolve, reject });
      }),
    kill: async () => {
      proc.kill('SIGKILL');
      await exited;
      expect(proc.signalCode).toBe('SIGKILL');
    },
  };
}

/** Reopens the store and checks that every import is whole; returns import id → k. */
async function reopenAndVerify(dataDir: string, points: number): Promise<Map<string, number>> {
  const store = await openStore({ dataDir });
  try {
    expect(store.integrityCheck()).toEqual({ ok: true, integrity: ['ok'], foreignKeyViolations: [] });
    const rows = store.db
      .prepare<[], { importId: string; rows: number; report: string; seriesId: string | null }>(
        `SELECT i.id AS importId, i.rows AS rows, i.report_json AS report, s.id AS seriesId
           FROM imports i LEFT JOIN series s ON s.import_id = i.id ORDER BY i.created_at_ms`,
      )
      .all();
    const orphanSeries = store.db.prepare('SELECT count(*) AS n FROM series WHERE import_id IS NULL').get();
    expect(orphanSeries).toEqual({ n: 0 });
    const byImport = new Map<string, number>();
    for (const row of rows) {
      expect(row.seriesId).not.toBeNull();
      expect(row.rows).toBe(points);
      const { k } = JSON.parse(row.report) as { k: number };
      const series = getSeries(store, row.seriesId ?? '');
      expect(series.count).toBe(points);
      let wrong = 0;
      for (let i = 0; i < points; i++) if (series.values[i] !== k * 1000 + i * 0.5) wrong++;
      expect(wrong).toBe(0);
      byImport.set(row.importId, k);
    }
    return byImport;
  } finally {
    store.close();
  }
}

function committedIds(lines: readonly string[]): string[] {
  return lines.filter((l) => l.startsWith('committed ')).map((l) => l.split(' ')[2] ?? '');
}

describe('crash safety: SIGKILL during writeSeriesImport', () => {
  it('killed inside the import transaction: the interrupted import is absent, committed ones are whole', async () => {
    const dataDir = tempDir();
    const points = 1_000_000; // 16 MB of values + 16 MB of timestamps: spills to the WAL before commit
    const run = runChild(dataDir, 'probe', points);
    await run.waitFor(/^mid-transaction$/);
    await run.kill();
    expect(run.lines).toEqual(expect.arrayContaining(['begin 3', 'mid-transaction']));
    expect(run.lines.some((l) => l.startsWith('committed 3'))).toBe(false);

    const imports = await reopenAndVerify(dataDir, points);
    expect([...imports.keys()]).toEqual(committedIds(run.lines));
    expect([...imports.values()]).toEqual([1, 2]);
  });

  it('killed at assorted moments of a write loop: always intact, always all-or-nothing', async () => {
    const dataDir = tempDir();
    const points = 300_000;
    const delaysMs = [0, 7, 19, 33, 52, 80];
    let committedSoFar: string[] = [];
    for (const delayMs of delaysMs) {
      const run = runChild(dataDir, 'loop', points);
      await run.waitFor(/^begin 2$/);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await run.kill();
      const imports = await reopenAndVerify(dataDir, points);
      committedSoFar = [...committedSoFar, ...committedIds(run.lines)];
      // Every import the child saw committed survived the kill; at most one more (committed
      // just before the kill, its "committed" line not yet printed) may be there.
      for (const id of committedSoFar) expect(imports.has(id)).toBe(true);
      expect(imports.size - committedSoFar.length).toBeGreaterThanOrEqual(0);
      expect(imports.size - committedSoFar.length).toBeLessThanOrEqual(1);
      committedSoFar = [...imports.keys()];
    }
  });
});
