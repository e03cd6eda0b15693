/** A 1280×720 screenshot of every view, saved under e2e/artifacts/ for review. */
import path from 'node:path';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';
import { focusPage, openBlackThursdayReplay } from './helpers.ts';

const shot = (name: string) => ({ path: path.join(ARTIFACTS_DIR, `view-${name}.png`) });

test('screenshot of each view', async ({ page }) => {
  await expect(page.getByRole('article', { name: /Black Thursday/ })).toBeVisible();
  await page.screenshot(shot('library'));

  await openBlackThursdayReplay(page);
  await focusPage(page);
  for (let i = 0; i < 8; i++) await page.keyboard.press(']');
  await page.waitForTimeout(300);
  await page.screenshot(shot('replay'));
  // The view scrolls inside the window: show its lower half too.
  await page.getByRole('region', { name: /^Waves/ }).scrollIntoViewIfNeeded();
  await page.screenshot(shot('replay-lower'));

  await page.getByRole('link', { name: /Design/ }).click();
  await expect(page.getByLabel('Liquidation ratio', { exact: true })).toBeVisible({ timeout: 15_000 });
  await page.screenshot(shot('design'));

  await page.getByRole('link', { name: /Compare/ }).click();
  await page.getByLabel('Design B').selectOption('maker-2021-clip');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  await expect(page.getByRole('table', { name: 'Outcomes' })).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(300);
  await page.screenshot(shot('compare'));
  await page.getByRole('region', { name: 'Outcomes' }).scrollIntoViewIfNeeded();
  await page.screenshot(shot('compare-lower'));

  await page.getByRole('link', { name: /Glossary/ }).click();
  await expect(page.getByRole('heading', { name: 'Glossary', level: 1 })).toBeVisible();
  await page.screenshot(shot('glossary'));

  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.getByRole('link', { name: /Replay/ }).click();
  await page.waitForTimeout(300);
  await page.screenshot(shot('replay-dark'));
});
