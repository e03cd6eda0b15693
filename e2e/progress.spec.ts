/**
 * Long work shows what it is doing and can be cancelled: a replay, a challenge's judging on hidden
 * seeds, a lesson's replay. A cancelled job leaves nothing behind and says so.
 */
import path from 'node:path';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';

test('a replay shows its progress and can be cancelled', async ({ page }) => {
  await page.getByRole('link', { name: /Replay/ }).click();
  await page
    .getByLabel('Scenario', { exact: true })
    .selectOption({ label: 'Black Thursday — crypto options, 12–13 March 2020' });
  await page.getByRole('button', { name: 'Run replay' }).click();
  const job = page.getByRole('group', { name: 'Replay progress' });
  await expect(job).toBeVisible();
  await expect(job.getByRole('progressbar', { name: 'Replay progress' })).toBeVisible();
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('cancelled');
  await expect(job).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run replay' })).toBeEnabled();
});

test('judging a challenge shows the hidden seed it is on, and a cancel records nothing', async ({ page }) => {
  await page.getByRole('link', { name: /Challenges/ }).click();
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByRole('button', { name: /The reform after 1987/ }).click();
  await expect(page.getByRole('region', { name: 'The reform after 1987' })).toContainText(
    'Follows the lesson',
  );
  await page.getByRole('button', { name: 'Submit design' }).click();
  const job = page.getByRole('group', { name: 'Judging on hidden seeds' });
  await expect(job).toBeVisible();
  await expect(job).toContainText(/hidden seed 1 of 2/, { timeout: 30_000 });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'view-challenge-judging.png') });
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('Judging was cancelled; nothing was recorded.');
  await expect(page.getByText('No attempts yet.')).toBeVisible();
});

test('a lesson’s replay shows its progress and can be cancelled, then started again', async ({ page }) => {
  await page.getByRole('link', { name: /Lessons/ }).click();
  await page.getByLabel('Your name').fill('Grace');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page
    .getByRole('button', { name: 'Start lesson: Gamma and hedging flows — crypto options on Black Thursday' })
    .click();
  const job = page.getByRole('group', { name: 'Lesson replay' });
  await expect(job).toBeVisible();
  await job.getByRole('button', { name: 'Cancel' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('cancelled');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('region', { name: 'Lesson step' })).toBeVisible({ timeout: 90_000 });
});
