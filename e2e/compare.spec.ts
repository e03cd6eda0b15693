/**
 * Compare, design by design: each design's waves and what is happening under it at the shared
 * cursor; an unchanged metric reads "same", never "worse".
 */
import path from 'node:path';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';
import { cursor } from './helpers.ts';

test('Compare shows each design’s waves and narration, and equal metrics as equal', async ({ page }) => {
  await page.getByRole('link', { name: /Compare/ }).click();
  await page.getByLabel('Design B').selectOption('maker-2021-clip');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  const outcomes = page.getByRole('table', { name: 'Outcomes' });
  await expect(outcomes).toBeVisible({ timeout: 60_000 });
  // Both designs liquidate at 150%: the same allowed leverage is "same".
  await expect(
    outcomes
      .getByRole('row', { name: /Max leverage/ })
      .getByRole('cell')
      .nth(1),
  ).toContainText('same');

  const flip = page.getByRole('region', { name: 'Maker 2020: waves and narration' });
  const clip = page.getByRole('region', { name: 'Maker 2021: waves and narration' });
  await expect(flip.getByRole('table', { name: 'Waves under Maker 2020' })).toBeVisible();
  await expect(clip.getByRole('table', { name: 'Waves under Maker 2021' })).toBeVisible();
  // Compare opens at the end: every design's story is told up to there.
  await expect(flip.getByLabel('Narration')).toContainText('Market');
  await expect(clip.getByLabel('Narration')).toContainText('Market');

  // A wave of the second design moves the shared cursor there; both narrate that moment.
  await clip.getByRole('button', { name: 'Go to wave 2 of Maker 2021' }).click();
  await expect(clip.getByRole('row', { name: /Go to wave 2 of Maker 2021/ })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await expect(clip.getByLabel('Narration')).toContainText('Wave 2 of');
  await expect(cursor(page)).not.toContainText('step 2881 /');
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'view-compare.png'), fullPage: true });
});
