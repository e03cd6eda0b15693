/**
 * The packaging hook that rebuilds better-sqlite3 for Electron (src-main/tools/electron-native-hook.js).
 * The real rebuild needs Electron's headers from the network, so it is injected here; what is
 * tested is everything around it: nodedir removed while it runs, the project's node_modules left
 * alone, Node-ABI binaries removed from the package, and the ABI guard.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const projectBinary = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');

interface RebuildOptions {
  buildPath: string;
  electronVersion: string;
  arch: string;
  onlyModules: string[];
  buildFromSource: boolean;
}
interface Hook {
  withoutNodedir(env: Record<string, string | undefined>): Record<string, string | undefined>;
  assertElectronAbi(binary: string, expectedAbi: string | undefined): string;
  electronAbi(): string | undefined;
  rebuildPackagedBetterSqlite(
    context: unknown,
    deps?: {
      rebuild?: (o: RebuildOptions) => Promise<void>;
      verify?: (b: string, abi?: string) => string;
      log?: (l: string) => void;
    },
  ): Promise<void>;
}

// A computed specifier: the hook is plain JS for electron-builder and has no type declarations.
const hookUrl = pathToFileURL(path.join(root, 'src-main/tools/electron-native-hook.js')).href;
let hook: Hook;
let dir: string;

const ARCH_INDEX: Record<string, number> = { ia32: 0, x64: 1, arm: 2, arm64: 3 };
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function fakePackagedApp(platform = process.platform) {
  const appOutDir = await mkdtemp(path.join(dir, 'out-'));
  const mod = path.join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
  await mkdir(path.join(mod, 'build', 'Release', 'obj'), { recursive: true });
  await writeFile(path.join(mod, 'binding.gyp'), '{}');
  await writeFile(
    path.join(mod, 'package.json'),
    JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }),
  );
  await writeFile(path.join(mod, 'build', 'Release', 'better_sqlite3.node'), 'NODE-ABI BUILD');
  await writeFile(path.join(mod, 'build', 'Release', 'test_extension.node'), 'NODE-ABI BUILD');
  const context = {
    appOutDir,
    electronPlatformName: platform,
    arch: ARCH_INDEX[process.arch] ?? 1,
    packager: { info: { framework: { version: '45.4.1' } }, appInfo: { productFilename: 'Cascade Lab' } },
  };
  return { context, mod };
}

beforeAll(async () => {
  hook = (await import(hookUrl)) as Hook;
  dir = await mkdtemp(path.join(os.tmpdir(), 'cascade-native-hook-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('electron-native-hook', () => {
  it('removes every spelling of nodedir from an environment and keeps the rest', () => {
    const env = {
      npm_config_nodedir: '/usr',
      NPM_CONFIG_NODEDIR: '/usr',
      npm_config_node_dir: '/usr',
      PATH: '/bin',
    };
    expect(hook.withoutNodedir(env)).toEqual({ PATH: '/bin' });
  });

  it('knows Electron’s ABI from the installed electron package', () => {
    expect(hook.electronAbi()).toMatch(/^\d+$/);
    expect(hook.electronAbi()).not.toBe(process.versions.modules);
  });

  it.runIf(existsSync(projectBinary))(
    'refuses a binary that Node can load (built against Node’s headers)',
    () => {
      expect(() => hook.assertElectronAbi(projectBinary, hook.electronAbi())).toThrow(
        /loads in Node .*npm_config_nodedir/s,
      );
    },
  );

  it('rebuilds in a staging folder without nodedir and ships only the Electron binary', async () => {
    const { context, mod } = await fakePackagedApp();
    const projectHash = existsSync(projectBinary) ? sha(projectBinary) : undefined;
    const previous = process.env['npm_config_nodedir'];
    process.env['npm_config_nodedir'] = '/usr';
    let seen: RebuildOptions | undefined;
    let nodedirDuringRebuild: string | undefined = 'unset';
    try {
      await hook.rebuildPackagedBetterSqlite(context, {
        log: () => {},
        verify: () => '140',
        rebuild: async (o) => {
          seen = o;
          nodedirDuringRebuild = process.env['npm_config_nodedir'];
          const staged = path.join(o.buildPath, 'node_modules', 'better-sqlite3');
          // The stage holds the sources only: no Node-ABI build to be "up to date" with.
          expect(existsSync(path.join(staged, 'build'))).toBe(false);
          expect(existsSync(path.join(staged, 'binding.gyp'))).toBe(true);
          await mkdir(path.join(staged, 'build', 'Release'), { recursive: true });
          await writeFile(path.join(staged, 'build', 'Release', 'better_sqlite3.node'), 'ELECTRON-ABI BUILD');
        },
      });
      expect(process.env['npm_config_nodedir']).toBe('/usr');
    } finally {
      if (previous === undefined) delete process.env['npm_config_nodedir'];
      else process.env['npm_config_nodedir'] = previous;
    }
    expect(nodedirDuringRebuild).toBeUndefined();
    expect(seen).toMatchObject({
      electronVersion: '45.4.1',
      onlyModules: ['better-sqlite3'],
      buildFromSource: true,
    });
    expect(seen!.buildPath.startsWith(os.tmpdir())).toBe(true);
    expect(existsSync(seen!.buildPath)).toBe(false); // the stage is removed
    expect((await readdir(path.join(mod, 'build', 'Release'))).sort()).toEqual([
      'ELECTRON_ABI.txt',
      'better_sqlite3.node',
    ]);
    expect(await readFile(path.join(mod, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe(
      'ELECTRON-ABI BUILD',
    );
    if (projectHash) expect(sha(projectBinary)).toBe(projectHash);
  });

  it('refuses to cross-compile, and says how to package each OS', async () => {
    const other = process.platform === 'win32' ? 'linux' : 'win32';
    const { context } = await fakePackagedApp(other);
    await expect(
      hook.rebuildPackagedBetterSqlite(context, { rebuild: async () => {}, log: () => {} }),
    ).rejects.toThrow(/not cross-compiled.*own machine/s);
  });

  it('fails loudly when better-sqlite3 was not unpacked from the asar', async () => {
    const { context, mod } = await fakePackagedApp();
    await rm(mod, { recursive: true });
    await expect(
      hook.rebuildPackagedBetterSqlite(context, { rebuild: async () => {}, log: () => {} }),
    ).rejects.toThrow(/asarUnpack/);
  });
});
