// Bundles the main-process entry points (CLI, browser host, Electron main + preload, workers,
// benchmarks) with esbuild into build/main. Packages but zod stay external: better-sqlite3 is native
// and must be resolved at run time against the ABI of whichever runtime loads it (see README).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  asciiBundle,
  CLI_BUNDLE_FILE,
  CLI_BUNDLE_OPTIONS,
  ESM_REQUIRE_BANNER,
  writeCodeCache,
} from './bundles.js';
import { rawTextPlugin } from './raw-text-plugin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'build/main');

/**
 * [entry, output name, format, self-contained] — entries not written yet are skipped. The engine
 * worker is self-contained (its few pure packages, zod, bundled in): it never loads a native module,
 * and a packaged app runs it from outside the asar archive (electron-builder.yml asarUnpack).
 */
const entries = [
  // The command: cli.js (launch.ts) runs cli-bundle.cjs with V8's code cache (made below).
  ['src-main/cli/launch.ts', 'cli.js', 'esm', true],
  ['src-main/cli/main.ts', CLI_BUNDLE_FILE, 'cjs'],
  ['src-main/host/main.ts', 'host.js', 'esm'],
  // The engine pool's worker threads (services/pool/engine-pool.ts loads it from beside itself).
  ['src-main/services/pool/engine-worker.ts', 'engine-worker.js', 'esm', true],
  ['src-main/services/sweep/sweep-worker.ts', 'sweep-worker.js', 'esm'],
  // Draws half of a large population beside the engine (services/population/population-helper.ts).
  ['src-main/services/population/population-worker.ts', 'population-worker.js', 'esm', true],
  ['src-main/tools/bench.ts', 'bench.js', 'esm'],
  ['src-main/tools/record-goldens.ts', 'record-goldens.js', 'esm'],
  // Computes the featured crash's first replay once per engine build (run below).
  ['src-main/tools/record-first-replay.ts', 'record-first-replay.js', 'esm'],
  ['src-main/electron/main.ts', 'electron-main.js', 'esm'],
  // Sandboxed preloads must be CommonJS.
  ['src-main/electron/preload.ts', 'preload.cjs', 'cjs'],
];

/** Packages resolved at run time: every package the project lists but zod (see `external` below). */
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const EXTERNAL = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => name !== 'zod')
  .flatMap((name) => [name, `${name}/*`]);

const present = entries.filter(([entry]) => existsSync(path.join(root, entry)));
// The command's code cache is made again below from the new bundle (a stale one would be refused
// anyway: launch.ts checks the bundle's hash).
rmSync(path.join(out, `${CLI_BUNDLE_FILE}.cache`), { force: true });
await Promise.all(
  present.map(([entry, name, format, selfContained]) =>
    build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(out, name),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format,
      // zod is bundled into every entry: imported as a package it is some sixty ES modules to
      // resolve, link and compile, ~70 ms of every command's start; bundled, V8 compiles only what
      // runs. The other packages stay external (see the file comment).
      ...(selfContained ? {} : { external: EXTERNAL }),
      sourcemap: 'linked',
      logLevel: 'warning',
      // Scenario data files are inlined as text (raw-text-plugin.js).
      plugins: [rawTextPlugin],
      banner: format === 'esm' ? ESM_REQUIRE_BANNER : undefined,
      ...(name === CLI_BUNDLE_FILE ? CLI_BUNDLE_OPTIONS : {}),
    }),
  ),
);

if (existsSync(path.join(out, CLI_BUNDLE_FILE))) asciiBundle(path.join(out, CLI_BUNDLE_FILE));

// The command's code cache (cli/launch.ts): one small replay compiles what a replay runs. A cache
// only: without it every command still works, compiling its bundle at each start.
if (existsSync(path.join(out, 'cli.js')) && writeCodeCache(path.join(out, 'cli.js'), root) !== 0) {
  console.error(
    "build-main: making the command's code cache failed; commands compile their bundle at each start",
  );
}

// The featured crash's first replay, computed once per engine build with the worker just bundled
// and shipped beside it, so a fresh data folder opens it at once (services/first-replay.ts; keyed
// by the worker's hash, so never stale). Skipped when it is there already, or with
// CASCADE_LAB_SKIP_FIRST_REPLAY=1 (the app then computes it at its first start).
const recorder = path.join(out, 'record-first-replay.js');
if (process.env.CASCADE_LAB_SKIP_FIRST_REPLAY !== '1' && existsSync(recorder)) {
  const result = spawnSync(process.execPath, [recorder], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    // A cache only: the app still works, computing the run at its first start.
    console.error(
      `build-main: recording the first replay failed (exit ${result.status ?? result.signal}); the app will compute it at its first start`,
    );
  }
}
