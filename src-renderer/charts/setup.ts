/**
 * chart.js, registered once with only the pieces the app uses, plus the replay cursor plugin (a
 * vertical line at the cursor step and shaded bands over the waves seen so far). chart.js draws on
 * canvas and sets sizes through the CSSOM, so it runs under the strict CSP.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartType, Plugin, Scale } from 'chart.js';
import type { Palette } from '../lib/palette.ts';
import { fmtClock, fmtDateTime, tickSeconds } from '../lib/format.ts';
import { LINE_BINS } from '../lib/prepared.ts';
import { decimateRange } from '../lib/series.ts';
import type { StepRange } from '../lib/zoom.ts';
import type { Transport } from '../stores/transport.svelte.ts';
import { navBusy, registerCrosshairMode, stepNavPlugin } from './step-nav.ts';
import type { StepNavOptions } from './step-nav.ts';

export interface CursorOptions {
  /** Cursor position in x-axis units (steps); null hides the line. */
  x: number | null;
  /**
   * Hide everything drawn after the cursor (datasets are clipped at it). Charts holding a whole run
   * then move the cursor with a redraw alone: no data update, no layout.
   */
  hideFuture: boolean;
  /**
   * Where hideFuture clips, in x-axis units, when not at the cursor: a bar chart of whole bins
   * clips at the start of the cursor's bin and draws that bin's part up to the cursor itself.
   */
  clipAt?: number | null;
  color: string;
  /** [from, to) x ranges to shade (waves up to the cursor), in x-axis units. */
  bands: [number, number][];
  bandColor: string;
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    cursor?: Partial<CursorOptions>;
  }
}

/** The cursor options as chart.js resolves them (deeply partial). */
type ResolvedCursor = NonNullable<NonNullable<Chart['options']['plugins']>['cursor']>;

/** Shades the waves up to the cursor (all of them when the future is shown), inside the plot. */
function drawBands(chart: Chart, opts: ResolvedCursor, cursorPx: number): void {
  const x = chart.scales['x'];
  if (!x || !opts.bands?.length) return;
  const { ctx, chartArea } = chart;
  ctx.save();
  ctx.fillStyle = opts.bandColor ?? 'rgba(255,0,0,0.08)';
  for (const band of opts.bands) {
    const start = x.getPixelForValue(band[0]!);
    if (opts.hideFuture && start > cursorPx) break;
    const end = Math.max(start + 2, x.getPixelForValue(band[1]!));
    const clipped = opts.hideFuture ? Math.min(end, Math.max(start + 2, cursorPx)) : end;
    // A zoomed axis puts bands partly outside the plot: draw only their visible part.
    const left = Math.max(chartArea.left, start);
    const right = Math.min(chartArea.right, clipped);
    if (right > left) ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
  }
  ctx.restore();
}

/** The cursor's pixel (the plot's right edge when there is no cursor). */
function cursorPixel(chart: Chart, opts: ResolvedCursor): number {
  const x = chart.scales['x']!;
  return opts.x === null || opts.x === undefined ? chart.chartArea.right : x.getPixelForValue(opts.x);
}

/**
 * Which picture a draw makes: the chart as the cursor shows it (null), or one of the two whole-run
 * snapshots a cursor move is composed from (see moveCursor): every dataset drawn ('data'), or
 * none ('empty'). Set only for the duration of a synchronous draw.
 */
let snapshotPass: 'data' | 'empty' | null = null;

