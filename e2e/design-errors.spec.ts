/** Invalid design values are shown beside their field, from the form's checks and from main's. */
import { test, expect } from './support/host.ts';

test('an invalid design value shows its error beside the field', async ({ page }) => {
  await page.getByRole('link', { name: /Design/ }).click();
  const ratio = page.getByLabel('Liquidation ratio', { exact: true });
  await expect(ratio).toHaveValue('1.5', { timeout: 15_000 });

  // A range the form knows: the message is the field's own description.
  await ratio.fill('0.5');
  await expect(ratio).toHaveAttribute('aria-invalid', 'true');
  await expect(ratio).toHaveAccessibleDescription(/must be ≥ 1/);
  await ratio.fill('1.5');
  await expect(ratio).not.toHaveAttribute('aria-invalid', 'true');

  // A rule only main checks (a call must come before liquidation): its answer names the field.
  const call = page.getByLabel('Call ratio', { exact: true });
  await call.fill('1.2');
  await expect(call).toHaveAccessibleDescription(/below liquidationRatio/);
  await expect(call).toHaveAttribute('aria-invalid', 'true');

  // Saving is refused while the error stands; fixing it saves.
  await page.getByRole('button', { name: 'Save design' }).click();
  await expect(call).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as' })).toHaveCount(0);
  await call.fill('1.8');
  await expect(page.getByText('Valid design')).toBeVisible();
  await page.getByRole('button', { name: 'Save design' }).click();
  await expect(page.getByText(/Saved as/)).toBeVisible();
});
