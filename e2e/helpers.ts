/** Steps the specs share: open the Black Thursday replay and wait for it, read the cursor. */
import type { Page } from '@playwright/test';
import { expect } from './support/host.ts';

/** Library → Black Thursday → Open replay; resolves once the replay's transport is shown. */
export async function openBlackThursdayReplay(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Library/ }).click();
  await page.getByRole('button', { name: /Open replay: Black Thursday — MakerDAO/ }).click();
  await expect(page.getByRole('region', { name: 'Replay transport' })).toBeVisible({ timeout: 60_000 });
}

/** Moves focus off any control, so keys go to the page (as after a click on empty space). */
export async function focusPage(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'What is happening now' }).click();
}

/** The transport's readout: "Mar 12 02:00 UTC step 121 / 2881 · wave 1 of 14". */
export function cursor(page: Page) {
  return page.getByLabel('Cursor time');
}