const cursorPlugin: Plugin = {
  id: 'cursor',
  afterUpdate(chart) {
    // Scales, data or size may have changed: the snapshots no longer match the chart.
    forgetSnapshots(chart as Chart);
  },
  beforeDatasetsDraw(chart) {
    const opts = chart.options.plugins?.cursor;
    const x = chart.scales['x'];
    if (!opts || !x) return;
    const { ctx, chartArea } = chart;
    if (snapshotPass) {
      // Left open until afterDatasetsDraw, as below.
      ctx.save();
      if (snapshotPass === 'empty') {
        ctx.beginPath();
        ctx.rect(0, 0, 0, 0);
        ctx.clip();
      }
      return;
    }
    const cursorPx = cursorPixel(chart as Chart, opts);
    drawBands(chart as Chart, opts, cursorPx);
    // Left open until afterDatasetsDraw: every dataset is drawn inside this clip.
    ctx.save();
    if (opts.hideFuture) {
      const clipPx =
        opts.clipAt === null || opts.clipAt === undefined ? cursorPx + 1 : x.getPixelForValue(opts.clipAt);
      ctx.beginPath();
      ctx.rect(
        chartArea.left - 4,
        chartArea.top - 8,
        Math.max(0, clipPx - chartArea.left + 4),
        chartArea.bottom - chartArea.top + 16,
      );
      ctx.clip();
    }
  },
  afterDatasetsDraw(chart) {
    const opts = chart.options.plugins?.cursor;
    const x = chart.scales['x'];
    if (!opts || !x) return;
    chart.ctx.restore();
    if (!snapshotPass) drawCursorLine(chart as Chart);
  },
  afterDraw(chart) {
    // Drawn as usual (a hover, an update): ready the snapshots for the next cursor move while idle.
    if (!snapshotPass) prepareSnapshotsWhenIdle(chart as Chart);
  },
  beforeDestroy(chart) {
    forgetSnapshots(chart as Chart);
  },
};

/** Two pictures of a whole-run chart at its current size, scales and data (see moveCursor). */
interface Snapshots {
  data: HTMLCanvasElement;
  empty: HTMLCanvasElement;
}
const snapshots = new WeakMap<Chart, Snapshots>();
/** Counts each chart's updates: snapshots taken across an update are discarded. */
const generations = new WeakMap<Chart, number>();
const idleAsked = new WeakSet<Chart>();

function forgetSnapshots(chart: Chart): void {
  snapshots.delete(chart);
  generations.set(chart, (generations.get(chart) ?? 0) + 1);
}

/**
 * A chart whose cursor move can be composed from snapshots: it holds the whole run and hides the
 * future at the cursor, draws nothing of its own per step (no inline plugins), and shows no tooltip,
 * crosshair or selection (those are drawn by chart.js, so such a chart is drawn as usual).
 */
function composable(chart: Chart): boolean {
  const opts = chart.options.plugins?.cursor;
  return (
    !!opts?.hideFuture &&
    (opts.clipAt === null || opts.clipAt === undefined) &&
    !!chart.scales['x'] &&
    !!chart.ctx &&
    (chart.config.plugins?.length ?? 0) === 0 &&
    (chart.tooltip?.getActiveElements().length ?? 0) === 0 &&
    !navBusy(chart)
  );
}

/** Draws `pass` on the chart's canvas and keeps a copy. */
function takeSnapshot(chart: Chart, pass: 'data' | 'empty'): HTMLCanvasElement {
  snapshotPass = pass;
  try {
    chart.draw();
  } finally {
    snapshotPass = null;
  }
  const copy = document.createElement('canvas');
  copy.width = chart.canvas.width;
  copy.height = chart.canvas.height;
  copy.getContext('2d')!.drawImage(chart.canvas, 0, 0);
  return copy;
}

/** The chart's snapshots, taken now if missing (two draws); undefined when they cannot be. */
function snapshotsOf(chart: Chart): Snapshots | undefined {
  const have = snapshots.get(chart);
  if (have) return have;
  if (chart.canvas.width === 0 || chart.canvas.height === 0) return undefined;
  const generation = generations.get(chart) ?? 0;
  const data = takeSnapshot(chart, 'data');
  const empty = takeSnapshot(chart, 'empty');
  // A draw that resized the chart first (chart.js does so when a resize is pending) updated it.
  if ((generations.get(chart) ?? 0) !== generation) return undefined;
  const made = { data, empty };
  snapshots.set(chart, made);
  return made;
}

/**
 * The chart at its cursor, composed from its snapshots: the whole run left of the cursor, nothing
 * right of it, then the waves so far and the cursor line — the picture a draw would make, for two
 * image copies instead of every dataset's path.
 */
