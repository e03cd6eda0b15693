// How the main-process bundles are made, shared by the build (build-main.js) and the tests that
// bundle real workers or a real command (bundle-test-support.ts, cli-concurrency.test.ts). The
// `cascade-lab` command is main.ts as the CommonJS bundle cli-bundle.cjs, run by cli.js (launch.ts)
// with V8's code cache.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

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

/**
 * Makes the command's bundle pure ASCII, so that node reads it as a one-byte string (a bundle with
 * any other character is decoded and compiled as a two-byte one: ~7 ms more at every start).
 * esbuild escapes such characters in strings but leaves comments (and regular expressions) as they
 * are: each character outside ASCII in a comment line becomes `?`, one per UTF-16 unit so that the
 * source map's columns stay right. Anywhere else it is an error naming the line: write it as a
 * `\u` escape in the source.
 */
export function asciiBundle(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  let changed = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    // eslint-disable-next-line no-control-regex
    if (!/[^\x00-\x7f]/.test(line)) continue;
    const t = line.trimStart();
    // A comment line: `//`, `/*`, or a block comment's `* …` / `*/` (not a generator method's `*name(`).
    if (!(
      t.startsWith('//') ||
      t.startsWith('/*') ||
      t.startsWith('* ') ||
      t.startsWith('*/') ||
      t === '*'
    )) {
      throw new Error(
        `${file}:${k + 1}: a character outside ASCII in code (${JSON.stringify(line.trim().slice(0, 80))}); write it as a \\u escape in the source`,
      );
    }
    // eslint-disable-next-line no-control-regex
    lines[k] = line.replace(/[^\x00-\x7f]/g, '?');
    changed = true;
  }
  if (changed) writeFileSync(file, lines.join('\n'));
}
