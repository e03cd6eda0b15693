/**
 * Navigating a step-axis chart with the pointer, and reading it:
 *   - click: moves the replay cursor to that step;
 *   - drag: zooms into the dragged stretch (every chart of the view follows); once zoomed, a drag
 *     pans; Shift + drag always selects a stretch;
 *   - Ctrl/⌘ + wheel (or a pinch): zooms around the pointer; double-click: the whole run again;
 *   - hover: a crosshair, and a tooltip with every series at that time (the `crosshair` mode).
 * The zoom itself lives in the view's transport (lib/zoom.ts); this plugin only turns pointer
 * gestures into seek and zoom requests, and draws the crosshair and the stretch being selected.
 */
import { Interaction } from 'chart.js';
import type { Chart, ChartType, InteractionItem, InteractionModeFunction, Plugin } from 'chart.js';
import { panBy, zoomAround } from '../lib/zoom.ts';
import type { StepRange } from '../lib/zoom.ts';

export interface StepNavOptions {
  /** Steps in the run (the x axis is 0 … steps − 1). */
  steps: number;
  /** Moves the replay cursor. */
  seek: (step: number) => void;
  /** The view's zoom, and how to change it. */
  range: () => StepRange | null;
  setRange: (range: StepRange | null) => void;
  /** Crosshair colour; brush fill. */
  color: string;
  brushColor: string;
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    stepNav?: StepNavOptions | false;
  }
  interface InteractionModeMap {
    crosshair: InteractionModeFunction;
  }
}

/** Pixels a press may move and still count as a click. */
const CLICK_SLOP_PX = 4;

/** Per-chart gesture state. */
interface NavState {
  down: { x: number; range: StepRange | null; brush: boolean; moved: boolean } | null;
  /** The stretch being selected, in pixels. */
  brush: [number, number] | null;
  /** Where the pointer hovers (pixels), for the crosshair; null when outside the plot. */
  hoverX: number | null;
  detach: () => void;
}

const states = new WeakMap<Chart, NavState>();

/** True while a gesture draws on the chart (a press, a stretch being selected, a hover crosshair). */
export function navBusy(chart: Chart): boolean {
  const s = states.get(chart);
  return !!s && (s.down !== null || s.brush !== null || s.hoverX !== null);
}

/**
 * The options as the chart was given them. Read from the raw config: `chart.options` resolves
 * every function in it as a scriptable option (it would CALL `seek` and `range`).
 */
function navOptions(chart: Chart): StepNavOptions | null {
  const raw = chart.config.options as { plugins?: { stepNav?: StepNavOptions | false } } | undefined;
  const o = raw?.plugins?.stepNav;
  return o ? o : null;
}

function stepAtPixel(chart: Chart, px: number): number {
  const x = chart.scales['x']!;
  return x.getValueForPixel(px) ?? 0;
}

function insidePlot(chart: Chart, x: number, y: number): boolean {
  const a = chart.chartArea;
  return x >= a.left && x <= a.right && y >= a.top && y <= a.bottom;
}

function attach(chart: Chart): NavState {
  const canvas = chart.canvas;
  const state: NavState = { down: null, brush: null, hoverX: null, detach: () => {} };
  const local = (e: MouseEvent): { x: number; y: number } => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onDown = (e: PointerEvent): void => {
    const nav = navOptions(chart);
    const p = local(e);
    if (!nav || e.button !== 0 || !insidePlot(chart, p.x, p.y)) return;
    const range = nav.range();
    state.down = { x: p.x, range, brush: e.shiftKey || range === null, moved: false };
    canvas.setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent): void => {
    const nav = navOptions(chart);
    const d = state.down;
    if (!nav || !d) return;
    const p = local(e);
    if (!d.moved && Math.abs(p.x - d.x) <= CLICK_SLOP_PX) return;
    d.moved = true;
    const a = chart.chartArea;
    const x = Math.min(a.right, Math.max(a.left, p.x));
    if (d.brush) {
      state.brush = [d.x, x];
      chart.draw();
      return;
    }
    // Pan: the stretch under the pointer stays under it.
    const span = d.range ? d.range.max - d.range.min : nav.steps - 1;
    const stepsPerPx = span / Math.max(1, a.right - a.left);
    nav.setRange(panBy(d.range, nav.steps, -(p.x - d.x) * stepsPerPx));
  };
  const onUp = (e: PointerEvent): void => {
    const nav = navOptions(chart);
    const d = state.down;
    state.down = null;
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    if (!nav || !d) return;
    if (!d.moved) {
      nav.seek(Math.round(stepAtPixel(chart, d.x)));
      return;
    }
    if (d.brush && state.brush) {
      const [a, b] = state.brush;
      state.brush = null;
      const from = stepAtPixel(chart, Math.min(a, b));
      const to = stepAtPixel(chart, Math.max(a, b));
      if (to - from >= 1) nav.setRange({ min: from, max: to });
      else chart.draw();
    }
  };
  const onWheel = (e: WheelEvent): void => {
    const nav = navOptions(chart);
    // A plain wheel scrolls the page; Ctrl/⌘ (and a trackpad pinch, which sets ctrlKey) zooms.
    if (!nav || !(e.ctrlKey || e.metaKey)) return;
    const p = local(e);
    if (!insidePlot(chart, p.x, p.y)) return;
    e.preventDefault();
    const factor = Math.exp(Math.max(-1, Math.min(1, e.deltaY / 300)));
    nav.setRange(zoomAround(nav.range(), nav.steps, factor, stepAtPixel(chart, p.x)));
  };
  const onDouble = (e: MouseEvent): void => {
    const nav = navOptions(chart);
    const p = local(e);
    if (nav && insidePlot(chart, p.x, p.y)) nav.setRange(null);
  };

  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointercancel', onUp);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('dblclick', onDouble);
  state.detach = () => {
    canvas.removeEventListener('pointerdown', onDown);
    canvas.removeEventListener('pointermove', onMove);
    canvas.removeEventListener('pointerup', onUp);
    canvas.removeEventListener('pointercancel', onUp);
    canvas.removeEventListener('wheel', onWheel);
    canvas.removeEventListener('dblclick', onDouble);
  };
  return state;
}

