/**
 * The warm worker pool (piscina) on the real worker bundle (built into the repo's build/ folder for
 * this test): the same sweep gives a byte-identical results table with 1 and 2 threads and in-process;
 * and the real CLI killed (SIGKILL) in the middle of a sweep resumes to the same table.
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { runCliAsync } from '../../cli/cli.ts';
import { DEFAULT_DB_FILE_NAME } from '../../store/sqlite-file.ts';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleForTest } from '../../tools/bundle-test-support.ts';
import { Piscina } from 'piscina';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAfter, tempDir } from '../../store/store-test-support.ts';
import { openLibraryStore } from '../library.ts';
import type { SweepExecutor } from './sweep-executor.ts';
import { InProcessSweepExecutor, PiscinaSweepExecutor } from './sweep-executor.ts';
import { planSweep } from './sweep-plan.ts';
import { exportSweepCsv } from './sweep-report.ts';
import { createStoredSweep, resolveSweep, runStoredSweep } from './sweep-service.ts';
import { parseSweepSpec } from './sweep-spec.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundleDir = path.join(root, 'build', `test-pool-${process.pid}`);

const spec = parseSweepSpec({
  format: 'cascade-lab-sweep',
  version: 1,
  scenarios: ['black-thursday-2020'],
  designs: ['maker-2020-flip', 'maker-2021-clip'],
  axes: [{ path: 'margin.liquidationRatio', range: { from: 1.3, to: 1.6 } }],
  sampling: { kind: 'lhs', points: 3, seed: 11 },
  seeds: [1, 2],
  shocks: [0.8, 1.2],
  accounts: 300,
  threshold: null,
});

async function tableWith(executor: SweepExecutor): Promise<string> {
  const store = (await openLibraryStore({ dataDir: tempDir() })).store;
  closeAfter(() => store.close());
  const r = resolveSweep(store, spec);
  const meta = createStoredSweep(store, r, planSweep(r));
  try {
    await runStoredSweep(store, meta.id, executor, { batchRuns: 5 });
  } finally {
    await executor.close();
  }
  return exportSweepCsv(store, meta.id);
}

describe('sweep worker pool', () => {
  beforeAll(async () => {
    await bundleForTest(
      {
        'sweep-worker': path.join(root, 'src-main/services/sweep/sweep-worker.ts'),
        cli: path.join(root, 'src-main/cli/main.ts'),
      },
      bundleDir,
    );
  });
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it('gives the same results table with 1 and 2 threads as in-process', async () => {
    const url = pathToFileURL(path.join(bundleDir, 'sweep-worker.js'));
    const reference = await tableWith(new InProcessSweepExecutor());
    expect(reference.trimEnd().split('\r\n')).toHaveLength(1 + 2 * 3 * 2 * 2);
    expect(await tableWith(new PiscinaSweepExecutor(url, 1))).toBe(reference);
    expect(await tableWith(new PiscinaSweepExecutor(url, 2))).toBe(reference);
    // On a shared pool (another worker file by default): tasks name the sweep worker; the pool stays up.
    const shared = new Piscina({ filename: url.href, minThreads: 1, maxThreads: 2 });
    expect(await tableWith(new PiscinaSweepExecutor(url, 2, shared))).toBe(reference);
    expect(shared.threads.length).toBeGreaterThan(0);
    await shared.destroy();
  });

  it('a sweep whose process is killed (SIGKILL) mid-run resumes from its committed runs to the same table', async () => {
    const args = [
      'sweep',
      'run',
      '--scenario',
      'black-thursday-2020',
      '--design',
      'maker-2021-clip',
      '--vary',
      'margin.liquidationRatio=1.4:1.6:3',
      // 90 runs: more than one committed batch (64 runs or 2 s each), so a kill can fall between.
      '--seeds',
      '1-30',
      '--accounts',
      '300',
    ];
    const io = (dataDir: string, out: string[]) => ({
      out: (t: string) => out.push(t),
      err: () => {},
      dataDir,
    });
    const freshOut: string[] = [];
    const freshDir = tempDir();
    expect(await runCliAsync([...args, '--json'], io(freshDir, freshOut))).toBe(0);
    const freshId = (JSON.parse(freshOut.join('')) as { sweepId: string }).sweepId;
    const expected: string[] = [];
    await runCliAsync(['sweep', 'export', freshId, '--csv'], io(freshDir, expected));

    const dataDir = tempDir();
    const child = spawn(process.execPath, [path.join(bundleDir, 'cli.js'), ...args, '--workers', '1'], {
      env: { ...process.env, CASCADE_LAB_DATA_DIR: dataDir },
      stdio: 'ignore',
    });
    const file = path.join(dataDir, DEFAULT_DB_FILE_NAME);
    let committed = 0;
    // Polled often: the child must be killed between its first and its last committed batch.
    for (let i = 0; i < 6000 && committed === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      try {
        const db = new Database(file, { readonly: true, fileMustExist: true });
        committed = (db.prepare('SELECT count(*) AS n FROM sweep_runs').get() as { n: number }).n;
        db.close();
      } catch {
        // not created or not migrated yet
      }
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(committed).toBeGreaterThan(0);

    const list: string[] = [];
    await runCliAsync(['sweep', 'list', '--json'], io(dataDir, list));
    const [meta] = JSON.parse(list.join('')) as { id: string; gridDone: number; gridRuns: number }[];
    expect(meta!.gridDone).toBeLessThan(meta!.gridRuns);
    const resumed: string[] = [];
    expect(await runCliAsync(['sweep', 'resume', meta!.id, '--json'], io(dataDir, resumed))).toBe(0);
    const table: string[] = [];
    await runCliAsync(['sweep', 'export', meta!.id, '--csv'], io(dataDir, table));
    expect(table.join('')).toBe(expected.join(''));
  });
});
