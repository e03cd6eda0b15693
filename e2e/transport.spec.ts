/** The transport belongs to the run on screen: the Jump field does not carry a time from one crash to another. */
import { test, expect } from './support/host.ts';
import { cursor, openBlackThursdayReplay } from './helpers.ts';

test('the Jump field is cleared when another scenario is replayed', async ({ page }) => {
  await openBlackThursdayReplay(page);
  const jumpField = page.getByLabel('Jump to time (UTC)');
  await jumpField.fill('2020-03-12 14:30');
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(cursor(page)).toContainText('Mar 12 14:30 UTC');
  await expect(jumpField).toHaveValue('2020-03-12 14:30');

  await page
    .getByLabel('Scenario', { exact: true })
    .selectOption({ label: 'Compound DAI oracle event — 26 November 2020' });
  await page.getByRole('button', { name: 'Run replay' }).click();
  await expect(cursor(page)).toContainText('Nov 26 00:00 UTC', { timeout: 60_000 });
  await expect(jumpField).toHaveValue('');
  await expect(jumpField).toHaveAttribute('placeholder', '2020-11-26 00:00');
  // A time of the old crash is refused with the new crash's range.
  await jumpField.fill('2020-03-12 14:30');
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByRole('alert')).toContainText('Pick a time between Nov');
});