function compose(chart: Chart, snaps: Snapshots): void {
  const opts = chart.options.plugins!.cursor!;
  const { ctx, canvas } = chart;
  const cursorPx = cursorPixel(chart, opts);
  const w = canvas.width;
  const h = canvas.height;
  const split = Math.max(0, Math.min(w, Math.round((cursorPx + 1) * (w / chart.width))));
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (split > 0) ctx.drawImage(snaps.data, 0, 0, split, h, 0, 0, split, h);
  if (split < w) ctx.drawImage(snaps.empty, split, 0, w - split, h, split, 0, w - split, h);
  ctx.restore();
  drawBands(chart, opts, cursorPx);
  drawCursorLine(chart);
}

/** Takes a drawn chart's snapshots when the page is idle, so its first cursor move is quick too. */
function prepareSnapshotsWhenIdle(chart: Chart): void {
  if (snapshots.has(chart) || idleAsked.has(chart) || typeof requestIdleCallback === 'undefined') return;
  if (!composable(chart)) return;
  idleAsked.add(chart);
  requestIdleCallback(
    () => {
      idleAsked.delete(chart);
      if (!chart.ctx || snapshots.has(chart) || !composable(chart)) return;
      const snaps = snapshotsOf(chart);
      // Taking them drew on the canvas: put the chart back as it was.
      if (snaps) compose(chart, snaps);
      else chart.draw();
    },
    { timeout: 1000 },
  );
}

/** The dashed cursor line (a chart that draws over its datasets draws it again on top). */
export function drawCursorLine(chart: Chart): void {
  const opts = chart.options.plugins?.cursor;
  const x = chart.scales['x'];
  if (!opts || !x || opts.x === null || opts.x === undefined) return;
  const px = x.getPixelForValue(opts.x);
  const { ctx, chartArea } = chart;
  if (px < chartArea.left - 1 || px > chartArea.right + 1) return;
  ctx.save();
  ctx.strokeStyle = opts.color ?? '#000';
  ctx.lineWidth = 1;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(px, chartArea.top);
  ctx.lineTo(px, chartArea.bottom);
  ctx.stroke();
  ctx.restore();
}

/** Background colour per chart: read once (a computed-style read per frame forces a style pass). */
const backgrounds = new WeakMap<object, string>();

/** The chart background (the --chart-bg of its theme); charts are rebuilt when the theme changes. */
export function chartBackground(chart: { canvas: HTMLCanvasElement }): string {
  let color = backgrounds.get(chart);
  if (color === undefined) {
    color = getComputedStyle(chart.canvas).getPropertyValue('--chart-bg').trim();
    backgrounds.set(chart, color);
  }
  return color;
}

/** Keeps exported PNGs readable: a filled background instead of transparency. */
const backgroundPlugin: Plugin = {
  id: 'background',
  beforeDraw(chart) {
    const color = chartBackground(chart);
    if (!color) return;
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

let registered = false;

export function registerCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    BarController,
    BarElement,
    LinearScale,
    CategoryScale,
    Filler,
    Legend,
    Tooltip,
    cursorPlugin,
    backgroundPlugin,
    stepNavPlugin,
    visibilityPlugin,
  );
  registerCrosshairMode();
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.font.size = 11;
}

export { Chart };

/** Tick labels for a step axis: clock time, with the date at day boundaries (the date alone for daily ticks). */
export function stepTickFormatter(
  startSec: number,
  stepSeconds: number,
  dailyTicks = false,
): (this: Scale, value: number | string) => string {
  return function (value) {
    const sec = startSec + Number(value) * stepSeconds;
    // Daily ticks name the day even when the run does not start at midnight (a session close).
    if (dailyTicks) return fmtDateTime(sec).replace(/ 00:00$/, '');
    if (sec % 86_400 !== 0) return fmtClock(sec);
    return fmtDateTime(sec);
  };
}

type RunClock = { startSec: number; stepSeconds: number; steps: number };

