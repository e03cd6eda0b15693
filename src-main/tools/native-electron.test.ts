/**
 * `npm run native:electron` (src-main/tools/native-electron.js): builds better-sqlite3 for Electron
 * into build/native/electron — where store/native-binding.ts looks for it — from a copy of the
 * sources, with nodedir removed, never touching node_modules' Node build. The real rebuild needs
 * Electron's headers from the network, which this machine lacks: it is injected here, and the
 * loud message for the offline case is tested as text.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronBindingPath } from '../store/native-binding.ts';
import { tempDir } from '../store/store-test-support.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nodeBuild = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');

interface RebuildOptions {
  buildPath: string;
  electronVersion: string;
  onlyModules: string[];
}
interface NativeElectron {
  electronBindingFile(rootDir: string, t: { platform: string; arch: string; abi: string }): string;
  explainFailure(error: unknown, version: string, headersPresent?: boolean): string;
  buildElectronBinding(deps: {
    rootDir?: string;
    abi?: string;
    rebuild?: (o: RebuildOptions) => Promise<void>;
    verify?: (binary: string, abi: string) => string;
    log?: (line: string) => void;
  }): Promise<string>;
}
// A computed specifier: the script is plain JS run by node and has no type declarations.
const script = (await import(
  pathToFileURL(path.join(root, 'src-main/tools/native-electron.js')).href
)) as NativeElectron;

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('npm run native:electron', () => {
  it('puts the file exactly where the app looks for it', () => {
    const t = { platform: 'linux', arch: 'x64', abi: '150' };
    expect(script.electronBindingFile('/r', t)).toBe(electronBindingPath('/r', t));
  });

  it('rebuilds a copy for Electron with nodedir removed, and leaves Node’s build alone', async () => {
    const rootDir = tempDir();
    // A project with the installed better-sqlite3 sources and electron's version.
    await mkdir(path.join(rootDir, 'node_modules/electron'), { recursive: true });
    await writeFile(
      path.join(rootDir, 'node_modules/electron/package.json'),
      JSON.stringify({ version: '45.4.1' }),
    );
    const { cp } = await import('node:fs/promises');
    await cp(
      path.join(root, 'node_modules/better-sqlite3'),
      path.join(rootDir, 'node_modules/better-sqlite3'),
      {
        recursive: true,
      },
    );
    const before = sha(nodeBuild);
    process.env['npm_config_nodedir'] = '/usr';
    const seen: { nodedir: string | undefined; options?: RebuildOptions } = { nodedir: 'unset' };
    const target = await script.buildElectronBinding({
      rootDir,
      abi: '150',
      log: () => {},
      rebuild: async (options) => {
        seen.nodedir = process.env['npm_config_nodedir'];
        seen.options = options;
        const out = path.join(options.buildPath, 'node_modules/better-sqlite3/build/Release');
        expect(existsSync(out)).toBe(false); // the copy has no Node build in it
        await mkdir(out, { recursive: true });
        await writeFile(path.join(out, 'better_sqlite3.node'), 'electron build');
      },
      verify: (_binary, abi) => abi,
    });
    expect(process.env['npm_config_nodedir']).toBe('/usr');
    delete process.env['npm_config_nodedir'];
    expect(seen.nodedir).toBeUndefined();
    expect(seen.options).toMatchObject({ electronVersion: '45.4.1', onlyModules: ['better-sqlite3'] });
    expect(target).toBe(
      electronBindingPath(rootDir, { platform: process.platform, arch: process.arch, abi: '150' }),
    );
    expect(readFileSync(target, 'utf8')).toBe('electron build');
    expect(
      JSON.parse(readFileSync(path.join(path.dirname(target), 'build-info.json'), 'utf8')),
    ).toMatchObject({
      electron: '45.4.1',
      abi: '150',
    });
    expect(sha(nodeBuild)).toBe(before);
    expect(sha(path.join(rootDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(
      before,
    );
  });

  it('says loudly what is missing and what to do when the headers cannot be downloaded', () => {
    const text = script.explainFailure(new Error('node-gyp failed to rebuild'), '45.4.1', false);
    expect(text.split('\n')[0]).toBe('NATIVE MODULE FOR ELECTRON NOT BUILT.');
    expect(text).toMatch(/headers are not in .*\.electron-gyp\/45\.4\.1 and could not be downloaded/);
    expect(text).toMatch(/npm start` uses the browser host/);
    expect(script.explainFailure(new Error('make failed'), '45.4.1', true)).toMatch(/C\+\+ compiler/);
  });
});
