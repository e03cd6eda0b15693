/**
 * Process entry of the `cascade-lab` command (build/main/cli.js). The command itself (main.ts) is
 * bundled as CommonJS into cli-bundle.cjs beside this file; this entry runs it as a `vm.Script` with
 * V8's code cache, so a command does not parse and compile its 3 MB bundle again (~0.1 s of every
 * start, measured by `npm run bench`'s end-to-end section).
 *
 * The cache (cli-bundle.cjs.cache) is written by the build (tools/build-main.js), which runs one
 * small replay with CASCADE_LAB_WRITE_CODE_CACHE=1: V8 then keeps the bytecode of every function that
 * replay compiled. It starts with the SHA-1 of the bundle it was made from and of V8's data, and is
 * used only with that bundle and intact (V8 refuses data from another V8 version or other flags, but
 * does not check the data itself: damaged data would crash the process). Without a usable cache
 * the bundle is compiled as usual: the same command, a little slower. CASCADE_LAB_CODE_CACHE=0 leaves
 * the cache unused; CASCADE_LAB_CODE_CACHE=report prints on stderr whether it was used and why not.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = path.join(here, 'cli-bundle.cjs');
const cacheFile = `${bundle}.cache`;
const HEX_SHA1 = 40;

if (!existsSync(bundle)) {
  process.stderr.write(`cascade-lab: ${bundle} is missing; build it with \`npm run build:main\`\n`);
  process.exit(1);
}
const source = readFileSync(bundle);
const key = Buffer.from(`${sha1(source)}\n`);
const mode = process.env.CASCADE_LAB_CODE_CACHE;
const cache = mode === '0' ? { data: undefined, why: 'not used (CASCADE_LAB_CODE_CACHE=0)' } : cacheFor(key);
const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`,
  {
    filename: bundle,
    cachedData: cache.data,
    // An `import()` in the bundle (none today: esbuild keeps it for packages) loads as in any module.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  },
);
if (mode === 'report') {
  const status = cache.data === undefined ? cache.why : script.cachedDataRejected ? 'refused by V8' : 'used';
  process.stderr.write(`cascade-lab code cache: ${status}\n`);
}

if (process.env.CASCADE_LAB_WRITE_CODE_CACHE === '1') {
  // At exit, after the command ran: the functions it compiled are in the data.
  process.on('exit', () => {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    const data = script.createCachedData();
    writeFileSync(tmp, Buffer.concat([key, Buffer.from(`${sha1(data)}\n`), data]));
    renameSync(tmp, cacheFile);
  });
}

const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(
  module.exports,
  module.exports,
  createRequire(bundle),
  module,
  bundle,
  here,
);

/** The cached data made from this bundle (`key`: its SHA-1 line), intact; or why there is none. */
function cacheFor(key: Buffer): { data: Buffer | undefined; why: string } {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return { data: undefined, why: `none (${path.basename(cacheFile)} not found)` };
  }
  if (!file.subarray(0, key.length).equals(key)) return { data: undefined, why: 'made from another bundle' };
  const at = key.length + HEX_SHA1 + 1;
  const data = file.subarray(at);
  return file.subarray(key.length, at).toString('latin1') === `${sha1(data)}\n`
    ? { data, why: '' }
    : { data: undefined, why: 'damaged (its checksum does not match)' };
}

function sha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}
