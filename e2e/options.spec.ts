/**
 * Options end to end, on Black Monday 1987: the replay's "Options & hedging" panel (implied vol
 * against realised, the gamma exposure map, the option book), hedging and insurance as their own
 * series in the flow chart, the narration naming the loop at work; then the design editor's Options
 * section — an invalid value refused beside its field, portfolio insurers switched off — and the
 * replay without them: no insurance flow, a smaller fall. Screenshots of the panel and the section.
 */
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';

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

const shot = (name: string) => ({ path: path.join(ARTIFACTS_DIR, `view-${name}.png`) });
const summary = (page: Page) => page.getByLabel('Run summary');
const narration = (page: Page) => page.getByRole('region', { name: 'What is happening now' });
const panel = (page: Page) => page.getByRole('region', { name: 'Options & hedging' });
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

async function openBlackMondayReplay(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Library/ }).click();
  await page.getByRole('button', { name: /Open replay: Black Monday/ }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });
  // The transport may still show the run opened before (its Jump field is reset when 1987's arrives).
  await expect(page.getByLabel('Cursor time')).toContainText('Oct 19', { timeout: 60_000 });
}

async function jumpTo(page: Page, time: string): Promise<void> {
  await page.getByLabel('Jump to time (UTC)').fill(time);
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByLabel('Cursor time')).toContainText(time.slice(11));
}

/** The dollar amount in a text ("$4.53M" → 4.53e6). */
function usd(text: string): number {
  const m = /\$([\d.]+)([kMB]?)/.exec(text);
  if (!m) throw new Error(`no dollar amount in "${text}"`);
  return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, B: 1e9 } as Record<string, number>)[m[2]!]!;
}

/** The percentages in a text, in order ("158% start 25%" → [158, 25]). */
function percents(text: string): number[] {
  return [...text.matchAll(/(-?[\d.]+)%/g)].map((m) => Number(m[1]));
}

/** Pixels of a chart's canvas within a few levels of an RGB colour (a series was drawn in it). */
async function pixelsOf(region: Locator, rgb: [number, number, number]): Promise<number> {
  return region.locator('canvas').evaluate((el, [r, g, b]) => {
    // The e2e tsconfig has no DOM types: the canvas API this needs, structurally.
    const c = el as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      };
    };
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (Math.abs(d[i]! - r) < 10 && Math.abs(d[i + 1]! - g) < 10 && Math.abs(d[i + 2]! - b) < 10) n++;
    return n;
  }, rgb);
}
/** palette.ts, light theme: portfolio insurance and dealers' hedging. */
const INSURANCE_RGB: [number, number, number] = [0x8f, 0x5b, 0x2e];
const HEDGING_RGB: [number, number, number] = [0x2f, 0x9e, 0x44];

/** The drawdown card ("Drawdown −31.5%") as a positive fraction. */
async function drawdown(page: Page): Promise<number> {
  const text = await summary(page).getByRole('group', { name: 'Drawdown' }).innerText();
  return -percents(text.replace('−', '-'))[0]! / 100;
}