/** The step range an x axis shows and its tick spacing: round clock times for that stretch. */
function axisRange(run: RunClock, range: StepRange | null) {
  const min = range ? range.min : 0;
  const max = range ? range.max : Math.max(1, run.steps - 1);
  const every = tickSeconds((max - min + 1) * run.stepSeconds);
  return { min, max, every, stepSize: Math.max(1, Math.round(every / run.stepSeconds)) };
}

/**
 * A linear x axis in steps covering the whole run (or the zoomed `range`), with clock-time ticks
 * at round times.
 */
export function stepAxis(run: RunClock, palette: Palette, range: StepRange | null = null) {
  const a = axisRange(run, range);
  return {
    type: 'linear' as const,
    min: a.min,
    max: a.max,
    grid: { color: palette.grid },
    ticks: {
      color: palette.muted,
      stepSize: a.stepSize,
      maxRotation: 0,
      autoSkip: true,
      callback: stepTickFormatter(run.startSec, run.stepSeconds, a.every >= 86_400),
    },
  };
}

/** Tooltips on step charts list every series at the pointer's time (see step-nav.ts). */
export const STEP_INTERACTION = { mode: 'crosshair' as const, intersect: false };

/** Pointer navigation for a step chart in a view with a transport (none without one). */
export function navFor(t: Transport | null, steps: number, palette: Palette): StepNavOptions | false {
  if (!t) return false;
  return {
    steps,
    seek: (step) => {
      t.pause();
      t.seek(step);
    },
    range: () => t.zoom,
    setRange: (r) => t.setZoom(r),
    color: palette.text,
    brushColor: palette.waveBand.replace(/[\d.]+\)$/, '0.18)'),
  };
}

/** A line dataset's full series, kept on the dataset so a zoom can draw its detail. */
export interface SeriesDataset {
  values?: ArrayLike<number>;
}

/** The points a line draws for `values` over `range` (null: the whole run). */
export function lineData(values: ArrayLike<number>, range: StepRange | null) {
  return decimateRange(values, range, LINE_BINS);
}

const shownRange = new WeakMap<Chart, StepRange | null>();

/**
 * Shows `range` (null: the whole run) on a step chart: the x axis, and every line dataset that
 * carries its `values` drawn again at the detail of that range. No-op when already shown.
 */
export function zoomTo(chart: Chart, run: RunClock, range: StepRange | null): void {
  const shown = shownRange.has(chart) ? shownRange.get(chart)! : null;
  if (shown?.min === range?.min && shown?.max === range?.max) return;
  shownRange.set(chart, range);
  const a = axisRange(run, range);
  const x = chart.options.scales!['x']!;
  x.min = a.min;
  x.max = a.max;
  const ticks = x.ticks as { stepSize?: number; callback?: unknown };
  ticks.stepSize = a.stepSize;
  ticks.callback = stepTickFormatter(run.startSec, run.stepSeconds, a.every >= 86_400);
  for (const ds of chart.data.datasets as (SeriesDataset & { data: unknown })[]) {
    if (ds.values) ds.data = lineData(ds.values, range);
  }
  chart.update('none');
}

export function legendOptions(palette: Palette) {
  return {
    position: 'top' as const,
    align: 'start' as const,
    labels: { color: palette.text, boxWidth: 12, boxHeight: 2, padding: 8 },
  };
}

/** Hides tooltip items after the cursor on charts that hold the whole run (hideFuture). */
export function beforeCursor(item: { chart: Chart; parsed: { x: number | null } }): boolean {
  const cursor = item.chart.options.plugins?.cursor;
  return (
    !cursor?.hideFuture || cursor.x === null || cursor.x === undefined || (item.parsed.x ?? 0) <= cursor.x
  );
}

/**
 * Moves the cursor of a chart that holds the whole run: no data update or layout. A chart on
 * screen whose picture can be composed from its two whole-run snapshots (the run drawn, and
 * nothing drawn) is composed at once — two image copies, so the step is on the very next frame.
 * Any other chart is redrawn, coalesced to one draw per animation frame, so holding a key down
 * never queues work.
 */
