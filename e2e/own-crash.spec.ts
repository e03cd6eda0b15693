/**
 * Bring your own crash in the app: import files in the Import view (preview with the detected
 * layout, an error beside its field, a mapping fix, store), build a scenario in the New-scenario
 * flow from them, see it in the Library as yours, replay it, then duplicate and delete a copy.
 * Prices: Binance 5-minute ETH bars of 4–6 August 2024 (src-main/scenarios/data); positions: a
 * made-up TEST file (src-main/cli/test-fixtures), not data.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ARTIFACTS_DIR, ROOT, expect, test } from './support/host.ts';

const ETH = path.join(
  ROOT,
  'src-main/scenarios/data/2024-08-05-carry-unwind/binance_ethusdt_5m_freqtrade_2024-08-04_to_2024-08-06.csv',
);
const POSITIONS = path.join(ROOT, 'src-main/cli/test-fixtures/carry-unwind-positions.TEST-made-up.csv');
const LEDGER = path.join(ROOT, 'src-main/cli/test-fixtures/carry-unwind-ledger.TEST-made-up.csv');

async function chooseFile(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer } | string,
): Promise<void> {
  await page.getByLabel('File to import').setInputFiles(file);
  await expect(page.getByRole('region', { name: 'Preview' })).toBeVisible();
}

/** A full-height screenshot (the app scrolls inside its main area, not the page). */
async function shot(page: Page, name: string): Promise<void> {
  const height = await page.locator('main').evaluate((m) => m.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.max(720, Math.min(height + 40, 3000)) });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, name) });
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function store(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Store' }).click();
  await expect(page.getByRole('region', { name: 'Stored' })).toBeVisible({ timeout: 30_000 });
}

