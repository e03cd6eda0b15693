/**
 * Soft liquidation (crvUSD's LLAMMA) end to end: the preset in the design editor with its band
 * parameters, bounds and capital efficiency; replayed on Black Thursday with the borrowers' losses in
 * the summary; compared with the auction designs, its bad debt and losses to borrowers side by side.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

test('the editor shows crvusd-llamma’s bands, refuses a band count crvUSD does not allow, and replays it', async ({
  page,
}) => {
  await page.getByRole('link', { name: /Design/ }).click();
  await expect(field(page, 'Liquidation ratio')).toHaveValue('1.5', { timeout: 15_000 });
  await page
    .getByLabel('Start from design')
    .selectOption({ label: 'crvUSD — soft liquidation in LLAMMA bands' });
  await expect(field(page, 'Mechanism')).toHaveValue('soft-liquidation', { timeout: 15_000 });
  await expect(field(page, 'Band width factor A')).toHaveValue('100');
  await expect(field(page, 'Bands per loan')).toHaveValue('10');
  await expect(field(page, 'AMM fee')).toHaveValue('0.006');
  await expect(field(page, 'Loan discount')).toHaveValue('0.09');
  await expect(field(page, 'Liquidation discount')).toHaveValue('0.06');
  // crvUSD's max LTV at 10 bands: (1 − 9%) · (1 − e^(−10Δ)) / (10Δ) = 86.6%, computed by main.
  await expect(page.getByRole('region', { name: 'Capital efficiency' })).toContainText('86.6%');
  await field(page, 'Bands per loan').fill('3');
  await expect(field(page, 'Bands per loan')).toHaveAccessibleDescription(/4/);
  await field(page, 'Bands per loan').fill('10');
  await expect(page.getByText('Valid design')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Capital efficiency' })).toContainText('86.6%');
  await page
    .getByRole('group', { name: 'Liquidation' })
    .or(field(page, 'Mechanism'))
    .first()
    .scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'llamma-editor.png'), fullPage: true });

  await field(page, 'Id').fill('llamma-e2e');
  await field(page, 'Name').fill('llamma-e2e');
  await expect(page.getByText('Valid design')).toBeVisible();
  await page.getByRole('button', { name: 'Save design' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as llamma-e2e' })).toBeVisible();
  await page.getByRole('button', { name: 'Replay it' }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 90_000 });
  const loss = page
    .getByLabel('Run summary')
    .getByRole('group', { name: 'Borrowers’ soft-liquidation losses' });
  await expect(loss).toContainText(/\$[\d.]+[kM]/);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'llamma-replay.png'), fullPage: true });
  // Into the trough: the bands' conversions drawn as their own source in the flows chart, and narrated.
  await page.getByLabel('Jump to time (UTC)').fill('2020-03-13 02:00');
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByLabel('Cursor time')).toContainText('02:00');
  await expect(page.getByRole('region', { name: 'What is happening now' })).toContainText(
    /Soft liquidation \(bands\): .*sold net so far/,
  );
  const flows = page.getByRole('region', { name: 'Selling by source' });
  await flows.scrollIntoViewIfNeeded();
  await expect(flows).toBeVisible();
  await flows.screenshot({ path: path.join(ARTIFACTS_DIR, 'llamma-flows.png') });
});

test('Compare puts crvusd-llamma’s bad debt and borrowers’ losses beside the auction designs', async ({
  page,
}) => {
  await page.getByRole('link', { name: /Compare/ }).click();
  await page.getByLabel('Design B').selectOption('crvusd-llamma');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  const outcomes = page.getByRole('table', { name: 'Outcomes' });
  await expect(outcomes).toBeVisible({ timeout: 90_000 });
  const soft = outcomes.getByRole('row', { name: /Losses to borrowers from soft liquidation/ });
  await expect(soft.getByRole('cell').nth(0)).toHaveText(/\$0\.00/);
  await expect(soft.getByRole('cell').nth(1)).toContainText(/\$[\d.]+[kM]/);
  await expect(outcomes.getByRole('row', { name: /Bad debt/ })).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'llamma-compare.png'), fullPage: true });
  await outcomes.scrollIntoViewIfNeeded();
  await outcomes.screenshot({ path: path.join(ARTIFACTS_DIR, 'llamma-compare-outcomes.png') });
});
