// esbuild plugin: `import text from './file.csv?raw'` inlines the file's text into the bundle (what
// Vite does for vitest). The built-in scenarios' data (src-main/scenarios/data) ships this way inside
// every bundle that loads them — CLI, host, workers, Electron main — so nothing is read from disk at
// run time. Used by build-main.js and by the tests that bundle the worker.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const rawTextPlugin = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)),
      namespace: 'raw-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
      watchFiles: [args.path],
    }));
  },
};
