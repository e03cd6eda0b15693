/** The replay transport answers the keyboard: ←/→ step, space plays and pauses, [ and ] jump waves. */
import { test, expect } from './support/host.ts';
import { cursor, focusPage, openBlackThursdayReplay } from './helpers.ts';

test('keyboard drives the replay transport', async ({ page }) => {
  await openBlackThursdayReplay(page);
  await focusPage(page);
  await expect(cursor(page)).toContainText('step 1 /');

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(cursor(page)).toContainText('step 3 /');
  await page.keyboard.press('ArrowLeft');
  await expect(cursor(page)).toContainText('step 2 /');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(cursor(page)).toContainText('step 12 /');

  await page.keyboard.press(']');
  await expect(cursor(page)).toContainText('wave 1 of');
  await page.keyboard.press(']');
  await expect(cursor(page)).toContainText('wave 2 of');
  await page.keyboard.press('[');
  await expect(cursor(page)).toContainText('wave 1 of');

  // Space plays (the button turns into Pause and the cursor moves), space again pauses.
  const before = await cursor(page).innerText();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(cursor(page)).not.toHaveText(before);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const paused = await cursor(page).innerText();
  await page.waitForTimeout(400);
  await expect(cursor(page)).toHaveText(paused);

  // Typing in a field does not move the replay.
  await page.getByLabel('Jump to time (UTC)').fill('2020-03-12 14:30');
  await page.getByLabel('Jump to time (UTC)').press('ArrowLeft');
  await expect(cursor(page)).toHaveText(paused);
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(cursor(page)).toContainText('Mar 12 14:30 UTC');
});
