/**
 * Bundles entry points for a test that needs real worker threads or a real CLI process (they cannot
 * load TypeScript sources): for node, as the real build makes them (tools/build-main.js, bundles.js),
 * packages left to node_modules, scenario data inlined as text. `outdir` must be inside the
 * repository so the bundles resolve its node_modules; the test removes it afterwards.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { asciiBundle, CLI_BUNDLE_FILE, CLI_BUNDLE_OPTIONS, ESM_REQUIRE_BANNER } from './bundles.js';
import { rawTextPlugin } from './raw-text-plugin.js';

/**
 * Writes `<outdir>/<name>.js` for each `name: source path` of `entryPoints`; `cli`, the command, is
 * bundled as the real build does it: cli.js (cli/launch.ts) running cli-bundle.cjs (`cli`'s source,
 * CommonJS), without a code cache.
 */
export async function bundleForTest(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  const { cli, ...rest } = entryPoints;
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [rawTextPlugin],
    logLevel: 'warning',
  };
  if (cli !== undefined) {
    await build({
      ...common,
      entryPoints: [cli],
      outfile: path.join(outdir, CLI_BUNDLE_FILE),
      ...CLI_BUNDLE_OPTIONS,
    });
    asciiBundle(path.join(outdir, CLI_BUNDLE_FILE));
    await build({
      ...common,
      entryPoints: [fileURLToPath(new URL('../cli/launch.ts', import.meta.url))],
      outfile: path.join(outdir, 'cli.js'),
      format: 'esm',
    });
  }
  if (Object.keys(rest).length === 0) return;
  await build({
    ...common,
    entryPoints: rest,
    outdir,
    format: 'esm',
    banner: ESM_REQUIRE_BANNER,
  });
}
