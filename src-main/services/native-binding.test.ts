/**
 * The choice of better-sqlite3 binary (store/native-binding.ts): Node's build under Node and in the
 * packaged app, the Electron build from build/native/electron in development — or a clear message
 * when it has not been built. Electron itself cannot run here; the choice is pure and tested under
 * every context, and openDatabase is shown to load exactly the chosen file.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chooseNativeBinding,
  electronBindingPath,
  openDatabase,
  useNativeBinding,
} from '../store/native-binding.ts';
import { tempDir } from '../store/store-test-support.ts';
import { openAppStore } from './open-app-store.ts';

const root = '/repo';
const electronDev = {
  electronVersion: '45.4.1',
  packaged: false,
  rootDir: root,
  platform: 'linux',
  arch: 'x64',
  abi: '150',
};

afterEach(() => useNativeBinding({ kind: 'default' }));

describe('chooseNativeBinding', () => {
  it('keeps the module’s own (Node) build under Node: the CLI, the host, workers and tests', () => {
    expect(
      chooseNativeBinding({ ...electronDev, electronVersion: undefined, abi: '115', exists: () => true }),
    ).toEqual({
      kind: 'default',
    });
  });

  it('keeps the module’s own build in the packaged app (afterPack put Electron’s there)', () => {
    expect(chooseNativeBinding({ ...electronDev, packaged: true, exists: () => false })).toEqual({
      kind: 'default',
    });
  });

  it('loads the Electron build from its own folder in development', () => {
    const expected = '/repo/build/native/electron/linux-x64-abi150/better_sqlite3.node';
    expect(electronBindingPath(root, electronDev)).toBe(expected);
    expect(chooseNativeBinding({ ...electronDev, exists: (f) => f === expected })).toEqual({
      kind: 'file',
      path: expected,
    });
  });

  it('says what to run when the Electron build is missing', () => {
    const choice = chooseNativeBinding({ ...electronDev, exists: () => false });
    expect(choice.kind).toBe('missing');
    if (choice.kind === 'missing') {
      expect(choice.message).toMatch(/no build for Electron 45\.4\.1 \(ABI 150, linux-x64\)/);
      expect(choice.message).toMatch(/Run `npm run native:electron`/);
    }
  });
});

describe('openDatabase', () => {
  it('loads exactly the chosen file (never node_modules’ when a file is chosen)', () => {
    const nodeBuild = path.join(
      path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
      'build/Release/better_sqlite3.node',
    );
    useNativeBinding({ kind: 'file', path: nodeBuild });
    const db = openDatabase(':memory:');
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
    useNativeBinding({ kind: 'file', path: path.join(tempDir(), 'absent', 'better_sqlite3.node') });
    expect(() => openDatabase(':memory:')).toThrow(/absent/);
  });

  it('with no fitting build, the app opens without saving and says why and what to run', async () => {
    useNativeBinding(chooseNativeBinding({ ...electronDev, exists: () => false }));
    const app = await openAppStore(tempDir());
    expect(app.store).toBeNull();
    expect(app.problem).toMatch(
      /no build for Electron 45\.4\.1 .*npm run native:electron.*will not be saved/,
    );
    expect(app.storage.status()).toMatchObject({ saving: false });
  });
});
