/** A 1280×720 screenshot of every view, saved under e2e/artifacts/ for review. */
import path from 'node:path';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';
import { focusPage, openBlackThursdayReplay } from './helpers.ts';

const shot = (name: string) => ({ path: path.join(ARTIFACTS_DIR, `view-${name}.png`) });

test('screenshot of each view', async ({ page }) => {
  await expect(page.getByRole('article', { name: /Black Thursday — MakerDAO/ })).toBeVisible();
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

test('screenshots of the design v2 editor sections and the Backstops & margin chart', async ({ page }) => {
  // A chart that throws (e.g. on a theme change) stops every chart's effects: no error may be logged.
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const field = (label: string) => page.getByLabel(label, { exact: true });
  const scrollTo = async (name: string) =>
    page.getByRole('group', { name }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const saveAndReplay = async (id: string) => {
    await field('Id').fill(id);
    await field('Name').fill(id);
    await expect(page.getByText('Valid design')).toBeVisible();
    await page.getByRole('button', { name: 'Save design' }).click();
    await page.getByRole('button', { name: 'Replay it' }).click();
    await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(new RegExp(`· ${id} ·`))).toBeVisible();
    await page.getByLabel('Jump to time (UTC)').fill('2020-03-13 06:00');
    await page.getByRole('button', { name: 'Jump' }).click();
    const chart = page.getByRole('region', { name: 'Backstops & margin' });
    await expect(chart).toBeVisible();
    await chart.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(300);
  };
  const openEditor = async () => {
    await page.getByRole('link', { name: /Design/ }).click();
    await page.getByLabel('Start from design').selectOption('maker-2020-flip');
    // The flip design itself, not the one saved last (which shares its liquidation ratio).
    await expect(field('Mechanism')).toHaveValue('english-auction', { timeout: 15_000 });
    await expect(field('Liquidation ratio')).toHaveValue('1.5', { timeout: 15_000 });
  };

  // A volatility-scaled margin with a buffer, and a circuit breaker that pauses liquidations.
  await openEditor();
  await page.getByLabel('Margin model', { exact: true }).selectOption('volatility-scaled');
  await page.getByLabel('Anti-procyclical tool', { exact: true }).selectOption('buffer');
  await field('Volatility half-life').fill('6');
  await scrollTo('Margin');
  await page.screenshot(shot('design-margin'));
  await field('Circuit breaker').check();
  await field('Sell large lots in slices').check();
  await scrollTo('Modifiers');
  await page.screenshot(shot('design-modifiers'));
  await saveAndReplay('volatility-breaker');
  await page.screenshot(shot('replay-backstops-margin'));

  // A stability pool that runs dry and redistributes.
  await openEditor();
  await page.getByLabel('Mechanism', { exact: true }).selectOption('stability-pool');
  await field('Pool deposits').fill('10000000');
  await scrollTo('Liquidation');
  await page.screenshot(shot('design-pool'));
  await saveAndReplay('pool');
  await page.screenshot(shot('replay-backstops-pool'));

  // An exchange close with an insurance fund and a backstop vault.
  await openEditor();
  await page.getByLabel('Mechanism', { exact: true }).selectOption('exchange-close');
  await field('Backstop vault').check();
  await field('Close large positions in slices').check();
  await scrollTo('Liquidation');
  await page.screenshot(shot('design-exchange'));
  await saveAndReplay('exchange');
  await page.screenshot(shot('replay-backstops-exchange'));
  // The run summary's mechanism cards.
  await page
    .getByRole('heading', { name: 'Replay', level: 1 })
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot(shot('replay-backstops-cards'));
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page
    .getByRole('region', { name: 'Backstops & margin' })
    .evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(1500);
  await page.screenshot(shot('replay-backstops-dark'));
  expect(errors).toEqual([]);
});

test('screenshots of what the newcomer walk changed', async ({ page }) => {
  // Replay: the gas and keepers chart, a zoomed stretch with the crosshair tooltip.
  await openBlackThursdayReplay(page);
  await focusPage(page);
  for (let i = 0; i < 10; i++) await page.keyboard.press(']');
  const gas = page.getByRole('region', { name: 'Gas and keepers' });
  await gas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(300);
  await page.screenshot(shot('replay-gas'));
  const price = page.getByRole('region', { name: 'Price and oracle' });
  await price.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await price.getByRole('button', { name: 'Zoom in' }).click();
  await price.getByRole('button', { name: 'Zoom in' }).click();
  const box = (await price.locator('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.55);
  await page.waitForTimeout(300);
  await page.screenshot(shot('replay-zoom-crosshair'));

  // Design: leaving with unsaved edits asks.
  await page.getByRole('link', { name: /Design/ }).click();
  const ratio = page.getByLabel('Liquidation ratio', { exact: true });
  await expect(ratio).toHaveValue('1.5', { timeout: 15_000 });
  await ratio.fill('1.45');
  await page.getByRole('link', { name: 'Capital efficiency' }).click();
  await expect(page.getByRole('dialog', { name: 'Unsaved changes' })).toBeVisible();
  await page.screenshot(shot('design-leave-dialog'));
  await page.getByRole('button', { name: 'Discard changes' }).click();

  // Compare: each design's waves and narration.
  await page.getByRole('link', { name: /Compare/ }).click();
  await page.getByLabel('Design B').selectOption('maker-2021-clip');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  const designs = page.getByRole('region', { name: 'Each design at the cursor' });
  await expect(designs).toBeVisible({ timeout: 60_000 });
  await designs.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await page.waitForTimeout(300);
  await page.screenshot(shot('compare-designs'));

  // Lessons and challenges: every lesson has its challenge, linked both ways.
  await page.getByRole('link', { name: /Lessons/ }).click();
  await expect(page.getByRole('link', { name: /Challenge: / }).first()).toBeVisible();
  await page.screenshot(shot('lessons-challenges'));
  await page.getByRole('link', { name: 'Challenge: Ride out the Coinbase spike' }).click();
  await expect(page.getByRole('region', { name: 'Ride out the Coinbase spike' })).toContainText(
    'Follows the lesson',
  );
  await page.screenshot(shot('challenges-linked'));
});
