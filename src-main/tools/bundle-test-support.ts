/**
 * Bundles entry points for a test that needs real worker threads or a real CLI process (they cannot
 * load TypeScript sources): ESM for node, packages left to node_modules, scenario data inlined as
 * text as in the real build (tools/build-main.js). `outdir` must be inside the repository so the
 * bundles resolve its node_modules; the test removes it afterwards.
 */
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { rawTextPlugin } from './raw-text-plugin.js';

/** Writes `<outdir>/<name>.js` for each `name: source path` of `entryPoints`. */
export async function bundleForTest(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    plugins: [rawTextPlugin],
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
}