test('Black Monday replay: IV rises, the gamma map has bars, insurance has its own flow, the narration names the loop', async ({
  page,
}) => {
  await openBlackMondayReplay(page);
  await expect(panel(page)).toBeVisible();
  await jumpTo(page, '1987-10-19 18:30');

  // Implied vol at the cursor is above where it started, and the peak card agrees.
  const iv = await panel(page).getByLabel('ATM implied vol').innerText();
  const [now, start, peakSoFar] = percents(iv);
  expect(now!).toBeGreaterThan(start!);
  expect(peakSoFar!).toBeGreaterThanOrEqual(now!);
  const peakCard = summary(page).getByRole('group', { name: 'Peak ATM IV' });
  expect(percents(await peakCard.innerText())[0]!).toBeGreaterThan(start!);
  await expect(page.getByRole('region', { name: 'Implied vs realised volatility' })).toBeVisible();

  // The gamma map is drawn (insurers' bars in their colour) and read in words.
  const gamma = page.getByRole('region', { name: 'Gamma exposure map' });
  await gamma.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  expect(await pixelsOf(gamma, INSURANCE_RGB)).toBeGreaterThan(200);
  // Each loop alone: dealers only shows their bars (their colour, no insurers').
  await gamma.getByLabel('Gamma map shows').selectOption('dealers');
  await expect.poll(() => pixelsOf(gamma, HEDGING_RGB)).toBeGreaterThan(200);
  expect(await pixelsOf(gamma, INSURANCE_RGB)).toBeLessThan(20);
  await gamma.getByLabel('Gamma map shows').selectOption('both');
  const reading = await panel(page).getByLabel('Gamma map reading').innerText();
  expect(reading).toMatch(
    /a further 1% fall makes dealers (sell|buy) [\d,]+ SPX and insurers sell [\d,]+ SPX/,
  );
  expect(Number(/insurers sell ([\d,]+) SPX/.exec(reading)![1]!.replace(/,/g, ''))).toBeGreaterThan(0);

  // The flow chart carries portfolio insurance as its own series, drawn and totalled.
  const flows = page.getByRole('region', { name: 'Selling by source' });
  await flows.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  expect(await pixelsOf(flows, INSURANCE_RGB)).toBeGreaterThan(50);
  const totals = page.getByLabel('Options flows up to the cursor');
  await expect(totals).toContainText(/Portfolio insurance: sold \$[\d.]+[kMB]/);
  expect(usd((await totals.innerText()).split('Portfolio insurance')[1]!)).toBeGreaterThan(1e8);
  expect(usd(await summary(page).getByRole('group', { name: 'Insurers, net' }).innerText())).toBeGreaterThan(
    1e9,
  );

  // The narration names the portfolio-insurance loop and the dealers' gamma, with the step's numbers.
  const loops = narration(page).getByLabel('Loops at work');
  await expect(loops).toContainText(
    /Portfolio insurers \(synthetic put\) sold [\d,]+ SPX \(\$[\d.]+[kMB]\) this step/,
  );
  await expect(loops).toContainText(/their gamma at \$[\d.]+ is short [\d,]+ SPX per 1%/);
  // The option book names the writers' collateral and the insurers' backlog.
  await expect(panel(page).getByLabel('Option book')).toContainText('in stablecoins');
  await expect(panel(page).getByLabel("Insurers' backlog")).toContainText(/[\d,]+ SPX/);
});

