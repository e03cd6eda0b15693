// How the main-process bundles are made, shared by the build (build-main.js) and the tests that
// bundle real workers or a real command (bundle-test-support.ts, cli-concurrency.test.ts). The
// `cascade-lab` command is main.ts as the CommonJS bundle cli-bundle.cjs, run by cli.js (launch.ts)
// with V8's code cache.
import { spawnSync } from 'node:child_process';

/** Banner of an ESM bundle: a `require` for the CommonJS packages it loads. */
export const ESM_REQUIRE_BANNER = {
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};

/** The command's bundle beside cli.js. */
export const CLI_BUNDLE_FILE = 'cli-bundle.cjs';

/**
 * esbuild options of the CommonJS bundle: it has no import.meta, so its URL is the bundle's own
 * (the workers it starts are found beside it).
 */
export const CLI_BUNDLE_OPTIONS = {
  format: 'cjs',
  define: { 'import.meta.url': '__importMetaUrl' },
  // "use strict" first: esbuild writes its own after the banner, where it would not count (the
  // sources are ES modules, strict as the ESM bundles are).
  banner: {
    js: "'use strict';\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  },
};

/**
 * Makes the command's code cache beside `cliJs`: one small replay with CASCADE_LAB_WRITE_CODE_CACHE=1
 * compiles what a replay runs, and launch.ts writes V8's data for it at exit. Returns the exit status.
 */
export function writeCodeCache(cliJs, cwd) {
  const r = spawnSync(
    process.execPath,
    [cliJs, 'replay', 'black-thursday-2020', '--accounts', '2000', '--json'],
    {
      cwd,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CASCADE_LAB_WRITE_CODE_CACHE: '1' },
    },
  );
  return r.status ?? -1;
}
