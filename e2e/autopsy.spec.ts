/**
 * Clicking a liquidated account opens its autopsy: health over time, its liquidations, every bid in
 * its auctions, what it lost.
 */
import { test, expect } from './support/host.ts';
import { focusPage, openBlackThursdayReplay } from './helpers.ts';
import { ARTIFACTS_DIR } from './support/host.ts';
import path from 'node:path';

test('the account autopsy shows health over time for a liquidated account', async ({ page }) => {
  await openBlackThursdayReplay(page);
  await focusPage(page);
  // The largest wave of the historical replay has liquidated accounts to open.
  for (let i = 0; i < 8; i++) await page.keyboard.press(']');
  const open = page.getByRole('button', { name: /Open autopsy of account \d+/ }).first();
  await expect(open).toBeVisible({ timeout: 15_000 });
  await open.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/liquidat/i);
  await expect(dialog.locator('canvas')).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'view-autopsy.png') });

  // Every auction of its collateral lists its bids, down to the winning one.
  await expect(dialog).toContainText('Bids, auction by auction');
  const first = dialog.locator('details.bids').first();
  await first.locator('summary').click();
  const bids = first.getByRole('table', { name: /Bids in auction \d+/ });
  await expect(bids).toBeVisible();
  await expect(bids.getByRole('row', { name: /won/ })).toHaveCount(1);
  expect(await bids.getByRole('row').count()).toBeGreaterThan(2);
  await dialog.getByRole('heading', { name: 'Bids, auction by auction' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'view-autopsy-bids.png') });
});
