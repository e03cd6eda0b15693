/**
 * E2E support: starts the BUILT app the way a user would — the loopback browser host
 * (`node build/main/host.js`) or, where its binary exists, Electron — each test with its own fresh
 * data folder (CASCADE_LAB_DATA_DIR in the temp folder, removed afterwards).
 *
 * Specs import `test` and `expect` from here and use `page` as usual: in the "browser-host" project
 * it is a Chromium tab already on the host's URL (token included); in the "electron" project it is
 * the app's first window. `app` tells a spec which one it got and where its data lives.
 *
 * The default export is a Playwright globalSetup that builds whatever is missing (used by
 * playwright.config.ts unless e2e/global-setup.ts exists; that file can call `ensureBuilt`).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { _electron, test as base, expect } from '@playwright/test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HOST_BUNDLE = path.join(ROOT, 'build/main/host.js');
/** Where specs save explicit screenshots (Playwright's own go under e2e/artifacts/results). */
export const ARTIFACTS_DIR = path.join(ROOT, 'e2e/artifacts');

export interface BuiltHost {
  /** The URL to open, token included: http://127.0.0.1:PORT/?token=… */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The Electron executable, if electron's postinstall downloaded it on this machine. */
export function electronBinary(): string | undefined {
  const pathFile = path.join(ROOT, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

function runOrThrow(command: string, args: string[], what: string): void {
  const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`e2e setup: ${what} failed (exit ${r.status ?? r.signal})`);
}

/** Builds the main bundles and the renderer if they are missing. */
export function ensureBuilt(): void {
  const bundles = ['host.js', 'engine-worker.js', 'electron-main.js', 'preload.cjs'];
  if (bundles.some((b) => !existsSync(path.join(ROOT, 'build/main', b)))) {
    runOrThrow(
      process.execPath,
      [path.join(ROOT, 'src-main/tools/build-main.js')],
      'building the main process',
    );
  }
  if (!existsSync(path.join(ROOT, 'build/renderer/index.html'))) {
    runOrThrow(
      process.platform === 'win32' ? 'npx.cmd' : 'npx',
      ['vite', 'build', '--config', path.join(ROOT, 'src-renderer/vite.config.ts')],
      'building the renderer',
    );
  }
}

export async function freshDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'cascade-e2e-data-'));
}

const READY = /Cascade Lab is running at (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)/;

/** Starts `node build/main/host.js` on a free port with a fresh data folder (or `dataDir`). */
export async function startBuiltHost(
  options: { dataDir?: string; timeoutMs?: number } = {},
): Promise<BuiltHost> {
  if (!existsSync(HOST_BUNDLE)) throw new Error(`${HOST_BUNDLE} is missing: run npm run build first`);
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await freshDataDir());
  const child: ChildProcess = spawn(process.execPath, [HOST_BUNDLE], {
    cwd: ROOT,
    env: { ...process.env, CASCADE_LAB_DATA_DIR: dataDir, CASCADE_LAB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(
        () =>
          reject(
            new Error(`the host did not print its URL within ${options.timeoutMs ?? 15_000} ms\n${stderr}`),
          ),
        options.timeoutMs ?? 15_000,
      );
      child.stdout?.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = READY.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the host exited (code ${code}) before it was ready:\n${stderr}`));
      });
    });
    return { url: `${match[1]}/?token=${match[3]}`, origin: match[1]!, token: match[3]!, dataDir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export type AppTarget = 'browser' | 'electron';

export interface AppUnderTest {
  target: AppTarget;
  dataDir: string;
  /** The browser host (browser target only). */
  host?: BuiltHost;
}

/** `test` with `page` opened on the app and `app` describing it (see the file comment). */
export const test = base.extend<{ app: AppUnderTest; appPage: Page }>({
  // Playwright reads a fixture's dependencies from its first parameter: it must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use, testInfo) => {
    const target = (testInfo.project.metadata as { target?: AppTarget }).target ?? 'browser';
    if (target === 'electron') {
      const dataDir = await freshDataDir();
      await use({ target, dataDir });
      await rm(dataDir, { recursive: true, force: true });
      return;
    }
    const host = await startBuiltHost();
    await use({ target, dataDir: host.dataDir, host });
    await host.stop();
  },
  appPage: async ({ app, context }, use) => {
    if (app.target === 'browser') {
      const page = await context.newPage();
      await page.goto(app.host!.url);
      await use(page);
      return;
    }
    const executablePath = electronBinary();
    if (!executablePath) throw new Error('the electron project needs the Electron binary');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    const electronApp = await _electron.launch({
      executablePath,
      args: [ROOT],
      cwd: ROOT,
      env: { ...env, CASCADE_LAB_DATA_DIR: app.dataDir },
    });
    try {
      await use(await electronApp.firstWindow());
    } finally {
      await electronApp.close();
    }
  },
  page: async ({ appPage }, use) => use(appPage),
});

export { expect };

/** Playwright globalSetup: build what is missing. */
export default async function globalSetup(): Promise<void> {
  ensureBuilt();
}
