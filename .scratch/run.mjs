// usage: node .scratch/run.mjs file.ts  — bundles with the raw-text plugin and runs
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
const entry = process.argv[2];
const rawText = { name: 'raw-text', setup(b) {
  b.onResolve({ filter: /\?raw$/ }, (a) => ({ path: path.resolve(a.resolveDir, a.path.slice(0, -4)), namespace: 'raw-text' }));
  b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (a) => ({ contents: await readFile(a.path, 'utf8'), loader: 'text' }));
}};
await build({ entryPoints: [entry], outfile: '.scratch/out.mjs', bundle: true, platform: 'node', format: 'esm', packages: 'external', plugins: [rawText], logLevel: 'error' });
await import(path.resolve('.scratch/out.mjs') + '?' + Date.now());
