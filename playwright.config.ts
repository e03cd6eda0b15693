/**
 * End-to-end tests (specs in e2e/, written against `test` from e2e/support/host.ts). Two projects
 * run the same specs:
 *   - browser-host: the built loopback host in the system Chromium (/usr/bin/chromium; Playwright
 *     never downloads a browser here);
 *   - electron: the packaged-style Electron app through Playwright's `_electron`, only where the
 *     Electron binary exists — otherwise it is left out and a loud line says so.
 * Each test starts its own app with its own temporary data folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const root = path.dirname(fileURLToPath(import.meta.url));

function electronAvailable(): boolean {
  const pathFile = path.join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(path.join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim()));
}

const withElectron = electronAvailable();
// The config is loaded by the runner and again by every worker: say it once.
if (!withElectron && process.env['TEST_WORKER_INDEX'] === undefined) {
  console.log(
    'ELECTRON E2E NOT RUN: no Electron binary on this machine (node_modules/electron/dist is missing)',
  );
}

const rendererSetup = path.join(root, 'e2e/global-setup.ts');

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'e2e/artifacts/results',
  globalSetup: existsSync(rendererSetup) ? rendererSetup : path.join(root, 'e2e/support/host.ts'),
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: 'e2e/artifacts/report', open: 'never' }]],
  use: {
    viewport: { width: 1280, height: 720 },
    screenshot: { mode: 'only-on-failure', fullPage: true },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'browser-host', use: { browserName: 'chromium' }, metadata: { target: 'browser' } },
    ...(withElectron ? [{ name: 'electron', metadata: { target: 'electron' } }] : []),
  ],
});
