/**
 * Playwright globalSetup: builds what is missing (e2e/support/host.ts), and rebuilds the renderer
 * when any file under src-renderer/ is newer than the last build, so specs never test a stale UI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ROOT } from './support/host.ts';

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export default async function globalSetup(): Promise<void> {
  const index = path.join(ROOT, 'build/renderer/index.html');
  if (existsSync(index) && newestMtimeMs(path.join(ROOT, 'src-renderer')) > statSync(index).mtimeMs) {
    const r = spawnSync(
      process.platform === 'win32' ? 'npx.cmd' : 'npx',
      ['vite', 'build', '--config', path.join(ROOT, 'src-renderer/vite.config.ts')],
      { cwd: ROOT, stdio: 'inherit' },
    );
    if (r.status !== 0)
      throw new Error(`e2e setup: rebuilding the renderer failed (exit ${r.status ?? r.signal})`);
  }
  ensureBuilt();
}