export const stepNavPlugin: Plugin = {
  id: 'stepNav',
  afterInit(chart) {
    if (navOptions(chart)) states.set(chart, attach(chart));
  },
  afterEvent(chart, args) {
    const state = states.get(chart);
    if (!state) return;
    const e = args.event;
    const next =
      e.type === 'mouseout' || e.x === null || e.y === null || !insidePlot(chart, e.x, e.y) ? null : e.x;
    if (next !== state.hoverX) {
      state.hoverX = next;
      args.changed = true;
    }
  },
  afterDraw(chart) {
    const state = states.get(chart);
    const nav = navOptions(chart);
    if (!state || !nav) return;
    const { ctx, chartArea: a } = chart;
    if (state.brush) {
      const [x0, x1] = state.brush;
      ctx.save();
      ctx.fillStyle = nav.brushColor;
      ctx.fillRect(Math.min(x0, x1), a.top, Math.abs(x1 - x0), a.bottom - a.top);
      ctx.restore();
    }
    if (state.hoverX !== null && !state.down && (chart.tooltip?.getActiveElements().length ?? 0) > 0) {
      ctx.save();
      ctx.strokeStyle = nav.color;
      ctx.globalAlpha = 0.45;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(Math.round(state.hoverX) + 0.5, a.top);
      ctx.lineTo(Math.round(state.hoverX) + 0.5, a.bottom);
      ctx.stroke();
      ctx.restore();
    }
  },
  beforeDestroy(chart) {
    states.get(chart)?.detach();
    states.delete(chart);
  },
};

/**
 * Tooltip mode: for every visible series, its point nearest the pointer in x (so the tooltip lists
 * every series at that time). A series of sparse markers (`crosshairNear` on its dataset) joins
 * only when one of its markers is within a few pixels.
 */
export const crosshairMode: InteractionModeFunction = (chart, e) => {
  const items: InteractionItem[] = [];
  const a = chart.chartArea;
  if (e.x === null || e.x < a.left - 2 || e.x > a.right + 2) return items;
  const x = e.x;
  for (const meta of chart.getSortedVisibleDatasetMetas()) {
    const els = meta.data;
    if (els.length === 0) continue;
    let lo = 0;
    let hi = els.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (els[mid]!.x < x) lo = mid + 1;
      else hi = mid;
    }
    const best = lo > 0 && Math.abs(els[lo - 1]!.x - x) <= Math.abs(els[lo]!.x - x) ? lo - 1 : lo;
    const el = els[best]! as (typeof els)[number] & { skip?: boolean };
    const near = (chart.data.datasets[meta.index] as { crosshairNear?: boolean }).crosshairNear;
    if (el.skip || (near && Math.abs(el.x - x) > 8)) continue;
    items.push({ element: el, datasetIndex: meta.index, index: best });
  }
  return items;
};

let registered = false;

/** Adds the crosshair mode to chart.js (once). */
export function registerCrosshairMode(): void {
  if (registered) return;
  registered = true;
  (Interaction.modes as unknown as Record<string, InteractionModeFunction>)['crosshair'] = crosshairMode;
}
