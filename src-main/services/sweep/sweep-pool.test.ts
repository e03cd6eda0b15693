/**
 * The warm worker pool (piscina) on the real worker bundle (built into the repo's build/ folder for
 * this test): the same sweep gives a byte-identical results table with 1 and 2 threads and in-process.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
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
    mkdirSync(bundleDir, { recursive: true });
    await build({
      entryPoints: [path.join(root, 'src-main/services/sweep/sweep-worker.ts')],
      outfile: path.join(bundleDir, 'sweep-worker.js'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
  });
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it('gives the same results table with 1 and 2 threads as in-process', async () => {
    const url = pathToFileURL(path.join(bundleDir, 'sweep-worker.js'));
    const reference = await tableWith(new InProcessSweepExecutor());
    expect(reference.trimEnd().split('\r\n')).toHaveLength(1 + 2 * 3 * 2 * 2);
    expect(await tableWith(new PiscinaSweepExecutor(url, 1))).toBe(reference);
    expect(await tableWith(new PiscinaSweepExecutor(url, 2))).toBe(reference);
  });
});
