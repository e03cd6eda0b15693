/**
 * Distributed sweeps on a REAL Redis (Debian's redis-server, installed by .ci/run): the test starts
 * it on a free loopback port, starts two `cascade-lab worker` processes (the CLI bundled into the
 * repo's build/ folder for this test), kills one mid-sweep, and checks that the results table equals
 * the local run's byte for byte.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForTest } from '../../tools/bundle-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAfter, tempDir } from '../../store/store-test-support.ts';
import { listSweepRuns, listSweeps } from '../../store/sweeps.ts';
import { runCliAsync } from '../../cli/cli.ts';
import { openLibraryStore } from '../library.ts';
import { InProcessSweepExecutor } from './sweep-executor.ts';
import { planSweep } from './sweep-plan.ts';
import { QueueSweepExecutor } from './sweep-queue.ts';
import { exportSweepCsv } from './sweep-report.ts';
import { createStoredSweep, resolveSweep, runStoredSweep } from './sweep-service.ts';
import { parseSweepSpec } from './sweep-spec.ts';

const REDIS = '/usr/bin/redis-server';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const haveRedis = existsSync(REDIS);
if (!haveRedis) {
  console.warn(
    `\n*** SKIPPED: the distributed-sweep test needs ${REDIS} (apt-get install redis-server; .ci/run does) ***\n`,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitForPort(port: number, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.end();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis did not listen on ${port}`);
}

const spec = parseSweepSpec({
  format: 'cascade-lab-sweep',
  version: 1,
  scenarios: ['black-thursday-2020'],
  designs: ['maker-2020-flip', 'maker-2021-clip'],
  axes: [{ path: 'margin.liquidationRatio', values: [1.5, 1.7] }],
  seeds: { from: 1, to: 2 },
  shocks: [0.7, 1.3],
  // Runs long enough that a worker killed as one starts cannot finish it first, even on a loaded
  // machine (2,000 accounts: a run finished before the kill on a busy 2-core runner).
  accounts: 10_000,
  threshold: { tolerance: 0.2 },
});

describe.skipIf(!haveRedis)('sweeps over BullMQ on a real Redis', () => {
  let redis: ChildProcess;
  let port = 0;
  const bundleDir = path.join(root, 'build', `test-queue-${process.pid}`);
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // Bundled inside the repo so the workers resolve node_modules; removed afterwards.
    await bundleForTest(
      {
        cli: path.join(root, 'src-main/cli/main.ts'),
        'sweep-worker': path.join(root, 'src-main/services/sweep/sweep-worker.ts'),
      },
      bundleDir,
    );
    port = await freePort();
    redis = spawn(
      REDIS,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitForPort(port);
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    redis?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    rmSync(bundleDir, { recursive: true, force: true });
  });

  const logs = new Map<string, string>();
  function startWorker(label: string, onLine?: (line: string) => void): ChildProcess {
    const child = spawn(
      process.execPath,
      [path.join(bundleDir, 'cli.js'), 'worker', '--queue', `redis://127.0.0.1:${port}`, '--workers', '1'],
      { env: { ...process.env, CASCADE_LAB_QUEUE_LOCK_MS: '2000' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    logs.set(label, '');
    child.stderr!.on('data', (d: Buffer) => {
      logs.set(label, logs.get(label)! + d.toString());
      for (const line of d.toString().split('\n')) if (line) onLine?.(line);
      if (process.env.CASCADE_TEST_VERBOSE) process.stderr.write(`[${label}] ${d.toString()}`);
    });
    children.push(child);
    return child;
  }

  it('two workers, one killed mid-sweep: every run once, the table byte-identical to the local run', async () => {
    const local = (await openLibraryStore({ dataDir: tempDir() })).store;
    closeAfter(() => local.close());
    const lr = resolveSweep(local, spec);
    const lm = createStoredSweep(local, lr, planSweep(lr));
    await runStoredSweep(local, lm.id, new InProcessSweepExecutor());
    const expected = exportSweepCsv(local, lm.id);

    const owner = (await openLibraryStore({ dataDir: tempDir() })).store;
    closeAfter(() => owner.close());
    const r = resolveSweep(owner, spec);
    const meta = createStoredSweep(owner, r, planSweep(r));
    // Worker A is killed the moment it starts its third job: that job dies with it, holding its lock.
    let started = 0;
    let orphan = '';
    const a = startWorker('A', (line) => {
      const m = /start (\S+)/.exec(line);
      if (m && ++started === 3 && !orphan) {
        orphan = m[1]!;
        a.kill('SIGKILL');
      }
    });
    startWorker('B');
    const executor = await QueueSweepExecutor.connect(`redis://127.0.0.1:${port}`, meta.id);
    try {
      await runStoredSweep(owner, meta.id, executor, { runsPerTask: 1, batchRuns: 1 });
    } finally {
      await executor.close();
    }
    expect(orphan).not.toBe('');
    // The orphaned job was retried on B once its lock expired (stalled-job handling).
    expect(logs.get('B')).toContain(`done ${orphan}`);
    expect(logs.get('A')).not.toContain(`done ${orphan}`);
    const runs = listSweepRuns(owner, meta.id);
    expect(new Set(runs.map((x) => x.inputsHash)).size).toBe(runs.length);
    expect(runs.filter((x) => x.phase === 'grid')).toHaveLength(16);
    expect(exportSweepCsv(owner, meta.id)).toBe(expected);
  });

  it('an unreachable Redis is one line naming what to fix, and nothing is written', async () => {
    const dataDir = tempDir();
    const err: string[] = [];
    const dead = await freePort();
    const code = await runCliAsync(
      [
        'sweep',
        'run',
        '--scenario',
        'black-thursday-2020',
        '--design',
        'maker-2021-clip',
        '--accounts',
        '300',
        '--queue',
        `redis://127.0.0.1:${dead}`,
      ],
      { out: () => {}, err: (t) => err.push(t), dataDir },
    );
    expect(code).toBe(2);
    expect(err.join('')).toMatch(
      new RegExp(
        `^cascade-lab: cannot reach Redis at 127\\.0\\.0\\.1:${dead} \\(ECONNREFUSED\\): start Redis there or fix --queue`,
      ),
    );
    expect(err.join('').trim().split('\n')).toHaveLength(1);
    const store = (await openLibraryStore({ dataDir })).store;
    closeAfter(() => store.close());
    expect(listSweeps(store)).toEqual([]);
  });
});
