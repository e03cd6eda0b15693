// Bundles the main-process entry points (CLI, browser host, Electron main + preload, workers,
// benchmarks) with esbuild into build/main. Packages stay external: better-sqlite3 is native and
// must be resolved at run time against the ABI of whichever runtime loads it (see README).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'build/main');

/** [entry, output name, format] — entries not written yet are skipped with a note. */
const entries = [
  ['src-main/cli/main.ts', 'cli.js', 'esm'],
  ['src-main/host/main.ts', 'host.js', 'esm'],
  ['src-main/services/worker.ts', 'worker.js', 'esm'],
  ['src-main/services/sweep/sweep-worker.ts', 'sweep-worker.js', 'esm'],
  ['src-main/tools/bench.ts', 'bench.js', 'esm'],
  ['src-main/electron/main.ts', 'electron-main.js', 'esm'],
  // Sandboxed preloads must be CommonJS.
  ['src-main/electron/preload.ts', 'preload.cjs', 'cjs'],
];

const present = entries.filter(([entry]) => existsSync(path.join(root, entry)));
await Promise.all(
  present.map(([entry, name, format]) =>
    build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(out, name),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format,
      packages: 'external',
      sourcemap: 'linked',
      logLevel: 'warning',
      banner:
        format === 'esm'
          ? {
              js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
            }
          : undefined,
    }),
  ),
);