export function moveCursor(chart: Chart, x: number): void {
  chart.options.plugins!.cursor!.x = x;
  if (onScreen.get(chart) !== false && composable(chart)) {
    const snaps = snapshotsOf(chart);
    if (snaps) {
      // A redraw asked for earlier would draw this same picture again.
      pending.delete(chart);
      compose(chart, snaps);
      return;
    }
  }
  onNextFrame(chart, () => chart.draw());
}

/** The latest redraw asked for each chart, not yet run. */
const pending = new Map<Chart, () => void>();
/** Charts with an animation frame already asked for. */
const scheduled = new Set<Chart>();
/** Whether each chart's canvas is on screen (unknown until the observer first reports: drawn). */
const onScreen = new WeakMap<Chart, boolean>();
const chartOf = new WeakMap<Element, Chart>();
let observer: IntersectionObserver | null = null;

/**
 * Runs `work` for `chart` on the next animation frame; a later call before then replaces it. A
 * chart scrolled out of sight keeps only its latest work and runs it when it comes back into view:
 * a step repaints what the user can see, not the charts below the fold.
 */
export function onNextFrame(chart: Chart, work: () => void): void {
  pending.set(chart, work);
  if (scheduled.has(chart) || onScreen.get(chart) === false) return;
  schedule(chart);
}

function schedule(chart: Chart): void {
  scheduled.add(chart);
  requestAnimationFrame(() => {
    scheduled.delete(chart);
    const latest = pending.get(chart);
    pending.delete(chart);
    // A chart destroyed meanwhile has no canvas context left.
    if (latest && chart.ctx) latest();
  });
}

function watchVisibility(chart: Chart): void {
  if (typeof IntersectionObserver === 'undefined') return;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        const c = chartOf.get(e.target);
        if (!c) continue;
        onScreen.set(c, e.isIntersecting);
        if (e.isIntersecting && pending.has(c) && !scheduled.has(c)) schedule(c);
      }
    },
    // Charts just below the fold are kept drawn, so scrolling shows them up to date.
    { rootMargin: '160px 0px' },
  );
  chartOf.set(chart.canvas, chart);
  observer.observe(chart.canvas);
}

/** Tracks which charts are on screen (see onNextFrame). */
const visibilityPlugin: Plugin = {
  id: 'visibility',
  afterInit(chart) {
    watchVisibility(chart as Chart);
  },
  beforeDestroy(chart) {
    observer?.unobserve(chart.canvas);
    pending.delete(chart as Chart);
  },
};

/**
 * Sets the bars of a bar dataset in place, on a y scale that does not move (fixed min and max):
 * no chart update, no layout — a step is then one draw. Answers false when the bars cannot be set
 * in place (the chart must be updated instead).
 */
export function setBarsInPlace(chart: Chart, datasetIndex: number, values: readonly number[]): boolean {
  const meta = chart.getDatasetMeta(datasetIndex);
  const scale = chart.scales[meta.yAxisID ?? 'y'];
  const data = chart.data.datasets[datasetIndex]?.data as number[] | undefined;
  if (!scale || !data || meta.data.length !== values.length) return false;
  const base = scale.getPixelForValue(0);
  const parsed = (meta as unknown as { _parsed: { y: number }[] })._parsed;
  values.forEach((v, i) => {
    data[i] = v;
    if (parsed[i]) parsed[i]!.y = v;
    const bar = meta.data[i] as unknown as { y: number; base: number };
    bar.y = scale.getPixelForValue(v);
    bar.base = base;
  });
  return true;
}

/** Shared options: no animation (the cursor drives redraws), no per-frame parsing. */
export const BASE_OPTIONS = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false as const,
  normalized: true,
  interaction: { mode: 'nearest' as const, axis: 'x' as const, intersect: false },
};

// Every chart takes Chart from here, so importing it registers what they use: chart.js loads with
// the first view that draws one, not before the first paint. (Last: the plugins above must exist.)
registerCharts();
