// electron-builder `afterPack` hook: gives the PACKAGED app a better-sqlite3 built for Electron's
// ABI, and never touches the project's node_modules (whose Node-ABI build the CLI, the browser
// host and the tests load). See the ABI plan at the top of electron-builder.yml.
//
// Steps, for the platform/arch electron-builder is packing:
//   1. copy better-sqlite3's sources (no build/ folder) from the packaged app.asar.unpacked into a
//      throwaway staging project in the temp folder;
//   2. rebuild it there with @electron/rebuild against Electron's headers, with npm_config_nodedir
//      removed from the environment (a nodedir — e.g. `nodedir=/usr` in ~/.npmrc — makes node-gyp
//      build against Node's headers: the result loads in Node and crashes the app in Electron);
//   3. check the result: Node must REFUSE to load it, naming Electron's NODE_MODULE_VERSION;
//   4. replace the packaged copy's build/ folder (the Node-ABI binaries electron-builder copied
//      from node_modules) with the Electron-ABI binary alone.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODULE = 'better-sqlite3';
const BINARY = 'better_sqlite3.node';

/** electron-builder's Arch enum (builder-util): ia32 = 0, x64 = 1, armv7l = 2, arm64 = 3, universal = 4. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** Environment variables that point node-gyp at a Node header folder; all spellings npm uses. */
export const NODEDIR_VARIABLES = ['npm_config_nodedir', 'NPM_CONFIG_NODEDIR', 'npm_config_node_dir'];

/** A copy of `env` without any nodedir setting. */
export function withoutNodedir(env) {
  const out = { ...env };
  for (const key of Object.keys(out)) {
    if (NODEDIR_VARIABLES.some((v) => v.toLowerCase() === key.toLowerCase())) delete out[key];
  }
  return out;
}

function fail(message) {
  throw new Error(`Cascade Lab packaging: ${message}`);
}

/** The packaged app's Resources folder. */
export function resourcesDir(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources');
  }
  return path.join(appOutDir, 'resources');
}

function electronVersionOf(context) {
  const fromBuilder = context.packager?.info?.framework?.version ?? context.packager?.config?.electronVersion;
  if (fromBuilder) return String(fromBuilder);
  return JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
}