test('import view: preview, an error beside its field, a mapping fix, store', async ({ page }) => {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /Import/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Import data', level: 1 })).toBeVisible();

  // A file whose columns the importer cannot name: the problem sits beside "Time column".
  const csv = [
    'when,last_trade',
    '2024-08-05T00:00:00Z,2500',
    '2024-08-05T00:05:00Z,2490',
    '2024-08-05T00:10:00Z,2470',
  ].join('\n');
  await chooseFile(page, { name: 'ticks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const timeError = page.locator('#timeColumn-error');
  await expect(timeError).toContainText('no time column found');
  await expect(page.getByLabel('Time column')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Time column').selectOption('when');
  await expect(page.locator('#valueColumn-error')).toContainText('no price column found');
  await page.getByLabel('Value column').selectOption('last_trade');
  await expect(page.locator('#asset-error')).toContainText('name the asset');
  await page.getByLabel('Asset').fill('ETH');
  await page.getByLabel('Asset').press('Tab');
  await expect(page.getByRole('button', { name: 'Store' })).toBeEnabled();
  await store(page);

  // Real bars that do not say what their time stamps mean: asked beside "Bar time", then stored.
  await chooseFile(page, ETH);
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('generic-ohlcv');
  await expect(preview.getByRole('table', { name: 'First rows' })).toContainText('2024-08-04 00:00:00+00:00');
  await expect(page.locator('#barTime-error')).toContainText(
    'does not say whether "date" is each bar\'s open or close time',
  );
  await shot(page, 'import-preview-bar-time.png');
  await page.getByLabel('Bar time').selectOption('open');
  await page.getByLabel('Asset').fill('ETH');
  await page.getByLabel('Asset').press('Tab');
  await expect(preview).toContainText('open + 5 min');
  await store(page);
  await expect(page.getByRole('region', { name: 'Stored' })).toContainText('865 points');
  await shot(page, 'import-stored.png');
});

test('new scenario from imports to a replay; yours in the Library; duplicate and delete', async ({
  page,
}) => {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /Import/ })
    .click();
  await chooseFile(page, ETH);
  await page.getByLabel('Bar time').selectOption('open');
  await page.getByLabel('Asset').fill('ETH');
  await page.getByLabel('Asset').press('Tab');
  await expect(page.getByRole('button', { name: 'Store' })).toBeEnabled();
  await store(page);
  await chooseFile(page, POSITIONS);
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('positions file');
  await store(page);
  await chooseFile(page, LEDGER);
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('event ledger');
  await store(page);

  await page.getByRole('button', { name: 'Use it in a new scenario' }).click();
  await expect(page.getByRole('heading', { name: 'New scenario', level: 1 })).toBeVisible();
  // Nothing chosen yet: the errors sit beside their fields.
  await page.getByRole('button', { name: 'Create scenario' }).click();
  await expect(page.locator('#ns-name-error')).toContainText('Give the scenario a name');
  await expect(page.locator('#ns-series-error')).toContainText('Choose at least one price series');

  await page.getByLabel('Name', { exact: true }).fill('Carry unwind (TEST positions)');
  await page.getByRole('checkbox', { name: /ETH · imported/ }).check();
  await page.getByLabel('Start (UTC, blank: where all series begin)').fill('2024-08-05T00:00:00Z');
  await page.getByLabel('End (UTC)').fill('2024-08-05T12:00:00Z');
  await page.getByRole('button', { name: 'Edit depth' }).click();
  // The template's venues for ETH (FTX collapse: its ETH books), now editable.
  await page.getByLabel(/^Depth of .+ for ETH, USD per 1%$/).fill('20000000');
  await page.getByRole('button', { name: 'Add protocol' }).click();
  const protocol = page.getByRole('group', { name: 'Protocol 1' });
  await expect(protocol.getByLabel('Name (as in the positions file)')).toHaveValue('aave-like');
  await protocol.getByLabel('Design in force').selectOption('aave-v3');
  await page.getByLabel('Ledger').selectOption({ label: 'carry-unwind-ledger.TEST-made-up.csv (30 events)' });
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByRole('status')).toContainText('Valid: 1 protocol(s)');
  await shot(page, 'new-scenario-form.png');
  await page.getByRole('button', { name: 'Create scenario' }).click();
  const saved = page.getByRole('region', { name: 'Saved' });
  await expect(saved).toContainText('Created: Carry unwind (TEST positions)');

  await saved.getByRole('button', { name: 'Open replay' }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Carry unwind \(TEST positions\) · Aave v3/)).toBeVisible();
  const happened = page.getByRole('region', { name: 'What really happened' });
  await expect(happened).toContainText('real liquidations');
  await expect(happened.getByRole('table', { name: 'Liquidations per hour' })).toContainText('Aug 5 00:00');
  await happened.screenshot({ path: path.join(ARTIFACTS_DIR, 'own-crash-ledger.png') });
  await shot(page, 'own-crash-replay.png');

  await page.getByRole('link', { name: /Library/ }).click();
  const card = page.getByRole('article', { name: /Carry unwind \(TEST positions\)/ });
  await expect(card.getByText('yours', { exact: true })).toBeVisible();
  await expect(
    page.getByRole('article', { name: /Black Thursday — MakerDAO/ }).getByRole('button', { name: /^Delete/ }),
  ).toHaveCount(0);
  await card.getByRole('button', { name: /^Duplicate/ }).click();
  const copy = page.getByRole('article', { name: /Carry unwind \(TEST positions\) \(copy\)/ });
  await expect(copy).toBeVisible();
  await shot(page, 'library-yours.png');
  await copy.getByRole('button', { name: /^Delete/ }).click();
  await expect(copy.getByRole('alertdialog')).toContainText('cannot be undone');
  await copy.getByRole('button', { name: 'Delete it' }).click();
  await expect(copy).toHaveCount(0);
  await expect(card).toBeVisible();

  // Edit: the stored document comes back into the form; a change makes version 2.
  await card.getByRole('button', { name: /^Edit/ }).click();
  await expect(
    page.getByRole('heading', { name: /Edit scenario carry-unwind-test-positions/ }),
  ).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Carry unwind (TEST positions)');
  await page.getByLabel('Name', { exact: true }).fill('Carry unwind (TEST positions, edited)');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('region', { name: 'Saved' })).toContainText(
    'Saved: Carry unwind (TEST positions, edited)',
  );
  await page.getByRole('link', { name: /Library/ }).click();
  await expect(page.getByRole('article', { name: /Carry unwind \(TEST positions, edited\)/ })).toBeVisible();

  // A sweep over it runs the file's positions: no size to give, none refused, an estimate at once.
  await page.getByRole('link', { name: /Sweep/ }).click();
  const setup = page.getByRole('form', { name: 'Sweep setup' });
  await setup.getByLabel('Scenario').selectOption({ label: 'Carry unwind (TEST positions, edited)' });
  await expect(setup.getByLabel('Accounts')).toBeDisabled();
  await expect(setup.getByLabel('Accounts')).toHaveValue('');
  await expect(setup.getByLabel('Sweep population')).toContainText(/replays the \d+ positions/);
  await expect(page.getByLabel('Sweep estimate')).toContainText('runs');
  await expect(setup.getByRole('alert')).toHaveCount(0);
  await shot(page, 'own-crash-sweep-setup.png');
  // Back on a built-in crash, the sweep's usual size returns.
  await setup.getByLabel('Scenario').selectOption({ label: 'Black Thursday — MakerDAO, 12–13 March 2020' });
  await expect(setup.getByLabel('Accounts')).toBeEnabled();
  await expect(setup.getByLabel('Accounts')).toHaveValue('1000');
});

