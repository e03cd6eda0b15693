/**
 * `npm run goldens`: records the engine's golden runs (goldens.ts) into src-main/engine/goldens/:
 * manifest.json (the SHA-256 of every case's `--json` output, event log and run digest, with the
 * ENGINE_VERSION they belong to) and, for seed 1 of every historical design and every extra design,
 * the full JSON and the gzip'd log under runs/.
 *
 * Refuses to overwrite outputs recorded under the current ENGINE_VERSION with different ones: a change
 * of behaviour needs a new version (src-main/engine/version.ts). Adding or removing a case does not.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ENGINE_VERSION } from '../engine/version.ts';
import type { GoldenManifest } from './goldens.ts';
import {
  fingerprintOf,
  GOLDEN_ACCOUNTS,
  GOLDENS_DIR,
  goldenCases,
  groupCases,
  layerCases,
  recordingRefusal,
  REPO_ROOT,
  runGoldenGroup,
  runLayerCase,
  sha256,
  storedInFull,
} from './goldens.ts';

const dir = path.join(REPO_ROOT, GOLDENS_DIR);
const runsDir = path.join(dir, 'runs');
const manifestPath = path.join(dir, 'manifest.json');

function readManifest(): GoldenManifest | null {
  return existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as GoldenManifest) : null;
}

function main(): void {
  const previous = readManifest();
  const started = performance.now();
  const cases: GoldenManifest['cases'] = [];
  const files = new Map<string, string | Uint8Array>();
  for (const group of groupCases(goldenCases())) {
    const outputs = runGoldenGroup(group);
    group.forEach((c, i) => {
      const o = outputs[i]!;
      const stored = storedInFull(c);
      cases.push({ ...c, json: sha256(o.json), log: sha256(o.log), run: o.runDigest, stored });
      if (stored) {
        files.set(`${c.name}.json`, o.json);
        files.set(`${c.name}.log.gz`, gzipSync(o.log, { level: 9 }));
      }
    });
    process.stdout.write(`  ${group[0]!.scenario} seed ${group[0]!.seed}: ${group.length} runs\n`);
  }
  const layers = layerCases().map((c) => ({ name: c.name, digest: runLayerCase(c) }));
  process.stdout.write(`  options layer: ${layers.length} cases\n`);
  const refusal = recordingRefusal(previous, { cases, layers }, ENGINE_VERSION);
  if (refusal) {
    process.stderr.write(`record-goldens: ${refusal}\n`);
    process.exit(1);
  }
  const history = (previous?.history ?? []).filter((h) => h.engineVersion !== ENGINE_VERSION);
  history.push({ engineVersion: ENGINE_VERSION, fingerprint: fingerprintOf({ cases, layers }) });
  const manifest: GoldenManifest = {
    engineVersion: ENGINE_VERSION,
    accounts: GOLDEN_ACCOUNTS,
    history,
    cases,
    layers,
  };
  mkdirSync(runsDir, { recursive: true });
  for (const f of readdirSync(runsDir)) if (!files.has(f)) rmSync(path.join(runsDir, f));
  for (const [f, text] of files) writeFileSync(path.join(runsDir, f), text);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `recorded ${cases.length} golden runs for engine ${ENGINE_VERSION} in ${seconds} s (${files.size / 2} stored in full)\n`,
  );
}

main();
