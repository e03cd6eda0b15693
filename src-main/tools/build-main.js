// Bundles the main-process entry points (CLI, browser host, Electron main + preload, workers,
// benchmarks) with esbuild into build/main. Packages stay external: better-sqlite3 is native and
// must be resolved at run time against the ABI of whichever runtime loads it (see README).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { rawTextPlugin } from './raw-text-plugin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'build/main');

/**
 * [entry, output name, format, self-contained] — entries not written yet are skipped. The engine
 * worker is self-contained (its few pure packages, zod, bundled in): it never loads a native module,
 * and a packaged app runs it from outside the asar archive (electron-builder.yml asarUnpack).
 */
const entries = [
  ['src-main/cli/main.ts', 'cli.js', 'esm'],
  ['src-main/host/main.ts', 'host.js', 'esm'],
  // The engine pool's worker threads (services/pool/engine-pool.ts loads it from beside itself).
  ['src-main/services/pool/engine-worker.ts', 'engine-worker.js', 'esm', true],
  ['src-main/services/sweep/sweep-worker.ts', 'sweep-worker.js', 'esm'],
  ['src-main/tools/bench.ts', 'bench.js', 'esm'],
  ['src-main/tools/record-goldens.ts', 'record-goldens.js', 'esm'],
  ['src-main/electron/main.ts', 'electron-main.js', 'esm'],
  // Sandboxed preloads must be CommonJS.
  ['src-main/electron/preload.ts', 'preload.cjs', 'cjs'],
];

const present = entries.filter(([entry]) => existsSync(path.join(root, entry)));
await Promise.all(
  present.map(([entry, name, format, selfContained]) =>
    build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(out, name),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format,
      ...(selfContained ? {} : { packages: 'external' }),
      sourcemap: 'linked',
      logLevel: 'warning',
      // Scenario data files are inlined as text (raw-text-plugin.js).
      plugins: [rawTextPlugin],
      banner:
        format === 'esm'
          ? {
              js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
            }
          : undefined,
    }),
  ),
);
