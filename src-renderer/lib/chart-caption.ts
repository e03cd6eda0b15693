/**
 * What an exported chart says about itself: what it shows (title), what was run (scenario, design,
 * seed, population, engine, the time shown) and where the data comes from (the scenario's original
 * sources, or its own words when a series is assumed). Generated from the run that was drawn.
 */
import type { RunView } from './contract.ts';
import { fmtCount, fmtDateTime, shortName, stepTimeSec } from './format.ts';
import type { StepRange } from './zoom.ts';

export interface ChartCaption {
  title: string;
  /** Scenario · design(s) · seed · accounts · time shown. */
  subtitle: string;
  /** Source lines, each a sentence. */
  lines: string[];
}

export interface CaptionInput {
  title: string;
  runs: readonly RunView[];
  scenarioTitle: string;
  /** Which input series the chart draws (its source is cited). */
  source: 'price' | 'gas';
  /** The replay cursor (charts show what happened up to it), and the zoomed stretch if any. */
  cursor: number | null;
  range: StepRange | null;
}

export function chartCaption(c: CaptionInput): ChartCaption {
  const first = c.runs[0];
  if (!first) return { title: c.title, subtitle: c.scenarioTitle, lines: [] };
  const designs =
    c.runs.length === 1 ? first.designName : c.runs.map((r) => shortName(r.designName)).join(' vs ');
  const at = (step: number): string => `${fmtDateTime(stepTimeSec(first, step))} UTC`;
  const when = [
    c.range ? `${at(Math.round(c.range.min))} – ${at(Math.round(c.range.max))}` : null,
    c.cursor !== null ? `cursor at ${at(c.cursor)}` : null,
  ].filter((x): x is string => x !== null);
  const subtitle = [
    c.scenarioTitle,
    designs,
    `seed ${first.seed}`,
    `${fmtCount(first.accounts)} accounts`,
    ...when,
  ].join(' · ');
  const data = c.source === 'gas' ? first.sources.gas : first.sources.price;
  return {
    title: c.title,
    subtitle,
    lines: [
      `Data: ${data}.`.replace(/\.\.$/, '.'),
      `Simulated by Cascade Lab (engine ${first.engineVersion}) on the path calibrated to the observed one under ${first.calibration.historicalDesign}; design hash ${first.designHash}.`,
    ],
  };
}
