/**
 * The newcomer's path: open the app, find Black Thursday in the Library, replay it, step to the
 * first wave and read why it happened, go on to the next wave, compare the historical design with
 * Maker's 2021 Dutch auctions, see less bad debt, and export a run as CSV.
 */
import { readFile } from 'node:fs/promises';
import { test, expect } from './support/host.ts';
import { cursor, focusPage, openBlackThursdayReplay } from './helpers.ts';

test('newcomer: library → replay → waves → compare → CSV', async ({ page }) => {
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
  const card = page.getByRole('article', { name: /Black Thursday — MakerDAO/ });
  await expect(card).toBeVisible();
  await expect(card.getByRole('region', { name: 'Published figures' })).toContainText('published');

  await openBlackThursdayReplay(page);
  await expect(cursor(page)).toContainText('step 1 /');
  const markers = page.getByRole('group', { name: 'Wave markers' }).getByRole('button');
  expect(await markers.count()).toBeGreaterThan(1);

  // Step to the first wave: the narration explains it.
  await focusPage(page);
  await page.keyboard.press(']');
  await expect(cursor(page)).toContainText('wave 1 of');
  const narration = page.getByRole('region', { name: 'What is happening now' });
  await expect(narration.getByLabel('Wave narration')).toContainText(/Wave 1 of \d+/);
  await expect(narration.getByLabel('Wave narration')).toContainText(/endogenous share/i);
  await expect(
    page.getByRole('table', { name: /Waves/ }).getByRole('row', { name: /Go to wave 1\b/ }),
  ).toHaveAttribute('aria-current', 'true');

  await page.getByRole('button', { name: 'Next wave' }).click();
  await expect(cursor(page)).toContainText('wave 2 of');
  await expect(narration.getByLabel('Wave narration')).toContainText('Wave 2 of');

  // Compare the historical design with Maker's Liquidations 2.0.
  await page.getByRole('link', { name: /Compare/ }).click();
  await expect(page.getByRole('heading', { name: 'Compare', level: 1 })).toBeVisible();
  await page.getByLabel('Design B').selectOption('maker-2021-clip');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  const outcomes = page.getByRole('table', { name: 'Outcomes' });
  await expect(outcomes).toBeVisible({ timeout: 60_000 });
  const badDebt = outcomes.getByRole('row', { name: /Bad debt/ });
  const [baseline, clip] = [badDebt.getByRole('cell').nth(0), badDebt.getByRole('cell').nth(1)];
  await expect(clip).toContainText('better');
  const usd = async (cell: typeof baseline): Promise<number> => {
    const text = (await cell.innerText()).split('\n')[0]!;
    const m = /\$([\d.]+)([kMB]?)/.exec(text);
    if (!m) throw new Error(`no dollar amount in "${text}"`);
    return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, B: 1e9 } as Record<string, number>)[m[2]!]!;
  };
  expect(await usd(clip)).toBeLessThan(await usd(baseline));

  // Export the clip run as CSV.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export CSV of Maker 2021/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.split('\n').length).toBeGreaterThan(10);
});
