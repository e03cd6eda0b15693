/**
 * Reading the replay's charts: click to move the cursor, drag or Ctrl+wheel to zoom (the view's
 * time-axis charts zoom together), drag again to pan, double-click for the whole run; PNG export at
 * twice the on-screen size with a title and a caption.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, ARTIFACTS_DIR } from './support/host.ts';
import { cursor, focusPage, openBlackThursdayReplay } from './helpers.ts';

const price = (page: Page) => page.getByRole('region', { name: 'Price and oracle' });
const stepOf = async (page: Page): Promise<number> =>
  Number(/step (\d+) \//.exec(await cursor(page).innerText())![1]);

async function plotBox(frame: Locator) {
  const box = (await frame.locator('canvas').boundingBox())!;
  return box;
}

test('click to seek, drag and Ctrl+wheel to zoom all time charts together, pan, reset', async ({ page }) => {
  await openBlackThursdayReplay(page);
  const frame = price(page);
  const box = await plotBox(frame);
  // Click in the middle of the plot: the cursor moves to about the middle of the run.
  await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.6);
  const mid = await stepOf(page);
  expect(mid).toBeGreaterThan(1000);
  expect(mid).toBeLessThan(2000);

  // Drag across a stretch: every zoomable chart of the view shows that stretch.
  const wholeRun = page.getByRole('button', { name: 'Show the whole run' });
  await expect(wholeRun).toHaveCount(0);
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.6, { steps: 5 });
  await page.mouse.up();
  // Price, flows and bad-debt charts (and any other time chart) offer the way back.
  expect(await wholeRun.count()).toBeGreaterThanOrEqual(3);
  // Dragging was not a click: the cursor did not move.
  expect(await stepOf(page)).toBe(mid);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'view-replay-zoomed.png'), fullPage: true });

  // Once zoomed, a click still seeks, inside the zoomed stretch.
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.6);
  const inside = await stepOf(page);
  expect(inside).not.toBe(mid);

  // Double-click: the whole run again.
  await page.mouse.dblclick(box.x + box.width * 0.5, box.y + box.height * 0.6);
  await expect(wholeRun).toHaveCount(0);

  // Ctrl+wheel zooms around the pointer; the buttons zoom around the cursor.
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -400);
  await page.keyboard.up('Control');
  await expect(wholeRun.first()).toBeVisible();
  await wholeRun.first().click();
  await expect(wholeRun).toHaveCount(0);
  await frame.getByRole('button', { name: 'Zoom in' }).click();
  await expect(wholeRun.first()).toBeVisible();
  await frame.getByRole('button', { name: 'Zoom out' }).click();
  await expect(wholeRun).toHaveCount(0);

  // Hovering shows the crosshair and the tooltip (drawn on the canvas: look at the screenshot).
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.waitForTimeout(200);
  await frame.screenshot({ path: path.join(ARTIFACTS_DIR, 'chart-price-crosshair.png') });
});

test('a chart exports as a PNG at twice its size, with a title and a caption', async ({ page }) => {
  await openBlackThursdayReplay(page);
  // At the end of the run, so the image shows the whole crash.
  await focusPage(page);
  await page.keyboard.press('End');
  await expect(cursor(page)).toContainText('step 2881 /');
  const frame = price(page);
  const canvas = frame.locator('canvas');
  const size = await canvas.evaluate((c) => ({ w: c.clientWidth, h: c.clientHeight, pixels: c.width }));
  const downloading = page.waitForEvent('download');
  await frame.getByRole('button', { name: 'Export Price and oracle chart as PNG' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('price-and-oracle-black-thursday-2020-seed1.png');
  const png = await readFile((await file.path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  // Twice the on-screen width (± a device pixel of rounding).
  expect(Math.abs(width - 2 * size.w)).toBeLessThanOrEqual(2);
  // Title and subtitle above, source lines below.
  expect(height).toBeGreaterThan(2 * size.h + 80);
  await import('node:fs/promises').then((fs) =>
    fs.writeFile(path.join(ARTIFACTS_DIR, 'chart-export-price.png'), png),
  );
  // The on-screen chart is back at its own size.
  expect(await canvas.evaluate((c) => c.width)).toBe(size.pixels);
});

test('Replay shows gas against the keepers where the scenario’s gas moves, and not where it is flat', async ({
  page,
}) => {
  await openBlackThursdayReplay(page);
  const gas = page.getByRole('region', { name: 'Gas and keepers' });
  await expect(gas).toBeVisible();
  await expect(gas).toContainText('median gas cap');
  await expect(gas).toContainText('oracle’s feeds could not post');
  await focusPage(page);
  await page.keyboard.press('End');
  await gas.scrollIntoViewIfNeeded();
  await gas.screenshot({ path: path.join(ARTIFACTS_DIR, 'chart-gas-keepers.png') });

  // FTX (a flat, assumed gas level): no gas chart.
  await page
    .getByLabel('Scenario', { exact: true })
    .selectOption({ label: 'FTX collapse — BTC-collateral loans, 5–15 November 2022' });
  await page.getByRole('button', { name: 'Run replay' }).click();
  await expect(cursor(page)).toContainText('Nov', { timeout: 60_000 });
  await expect(gas).toHaveCount(0);
});

/**
 * Keeps the canvas's pixels in the page under `name`; with `against`, answers the share of pixels
 * that differ visibly from that earlier picture (compared in the page: the arrays are large).
 */
async function picture(frame: Locator, name: string, against?: string): Promise<number> {
  return frame.locator('canvas').evaluate(
    (el, [name, against]) => {
      // The e2e tsconfig has no DOM types: the canvas API this needs, structurally.
      const c = el as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): {
          getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
        };
      };
      const kept = ((
        globalThis as unknown as { __pictures?: Record<string, Uint8ClampedArray> }
      ).__pictures ??= {});
      const now = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      kept[name!] = now;
      const before = against ? kept[against] : undefined;
      if (!before) return 0;
      if (before.length !== now.length) return 1;
      let n = 0;
      for (let i = 0; i < now.length; i += 4) {
        const d =
          Math.abs(now[i]! - before[i]!) +
          Math.abs(now[i + 1]! - before[i + 1]!) +
          Math.abs(now[i + 2]! - before[i + 2]!);
        if (d > 60) n++;
      }
      return n / (now.length / 4);
    },
    [name, against] as const,
  );
}

test('a step moves the price chart’s cursor to the same picture a full redraw makes, the future hidden', async ({
  page,
}) => {
  await openBlackThursdayReplay(page);
  await focusPage(page);
  for (let i = 0; i < 3; i++) await page.keyboard.press(']');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  const frame = price(page);
  await page.waitForTimeout(300);
  // Moved by the step (composed from the chart's snapshots when it can be).
  await picture(frame, 'stepped');
  // Hovering, then leaving: chart.js draws the chart again in full at the same cursor.
  const box = await plotBox(frame);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.waitForTimeout(200);
  await page.mouse.move(box.x + box.width * 0.5, box.y - 150);
  await page.waitForTimeout(300);
  expect(await picture(frame, 'redrawn', 'stepped')).toBeLessThan(0.002);
  // The whole run draws visibly more: what lies after the cursor was hidden.
  await page.keyboard.press('End');
  await expect(cursor(page)).toContainText('step 2881 /');
  await page.waitForTimeout(300);
  expect(await picture(frame, 'end', 'stepped')).toBeGreaterThan(0.01);
});
