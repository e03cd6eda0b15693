import path from 'node:path';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';

test('probe', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.getByRole('link', { name: /Library/ }).click();
  await page.getByRole('button', { name: /Open replay: Black Monday/ }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Jump to time (UTC)').fill('1987-10-19 18:30');
  await page.getByRole('button', { name: 'Jump' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'probe-1.png') });
  await page.getByRole('region', { name: 'Options & hedging' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'probe-2.png') });
  await page.getByRole('region', { name: 'Selling by source' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'probe-3.png') });
  expect(errors).toEqual([]);
});
