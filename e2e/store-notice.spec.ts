/**
 * A damaged database is moved aside and reported in the app until the user restores a backup or
 * dismisses the note — on this start and the next (before, the next start opened an empty
 * database without a word). Browser host: the test prepares the data folder itself.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ARTIFACTS_DIR, ROOT, expect, freshDataDir, startBuiltHost, test } from './support/host.ts';

function cli(dataDir: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'build/main/cli.js'), ...args], {
    env: { ...process.env, CASCADE_LAB_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`cascade-lab ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

test('a database moved aside is reported until restored or dismissed', async ({ app, browser }) => {
  test.skip(app.target !== 'browser', 'the test prepares a browser host’s data folder');
  const dataDir = await freshDataDir();
  try {
    cli(dataDir, 'db', 'backup');
    writeFileSync(path.join(dataDir, 'cascade-lab.sqlite'), 'not a database '.repeat(500));

    for (const action of ['look', 'dismiss', 'gone'] as const) {
      const host = await startBuiltHost({ dataDir });
      const page = await browser.newPage();
      try {
        await page.goto(host.url);
        const banner = page.getByRole('status', { name: 'Data folder' });
        if (action === 'gone') {
          await expect(page.getByRole('heading').first()).toBeVisible();
          await expect(banner).toHaveCount(0);
          continue;
        }
        await expect(banner).toContainText('moved aside to');
        await expect(banner).toContainText('a new, empty database was started');
        await expect(banner.getByRole('button', { name: 'Restore the latest backup' })).toBeVisible();
        if (action === 'look') {
          await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'store-moved-aside-banner.png') });
          continue; // the next start still shows it
        }
        await banner.getByRole('button', { name: 'Dismiss' }).click();
        await expect(banner).toHaveCount(0);
      } finally {
        await page.close();
        await host.stop();
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('the banner restores the latest backup', async ({ app, browser }) => {
  test.skip(app.target !== 'browser', 'the test prepares a browser host’s data folder');
  const dataDir = await freshDataDir();
  try {
    cli(dataDir, 'db', 'backup');
    writeFileSync(path.join(dataDir, 'cascade-lab.sqlite'), 'not a database '.repeat(500));
    const host = await startBuiltHost({ dataDir });
    const page = await browser.newPage();
    try {
      await page.goto(host.url);
      const banner = page.getByRole('status', { name: 'Data folder' });
      await banner.getByRole('button', { name: 'Restore the latest backup' }).click();
      await expect(banner).toHaveCount(0);
    } finally {
      await page.close();
      await host.stop();
    }
    expect(cli(dataDir, 'runs')).toMatch(/^no saved runs/);
    expect(cli(dataDir, 'db', 'check')).toMatch(/^checksums\s+ok/m);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
