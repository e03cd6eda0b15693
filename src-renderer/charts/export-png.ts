/**
 * A chart as a PNG to keep or share: drawn again at `scale` × its on-screen size (2× by default, so
 * it stays sharp on a slide or in a report), with its title, what was run and the data's source
 * written on the image itself.
 */
import type { Chart } from 'chart.js';
import type { ChartCaption } from '../lib/chart-caption.ts';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Splits `text` into lines no wider than `width` at the context's current font. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** Re-renders the chart at `scale` device pixels per CSS pixel, copies it, and puts it back. */
function renderScaled(chart: Chart, scale: number): HTMLCanvasElement {
  const before = chart.options.devicePixelRatio;
  chart.options.devicePixelRatio = scale;
  chart.resize();
  const copy = document.createElement('canvas');
  copy.width = chart.canvas.width;
  copy.height = chart.canvas.height;
  copy.getContext('2d')!.drawImage(chart.canvas, 0, 0);
  chart.options.devicePixelRatio = before;
  chart.resize();
  return copy;
}

export interface PngColors {
  background: string;
  text: string;
  muted: string;
}

/** The chart with its heading and caption, as a PNG data URL. */
export function chartPng(chart: Chart, caption: ChartCaption, colors: PngColors, scale = 2): string {
  const image = renderScaled(chart, scale);
  const width = image.width;
  const pad = 14 * scale;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d')!;
  const titleFont = `600 ${15 * scale}px ${FONT}`;
  const subFont = `${12 * scale}px ${FONT}`;
  const capFont = `${11 * scale}px ${FONT}`;
  ctx.font = subFont;
  const sub = wrap(ctx, caption.subtitle, width - 2 * pad);
  ctx.font = capFont;
  const cap = caption.lines.flatMap((l) => wrap(ctx, l, width - 2 * pad));
  const titleH = 20 * scale;
  const subH = 16 * scale;
  const capH = 15 * scale;
  const headH = pad + titleH + sub.length * subH + 6 * scale;
  out.width = width;
  out.height = headH + image.height + 8 * scale + cap.length * capH + pad;

  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.textBaseline = 'top';
  ctx.fillStyle = colors.text;
  ctx.font = titleFont;
  ctx.fillText(caption.title, pad, pad);
  ctx.font = subFont;
  ctx.fillStyle = colors.muted;
  sub.forEach((l, i) => ctx.fillText(l, pad, pad + titleH + i * subH));
  ctx.drawImage(image, 0, headH);
  ctx.font = capFont;
  cap.forEach((l, i) => ctx.fillText(l, pad, headH + image.height + 8 * scale + i * capH));
  return out.toDataURL('image/png');
}
