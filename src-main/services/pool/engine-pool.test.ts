/**
 * The engine pool with real worker threads (the worker bundled from the current sources): tasks
 * run and report progress, the bound on threads holds, cancel stops a running task through the
 * engine's flag, the time budget stops a run and names its costliest field; and the in-process
 * fallback behaves the same way where it can.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../engine/presets.ts';
import { BUILTIN_SCENARIOS } from '../../scenarios/index.ts';
import type { EnginePool } from './engine-pool.ts';
import {
  InProcessEnginePool,
  PiscinaEnginePool,
  bundledWorkerDir,
  defaultEnginePool,
  unpackedDir,
} from './engine-pool.ts';
import { bundleEngineWorker } from './pool-test-support.ts';
import { estimateRun } from './run-budget.ts';
import type { ReplayTaskInput } from './tasks.ts';

const flip = PRESETS.get('maker-2020-flip')!;
const clip = PRESETS.get('maker-2021-clip')!;
const small = (accounts: number, runIdPrefix = 'r'): ReplayTaskInput => ({
  scenarioId: 'black-thursday-2020',
  designs: [clip],
  seed: 1,
  accounts,
  runIdPrefix,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cascade-pool-test-'));
  await bundleEngineWorker(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withPool<T>(pool: EnginePool, body: (pool: EnginePool) => Promise<T>): Promise<T> {
  try {
    return await body(pool);
  } finally {
    await pool.close();
  }
}

describe('defaultEnginePool', () => {
  it('falls back to the in-process pool from TypeScript sources, and says so loudly', async () => {
    expect(bundledWorkerDir()).toBeUndefined();
    const warnings: string[] = [];
    const pool = defaultEnginePool({}, (l) => warnings.push(l));
    expect(pool).toBeInstanceOf(InProcessEnginePool);
    expect(warnings.join('\n')).toMatch(/IN-PROCESS ENGINE FALLBACK/);
    await pool.close();
  });

  it('looks for the worker of a packaged app outside its asar archive', () => {
    expect(unpackedDir('/opt/Cascade Lab/resources/app.asar/build/main/')).toBe(
      '/opt/Cascade Lab/resources/app.asar.unpacked/build/main/',
    );
    expect(unpackedDir('C:\\Apps\\resources\\app.asar\\build\\main\\')).toBe(
      'C:\\Apps\\resources\\app.asar.unpacked\\build\\main\\',
    );
    expect(unpackedDir('/work/build/main/')).toBe('/work/build/main/');
  });

  it('uses worker threads when given the bundle’s folder', async () => {
    const pool = defaultEnginePool({ workerDir: dir }, () => {
      throw new Error('must not warn');
    });
    expect(pool).toBeInstanceOf(PiscinaEnginePool);
    await pool.close();
  });
});

describe('PiscinaEnginePool (worker threads)', () => {
  it('runs a replay with progress, and an account re-run on the same pool', async () => {
    await withPool(new PiscinaEnginePool({ workerDir: dir, maxThreads: 1 }), async (pool) => {
      const progress: string[] = [];
      const [run] = await pool.run('replay', small(300), {
        onProgress: (_d, _t, label) => progress.push(label),
      });
      expect(run!.view.runId).toBe('r-0');
      expect(run!.view.accounts).toBe(300);
      expect(progress.some((l) => l.includes('calibrating'))).toBe(true);
      const victim = run!.records.liquidations[0]!.account;
      const tracked = await pool.run('track-account', {
        scenarioId: 'black-thursday-2020',
        design: run!.records.rerun.design,
        seed: 1,
        accounts: 300,
        stepSeconds: run!.view.stepSeconds,
        fundamentalLog: run!.records.rerun.fundamentalLog,
        account: victim,
      });
      expect(tracked.tracked[0]!.account).toBe(victim);
      expect(tracked.tracked[0]!.collateral).toHaveLength(run!.view.steps);
      expect(pool.stats()).toMatchObject({ kind: 'worker', maxThreads: 1, running: 0, queued: 0 });
    });
  });

  it('never runs more threads than its bound, however many tasks wait', async () => {
    await withPool(new PiscinaEnginePool({ workerDir: dir, maxThreads: 2 }), async (pool) => {
      const runs = await Promise.all(
        Array.from({ length: 4 }, (_, i) => pool.run('replay', small(200, `t${i}`))),
      );
      expect(runs.map((r) => r[0]!.view.runId)).toEqual(['t0-0', 't1-0', 't2-0', 't3-0']);
      const stats = pool.stats();
      expect(stats.peakThreads).toBeGreaterThanOrEqual(1);
      expect(stats.peakThreads).toBeLessThanOrEqual(2);
      expect(stats.threads).toBeLessThanOrEqual(2);
    });
  });

  it('stops a running task through the engine’s flag when its signal aborts, and drops a queued one', async () => {
    // A 30 s grace: the task must stop because the engine saw the flag, not because it was killed.
    await withPool(
      new PiscinaEnginePool({ workerDir: dir, maxThreads: 1, cancelGraceMs: 30_000 }),
      async (pool) => {
        const running = new AbortController();
        const queued = new AbortController();
        let calibrating!: () => void;
        const seen = new Promise<void>((resolve) => (calibrating = resolve));
        const first = pool.run('replay', small(200_000), {
          signal: running.signal,
          onProgress: (_d, _t, label) => label.includes('calibrating') && calibrating(),
        });
        const second = pool.run('replay', small(300), { signal: queued.signal });
        queued.abort();
        await expect(second).rejects.toMatchObject({ code: 'cancelled' });
        await seen;
        running.abort();
        await expect(first).rejects.toMatchObject({ code: 'cancelled' });
        expect(pool.stats()).toMatchObject({ running: 0, queued: 0 });
        // The worker is free again: the next task runs on it.
        const [after] = await pool.run('replay', small(300, 'after'));
        expect(after!.view.runId).toBe('after-0');
      },
    );
  });

  it('stops a run past its time budget with a message naming the costliest field', async () => {
    await withPool(new PiscinaEnginePool({ workerDir: dir, maxThreads: 1 }), async (pool) => {
      const scenario = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
      const input = { ...small(200_000), designs: [flip] };
      const estimate = estimateRun(scenario, flip, { accounts: 200_000 });
      const run = pool.run('replay', input, { budgetSeconds: 0.05, estimate, budgetField: 'designIds' });
      await expect(run).rejects.toMatchObject({
        code: 'invalid-input',
        field: 'designIds',
        message: expect.stringMatching(
          /^the run went past its time budget of 0\.05 s and was stopped; its costliest part: /,
        ),
      });
      expect(pool.stats().running).toBe(0);
    });
  });

  it('fails with a Result-ready error when the worker file is missing', async () => {
    await withPool(
      new PiscinaEnginePool({ workerDir: path.join(dir, 'nowhere'), maxThreads: 1 }),
      async (pool) => {
        await expect(pool.run('replay', small(200))).rejects.toMatchObject({ code: 'failed' });
      },
    );
  });
});

describe('InProcessEnginePool (tests from sources)', () => {
  it('rejects a task cancelled before it starts, and one past its time budget', async () => {
    await withPool(new InProcessEnginePool(), async (pool) => {
      const c = new AbortController();
      c.abort();
      await expect(pool.run('replay', small(200), { signal: c.signal })).rejects.toMatchObject({
        code: 'cancelled',
      });
      await expect(pool.run('replay', small(50_000), { budgetSeconds: 0.01 })).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringMatching(/time budget of 0\.01 s/),
      });
      const [ok] = await pool.run('replay', small(200));
      expect(ok!.view.accounts).toBe(200);
    });
  });
});
