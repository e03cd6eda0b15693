/**
 * Test support: bundles the engine worker from the current sources into a folder (so tests run
 * real worker threads, never a stale build/).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rawTextPlugin } from '../../tools/raw-text-plugin.js';
import { ENGINE_WORKER_FILE } from './tasks.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Writes `<dir>/engine-worker.js`; answers `dir` (a pool's `workerDir`). */
export async function bundleEngineWorker(dir: string): Promise<string> {
  await build({
    entryPoints: [path.join(repoRoot, 'src-main/services/pool/engine-worker.ts')],
    outfile: path.join(dir, ENGINE_WORKER_FILE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // Scenario data files are inlined as text, as in the real build (tools/build-main.js).
    plugins: [rawTextPlugin],
  });
  return dir;
}