test('Options editor: an invalid value is refused beside its field; insurers off removes their flow and shrinks the fall', async ({
  page,
}) => {
  await openBlackMondayReplay(page);
  const historicalDrawdown = await drawdown(page);
  expect(historicalDrawdown).toBeGreaterThan(0.1);

  await page.getByRole('link', { name: /Design/ }).click();
  const penalty = field(page, 'Writer liquidation penalty');
  await expect(penalty).toHaveValue('0.02', { timeout: 15_000 });
  const section = page.getByRole('group', { name: 'Options' });
  await expect(section).toContainText('This scenario has options on SPX');
  // Collateral is the scenario's, shown read-only with the crypto scenario named.
  const collateral = section.getByRole('note', { name: 'Writers’ collateral' });
  await expect(collateral).toContainText('stable (USD)');
  await expect(collateral).toContainText(/black-thursday-options\) uses same-asset collateral/);

  // Out of range: the error sits beside the field and saving is refused.
  await penalty.fill('1.5');
  await expect(penalty).toHaveAttribute('aria-invalid', 'true');
  await expect(penalty).toHaveAccessibleDescription(/must be ≤ 1/);
  await page.getByLabel('Dealers’ hedging policy', { exact: true }).selectOption('band');
  const band = field(page, 'Hedge band');
  await expect(band).toHaveValue('0.05');
  await band.fill('-0.1');
  await expect(band).toHaveAccessibleDescription(/must be ≥ 0/);
  await page.getByLabel('Dealers’ hedging policy', { exact: true }).selectOption('scenario');
  await expect(field(page, 'Hedge band')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save design' }).click();
  await expect(penalty).toBeFocused();
  await penalty.fill('0.02');

  // A portfolio grid shows its own fields; back to per position for the replay.
  await page.getByLabel('Writers’ margin model', { exact: true }).selectOption('portfolio');
  await expect(field(page, 'Price scan range')).toHaveValue('0.1');
  await page.getByLabel('Risk grid', { exact: true }).selectOption('deribit-pm');
  await expect(field(page, 'Price points')).toHaveValue('9');
  await field(page, 'Price points').fill('1');
  await expect(field(page, 'Price points')).toHaveAccessibleDescription(/must be ≥ 2/);
  await page.getByLabel('Writers’ margin model', { exact: true }).selectOption('per-position');
  await expect(field(page, 'Charge on the underlying')).toHaveValue('0.15');

  const insurers = field(page, 'Portfolio insurers follow their rule');
  await expect(insurers).toBeChecked();
  await insurers.uncheck();
  await field(page, 'Id').fill('no-insurers-e2e');
  await field(page, 'Name').fill('no-insurers-e2e');
  await expect(page.getByText('Valid design')).toBeVisible();
  await page.getByRole('button', { name: 'Save design' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as no-insurers-e2e' })).toBeVisible();
  await page.getByRole('button', { name: 'Replay it' }).click();
  await expect(page.getByText(/· no-insurers-e2e ·/)).toBeVisible({ timeout: 60_000 });

  // No insurance flow at all, the loop marked off, and a smaller fall than the historical design's.
  await expect(summary(page).getByRole('group', { name: 'Insurers, net' })).toContainText('$0.00');
  expect(await drawdown(page)).toBeLessThan(historicalDrawdown);
  await expect(panel(page).getByLabel('Loops in this design')).toContainText('Portfolio insurers off');
  await jumpTo(page, '1987-10-19 18:30');
  await expect(page.getByLabel('Options flows up to the cursor')).toContainText(
    'Portfolio insurance: sold $0.00',
  );
  const flows = page.getByRole('region', { name: 'Selling by source' });
  await flows.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  expect(await pixelsOf(flows, INSURANCE_RGB)).toBeLessThan(20);
  await expect(narration(page).getByLabel('Loops at work')).toContainText(
    'Portfolio insurers are off in this design',
  );
});

test('screenshots of the Options & hedging panel and the Options editor section', async ({ page }) => {
  await openBlackMondayReplay(page);
  await jumpTo(page, '1987-10-19 18:30');
  await panel(page).evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await page.waitForTimeout(300);
  await page.screenshot(shot('replay-options'));
  await page
    .getByRole('region', { name: 'Selling by source' })
    .evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(300);
  await page.screenshot(shot('replay-options-flows'));
  await page
    .getByRole('heading', { name: 'Replay', level: 1 })
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot(shot('replay-options-top'));
  await expect(panel(page)).toBeVisible();

  await page.getByRole('link', { name: /Design/ }).click();
  await expect(field(page, 'Writer liquidation penalty')).toHaveValue('0.02', { timeout: 15_000 });
  const section = page.getByRole('group', { name: 'Options' });
  await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(200);
  await page.screenshot(shot('design-options'));
  await page.getByLabel('Writers’ margin model', { exact: true }).selectOption('portfolio');
  await page.getByLabel('Dealers’ hedging policy', { exact: true }).selectOption('band');
  await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(200);
  await page.screenshot(shot('design-options-portfolio'));
  await expect(field(page, 'Price scan range')).toBeVisible();

  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.getByRole('link', { name: /Replay/ }).click();
  // The editor holds unsaved edits: leaving asks first (design-guard.spec.ts); these are thrown away.
  await page
    .getByRole('dialog', { name: 'Unsaved changes' })
    .getByRole('button', { name: 'Discard changes' })
    .click();
  await panel(page).evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await page.waitForTimeout(1000);
  await page.screenshot(shot('replay-options-dark'));
});
