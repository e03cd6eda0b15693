/**
 * Training, as a newcomer meets it: create a profile, play the Black Thursday lesson from its first
 * card to the debrief (predictions locked in before the replay reveals them, one try-it solved by
 * changing a design parameter), close the app, reopen it on the same data folder and find the
 * progress kept. An invalid lesson file shows its error naming the field. Screenshots of the lesson
 * player, the debrief, the progress view and the challenges view are saved at 1280×720.
 */
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import type { Page } from '@playwright/test';
import { test, expect, ARTIFACTS_DIR, startBuiltHost } from './support/host.ts';

const shot = (name: string) => ({ path: path.join(ARTIFACTS_DIR, `view-${name}.png`) });
const LESSON = 'The loop itself — Black Thursday';

async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next step' }).click();
}

// Restarting the app is driven through the browser host (in a page of its own), in either project.
test('a newcomer completes the Black Thursday lesson; progress survives a restart', async ({ context }) => {
  test.setTimeout(240_000);
  const page = await context.newPage();
  // Our own host on our own data folder, so it can be stopped and started again on the same data.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-e2e-training-'));
  let host = await startBuiltHost({ dataDir });
  try {
    await page.goto(host.url);
    await page.getByRole('link', { name: /Lessons/ }).click();
    await expect(page.getByRole('heading', { name: 'Lessons', level: 1 })).toBeVisible();
    // The options and 1987 lessons are listed and playable.
    const gamma = page.getByRole('article', { name: /Gamma and hedging flows/ });
    await expect(gamma).not.toContainText('Coming');
    await expect(gamma.getByRole('button', { name: /Start lesson/ })).toHaveCount(1);
    await expect(page.getByRole('article', { name: '1987 portfolio insurance' })).toBeVisible();

    await page.getByLabel('Your name').fill('Ada');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect(page.getByText('Progress is saved for')).toContainText('Ada');
    await page.screenshot(shot('lessons'));
    await page.getByRole('button', { name: `Start lesson: ${LESSON}` }).click();

    const card = page.getByRole('region', { name: 'Lesson step' });
    await expect(card).toBeVisible({ timeout: 60_000 });
    await expect(page.getByLabel('Lesson progress')).toHaveText('Step 1 of 7');
    // Published figures carry their source.
    await expect(card.getByRole('definition').first()).toContainText('CoinAPI');
    await page.waitForTimeout(300);
    await page.screenshot(shot('lesson-player'));

    await next(page);
    await expect(card.getByRole('heading', { name: 'What a wave is' })).toBeVisible();
    await expect(card).toContainText('measured by the engine');
    await page.waitForTimeout(300);
    await page.screenshot(shot('lesson-waves'));

    // Predict a number before the replay shows the wave.
    await next(page);
    // The lesson waits for the prediction: it cannot be skipped to the reveal.
    await expect(page.getByRole('button', { name: 'Next step' })).toBeDisabled();
    await expect(card).toContainText('Lock in your prediction to go on.');
    const cursorBefore = await page.getByLabel('Cursor time').innerText();
    // The replay waits for the prediction: skipping ahead snaps back to the question.
    await page.getByRole('button', { name: 'Next wave' }).click();
    await expect(page.getByLabel('Cursor time')).toHaveText(cursorBefore);
    await card.getByRole('spinbutton').fill('50000');
    await card.getByRole('button', { name: 'Lock in prediction' }).click();
    const verdict = card.getByRole('status');
    await expect(verdict).toContainText('the engine measured');
    await expect(verdict).toContainText('ETH');
    // The replay plays on to reveal what happened, and stops at the end of that wave.
    await expect(page.getByLabel('Cursor time')).not.toHaveText(cursorBefore);
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByLabel('Cursor time')).not.toContainText('2881 / 2881');
    await page.screenshot(shot('lesson-predict'));

    // Predict a choice.
    await next(page);
    await expect(page.getByRole('button', { name: 'Next step' })).toBeDisabled();
    await card.getByLabel('10% to 30%').check();
    await card.getByRole('button', { name: 'Lock in prediction' }).click();
    await expect(card.getByRole('status')).toContainText('the engine measured');

    await next(page);
    await expect(card).toContainText('Whiterabbit');
    await page.screenshot(shot('lesson-figures'));

    // Try it: a value that is not enough, then one that solves it — both judged by the engine.
    await next(page);
    // A try-it must be tried before the lesson goes on (and can count as completed).
    await expect(page.getByRole('button', { name: 'Next step' })).toBeDisabled();
    await expect(card).toContainText('Run the engine at least once to go on.');
    // The hint's chart is there, beside the card.
    await expect(card).toContainText('Gas and keepers chart');
    await expect(page.getByRole('region', { name: 'Gas and keepers' })).toBeVisible();
    const field = card.getByLabel('keepers.gasCapMedianGwei');
    await field.fill('20');
    await card.getByRole('button', { name: 'Run the engine' }).click();
    await expect(card.getByRole('status')).toContainText('Not yet.', { timeout: 60_000 });
    await field.fill('200');
    await card.getByRole('button', { name: 'Run the engine' }).click();
    await expect(card.getByRole('status')).toContainText('Goal met.', { timeout: 60_000 });

    await next(page);
    const debrief = card.getByRole('table', { name: 'Your answers against what happened' });
    await expect(debrief.getByRole('row')).toHaveCount(4);
    await expect(debrief).toContainText('keepers.gasCapMedianGwei = 200');
    await expect(debrief).toContainText('✓ right');
    await page.screenshot(shot('lesson-debrief'));
    await page.getByRole('button', { name: 'Finish' }).click();
    await expect(page.getByRole('article', { name: LESSON })).toContainText('Completed');

    // Close the app, reopen it on the same data.
    await host.stop();
    host = await startBuiltHost({ dataDir });
    await page.goto(host.url);
    await page.getByRole('link', { name: /Progress/ }).click();
    const lessons = page.getByRole('region', { name: 'Lesson progress' });
    const row = lessons.getByRole('row', { name: new RegExp(LESSON) });
    await expect(row).toContainText('completed');
    await expect(row).toContainText('1 / 1');
    await expect(row.getByRole('cell').nth(2)).toHaveText(/^[0-2] \/ 2$/);

    // The student exports a results file; the instructor imports it and sees the class table.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export my results' }).click();
    const results = await downloading;
    expect(results.suggestedFilename()).toBe('ada.cascade-results.json');
    await page.getByLabel("Import students' results").setInputFiles((await results.path())!);
    const table = page.getByRole('table', { name: 'Class table' });
    await expect(table.getByRole('row', { name: /Ada/ })).toContainText('completed');
    await page.screenshot(shot('progress'));

    // The lesson reopens at its debrief.
    await page.getByRole('link', { name: /Lessons/ }).click();
    await page.getByRole('button', { name: `Resume lesson: ${LESSON}` }).click();
    await expect(page.getByLabel('Lesson progress')).toHaveText('Step 7 of 7', { timeout: 60_000 });
    await expect(page.getByRole('table', { name: 'Your answers against what happened' })).toContainText(
      'keepers.gasCapMedianGwei = 200',
    );

    // Challenges: submit a design, see the score and the leaderboard.
    await page.getByRole('link', { name: /Challenges/ }).click();
    await page.getByRole('button', { name: /No hole at 70% LTV/ }).click();
    await page.getByLabel('Design').selectOption('maker-2020-flip');
    await page.getByRole('button', { name: 'Submit design' }).click();
    await expect(page.getByRole('status', { name: 'Score' })).toContainText('breaks a constraint', {
      timeout: 60_000,
    });
    await expect(page.getByRole('table', { name: 'Leaderboard' })).toContainText('Ada');
    await page.screenshot(shot('challenges'));
  } finally {
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a try-it can swap a whole part of the design: a circuit breaker on Black Thursday', async ({
  page,
}) => {
  await page.getByRole('link', { name: /Lessons/ }).click();
  await page.getByLabel('Your name').fill('Grace');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByRole('button', { name: 'Start lesson: Backstops and circuit breakers' }).click();
  const card = page.getByRole('region', { name: 'Lesson step' });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Next step' }).click();
  // The prediction comes first: it must be locked in before the lesson moves on.
  await card.getByLabel('10% to 25%').check();
  await card.getByRole('button', { name: 'Lock in prediction' }).click();
  await expect(card.getByRole('status')).toContainText('the engine measured');
  for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Next step' }).click();
  await expect(card.getByRole('heading', { name: 'Try it: add a circuit breaker' })).toBeVisible();
  const choice = card.getByLabel('modifiers');
  await choice.selectOption({ label: 'Pause for 1 hour' });
  await card.getByRole('button', { name: 'Run the engine' }).click();
  await expect(card.getByRole('status')).toContainText('Not yet.', { timeout: 60_000 });
  await choice.selectOption({ label: 'Pause for 6 hours' });
  await card.getByRole('button', { name: 'Run the engine' }).click();
  await expect(card.getByRole('status')).toContainText('Goal met.', { timeout: 60_000 });
  await expect(card.getByRole('status')).toContainText('modifiers: Pause for 6 hours');
});

test('an invalid lesson file shows its error, naming the field', async ({ page }) => {
  await page.getByRole('link', { name: /Lessons/ }).click();
  const bad = {
    format: 'cascade-lab.lesson',
    schemaVersion: 1,
    id: 'broken-lesson',
    version: 1,
    title: 'Broken',
    summary: 'A lesson with a bad position.',
    theory: 'None.',
    status: 'ready',
    scenarioId: 'black-thursday-2020',
    designId: 'maker-2020-flip',
    seed: 1,
    steps: [
      { id: 'a', kind: 'narration', title: 'A', at: { at: 'whenever' }, text: 'Hello.' },
      { id: 'b', kind: 'debrief', title: 'B', text: 'Bye.' },
    ],
  };
  await page.getByLabel('Import a lesson or pack file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('lesson.steps.0.at');
  await expect(alert).toContainText('Importing the file failed');
  await expect(page.getByRole('article', { name: 'Broken' })).toHaveCount(0);
});