/** Electron's NODE_MODULE_VERSION (node_modules/electron/abi_version, written by electron's package). */
export function electronAbi() {
  const file = path.join(root, 'node_modules/electron/abi_version');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * Proves `binary` was NOT built for this Node: loading it in Node must fail with a
 * NODE_MODULE_VERSION mismatch naming `expectedAbi` (Electron's). Throws otherwise.
 */
export function assertElectronAbi(binary, expectedAbi) {
  let output = '';
  try {
    output = execFileSync(
      process.execPath,
      [
        '-e',
        'try { process.dlopen({ exports: {} }, process.argv[1]); console.log("LOADED") } catch (e) { console.log(e.message) }',
        binary,
      ],
      { encoding: 'utf8', env: withoutNodedir(process.env) },
    );
  } catch (e) {
    fail(`could not test ${binary}: ${e.message}`);
  }
  if (output.includes('LOADED')) {
    fail(
      `${binary} loads in Node ${process.version} (ABI ${process.versions.modules}): it was built against Node's headers, not Electron's. ` +
        'Is npm_config_nodedir set (e.g. nodedir=/usr in ~/.npmrc)? The packaged app would crash on start; refusing to package it.',
    );
  }
  const match = /NODE_MODULE_VERSION (\d+)[^]*?NODE_MODULE_VERSION (\d+)/.exec(output);
  if (!match) fail(`${binary} is not a loadable native module for this platform: ${output.trim()}`);
  const builtFor = match[1];
  if (expectedAbi && builtFor !== expectedAbi) {
    fail(`${binary} was built for NODE_MODULE_VERSION ${builtFor}, but Electron needs ${expectedAbi}`);
  }
  return builtFor;
}

async function loadRebuild() {
  try {
    return (await import('@electron/rebuild')).rebuild;
  } catch (e) {
    fail(
      `@electron/rebuild is not installed (${e.code ?? e.message}). It rebuilds better-sqlite3 for Electron's ABI at pack time; ` +
        'add it as a devDependency: npm install --save-dev @electron/rebuild@4.2.1',
    );
  }
}

/**
 * Rebuilds the packaged better-sqlite3 for Electron. `deps` are injectable for tests:
 * `rebuild` (@electron/rebuild's), `verify` (assertElectronAbi), `log`.
 */
export async function rebuildPackagedBetterSqlite(context, deps = {}) {
  const log = deps.log ?? ((line) => console.log(`  • ${line}`));
  const platform = context.electronPlatformName;
  const hostPlatform = process.platform === 'darwin' && platform === 'mas' ? 'mas' : process.platform;
  if (platform !== hostPlatform) {
    fail(
      `cannot build ${MODULE} for ${platform} on ${process.platform}: native modules are not cross-compiled. ` +
        'Package each operating system on its own machine (e.g. a CI matrix of linux, macos and windows runners).',
    );
  }
  const arch = typeof context.arch === 'number' ? ARCH_NAMES[context.arch] : String(context.arch);
  if (!arch || arch === 'universal') {
    fail(
      `cannot rebuild ${MODULE} for arch "${arch}": package one arch at a time (electron-builder --x64 / --arm64)`,
    );
  }
  const electronVersion = electronVersionOf(context);
  const packaged = path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', MODULE);
  if (!existsSync(path.join(packaged, 'binding.gyp'))) {
    fail(
      `${packaged} is missing (or has no binding.gyp): electron-builder.yml must unpack the whole module ` +
        `(asarUnpack: node_modules/${MODULE}/**) so it can be rebuilt and loaded outside the asar`,
    );
  }

  const stage = await mkdtemp(path.join(os.tmpdir(), 'cascade-lab-native-'));
  const savedEnv = process.env;
  try {
    const staged = path.join(stage, 'node_modules', MODULE);
    await mkdir(staged, { recursive: true });
    for (const entry of await readdir(packaged)) {
      if (entry !== 'build')
        await cp(path.join(packaged, entry), path.join(staged, entry), { recursive: true });
    }
    const version = JSON.parse(readFileSync(path.join(staged, 'package.json'), 'utf8')).version;
    await writeFile(
      path.join(stage, 'package.json'),
      JSON.stringify({
        name: 'cascade-lab-native-stage',
        version: '0.0.0',
        private: true,
        dependencies: { [MODULE]: version },
      }),
    );

    log(`rebuilding ${MODULE} ${version} for Electron ${electronVersion} (${platform}-${arch}) in ${stage}`);
    const rebuild = deps.rebuild ?? (await loadRebuild());
    // @electron/rebuild hands process.env to node-gyp: remove nodedir for the duration.
    process.env = withoutNodedir(savedEnv);
    await rebuild({
      buildPath: stage,
      electronVersion,
      arch,
      onlyModules: [MODULE],
      force: true,
      buildFromSource: true,
      mode: 'sequential',
    });
    process.env = savedEnv;

    const built = path.join(staged, 'build', 'Release', BINARY);
    if (!existsSync(built)) fail(`the rebuild reported success but ${built} does not exist`);
    const verify = deps.verify ?? assertElectronAbi;
    if (arch === process.arch) {
      const abi = verify(built, electronAbi());
      log(
        `${BINARY} is built for NODE_MODULE_VERSION ${abi} (Electron ${electronVersion}); Node refuses it, as it should`,
      );
    } else {
      log(`skipping the ABI load test: built for ${arch} on a ${process.arch} machine`);
    }

    // The packaged module keeps only the Electron build: no Node-ABI binary can be picked up.
    await rm(path.join(packaged, 'build'), { recursive: true, force: true });
    await mkdir(path.join(packaged, 'build', 'Release'), { recursive: true });
    await cp(built, path.join(packaged, 'build', 'Release', BINARY));
    await writeFile(
      path.join(packaged, 'build', 'Release', 'ELECTRON_ABI.txt'),
      `better-sqlite3 ${version} built for Electron ${electronVersion} ${platform}-${arch}\n`,
    );
  } finally {
    process.env = savedEnv;
    await rm(stage, { recursive: true, force: true });
  }
}

/** electron-builder calls the default export with its AfterPackContext. */
export default async function afterPack(context) {
  await rebuildPackagedBetterSqlite(context);
}
