// `npm run native:electron`: builds better-sqlite3 for ELECTRON's ABI into its own folder,
//
//   build/native/electron/<platform>-<arch>-abi<N>/better_sqlite3.node   (+ build-info.json)
//
// which Electron main loads in development through better-sqlite3's `nativeBinding` option
// (src-main/store/native-binding.ts). node_modules/better-sqlite3/build — Node's build, used by the
// CLI, the browser host, workers and tests — is never touched: the sources are copied to a
// temporary folder and rebuilt there with @electron/rebuild, nodedir removed from the environment
// (see tools/electron-native-hook.js, which does the same for the packaged app).
//
// The rebuild needs Electron's C headers, which @electron/rebuild downloads (node-gyp caches them
// in ~/.electron-gyp). Where they cannot be had, this says so loudly and exits 1; `npm start` then
// falls back to the browser host.
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertElectronAbi, electronAbi, withoutNodedir } from './electron-native-hook.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODULE = 'better-sqlite3';
const BINARY = 'better_sqlite3.node';

/** Same layout as electronBindingPath in src-main/store/native-binding.ts (a test keeps them equal). */
export function electronBindingFile(rootDir, { platform, arch, abi }) {
  return path.join(rootDir, 'build', 'native', 'electron', `${platform}-${arch}-abi${abi}`, BINARY);
}

function electronVersion(rootDir) {
  const file = path.join(rootDir, 'node_modules/electron/package.json');
  if (!existsSync(file)) throw new Error('node_modules/electron is missing: run npm ci first');
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

/** Where node-gyp keeps Electron's headers once downloaded. */
export function electronHeadersDir(version, home = os.homedir()) {
  return path.join(home, '.electron-gyp', version);
}

/**
 * The loud explanation printed when the build cannot be made here. Without Electron's headers on
 * disk the cause is their download (this machine has no network to electronjs.org, or a proxy).
 */
export function explainFailure(error, version, headersPresent = existsSync(electronHeadersDir(version))) {
  const reason = error?.message?.split('\n')[0] ?? String(error);
  return [
    'NATIVE MODULE FOR ELECTRON NOT BUILT.',
    `better-sqlite3 must be compiled against Electron ${version}'s headers, and this machine could not: ${reason}.`,
    headersPresent
      ? 'Fix the error above (a C++ compiler and Python are needed, as for `npm ci`) and run `npm run native:electron` again.'
      : `Electron's headers are not in ${electronHeadersDir(version)} and could not be downloaded from electronjs.org ` +
        '(no network or a proxy: see the error above). Run `npm run native:electron` on a machine that reaches it, or ' +
        'copy the headers there, then start the app again.',
    'Until then `npm start` uses the browser host; the CLI and the tests are unaffected (they use Node’s build).',
  ].join('\n');
}

/**
 * Builds the Electron binary into build/native/electron. `deps` are injectable for tests:
 * `rebuild` (@electron/rebuild's), `verify` (assertElectronAbi), `abi`, `log`, `rootDir`.
 * Resolves with the path of the new binary.
 */
export async function buildElectronBinding(deps = {}) {
  const rootDir = deps.rootDir ?? root;
  const log = deps.log ?? ((line) => console.log(`native:electron: ${line}`));
  const version = electronVersion(rootDir);
  const abi = deps.abi ?? electronAbi();
  if (!abi) throw new Error('node_modules/electron/abi_version is missing: run npm ci first');
  const source = path.join(rootDir, 'node_modules', MODULE);
  const target = electronBindingFile(rootDir, { platform: process.platform, arch: process.arch, abi });
  const stage = await mkdtemp(path.join(os.tmpdir(), 'cascade-lab-electron-native-'));
  const savedEnv = process.env;
  try {
    const staged = path.join(stage, 'node_modules', MODULE);
    await mkdir(staged, { recursive: true });
    for (const entry of await readdir(source)) {
      if (entry !== 'build')
        await cp(path.join(source, entry), path.join(staged, entry), { recursive: true });
    }
    const moduleVersion = JSON.parse(readFileSync(path.join(staged, 'package.json'), 'utf8')).version;
    await writeFile(
      path.join(stage, 'package.json'),
      JSON.stringify({
        name: 'cascade-lab-electron-native',
        version: '0.0.0',
        private: true,
        dependencies: { [MODULE]: moduleVersion },
      }),
    );
    log(
      `rebuilding ${MODULE} ${moduleVersion} for Electron ${version} (ABI ${abi}, ${process.platform}-${process.arch})`,
    );
    const rebuild = deps.rebuild ?? (await import('@electron/rebuild')).rebuild;
    process.env = withoutNodedir(savedEnv);
    try {
      await rebuild({
        buildPath: stage,
        electronVersion: version,
        arch: process.arch,
        onlyModules: [MODULE],
        force: true,
        buildFromSource: true,
        mode: 'sequential',
      });
    } finally {
      process.env = savedEnv;
    }
    const built = path.join(staged, 'build', 'Release', BINARY);
    if (!existsSync(built)) throw new Error(`the rebuild reported success but ${built} does not exist`);
    (deps.verify ?? assertElectronAbi)(built, abi);
    await mkdir(path.dirname(target), { recursive: true });
    await cp(built, target);
    await writeFile(
      path.join(path.dirname(target), 'build-info.json'),
      `${JSON.stringify({ module: MODULE, moduleVersion, electron: version, abi, platform: process.platform, arch: process.arch }, null, 2)}\n`,
    );
    log(`wrote ${path.relative(rootDir, target)} (Node refuses it, as it should: it is Electron's)`);
    return target;
  } finally {
    process.env = savedEnv;
    await rm(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await buildElectronBinding();
  } catch (e) {
    let version = '?';
    try {
      version = electronVersion(root);
    } catch {
      // reported below
    }
    console.error(explainFailure(e, version));
    process.exit(1);
  }
}
