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

/** Calls main the way the page does (the preload in Electron, the host's HTTP API in a browser). */
async function callMain<T>(
  page: import('@playwright/test').Page,
  channel: string,
  input: unknown,
): Promise<T> {
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

test('the form shows main’s bounds and main’s capital efficiency, with no copy of its own', async ({
  page,
}) => {
  await page.getByRole('link', { name: /Design/ }).click();
  const ratio = page.getByLabel('Liquidation ratio', { exact: true });
  await expect(ratio).toHaveValue('1.5', { timeout: 15_000 });

  // The bound the form shows is the minimum in the JSON Schema main serves.
  const form = await callMain<{
    schema: { properties: { margin: { oneOf: { properties: Record<string, { minimum?: number }> }[] } } };
  }>(page, 'designs.form', {});
  const minRatio = form.schema.properties.margin.oneOf[0]!.properties['liquidationRatio']!.minimum!;
  await ratio.fill(String(minRatio - 0.5));
  await expect(ratio).toHaveAccessibleDescription(new RegExp(`must be ≥ ${minRatio}`));
  const lot = page.getByLabel('Lot size', { exact: true });
  await lot.fill('0');
  const english = (
    form.schema.properties as unknown as {
      liquidation: { oneOf: { properties: Record<string, { const?: string; minimum?: number }> }[] };
    }
  ).liquidation.oneOf.find((v) => v.properties['kind']!.const === 'english-auction')!;
  await expect(lot).toHaveAccessibleDescription(
    new RegExp(`must be ≥ ${english.properties['lotSize']!.minimum}`),
  );
  await lot.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/design-form-bound-error.png' });
  await lot.fill('50');

  // The capital efficiency shown is main's answer for this design on this scenario.
  await ratio.fill('1.25');
  await expect(page.getByText('Valid design')).toBeVisible();
  const design = await callMain<Record<string, unknown>>(page, 'designs.get', { id: 'maker-2020-flip' });
  const margin = design['margin'] as Record<string, unknown>;
  const answer = await callMain<{ capitalEfficiency: { maxLtv: number; maxLeverage: number } }>(
    page,
    'designs.validate',
    {
      design: { ...design, margin: { ...margin, liquidationRatio: 1.25 } },
      scenarioId: 'black-thursday-2020',
    },
  );
  const shown = `Max LTV ${(answer.capitalEfficiency.maxLtv * 100).toFixed(1)}%, leverage ${answer.capitalEfficiency.maxLeverage.toFixed(2)}×`;
  expect(shown).toBe('Max LTV 80.0%, leverage 5.00×');
  await expect(page.getByRole('region', { name: 'Capital efficiency' })).toContainText(shown);
  await page.screenshot({ path: 'e2e/artifacts/design-form-main-bounds.png', fullPage: false });
});
