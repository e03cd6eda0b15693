/**
 * The featured crash's first replay: started before anyone asks, handed to the replay job that asks
 * for exactly that run (the same views as running it then), kept on disk by code fingerprint, and a
 * damaged or stale cache file never trusted.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result, RunView } from '../contract/api.ts';
import { PRESETS } from '../engine/presets.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { createAppService } from './app-service.ts';
import { FirstReplay } from './first-replay.ts';
import type { EnginePool } from './pool/engine-pool.ts';
import { InProcessEnginePool } from './pool/engine-pool.ts';
import type { StoredRun } from './run-view.ts';

const scenario = [...BUILTIN_SCENARIOS.values()][0]!;
const design = PRESETS.get(scenario.historicalDesignId)!;

/** A pool that answers canned runs and counts its calls (the cache logic, without the engine). */
function countingPool(runs: StoredRun[]): EnginePool & { calls: number } {
  const pool = {
    calls: 0,
    run: async () => {
      pool.calls++;
      return structuredClone(runs);
    },
    stats: () => ({
      kind: 'in-process' as const,
      maxThreads: 1,
      threads: 0,
      peakThreads: 0,
      running: 0,
      queued: 0,
    }),
    close: async () => {},
  };
  return pool as unknown as EnginePool & { calls: number };
}

let dir: string;
let real: StoredRun[];
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cascade-first-replay-'));
  const pool = new InProcessEnginePool();
  real = await pool.run('replay', {
    scenarioId: scenario.id,
    scenario,
    designs: [design],
    seed: 1,
    runIdPrefix: 'x',
  });
  await pool.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noop = () => {};
const live = () => new AbortController().signal;

