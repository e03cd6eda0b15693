/**
 * What a lesson or challenge measures in a finished run: reporter functions over the engine's
 * report (waves, summary, per-step flows), never numbers typed into a lesson. Pure.
 */
import { z } from 'zod';
import { lazySchema } from '../engine/lazy-schema.ts';
import type { Wave } from '../engine/report.ts';

/** The part of a finished run the measures read: both the engine's ReplayResult and RunView fit. */
export interface MeasurableRun {
  steps: number;
  waves: readonly Wave[];
  summary: Readonly<Record<string, unknown>>;
  series: {
    price: ArrayLike<number>;
    oracle: ArrayLike<number>;
    flows: { liquidation: ArrayLike<number>; auction: ArrayLike<number>; deleverage: ArrayLike<number> };
  };
}

export const WAVE_METRICS = {
  /** Collateral sold onto the market during the wave (liquidation sales, auction winners' sales, deleveraging), asset units. */
  'units-sold': { unit: 'asset', label: 'collateral sold onto the market' },
  /** Market value of the collateral sent to liquidation during the wave, USD. */
  'collateral-liquidated-usd': { unit: 'usd', label: 'collateral sent to liquidation' },
  accounts: { unit: 'count', label: 'accounts liquidated' },
  liquidations: { unit: 'count', label: 'liquidations' },
  'bad-debt-usd': { unit: 'usd', label: 'bad debt' },
  /** Share of the price drop the wave's own selling caused (engine's endogenous share). */
  'endogenous-share': { unit: 'fraction', label: 'endogenous share of the drop' },
  /** Fall of the reference price from the step before the wave to the wave's low (fraction). */
  'price-drop': { unit: 'fraction', label: 'price fall' },
  /** Oracle price / market price − 1 at the wave's first step (positive: the oracle shows more). */
  'oracle-gap': { unit: 'fraction', label: 'oracle above the market' },
} as const;

export const RUN_METRICS = {
  'bad-debt-usd': { unit: 'usd', label: 'bad debt' },
  'bad-debt-pct-of-debt': { unit: 'percent', label: 'bad debt as a share of debt' },
  'zero-bid-share': { unit: 'fraction', label: 'share of auctions won at a zero bid' },
  'zero-bid-auctions': { unit: 'count', label: 'zero-bid auctions' },
  'accounts-liquidated': { unit: 'count', label: 'accounts liquidated' },
  'liquidated-usd': { unit: 'usd', label: 'collateral liquidated' },
  amplification: { unit: 'ratio', label: 'amplification of the fall' },
  'wave-count': { unit: 'count', label: 'waves' },
  'largest-wave-usd': { unit: 'usd', label: 'largest wave (collateral sent to liquidation)' },
  'largest-wave-units': { unit: 'asset', label: 'largest wave (collateral sold)' },
} as const;

export type WaveMetric = keyof typeof WAVE_METRICS;
export type RunMetric = keyof typeof RUN_METRICS;
export type MeasureUnit = (typeof WAVE_METRICS)[WaveMetric]['unit'] | (typeof RUN_METRICS)[RunMetric]['unit'];

const waveMetric = lazySchema(() => z.enum(Object.keys(WAVE_METRICS) as [WaveMetric, ...WaveMetric[]]));
const runMetric = lazySchema(() => z.enum(Object.keys(RUN_METRICS) as [RunMetric, ...RunMetric[]]));

export const MeasureSchema = lazySchema(() =>
  z.discriminatedUnion('of', [
    /** The first wave that starts after the lesson's current position. */
    z.strictObject({ of: z.literal('next-wave'), metric: waveMetric }),
    /** Wave number n (1-based) of the run. */
    z.strictObject({ of: z.literal('wave'), wave: z.number().int().min(1).max(1000), metric: waveMetric }),
    z.strictObject({ of: z.literal('largest-wave'), metric: waveMetric }),
    z.strictObject({ of: z.literal('run'), metric: runMetric }),
  ]),
);
export type Measure = z.infer<typeof MeasureSchema>;

export function measureUnit(m: Measure): MeasureUnit {
  return m.of === 'run' ? RUN_METRICS[m.metric].unit : WAVE_METRICS[m.metric].unit;
}

export function measureLabel(m: Measure): string {
  if (m.of === 'run') return RUN_METRICS[m.metric].label;
  const what = WAVE_METRICS[m.metric].label;
  if (m.of === 'wave') return `${what} in wave ${m.wave}`;
  if (m.of === 'largest-wave') return `${what} in the largest wave`;
  return `${what} in the next wave`;
}

