/**
 * Which better-sqlite3 binary this process loads. A native addon is built for one ABI
 * (NODE_MODULE_VERSION): node_modules/better-sqlite3/build holds the build for Node's, which the
 * CLI, the browser host, workers and tests load. Electron has another ABI:
 *
 * - packaged, the afterPack hook (tools/electron-native-hook.js) put an Electron build in the
 *   package's own copy of the module: the default binary is right;
 * - in development (`npm start` with an Electron binary), the Electron build lives in its own
 *   folder, build/native/electron/<platform>-<arch>-abi<N>/better_sqlite3.node, made by
 *   `npm run native:electron` (tools/native-electron.js) and never in node_modules, and is passed
 *   to better-sqlite3 as its `nativeBinding` option.
 *
 * Every `new Database` of the store goes through {@link openDatabase}, which applies the choice.
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { lazyPackage } from './lazy-package.ts';
import { StoreError } from './store-errors.ts';

/** better-sqlite3, loaded by the first database opened (a replay on the command line opens none). */
const sqlite = lazyPackage<typeof Database>('better-sqlite3');

/** The binary's file name in every build. */
export const BINDING_FILE = 'better_sqlite3.node';

/** Where `npm run native:electron` puts the Electron build for this platform, arch and ABI. */
export function electronBindingPath(
  rootDir: string,
  target: { platform: string; arch: string; abi: string },
): string {
  return path.join(
    rootDir,
    'build',
    'native',
    'electron',
    `${target.platform}-${target.arch}-abi${target.abi}`,
    BINDING_FILE,
  );
}

/** What the choice looks at; injectable so every case is tested under plain Node. */
export interface BindingContext {
  /** `process.versions.electron`: undefined under Node. */
  electronVersion: string | undefined;
  /** Electron's `app.isPackaged`. */
  packaged: boolean;
  /** The repository (development) root. */
  rootDir: string;
  platform: string;
  arch: string;
  /** `process.versions.modules`: the running ABI. */
  abi: string;
  exists?: (file: string) => boolean;
}

/** The binary to load: the module's own, a file, or none that fits (with what to do). */
export type BindingChoice =
  { kind: 'default' } | { kind: 'file'; path: string } | { kind: 'missing'; path: string; message: string };

/** Chooses the binary for the running process (see the file comment). Pure. */
export function chooseNativeBinding(ctx: BindingContext): BindingChoice {
  if (ctx.electronVersion === undefined || ctx.packaged) return { kind: 'default' };
  const file = electronBindingPath(ctx.rootDir, ctx);
  if ((ctx.exists ?? fs.existsSync)(file)) return { kind: 'file', path: file };
  return {
    kind: 'missing',
    path: file,
    message:
      `better-sqlite3 has no build for Electron ${ctx.electronVersion} (ABI ${ctx.abi}, ${ctx.platform}-${ctx.arch}) at ${file}, ` +
      "so the app cannot open its database. Run `npm run native:electron` (it needs Electron's headers: network access, " +
      'or a local copy), then start the app again.',
  };
}

let chosen: BindingChoice = { kind: 'default' };

/** Sets the binary every later {@link openDatabase} loads (Electron main calls this at start). */
export function useNativeBinding(choice: BindingChoice): void {
  chosen = choice;
}

/** The current choice. */
export function nativeBindingChoice(): BindingChoice {
  return chosen;
}

/** `new Database(file, options)` with the chosen native binary. */
export function openDatabase(file: string, options: Database.Options = {}): Database.Database {
  if (chosen.kind === 'missing') throw new StoreError('store-native', chosen.message);
  const Sqlite = sqlite();
  return new Sqlite(file, chosen.kind === 'file' ? { ...options, nativeBinding: chosen.path } : options);
}