test('two protocols on one crash: replay per protocol and in total, compare one protocol’s design', async ({
  page,
}) => {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /Import/ })
    .click();
  await chooseFile(page, ETH);
  await page.getByLabel('Bar time').selectOption('open');
  await page.getByLabel('Asset').fill('ETH');
  await page.getByLabel('Asset').press('Tab');
  await expect(page.getByRole('button', { name: 'Store' })).toBeEnabled();
  await store(page);
  await chooseFile(page, POSITIONS);
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('positions file');
  await store(page);

  await page.getByRole('button', { name: 'Use it in a new scenario' }).click();
  await expect(page.getByRole('heading', { name: 'New scenario', level: 1 })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Carry unwind, two protocols (TEST positions)');
  await page.getByRole('checkbox', { name: /ETH · imported/ }).check();
  await page.getByLabel('Start (UTC, blank: where all series begin)').fill('2024-08-05T00:00:00Z');
  await page.getByLabel('End (UTC)').fill('2024-08-05T12:00:00Z');
  await page.getByRole('button', { name: 'Edit depth' }).click();
  await page.getByLabel(/^Depth of .+ for ETH, USD per 1%$/).fill('20000000');
  // Two protocols from the one positions file, each with its own borrowers and design.
  await page.getByRole('button', { name: 'Add protocol' }).click();
  await page.getByRole('button', { name: 'Add protocol' }).click();
  const aave = page.getByRole('group', { name: 'Protocol 1' });
  const compound = page.getByRole('group', { name: 'Protocol 2' });
  await expect(aave.getByLabel('Name (as in the positions file)')).toHaveValue('aave-like');
  await expect(compound.getByLabel('Name (as in the positions file)')).toHaveValue('compound-like');
  await aave.getByLabel('Design in force').selectOption('aave-v3');
  await compound.getByLabel('Design in force').selectOption('compound-v2');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByRole('status')).toContainText('Valid: 2 protocol(s)');
  await expect(page.getByText(/replay of this one will be refused/)).toHaveCount(0);
  await shot(page, 'two-protocols-form.png');
  await page.getByRole('button', { name: 'Create scenario' }).click();
  const saved = page.getByRole('region', { name: 'Saved' });
  await expect(saved).toContainText('Created: Carry unwind, two protocols (TEST positions)');

  // Replay: every protocol and the total, on the same venues; the charts show the protocol picked.
  await saved.getByRole('button', { name: 'Open replay' }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });
  const table = page.getByRole('region', { name: 'Protocols on this crash' });
  await expect(table).toBeVisible();
  const rows = table.getByRole('row');
  await expect(rows.filter({ hasText: 'aave-like' }).first()).toContainText('Aave v3');
  await expect(rows.filter({ hasText: 'compound-like' }).first()).toContainText('Compound');
  await expect(rows.filter({ hasText: 'Total' })).toContainText('200');
  await expect(
    page.getByText(/Carry unwind, two protocols \(TEST positions\) · aave-like · Aave v3/),
  ).toBeVisible();
  await table.getByRole('button', { name: 'Show compound-like' }).click();
  await expect(
    page.getByText(/Carry unwind, two protocols \(TEST positions\) · compound-like/),
  ).toBeVisible();
  await table.screenshot({ path: path.join(ARTIFACTS_DIR, 'two-protocols-table.png') });
  // An account of compound-like: the autopsy re-runs the whole crash with it tracked.
  await page.getByLabel('Account number').fill('2');
  await page.getByRole('button', { name: 'Open autopsy' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Account autopsy: #2');
  await expect(dialog).toContainText('Compound v2');
  await expect(dialog.locator('canvas')).toBeVisible({ timeout: 30_000 });
  await dialog.screenshot({ path: path.join(ARTIFACTS_DIR, 'two-protocols-autopsy.png') });
  await dialog.getByRole('button', { name: 'Close account autopsy' }).click();
  // The Validation panel: this scenario publishes no outcome yet, so it says how to add one.
  const validation = page.getByRole('region', { name: 'Validation against history' });
  await expect(validation).toContainText('with every protocol (aave-like, compound-like)');
  await expect(validation).toContainText('This scenario has no published outcome to check');
  await expect(validation.getByRole('button', { name: 'Validate against history' })).toHaveCount(0);
  await shot(page, 'two-protocols-replay.png');

  // Compare: only compound-like's design changes; aave-like keeps its own.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /Compare/ })
    .click();
  await page.getByLabel('Scenario').selectOption('carry-unwind-two-protocols-test-positions');
  await page.getByLabel('Protocol to vary').selectOption('compound-like');
  await expect(page.getByLabel('Baseline design')).toHaveValue('compound-v2');
  await page.getByLabel('Design B').selectOption('aave-v3');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  const crash = page.getByRole('region', { name: 'Protocols on this crash' });
  await expect(crash).toBeVisible({ timeout: 60_000 });
  await expect(crash.getByRole('rowgroup', { name: 'Design set 2' })).toContainText('aave-like');
  await expect(crash).toContainText("Only compound-like's design changes");
  await expect(
    page.getByText("Charts and outcomes below: compound-like's runs under each design set."),
  ).toBeVisible();
  await shot(page, 'two-protocols-compare.png');

  // Published outcomes (made-up TEST figures) added to the document, as `scenario export`, an edit
  // and `scenario import` would (the app has no form for them): one total, one per protocol. The
  // Validation panel lists them and validates the crash with every protocol together.
  const id = 'carry-unwind-two-protocols-test-positions';
  const doc = await callApi<Record<string, unknown>>(page, 'scenarios.document', { id });
  const outcome = (figure: string, measure: unknown, amount: number, protocol?: string) => ({
    figure,
    value: 'made-up TEST figure',
    source: 'TEST, not data',
    measure,
    amount,
    ...(protocol ? { protocol } : {}),
  });
  await callApi(page, 'scenarios.update', {
    id,
    document: {
      ...doc,
      published: [
        outcome('Collateral liquidated', { kind: 'liquidated-value' }, 1_000_000),
        outcome('Collateral liquidated on aave-like', { kind: 'liquidated-value' }, 500_000, 'aave-like'),
        {
          ...outcome('Bad debt on compound-like', { kind: 'bad-debt' }, 0, 'compound-like'),
          pass: { kind: 'at-most' },
        },
      ],
    },
  });
  await page.reload();
  await page.getByRole('link', { name: /Library/ }).click();
  await page
    .getByRole('button', { name: 'Open replay: Carry unwind, two protocols (TEST positions)' })
    .click();
  await expect(page.getByRole('region', { name: 'Protocols on this crash' })).toBeVisible({
    timeout: 60_000,
  });
  const panel = page.getByRole('region', { name: 'Validation against history' });
  await expect(panel).toContainText(
    'Checked here: Collateral liquidated (total of every protocol); Collateral liquidated on aave-like (aave-like); Bad debt on compound-like (compound-like).',
  );
  await panel.getByRole('button', { name: 'Validate against history' }).click();
  const vrows = panel.getByRole('table').getByRole('row');
  await expect(vrows).toHaveCount(4, { timeout: 60_000 });
  await expect(vrows.nth(1)).toContainText('Collateral liquidated (total of every protocol)');
  await expect(vrows.nth(2)).toContainText('Collateral liquidated on aave-like (aave-like)');
  await expect(vrows.nth(3)).toContainText('Bad debt on compound-like (compound-like)');
  await expect(panel).toContainText('one naming none with the total of every protocol');
  await expect(panel.getByLabel('Validation result')).toBeVisible();
  await panel.screenshot({ path: path.join(ARTIFACTS_DIR, 'two-protocols-validation.png') });

  // Sweep: one protocol's design varies on the crash, the other keeps its own.
  await page.getByRole('link', { name: /Sweep/ }).click();
  const setup = page.getByRole('form', { name: 'Sweep setup' });
  await setup.getByLabel('Scenario').selectOption(id);
  await setup.getByLabel('Protocol to vary').selectOption('compound-like');
  await expect(setup).toContainText('the others keep their historical designs');
  await setup.getByLabel('Maker 2021 — Dutch "clip" auctions', { exact: false }).uncheck();
  await setup.getByLabel('Compound v2 — ETH collateral', { exact: false }).check();
  await setup.getByRole('button', { name: 'Remove axis 1' }).click();
  await setup.getByLabel('Seeds to').fill('1');
  await setup.getByLabel('Shock from').fill('0.8');
  await setup.getByLabel('Shock to').fill('1.2');
  await setup.getByLabel('Shock count').fill('2');
  await expect(setup.getByLabel('Accounts')).toHaveValue('');
  await expect(page.getByLabel('Sweep estimate')).toContainText('2 runs (1 design point)');
  await setup.getByRole('button', { name: 'Start sweep' }).click();
  const sweeps = page.getByRole('region', { name: 'Sweeps' });
  await expect(sweeps.getByText(/done · 2\/2 runs · .*\(protocol compound-like\)/)).toBeVisible({
    timeout: 120_000,
  });
  const results = page.getByRole('region', { name: 'Sweep results' });
  await expect(results.getByLabel('Protocol varied')).toContainText('Protocol varied: compound-like');
  await expect(results.getByRole('table', { name: 'Design points' }).getByRole('row')).toHaveCount(2);
  await shot(page, 'two-protocols-sweep.png');
});

/** Calls main through the page's own door (the browser host's API with the session token). */
async function callApi<T = unknown>(page: Page, channel: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([ch, inp]) => {
      // Runs in the page (the e2e tsconfig has no DOM types, hence the casts).
      const w = globalThis as unknown as {
        cascade?: { call(c: string, i: unknown): Promise<unknown> };
        sessionStorage: { getItem(key: string): string | null };
      };
      const r = w.cascade
        ? await w.cascade.call(ch as string, inp)
        : await (
            await fetch(`/api/${ch as string}`, {
              method: 'POST',
              headers: {
                'Content-Type': 'application/json',
                'X-Cascade-Token': w.sessionStorage.getItem('cascade-lab.token') ?? '',
              },
              body: JSON.stringify(inp),
            })
          ).json();
      const result = r as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!result.ok) throw new Error(result.error?.message ?? 'call failed');
      return result.value;
    },
    [channel, input] as const,
  ) as Promise<T>;
}
