/** Clicking a liquidated account opens its autopsy: health over time, its liquidations, what it lost. */
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
});
