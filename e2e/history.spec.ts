/**
 * Faithful history, as a new user meets it: LUNA on Binance's 1-minute path, 1987 with its closed
 * nights, October 2025 with its auto-deleveraging — each with the Validation panel (published
 * outcome beside the simulated median and band, misses explained, fitted figures not evidence).
 * Screenshots go to e2e/artifacts/history-*.png.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';

const shot = (name: string) => ({ path: path.join(ARTIFACTS_DIR, `history-${name}.png`), fullPage: false });

/** Library → Open replay; resolves once the run of this scenario (`design`, its historical one) is shown. */
async function openReplay(page: Page, title: RegExp, design: RegExp, end: string): Promise<void> {
  await page.getByRole('link', { name: /Library/ }).click();
  await page.getByRole('button', { name: title }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('header.head p')).toContainText(design, { timeout: 120_000 });
  // Move the cursor to the end of the window so the whole path is drawn.
  await page.getByRole('textbox', { name: /Jump to/ }).fill(end);
  await page.getByRole('button', { name: 'Jump' }).click();
  await page.locator('header.head').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
}

/** Opens "About this run" and answers its text (the path note and the calibration). */
async function aboutText(page: Page): Promise<string> {
  const about = page.locator('details.about');
  await about.evaluate((el) => ((el as unknown as { open: boolean }).open = true));
  return about.innerText();
}

async function validate(page: Page): Promise<ReturnType<Page['getByRole']>> {
  const panel = page.getByRole('region', { name: 'Validation against history' });
  await panel.getByRole('button', { name: 'Validate against history' }).click();
  const table = panel.getByRole('table');
  await expect(table).toBeVisible({ timeout: 240_000 });
  await panel.scrollIntoViewIfNeeded();
  return table;
}

test('a new user opens LUNA, 1987 and October 2025: real paths, the Validation panel and ADL', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // The Library's text is generated from the parameters the engine runs.
  const card = page.getByRole('article', { name: /Black Thursday — MakerDAO/ });
  await card.getByText('Assumptions, limits and sources').click();
  await expect(card).toContainText(/8 keepers with \$1\.00M each, gas caps around 35 gwei/);
  await expect(card).toContainText(/CEX books \$3\.00M per 1%/);
  await card.getByRole('heading', { name: 'Assumptions' }).scrollIntoViewIfNeeded();
  await page.screenshot(shot('library-details'));

  // LUNA: Binance's 1-minute bars to the halt, not a bridge through eight daily points.
  await openReplay(page, /Open replay: LUNA\/UST collapse/, /Anchor 2022/, '2022-05-13 00:40');
  await expect(page.getByRole('img', { name: /Price chart up to the cursor/ })).toBeVisible();
  await page.screenshot(shot('luna-replay'));
  // BTC/USDT 5-minute bars ride beside LUNA as observed context (LFG's reserve asset, not simulated).
  expect(await aboutText(page)).toMatch(/BTC: \d+ of \d+ steps carry a source value/);
  expect(await aboutText(page)).toMatch(/LUNA: \d+ of \d+ steps carry a source value/);
  const luna = await validate(page);
  await expect(luna.getByRole('row', { name: /Lowest LUNA price/ })).toContainText('Pass');
  await expect(luna.getByRole('row', { name: /LUNA collateral liquidated/ })).toContainText(
    'Fitted, not evidence',
  );
  await expect(luna.getByRole('row', { name: /9–12 May, not on 7 May/ })).toContainText(/Pass|Miss/);
  await page.screenshot(shot('luna-validation'));

  // 1987: no weekend in the window, the nights closed; no gas or keepers in the narration.
  await openReplay(page, /Open replay: Black Monday/, /US securities margin 1987/, '1987-10-21 20:00');
  await page.screenshot(shot('1987-replay'));
  const about1987 = await aboutText(page);
  expect(about1987).toMatch(/fall while the market is closed/);
  expect(about1987).toMatch(/not evidence of agreement with history/);
  const narration = page.getByRole('region', { name: 'What is happening now' });
  await expect(narration).not.toContainText('gwei');
  await expect(narration).not.toContainText('keepers');
  const bm = await validate(page);
  await expect(bm.getByRole('row', { name: /Portfolio-insurance sales/ })).toContainText(
    'Fitted, not evidence',
  );
  await page.screenshot(shot('1987-validation'));

  // stETH June 2022: the Curve pool's daily on-chain reads (price from its balances), joined straight.
  await openReplay(page, /Open replay: stETH discount/, /Aave v2 2022 — stETH/, '2022-06-17 00:00');
  const aboutSteth = await aboutText(page);
  expect(aboutSteth).toMatch(/stETH: \d+ of \d+ steps carry a source value/);
  await page.locator('header.head').scrollIntoViewIfNeeded();
  await page.screenshot(shot('steth-replay'));
  const steth = await validate(page);
  await expect(steth.getByRole('row', { name: /Lowest stETH price/ })).toContainText('Pass');
  await page.screenshot(shot('steth-validation'));

  // October 2025: the Binance perpetual's 1-minute path and the exchange's auto-deleveraging.
  await openReplay(page, /Open replay: October 10–11, 2025/, /Hyperliquid 2025/, '2025-10-10 23:59');
  const adl = page.getByRole('group', { name: 'ADL notional' });
  await expect(adl).toBeVisible();
  await expect(adl).not.toContainText('$0.00');
  await expect(page.getByRole('group', { name: 'Vault takeovers' })).toBeVisible();
  await page.screenshot(shot('october-replay'));
  const oct = await validate(page);
  await expect(oct.getByRole('row', { name: /auto-deleveraging, 21:15/ })).toContainText(/Pass|Miss/);
  await expect(oct.getByRole('row', { name: /First ADL/ })).toContainText('Fitted, not evidence');
  await page.screenshot(shot('october-validation'));

  expect(errors).toEqual([]);
});
