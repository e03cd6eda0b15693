/**
 * Design v2 mechanisms end to end: build a design in the editor from the historical one (Black
 * Thursday's Maker flip), save it, replay or compare it, and read what the new mechanism did — the
 * "Backstops & margin" chart, its metric cards, the narration's events — or see an invalid value
 * refused beside its field.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/host.ts';

/** Opens the editor on the historical design (a copy: the preset cannot be overwritten). */
async function openEditor(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Design/ }).click();
  await expect(field(page, 'Liquidation ratio')).toHaveValue('1.5', { timeout: 15_000 });
}

function field(page: Page, label: string): Locator {
  return page.getByLabel(label, { exact: true });
}

/** Names the draft, saves it (the form must be valid) and replays it; resolves once the run is shown. */
async function saveAndReplay(page: Page, id: string): Promise<void> {
  await saveAs(page, id);
  await page.getByRole('button', { name: 'Replay it' }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(new RegExp(`· ${id} ·`))).toBeVisible();
}

async function saveAs(page: Page, id: string): Promise<void> {
  await field(page, 'Id').fill(id);
  await field(page, 'Name').fill(id);
  await expect(page.getByText('Valid design')).toBeVisible();
  await page.getByRole('button', { name: 'Save design' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved as ${id}` })).toBeVisible();
}

/** The dollar amount in a text ("$4.53M" → 4.53e6). */
function usd(text: string): number {
  const m = /\$([\d.]+)([kMB]?)/.exec(text);
  if (!m) throw new Error(`no dollar amount in "${text}"`);
  return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, B: 1e9 } as Record<string, number>)[m[2]!]!;
}

async function jumpTo(page: Page, time: string): Promise<void> {
  await page.getByLabel('Jump to time (UTC)').fill(time);
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByLabel('Cursor time')).toContainText(time.slice(11));
}

// Any error the page logs fails the test (a chart that throws stops every chart's effects).
const pageErrors = new WeakMap<Page, string[]>();
test.beforeEach(({ page }) => {
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
});
test.afterEach(({ page }) => {
  expect(pageErrors.get(page) ?? []).toEqual([]);
});

const summary = (page: Page) => page.getByLabel('Run summary');
const narration = (page: Page) => page.getByRole('region', { name: 'What is happening now' });
const backstopChart = (page: Page) => page.getByRole('region', { name: 'Backstops & margin' });

test('stability pool: the pool absorbs debt, its balance is charted and narrated', async ({ page }) => {
  await openEditor(page);
  await page.getByLabel('Mechanism', { exact: true }).selectOption('stability-pool');
  // The pool's own fields appear with Liquity's defaults; the auction's are gone.
  await expect(field(page, 'Gas compensation')).toHaveValue('200');
  await expect(field(page, 'Lot size')).toHaveCount(0);
  await field(page, 'Pool deposits').fill('-5');
  await expect(field(page, 'Pool deposits')).toHaveAccessibleDescription(/must be ≥ 0/);
  await field(page, 'Pool deposits').fill('10000000');
  await saveAndReplay(page, 'pool-e2e');

  await expect(backstopChart(page)).toBeVisible();
  const absorbed = summary(page).getByRole('group', { name: 'Pool absorbed' });
  await expect(absorbed).toContainText(/\$[\d.]+M/);
  expect(usd(await absorbed.innerText())).toBeGreaterThan(1e6);
  // No auctions: the zero-bid figure is not shown for a pool.
  await expect(summary(page).getByText('Zero bids')).toHaveCount(0);

  await jumpTo(page, '2020-03-12 02:00');
  await expect(narration(page)).toContainText(/stability pool absorbed \$[\d.]+k? of debt/);
  await expect(narration(page)).toContainText(/Stability pool: \$[\d.]+M of deposits/);
});

test('exchange close: the insurance fund and the backstop vault are charted, counted and narrated', async ({
  page,
}) => {
  await openEditor(page);
  await page.getByLabel('Mechanism', { exact: true }).selectOption('exchange-close');
  await expect(field(page, 'Auto-deleverage when the fund is empty')).toBeChecked();
  await field(page, 'Liquidation fee').fill('0.3');
  await expect(field(page, 'Liquidation fee')).toHaveAccessibleDescription(/must be ≤ 0\.2/);
  await field(page, 'Liquidation fee').fill('0.01');
  await field(page, 'Insurance fund').fill('1000000');
  // The vault is off by default; switching it on shows its fields with Hyperliquid's threshold.
  await expect(field(page, 'Takes over below')).toHaveCount(0);
  await field(page, 'Backstop vault').check();
  await expect(field(page, 'Takes over below')).toHaveValue('0.66');
  await field(page, 'Vault capital').fill('10000000');
  await saveAndReplay(page, 'exchange-e2e');

  await expect(backstopChart(page)).toBeVisible();
  await expect(summary(page).getByRole('group', { name: 'Insurance paid' })).toBeVisible();
  await expect(summary(page).getByRole('group', { name: 'ADL notional' })).toBeVisible();
  const takeovers = summary(page).getByRole('group', { name: 'Vault takeovers' });
  await expect(takeovers).toContainText(/Vault takeovers \d+/);
  expect(Number(/(\d+)/.exec(await takeovers.innerText())![1])).toBeGreaterThan(10);

  // By the end of the first day the fund has grown by the fees it charged.
  await jumpTo(page, '2020-03-12 23:00');
  const situation = await narration(page).locator('.situation').innerText();
  expect(usd(/Insurance fund (\$[\d.]+[kM])/.exec(situation)![1]!)).toBeGreaterThan(1_000_000);
  expect(situation).toMatch(/Backstop vault equity \$[\d.]+M/);
  await jumpTo(page, '2020-03-12 12:00');
  await expect(narration(page)).toContainText(/backstop vault took over \d+ positions/);
});

test('volatility-scaled margin: capital efficiency updates live, the cap is checked, margins rise in the crash', async ({
  page,
}) => {
  await openEditor(page);
  const efficiency = page.getByRole('region', { name: 'Capital efficiency' });
  await expect(efficiency).toContainText('Max LTV 66.7%, leverage 3.00×');
  await field(page, 'Liquidation ratio').fill('1.25');
  await expect(efficiency).toContainText('Max LTV 80.0%, leverage 5.00×');
  await field(page, 'Liquidation ratio').fill('1.5');

  await page.getByLabel('Margin model', { exact: true }).selectOption('volatility-scaled');
  // The ratios survive the switch; the model's fields appear.
  await expect(field(page, 'Liquidation ratio')).toHaveValue('1.5');
  await expect(field(page, 'Cap')).toHaveValue('2');
  await expect(efficiency).toContainText('At the volatility cap: ratio 3.00×, LTV 33.3%, leverage 1.50×');
  await field(page, 'Cap').fill('0.5');
  await expect(field(page, 'Cap')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'Cap')).toHaveAccessibleDescription(/0\.5 is below floorMultiple 1/);
  await field(page, 'Cap').fill('2');
  await page.getByLabel('Anti-procyclical tool', { exact: true }).selectOption('buffer');
  await expect(field(page, 'Buffer')).toHaveValue('0.25');
  await field(page, 'Volatility half-life').fill('6');
  await saveAndReplay(page, 'volatility-e2e');

  await expect(backstopChart(page)).toBeVisible();
  const peak = summary(page).getByRole('group', { name: 'Peak margin' });
  await expect(peak).toContainText(/[\d.]+×/);
  expect(Number(/([\d.]+)×/.exec(await peak.innerText())![1])).toBeGreaterThan(1.6);
  await jumpTo(page, '2020-03-12 23:00');
  await expect(narration(page)).toContainText(
    /Liquidation ratio in force [\d.]+× \(base 1\.50×\): margins have risen/,
  );
});

test('circuit breaker: it trips in the crash, pauses liquidations, and is shaded, counted and narrated', async ({
  page,
}) => {
  await openEditor(page);
  const toggle = field(page, 'Circuit breaker');
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(field(page, 'Trips after a fall of')).toHaveValue('0.1');
  await field(page, 'Trips after a fall of').fill('1');
  await expect(field(page, 'Trips after a fall of')).toHaveAccessibleDescription(/must be < 1/);
  await field(page, 'Trips after a fall of').fill('0.1');
  // A margin breaker must change margins: a multiplier of 1 is refused beside its field.
  await page.getByLabel('When tripped', { exact: true }).selectOption('scale-margin');
  await field(page, 'Haircut multiplier').fill('1');
  await expect(field(page, 'Haircut multiplier')).toHaveAccessibleDescription(/changes nothing/);
  await page.getByLabel('When tripped', { exact: true }).selectOption('pause');
  await expect(field(page, 'Haircut multiplier')).toHaveCount(0);
  await saveAndReplay(page, 'breaker-e2e');

  await expect(backstopChart(page)).toBeVisible();
  const trips = summary(page).getByRole('group', { name: 'Breaker trips' });
  await expect(trips).toContainText(/Breaker trips \d+/);
  expect(Number(/(\d+)/.exec(await trips.innerText())![1])).toBeGreaterThanOrEqual(1);

  await jumpTo(page, '2020-03-12 12:00');
  const now = narration(page);
  await expect(now).toContainText(/circuit breaker tripped: oracle fell 10(\.0)?% or more within 60 min/);
  await expect(now.locator('.kind.breaker').first()).toHaveText('breaker');
  await expect(now).toContainText('The circuit breaker is tripped.');
});

test('partial, liquidity cap, tiers and grace: checked beside their fields, then fewer accounts liquidated than the historical design', async ({
  page,
}) => {
  await openEditor(page);
  const partialOff = page.getByLabel('Partial liquidation to: Off (whole account)');
  await expect(partialOff).toBeChecked();
  await partialOff.uncheck();
  const partial = field(page, 'Partial liquidation to');
  await expect(partial).toHaveValue('1.75');
  await partial.fill('1.4');
  await expect(partial).toHaveAccessibleDescription(/1\.4 must be above liquidationRatio 1\.5/);
  await partial.fill('1.7');
  await expect(partial).not.toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Liquidity cap: No cap').uncheck();
  await expect(field(page, 'Liquidity cap')).toHaveValue('2');

  await field(page, 'Sell large lots in slices').check();
  await field(page, 'Slices').fill('1');
  await expect(field(page, 'Slices')).toHaveAccessibleDescription(/must be ≥ 2/);
  await field(page, 'Slices').fill('10');
  await field(page, 'Grace period').fill('300');
  await saveAs(page, 'modifiers-e2e');

  await page.getByRole('button', { name: 'Compare with historical' }).click();
  const outcomes = page.getByRole('table', { name: 'Outcomes' });
  await expect(outcomes).toBeVisible({ timeout: 60_000 });
  const accounts = outcomes.getByRole('row', { name: /Accounts liquidated/ });
  await expect(accounts.getByRole('cell').nth(1)).toContainText('better');
  const liquidated = outcomes.getByRole('row', { name: /^Liquidated/ });
  await expect(liquidated.getByRole('cell').nth(1)).toContainText('better');
});

test('collateral haircut: checked beside its field, counted in capital efficiency, liquidates more than the historical design', async ({
  page,
}) => {
  await openEditor(page);
  const efficiency = page.getByRole('region', { name: 'Capital efficiency' });
  await expect(efficiency).toContainText('Max LTV 66.7%');
  await page.getByRole('textbox', { name: /^Haircut on ETH/ }).fill('1');
  await expect(page.getByRole('textbox', { name: /^Haircut on ETH/ })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await page.getByRole('textbox', { name: /^Haircut on ETH/ }).fill('0.1');
  // (1 − 0.1) / 1.5 = 60% of the collateral's value may be borrowed.
  await expect(efficiency).toContainText('Max LTV 60.0%');
  await saveAs(page, 'haircut-e2e');
  // A haircut makes the threshold bind earlier: more accounts are liquidated than historically.
  await page.getByRole('button', { name: 'Compare with historical' }).click();
  const outcomes = page.getByRole('table', { name: 'Outcomes' });
  await expect(outcomes).toBeVisible({ timeout: 60_000 });
  const accounts = outcomes.getByRole('row', { name: /Accounts liquidated/ });
  await expect(accounts.getByRole('cell').nth(1)).toContainText('worse');
});
