/**
 * Unsaved design edits are never lost without a word: leaving the Design view — a glossary term, a
 * nav link, the back button, another starting design — asks to save, discard or stay.
 */
import { test, expect } from './support/host.ts';

test('leaving the design editor with unsaved edits asks: stay, discard, save', async ({ page }) => {
  await page.getByRole('link', { name: /Design/ }).click();
  const ratio = page.getByLabel('Liquidation ratio', { exact: true });
  await expect(ratio).toHaveValue('1.5', { timeout: 15_000 });
  const dialog = page.getByRole('dialog', { name: 'Unsaved changes' });

  // Nothing edited: a glossary term just goes there.
  await page.getByRole('link', { name: 'Capital efficiency' }).click();
  await expect(page.getByRole('heading', { name: 'Glossary', level: 1 })).toBeVisible();
  await page.goBack();
  await expect(ratio).toHaveValue('1.5', { timeout: 15_000 });

  // An edit, then a glossary term: the dialog asks; Stay keeps the edit and the view.
  await ratio.fill('1.6');
  await expect(page.getByText('unsaved edits')).toBeVisible();
  await page.getByRole('link', { name: 'Capital efficiency' }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('design edits');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Design', level: 1 })).toBeVisible();
  await expect(ratio).toHaveValue('1.6');

  // The back button asks too (the address is put back while the dialog waits).
  await page.goBack();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(ratio).toHaveValue('1.6');
  expect(new URL(page.url()).hash).toBe('#/design');

  // Another starting design replaces the draft: asked as well.
  await page.getByRole('button', { name: 'Historical design' }).click();
  await expect(dialog).toContainText('Starting from another design');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(ratio).toHaveValue('1.6');

  // Discard: the view changes and the edit is gone.
  await page.getByRole('link', { name: /Replay/ }).click();
  await dialog.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByRole('heading', { name: 'Replay', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: /Design/ }).click();
  await expect(ratio).toHaveValue('1.5', { timeout: 15_000 });

  // Save: the design is saved under its id, then the view changes.
  await ratio.fill('1.45');
  await page.getByRole('link', { name: /Compare/ }).click();
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { name: 'Compare', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: /Design/ }).click();
  await expect(ratio).toHaveValue('1.5', { timeout: 15_000 });
  await page
    .getByLabel('Start from design')
    .selectOption({ label: 'Maker 2020 — English "flip" auctions (historical) (my copy)' });
  await expect(ratio).toHaveValue('1.45', { timeout: 15_000 });
});

test('an edit that cannot be saved keeps the user on the form, the field at fault in focus', async ({
  page,
}) => {
  await page.getByRole('link', { name: /Design/ }).click();
  const ratio = page.getByLabel('Liquidation ratio', { exact: true });
  await expect(ratio).toHaveValue('1.5', { timeout: 15_000 });
  await ratio.fill('0.5');
  await page.getByRole('link', { name: /Library/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Unsaved changes' });
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Design', level: 1 })).toBeVisible();
  await expect(ratio).toBeFocused();
  await expect(ratio).toHaveValue('0.5');
});

test('edits made while another starting design loads are kept until the user decides', async ({ page }) => {
  await page.getByRole('link', { name: /Design/ }).click();
  const ratio = page.getByLabel('Liquidation ratio', { exact: true });
  await expect(ratio).toHaveValue('1.5', { timeout: 15_000 });
  const dialog = page.getByRole('dialog', { name: 'Unsaved changes' });
  const start = page.getByLabel('Start from design');
  const before = await start.inputValue();

  // A slow answer for the design asked for: the user edits the draft on screen meanwhile.
  let release: () => void = () => {};
  const answered = new Promise<void>((r) => (release = r));
  await page.route('**/api/designs.get', async (route) => {
    await answered;
    await route.continue();
  });
  const other = await start
    .locator('option')
    .evaluateAll(
      (os, current) =>
        (os as unknown as { value: string }[]).map((o) => o.value).find((v) => v && v !== current)!,
      before,
    );
  await start.selectOption(other);
  await ratio.fill('1.6');
  release();

  // The design arrives: it does not silently replace the edit; the dialog asks, and Stay keeps it.
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Starting from another design');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(ratio).toHaveValue('1.6');
  await expect(start).toHaveValue(before);
  await page.unroute('**/api/designs.get');

  // Asked again and discarded: the other design replaces the draft.
  await start.selectOption(other);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Discard changes' }).click();
  await expect(start).toHaveValue(other, { timeout: 15_000 });
});
