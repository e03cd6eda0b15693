/**
 * Run by tools/build-main.js after bundling: computes the featured crash's first replay with the
 * engine worker just built and leaves it in build/main/first-replay/, where a fresh data folder's
 * first start reads it (services/first-replay.ts). The file is keyed like the data folder's cache —
 * by the worker bundle that computed it, ENGINE_VERSION, the scenario and the design — so a build
 * with another engine never reads it. Nothing is computed when the file for this build is there.
 * CASCADE_LAB_SKIP_FIRST_REPLAY=1 skips it (the app then computes the run at its first start).
 * It also records the built-in Library cards' drawdowns there (services/card-drawdowns.ts), keyed by
 * the same worker hash, ENGINE_VERSION and each scenario's JSON, so the first `scenarios.list`
 * builds no timeline.
 */
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FirstReplay,
  featuredReplay,
  shippedFirstReplayDir,
  workerFingerprint,
} from '../services/first-replay.ts';
import { recordCardDrawdowns } from '../services/card-drawdowns.ts';
import { parseScenario } from '../engine/scenario.ts';
import { BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import { PiscinaEnginePool } from '../services/pool/engine-pool.ts';
import { ENGINE_WORKER_FILE } from '../services/pool/tasks.ts';

const workerDir = path.dirname(fileURLToPath(import.meta.url));
const featured = featuredReplay();
const fingerprint = workerFingerprint(workerDir, ENGINE_WORKER_FILE);
if (!featured || !fingerprint) {
  console.error(`record-first-replay: no engine worker in ${workerDir}; nothing recorded`);
  process.exit(1);
}
// The Library cards' drawdowns, keyed the same way (services/card-drawdowns.ts).
const drawdownsFile = recordCardDrawdowns(
  shippedFirstReplayDir(workerDir),
  fingerprint,
  BUILTIN_SCENARIO_LIST,
  parseScenario,
);
chmodSync(drawdownsFile, 0o644);
const pool = new PiscinaEnginePool({ workerDir, maxThreads: 1 });
const first = new FirstReplay({
  pool,
  ...featured,
  cacheDir: shippedFirstReplayDir(workerDir),
  codeFingerprint: fingerprint,
  writeDelayMs: 0,
  log: (line) => console.error(line),
});
try {
  const t0 = performance.now();
  first.start();
  await first.take('build', () => {}, new AbortController().signal);
  await first.flushed();
  if (!existsSync(first.file!)) throw new Error(`the run was computed but ${first.file} was not written`);
  // Shipped with the app: readable by whoever runs it (the data folder's own cache stays private).
  chmodSync(path.dirname(first.file!), 0o755);
  chmodSync(first.file!, 0o644);
  if (first.source === 'computed') {
    console.log(
      `first replay (${featured.scenario.id}, ${featured.design.id}) recorded in ${path.relative(process.cwd(), first.file!)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
} finally {
  await pool.close();
}
