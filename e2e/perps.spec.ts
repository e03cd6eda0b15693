/**
 * October 2025 in the browser host: the perpetual-futures cascade on its historical design
 * (hyperliquid-2025) — the backstop vault and the insurance fund go first, then auto-deleveraging,
 * which the Backstops & margin chart, the metric cards and the narration show.
 */
import { test, expect } from './support/host.ts';

test('October 2025: the vault and the fund go first, then auto-deleveraging is charted, counted and narrated', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: /Open replay: October 10–11, 2025/ }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });

  await expect(page.getByRole('region', { name: 'Backstops & margin' })).toBeVisible();
  const summary = page.getByLabel('Run summary');
  const adl = summary.getByRole('group', { name: 'ADL notional' });
  await expect(adl).toBeVisible();
  // A real amount of auto-deleveraging, in dollars, not zero.
  await expect(adl).toContainText(/\$[1-9][\d.]*[kMB]?/);
  const takeovers = summary.getByRole('group', { name: 'Vault takeovers' });
  expect(Number(/(\d+)/.exec(await takeovers.innerText())![1])).toBeGreaterThan(0);

  // A few minutes into the burst the narration names auto-deleveraging.
  await page.getByLabel('Jump to time (UTC)').fill('2025-10-10 21:20');
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByLabel('Cursor time')).toContainText('21:20');
  const log = page.getByRole('region', { name: 'What is happening now' });
  await expect(log).toContainText(/auto-deleverag/i);
  expect(errors).toEqual([]);
});
