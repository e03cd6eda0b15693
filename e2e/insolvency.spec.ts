/**
 * Unrealised bad debt beside realised bad debt, and waves attributed by a counterfactual run
 * (issue 13 items 3 and 4): the run view's metric cards and bad-debt chart, Compare's rows.
 */
import path from 'node:path';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';
import { cursor, focusPage, openBlackThursdayReplay } from './helpers.ts';

test('the replay shows unrealised bad debt beside bad debt, and each large wave’s measured share', async ({
  page,
}) => {
  await openBlackThursdayReplay(page);
  const summary = page.getByLabel('Run summary');
  await expect(summary.getByRole('group', { name: 'Unrealised bad debt' })).toContainText('$');
  await expect(summary.getByRole('group', { name: 'Accounts underwater' })).toContainText(/\d/);

  await focusPage(page);
  await page.keyboard.press('End');
  await expect(cursor(page)).toContainText('step 2881 /');
  const chart = page.getByRole('region', {
    name: 'Bad debt (realised and unrealised), surplus and debt auction',
  });
  await expect(chart).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await chart.screenshot({ path: path.join(ARTIFACTS_DIR, 'chart-bad-debt-unrealised.png') });

  // The two waves that sold the most have a measured share; small waves may read "not measured".
  const waves = page.getByRole('table', { name: /Waves/ }).first();
  await expect(waves).toBeVisible();
  await expect(waves.getByRole('row').filter({ hasText: '%' }).first()).toBeVisible();
  await waves.scrollIntoViewIfNeeded();
  await waves.screenshot({ path: path.join(ARTIFACTS_DIR, 'waves-counterfactual-shares.png') });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'view-replay-unrealised.png'), fullPage: true });

  // Reg T's margin on the same crash liquidates nothing (no bad debt), yet accounts go underwater.
  await page.getByLabel('Design', { exact: true }).selectOption('reg-t-1987');
  await page.getByRole('button', { name: 'Run replay' }).click();
  await expect(page.getByRole('heading', { name: 'Replay' })).toBeVisible();
  await expect(page.getByText(/US securities margin 1987/).first()).toBeVisible({ timeout: 60_000 });
  await expect(summary.getByRole('group', { name: 'Accounts underwater' })).not.toContainText(
    /^Underwater 0$/,
    {
      timeout: 60_000,
    },
  );
  await expect(summary).toContainText(/Bad debt\s*\$0\.00/);
  const underwater = Number(
    (await summary.getByRole('group', { name: 'Accounts underwater' }).innerText()).replace(/\D/g, ''),
  );
  expect(underwater).toBeGreaterThan(0);
  await focusPage(page);
  await page.keyboard.press('End');
  await chart.scrollIntoViewIfNeeded();
  await chart.screenshot({ path: path.join(ARTIFACTS_DIR, 'chart-bad-debt-unrealised-reg-t.png') });
  await summary.screenshot({ path: path.join(ARTIFACTS_DIR, 'replay-summary-unrealised-reg-t.png') });
});

test('Compare lists unrealised bad debt and accounts underwater for each design', async ({ page }) => {
  await page.getByRole('link', { name: /Compare/ }).click();
  await page.getByLabel('Design B').selectOption('maker-2021-clip');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  const outcomes = page.getByRole('table', { name: 'Outcomes' });
  await expect(outcomes).toBeVisible({ timeout: 60_000 });
  await expect(outcomes.getByRole('row', { name: /Unrealised bad debt, worst \(oracle\)/ })).toBeVisible();
  await expect(outcomes.getByRole('row', { name: /Unrealised bad debt, worst \(market\)/ })).toBeVisible();
  await expect(outcomes.getByRole('row', { name: /Accounts underwater, worst/ })).toBeVisible();
  await outcomes.screenshot({ path: path.join(ARTIFACTS_DIR, 'compare-outcomes-unrealised.png') });
  const chart = page.getByRole('region', { name: 'Bad debt, realised and unrealised, under each design' });
  await expect(chart).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await chart.screenshot({ path: path.join(ARTIFACTS_DIR, 'chart-compare-bad-debt-unrealised.png') });
});