function summaryNumber(run: MeasurableRun, key: string): number {
  const v = run.summary[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new Error(`the run's summary has no number "${key}"`);
  return v;
}

function unitsSold(run: MeasurableRun, w: Wave): number {
  const f = run.series.flows;
  let units = 0;
  for (let t = w.startStep; t <= w.endStep; t++) {
    const p = run.series.price[t]!;
    if (p > 0) units += (f.liquidation[t]! + f.auction[t]! + f.deleverage[t]!) / p;
  }
  return units;
}

function waveValue(run: MeasurableRun, w: Wave, metric: WaveMetric): number {
  switch (metric) {
    case 'units-sold':
      return unitsSold(run, w);
    case 'collateral-liquidated-usd':
      return w.collateralSoldUsd;
    case 'accounts':
      return w.accounts;
    case 'liquidations':
      return w.liquidations;
    case 'bad-debt-usd':
      return w.badDebtUsd;
    case 'endogenous-share':
      return w.endogenousShare;
    case 'oracle-gap': {
      const p = run.series.price[w.startStep]!;
      return p > 0 ? run.series.oracle[w.startStep]! / p - 1 : 0;
    }
    case 'price-drop': {
      const before = run.series.price[Math.max(0, w.startStep - 1)]!;
      let low = before;
      for (let t = w.startStep; t <= w.endStep; t++) low = Math.min(low, run.series.price[t]!);
      return before > 0 ? 1 - low / before : 0;
    }
  }
}

/** The largest wave by collateral sent to liquidation (ties: the earlier). */
export function largestWave(run: MeasurableRun): Wave | null {
  let best: Wave | null = null;
  for (const w of run.waves) if (!best || w.collateralSoldUsd > best.collateralSoldUsd) best = w;
  return best;
}

/** The first wave starting strictly after `step`. */
export function nextWaveAfter(run: MeasurableRun, step: number): Wave | null {
  return run.waves.find((w) => w.startStep > step) ?? null;
}

/** Which wave a measure reads (null for run-wide measures, or when no such wave exists). */
export function measuredWave(run: MeasurableRun, m: Measure, atStep: number): Wave | null {
  if (m.of === 'run') return null;
  if (m.of === 'wave') return run.waves[m.wave - 1] ?? null;
  if (m.of === 'largest-wave') return largestWave(run);
  return nextWaveAfter(run, atStep);
}

/**
 * Measures a finished run. `atStep` is the lesson's position (for `next-wave`). Answers null when the
 * wave it asks about does not exist in this run.
 */
export function measure(run: MeasurableRun, m: Measure, atStep = 0): number | null {
  if (m.of !== 'run') {
    const w = measuredWave(run, m, atStep);
    return w ? waveValue(run, w, m.metric) : null;
  }
  switch (m.metric) {
    case 'bad-debt-usd':
      return summaryNumber(run, 'badDebtUsd');
    case 'bad-debt-pct-of-debt':
      return summaryNumber(run, 'badDebtPctOfDebt');
    case 'zero-bid-share':
      return summaryNumber(run, 'zeroBidShare');
    case 'zero-bid-auctions':
      return summaryNumber(run, 'zeroBidAuctions');
    case 'accounts-liquidated':
      return summaryNumber(run, 'accountsLiquidated');
    case 'liquidated-usd':
      return summaryNumber(run, 'liquidatedUsd');
    case 'amplification':
      return summaryNumber(run, 'amplification');
    case 'wave-count':
      return run.waves.length;
    case 'largest-wave-usd':
      return largestWave(run)?.collateralSoldUsd ?? 0;
    case 'largest-wave-units': {
      const w = largestWave(run);
      return w ? unitsSold(run, w) : 0;
    }
  }
}

/** A measured value for people: "1,234 ETH", "$5.7 M", "36%", "12". */
export function formatMeasured(value: number, unit: MeasureUnit, asset = 'units'): string {
  switch (unit) {
    case 'asset':
      return `${Math.round(value).toLocaleString('en-US')} ${asset}`;
    case 'usd':
      return formatUsd(value);
    case 'fraction':
      return `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`;
    case 'percent':
      return `${value.toFixed(value < 1 ? 2 : 1)}%`;
    case 'ratio':
      // Amplifications sit near 1: two decimals would show 1.04× for both sides of a 0.998× goal.
      return `${value.toFixed(Math.abs(value - 1) < 0.1 ? 4 : 2)}×`;
    case 'count':
      return Math.round(value).toLocaleString('en-US');
  }
}

export function formatUsd(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `$${(v / 1e9).toFixed(2)} B`;
  if (a >= 1e6) return `$${(v / 1e6).toFixed(2)} M`;
  if (a >= 1e3) return `$${(v / 1e3).toFixed(1)} k`;
  return `$${v.toFixed(0)}`;
}

/** The engine's replay result as a measurable run. */
export function measurableReplay(r: {
  waves: readonly Wave[];
  summary: object;
  run: { steps: number; series: MeasurableRun['series'] };
}): MeasurableRun {
  return {
    steps: r.run.steps,
    waves: r.waves,
    summary: r.summary as Readonly<Record<string, unknown>>,
    series: r.run.series,
  };
}