describe('the first replay', () => {
  it('asks the pool once, renames runs per job, and matches only exactly its run', async () => {
    const pool = countingPool(real);
    const first = new FirstReplay({ pool, scenario, design, log: noop });
    first.start();
    const a = await first.take('job-a', noop, live());
    const b = await first.take('job-b', noop, live());
    expect(pool.calls).toBe(1);
    expect(a[0]!.view.runId).toBe('job-a-0');
    expect(b[0]!.view.runId).toBe('job-b-0');
    expect(a[0]!.view.summary).toEqual(real[0]!.view.summary);
    expect(first.matches({ scenario, designs: [design], seed: 1 })).toBe(true);
    expect(first.matches({ scenario, designs: [design], seed: 2 })).toBe(false);
    expect(first.matches({ scenario, designs: [design], seed: 1, accounts: 100_000 })).toBe(false);
    expect(first.matches({ scenario, designs: [design, design], seed: 1 })).toBe(false);
    const other = [...PRESETS.values()].find((d) => d.id !== design.id)!;
    expect(first.matches({ scenario, designs: [other], seed: 1 })).toBe(false);
    expect(first.matches({ scenario: { ...scenario }, designs: [design], seed: 1 })).toBe(false);
  });

  it('a cancelled job stops waiting without stopping the shared run', async () => {
    const pool = countingPool(real);
    const first = new FirstReplay({ pool, scenario, design, log: noop });
    const stop = new AbortController();
    const taken = first.take('job-c', noop, stop.signal);
    stop.abort();
    await expect(taken).rejects.toMatchObject({ code: 'cancelled' });
    expect((await first.take('job-d', noop, live()))[0]!.view.runId).toBe('job-d-0');
    expect(pool.calls).toBe(1);
  });

  it('is read back from disk by the next start, with the same code; recomputed for other code', async () => {
    const cacheDir = path.join(dir, 'cache-a');
    const one = countingPool(real);
    const first = new FirstReplay({
      pool: one,
      scenario,
      design,
      cacheDir,
      codeFingerprint: 'code-1',
      log: noop,
    });
    await first.take('j', noop, live());
    await first.flushed();
    expect(readdirSync(cacheDir)).toEqual([path.basename(first.file!)]);

    const two = countingPool(real);
    const again = new FirstReplay({
      pool: two,
      scenario,
      design,
      cacheDir,
      codeFingerprint: 'code-1',
      log: noop,
    });
    const got = await again.take('k', noop, live());
    expect(two.calls).toBe(0);
    expect(got[0]!.view).toEqual({ ...real[0]!.view, runId: 'k-0' });
    expect(got[0]!.records).toEqual(real[0]!.records);

    const three = countingPool(real);
    const newer = new FirstReplay({
      pool: three,
      scenario,
      design,
      cacheDir,
      codeFingerprint: 'code-2',
      log: noop,
    });
    await newer.take('l', noop, live());
    await newer.flushed();
    expect(three.calls).toBe(1);
    // The stale file is gone: only the newer code's run stays.
    expect(readdirSync(cacheDir)).toEqual([path.basename(newer.file!)]);
  });

  it("a fresh data folder reads the build's run (same key), never one of other code", async () => {
    // What tools/record-first-replay.ts leaves beside the worker at build time.
    const shippedDir = path.join(dir, 'shipped');
    const build = new FirstReplay({
      pool: countingPool(real),
      scenario,
      design,
      cacheDir: shippedDir,
      codeFingerprint: 'code-1',
      writeDelayMs: 0,
      log: noop,
    });
    await build.take('b', noop, live());
    // The build's recorder writes at once: a timer would be the last thing in a process about to
    // exit (the recorder then never settled, exit 13, and no build shipped its run).
    expect(existsSync(build.file!)).toBe(true);
    await build.flushed();
    expect(build.source).toBe('computed');

    const cacheDir = path.join(dir, 'fresh-data', 'cache');
    const pool = countingPool(real);
    const first = new FirstReplay({
      pool,
      scenario,
      design,
      cacheDir,
      shippedDir,
      codeFingerprint: 'code-1',
      log: noop,
    });
    const got = await first.take('k', noop, live());
    await first.flushed();
    expect(pool.calls).toBe(0);
    expect(first.source).toBe('shipped');
    expect(got[0]!.view).toEqual({ ...real[0]!.view, runId: 'k-0' });
    // Nothing copied into the data folder: the build's file stays the one source.
    expect(() => readdirSync(cacheDir)).toThrow();

    // Another engine build (another worker hash) never reads it: it computes, and caches its own.
    const other = countingPool(real);
    const newer = new FirstReplay({
      pool: other,
      scenario,
      design,
      cacheDir,
      shippedDir,
      codeFingerprint: 'code-2',
      writeDelayMs: 0,
      log: noop,
    });
    await newer.take('l', noop, live());
    await newer.flushed();
    expect(other.calls).toBe(1);
    expect(newer.source).toBe('computed');
    expect(readdirSync(cacheDir)).toEqual([path.basename(newer.file!)]);
  });

  it('ignores a damaged cache file, says so, and rebuilds it', async () => {
    const cacheDir = path.join(dir, 'cache-b');
    const opts = { scenario, design, cacheDir, codeFingerprint: 'code-1', writeDelayMs: 0 };
    const first = new FirstReplay({ ...opts, pool: countingPool(real), log: noop });
    await first.take('j', noop, live());
    await first.flushed();
    const bytes = readFileSync(first.file!);
    bytes[bytes.length - 10]! ^= 0xff;
    writeFileSync(first.file!, bytes);

    const lines: string[] = [];
    const pool = countingPool(real);
    const again = new FirstReplay({ ...opts, pool, log: (l) => lines.push(l) });
    await again.take('k', noop, live());
    await again.flushed();
    expect(pool.calls).toBe(1);
    expect(lines.join('\n')).toMatch(/damaged first-replay cache/);
    const fresh = new FirstReplay({ ...opts, pool: countingPool(real), log: noop });
    expect((await fresh.take('m', noop, live()))[0]!.view.summary).toEqual(real[0]!.view.summary);
  });

  it('through the app service: replay.start of the featured run answers the same views as a fresh run', async () => {
    const service = createAppService({
      pool: new InProcessEnginePool(),
      log: noop,
      firstReplay: {},
    });
    try {
      const ctx = { emit: noop };
      const start = (await service.dispatch(
        'replay.start',
        { scenarioId: scenario.id, designIds: [design.id], seed: 1 },
        ctx,
      )) as Result<{ jobId: string }>;
      if (!start.ok) throw new Error(start.error.message);
      const result = (await service.dispatch('replay.result', { jobId: start.value.jobId }, ctx)) as Result<
        RunView[]
      >;
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value).toHaveLength(1);
      expect(result.value[0]).toEqual({ ...real[0]!.view, runId: `${start.value.jobId}-0` });
    } finally {
      await service.close();
    }
  });
});
