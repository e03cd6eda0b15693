/**
 * The Sweep view end to end: pick designs and an axis from the design editor's fields, read the run
 * count and time estimate, start, stop and resume, read the frontier / threshold / tornado and the
 * points table, export CSV, open a point in Replay (which then shows the seed band), and see a bad
 * axis refused in place. Screenshots go to e2e/artifacts/.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';

const shot = (name: string) => ({ path: path.join(ARTIFACTS_DIR, `sweep-${name}.png`) });

test('sweep: estimate, run with stop and resume, frontier, threshold and tornado, CSV and PNG, a point into replay', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.getByRole('link', { name: /Sweep/ }).click();
  const setup = page.getByRole('form', { name: 'Sweep setup' });
  await expect(setup).toBeVisible();
  await setup.getByLabel('Maker 2020 — English "flip" auctions', { exact: false }).check();
  await setup.getByLabel('Axis 1 field').selectOption('margin.liquidationRatio');
  await setup.getByLabel('Axis 1 from').fill('1.4');
  await setup.getByLabel('Axis 1 to').fill('1.7');
  await setup.getByLabel('Axis 1 values').fill('2');
  await setup.getByLabel('Seeds from').fill('1');
  await setup.getByLabel('Seeds to').fill('3');
  await setup.getByLabel('Shock from').fill('0.7');
  await setup.getByLabel('Shock to').fill('1.3');
  await setup.getByLabel('Shock count').fill('2');
  await setup.getByLabel('Accounts').fill('400');
  // 2 designs × 2 values × 3 seeds × 2 shocks
  await expect(page.getByLabel('Sweep estimate')).toContainText('24 runs (4 design points)');
  await page.screenshot(shot('setup'));

  await setup.getByRole('button', { name: 'Start sweep' }).click();
  await expect(page.getByLabel('Sweep progress')).toBeVisible({ timeout: 30_000 });
  await setup.getByRole('button', { name: 'Stop' }).click();
  const sweeps = page.getByRole('region', { name: 'Sweeps' });
  await expect(sweeps.getByText(/stopped · \d+\/24 runs/)).toBeVisible({ timeout: 60_000 });
  await sweeps.getByRole('button', { name: /^Resume sw-/ }).click();
  await expect(sweeps.getByText(/done · 24\/24 runs/)).toBeVisible({ timeout: 240_000 });

  const results = page.getByRole('region', { name: 'Sweep results' });
  await expect(results.getByRole('table', { name: 'Design points' }).getByRole('row')).toHaveCount(5);
  await expect(results.getByRole('region', { name: 'Efficiency frontier' })).toBeVisible();
  await expect(results.getByRole('region', { name: 'Cascade threshold' })).toBeVisible();
  await expect(results.getByRole('region', { name: 'Sensitivity (tornado)' })).toBeVisible();
  await expect(results.getByRole('cell', { name: 'frontier', exact: true }).first()).toBeVisible();
  // Unrealised bad debt and accounts underwater sit beside the realised bad debt.
  const table = results.getByRole('table', { name: 'Design points' });
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const col = (name: string) => headers.findIndex((h) => h.trim() === name);
  for (const name of [
    'Bad debt (realised) mean',
    'Bad debt (unrealised) mean / VaR 99%',
    'Accounts underwater mean / max',
  ]) {
    expect(col(name), `column "${name}"`).toBeGreaterThan(0);
  }
  const point0 = table.getByRole('row').nth(1).getByRole('cell');
  await expect(point0.nth(col('Bad debt (unrealised) mean / VaR 99%'))).toHaveText(
    /^\$[\d.,]+[kMB]? \/ \$[\d.,]+[kMB]?$/,
  );
  await page.waitForTimeout(300);
  await results.scrollIntoViewIfNeeded();
  await page.screenshot(shot('results'));
  await results.getByRole('table', { name: 'Design points' }).screenshot(shot('table'));
  await results.getByRole('region', { name: 'Efficiency frontier' }).screenshot(shot('frontier'));
  await results.getByRole('region', { name: 'Cascade threshold' }).screenshot(shot('threshold'));
  await results.getByRole('region', { name: 'Sensitivity (tornado)' }).screenshot(shot('tornado'));

  const download = page.waitForEvent('download');
  await results.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv[0]).toMatch(
    /^run,phase,point,scenario,design,margin\.liquidationRatio,seed,shock,inputsHash,badDebtUsd/,
  );
  expect(csv.filter((l) => l.includes(',grid,'))).toHaveLength(24);
  // Each point's underwater maximum in the table is the largest of its runs' in the export.
  const head = csv[0]!.split(',');
  const [pointAt, phaseAt, underwaterAt] = ['point', 'phase', 'underwaterAccounts'].map((k) =>
    head.indexOf(k),
  );
  expect(underwaterAt).toBeGreaterThan(0);
  const rows = csv.slice(1).map((l) => l.split(','));
  const maxima: number[] = [];
  for (let point = 0; point < 4; point++) {
    const runs = rows.filter((c) => c[phaseAt!] === 'grid' && c[pointAt!] === String(point));
    expect(runs).toHaveLength(6);
    const max = Math.max(...runs.map((c) => Number(c[underwaterAt!])));
    maxima.push(max);
    const cells = table
      .getByRole('row')
      .nth(point + 1)
      .getByRole('cell');
    await expect(cells.first()).toContainText(runs[0]![head.indexOf('design')]!);
    await expect(cells.nth(col('Accounts underwater mean / max'))).toHaveText(
      new RegExp(` / ${max.toLocaleString('en-US', { maximumFractionDigits: 0 })}$`),
    );
  }
  // The flip auctions leave accounts underwater in this sweep (a column of zeros would prove nothing).
  expect(Math.max(...maxima)).toBeGreaterThan(0);

  const png = page.waitForEvent('download');
  await results.getByRole('button', { name: 'Export Efficiency frontier chart as PNG' }).click();
  expect((await png).suggestedFilename()).toMatch(/\.png$/);

  // A point opens in Replay; its seeds 1–3 at shock 1 are not in this sweep (shocks 0.7 and 1.3),
  // so no band yet: the band needs runs at shock 1 — checked in the unit tests. Open the replay.
  await results.getByRole('button', { name: 'Replay point 0' }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });
});

test('sweep: a seed band appears in Replay once a sweep over seeds exists for that design', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.getByRole('link', { name: /Sweep/ }).click();
  const setup = page.getByRole('form', { name: 'Sweep setup' });
  await setup.getByRole('button', { name: 'Remove axis 1' }).click();
  await setup.getByLabel('Seeds from').fill('1');
  await setup.getByLabel('Seeds to').fill('4');
  await setup.getByLabel('Shock from').fill('1');
  await setup.getByLabel('Shock to').fill('1');
  await setup.getByLabel('Shock count').fill('1');
  await setup.getByLabel('Accounts').fill('400');
  await expect(page.getByLabel('Sweep estimate')).toContainText('4 runs (1 design point)');
  await setup.getByRole('button', { name: 'Start sweep' }).click();
  const results = page.getByRole('region', { name: 'Sweep results' });
  await expect(page.getByRole('region', { name: 'Sweeps' }).getByText(/done · 4\/4 runs/)).toBeVisible({
    timeout: 180_000,
  });
  await results.getByRole('button', { name: 'Replay point 0' }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });
  const band = page.getByRole('region', { name: 'Seed band' });
  await expect(band).toBeVisible({ timeout: 30_000 });
  await expect(band).toContainText('4 seeds');
  await band.scrollIntoViewIfNeeded();
  await band.screenshot(shot('seed-band'));
});

test('sweep: an axis outside the field bounds is refused in place, naming the field', async ({ page }) => {
  await page.getByRole('link', { name: /Sweep/ }).click();
  const setup = page.getByRole('form', { name: 'Sweep setup' });
  await setup.getByLabel('Axis 1 from').fill('0.5');
  await expect(setup.getByRole('alert')).toContainText(
    'margin.liquidationRatio=0.5 is outside what design "maker-2021-clip" allows',
  );
  await expect(setup.getByRole('button', { name: 'Start sweep' })).toBeDisabled();
});
