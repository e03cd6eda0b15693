/**
 * Validation of a scenario's historical replay against its published outcomes (issue 13, item 6).
 *
 * The historical design is replayed over a small grid: a few seeds × the assumptions no source pins
 * down (the scenario's `validation.uncertain`, each at its stated low and high, one at a time, plus
 * the scenario as written), at the scenario's default population. Every target's measure is taken on every run;
 * the table shows the published value beside the median and the 10–90% band. A target a parameter
 * was fitted to is shown as "fitted, not evidence" and never counts as a pass. Every scenario also
 * gets one automatic target: the replayed low equals the data's low (the path never crosses it).
 *
 * Bounded: at most seeds × (1 + 2 × 4) runs at the scenario's default population (at most 10,000
 * accounts), each a calibration plus the same run (the historical design is the calibrated run
 * itself). Pure TypeScript; progress and cancel come from the caller.
 */
import type { Design } from './design.ts';
import type { ReplayResult } from './replay.ts';
import { replay } from './replay.ts';
import type { Scenario } from './scenario.ts';
import { unitsOf } from './scenario.ts';
import type { Fitted, Measure, Pass, Target, Uncertain } from './scenario-extras.ts';
import { ENGINE_VERSION } from './version.ts';
import { quantile } from './medians.ts';

export const VALIDATION_SEEDS = [1, 2, 3] as const;
/**
 * Accounts per validation run: the scenario's default (what the Replay view runs), capped here so a
 * validation stays bounded.
 */
export const VALIDATION_MAX_ACCOUNTS = 20_000;

export type RowStatus = 'pass' | 'miss' | 'fitted';
/** How a row's numbers read: an amount of the numeraire, a share, seconds, a ratio or a price. */
export type RowUnit = 'money' | 'share' | 'seconds' | 'ratio' | 'price';

export interface ValidationRow {
  id: string;
  figure: string;
  published: string;
  source: string;
  unit: RowUnit;
  /** The published value in the row's unit. */
  value: number;
  /** Over every run of the grid (NaN values — e.g. no ADL at all — count as misses of the band). */
  median: number;
  p10: number;
  p90: number;
  /** "within ±25%", "within 2×", "at most 10%" … */
  passRule: string;
  status: RowStatus;
  /** Why it misses (shown when status is 'miss'), or why it is not evidence ('fitted'). */
  note: string | null;
  /** Runs whose measure was undefined (e.g. no liquidation at all before an ADL). */
  undefinedRuns: number;
}

export interface UncertainView {
  label: string;
  low: string;
  high: string;
  why: string;
}

export interface ValidationReport {
  scenarioId: string;
  scenarioVersion: number;
  engineVersion: string;
  historicalDesign: string;
  numeraire: string;
  seeds: number[];
  accounts: number;
  stepSeconds: number;
  /** The assumption settings run (the scenario as written first). */
  variants: string[];
  runs: number;
  rows: ValidationRow[];
  fitted: Fitted[];
  uncertain: UncertainView[];
  /** Calibration warnings of the scenario as written (seed 1), if any. */
  calibrationWarnings: string[];
  counts: { pass: number; miss: number; fitted: number };
  /** What the bands are and what they are not (stated to the user). */
  note: string;
}

export interface ValidationOptions {
  onProgress?: (done: number, total: number, label: string) => void;
  shouldCancel?: () => boolean;
  seeds?: readonly number[];
  accounts?: number;
}

interface Variant {
  label: string;
  scenario: Scenario;
  depthScale: number;
}

/** The grid: the scenario as written, then each unpinned assumption at its low and its high. */
export function validationVariants(s: Scenario): Variant[] {
  const out: Variant[] = [{ label: 'as written', scenario: s, depthScale: 1 }];
  for (const u of s.validation?.uncertain ?? []) {
    for (const [end, v] of [
      ['low', u.low],
      ['high', u.high],
    ] as const) {
      out.push({
        label: `${uncertainLabel(u)} ${end} (${uncertainValue(u, v)})`,
        ...applyUncertain(s, u, v),
      });
    }
  }
  return out;
}

export function uncertainLabel(u: Uncertain): string {
  if (u.kind === 'keeper-gas-cap') return 'keepers’ gas cap';
  if (u.kind === 'depth') return 'venue depth';
  return 'collateral ratios';
}

export function uncertainValue(u: Uncertain, v: number): string {
  if (u.kind === 'keeper-gas-cap') return `${Math.round(v)} gwei median`;
  if (u.kind === 'depth') return `×${Number(v.toFixed(2))}`;
  return `distance above 100% ×${Number(v.toFixed(2))}`;
}

function applyUncertain(s: Scenario, u: Uncertain, v: number): { scenario: Scenario; depthScale: number } {
  if (u.kind === 'depth') return { scenario: s, depthScale: v };
  const c = JSON.parse(JSON.stringify(s)) as Scenario;
  if (u.kind === 'keeper-gas-cap') c.keepers.gasCapMedianGwei = v;
  else {
    const scale = (r: number) => 1 + (r - 1) * v;
    c.population.collateralRatioBins = c.population.collateralRatioBins.map((b) => ({
      ...b,
      from: scale(b.from),
      to: scale(b.to),
    }));
    c.population.whales = c.population.whales.map((w) => ({
      ...w,
      collateralRatio: scale(w.collateralRatio),
    }));
  }
  return { scenario: c, depthScale: 1 };
}

const stepAt = (r: ReplayResult, iso: string): number =>
  Math.ceil((Date.parse(iso) / 1000 - r.timeline.startSec) / r.stepSeconds - 1e-9);

/** A target's measure on one replay (NaN when it is undefined on that run). */
export function measure(m: Measure, r: ReplayResult): number {
  const s = r.summary;
  const series = r.run.series;
  switch (m.kind) {
    case 'bad-debt':
      return s.badDebtUsd;
    case 'zero-bid-share':
      return s.auctionsSettled > 0 ? s.zeroBidShare : NaN;
    case 'liquidated-value': {
      if (m.from === undefined && m.to === undefined) return s.liquidatedUsd;
      const a = m.from === undefined ? 0 : Math.max(0, stepAt(r, m.from));
      const b = m.to === undefined ? r.run.steps : Math.min(r.run.steps, stepAt(r, m.to));
      let v = 0;
      for (let t = a; t < b; t++) v += series.collateralLiquidatedUsd[t]!;
      return v;
    }
    case 'adl-notional':
      return s.backstops.adlNotionalUsd;
    case 'first-adl-delay': {
      const adl = s.backstops.firstAdlStep;
      return adl < 0 ? NaN : r.timeline.startSec + adl * r.stepSeconds - Date.parse(m.from) / 1000;
    }
    case 'liquidated-share':
    case 'insurance-sold': {
      const a = Math.max(0, stepAt(r, m.from));
      const b = Math.min(r.run.steps, stepAt(r, m.to));
      const x = m.kind === 'liquidated-share' ? series.collateralLiquidatedUsd : series.flows.insurance;
      let inside = 0;
      for (let t = a; t < b; t++) inside += x[t]!;
      if (m.kind === 'insurance-sold') return inside;
      const total = s.liquidatedUsd > 0 ? x.reduce((acc, v) => acc + v, 0) : 0;
      return total > 0 ? inside / total : NaN;
    }
    case 'fundamental-drawdown-ratio': {
      const d = r.calibration.diagnostics;
      return d.observedDrawdown > 0 ? d.fundamentalDrawdown / d.observedDrawdown : NaN;
    }
  }
}

function unitOf(m: Measure): RowUnit {
  if (m.kind === 'zero-bid-share' || m.kind === 'liquidated-share') return 'share';
  if (m.kind === 'first-adl-delay') return 'seconds';
  if (m.kind === 'fundamental-drawdown-ratio') return 'ratio';
  return 'money';
}

export function passes(p: Pass, median: number, value: number): boolean {
  if (!Number.isFinite(median)) return false;
  switch (p.kind) {
    case 'relative':
      return Math.abs(median / value - 1) <= p.within + 1e-12;
    case 'absolute':
      return Math.abs(median - value) <= p.within + 1e-12;
    case 'factor':
      return median >= value / p.factor && median <= value * p.factor;
    case 'at-least':
      return median >= value;
    case 'at-most':
      return median <= value;
  }
}

/** The pass rule as a phrase that reads before the published value: "within ±25% of", "at most". */
export function passRule(p: Pass, unit: RowUnit): string {
  switch (p.kind) {
    case 'relative':
      return `within ±${Number((p.within * 100).toFixed(1))}% of`;
    case 'absolute':
      return unit === 'share'
        ? `within ±${Number((p.within * 100).toFixed(1))} points of`
        : `within ±${p.within} of`;
    case 'factor':
      return `within ${p.factor}× of`;
    case 'at-least':
      return 'at least';
    case 'at-most':
      return 'at most';
  }
}

/** One row from a target and its values over the grid. */
export function targetRow(t: Target, values: readonly number[]): ValidationRow {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  const unit = unitOf(t.measure);
  // A measure undefined on more than half the runs (no ADL at all, no auction settled) has no median.
  const median = finite.length * 2 > values.length ? quantile(finite, 0.5) : NaN;
  const ok = passes(t.pass, median, t.value);
  const status: RowStatus = t.status === 'fitted' ? 'fitted' : ok ? 'pass' : 'miss';
  return {
    id: t.id,
    figure: t.figure,
    published: t.published,
    source: t.source,
    unit,
    value: t.value,
    median,
    p10: quantile(finite, 0.1),
    p90: quantile(finite, 0.9),
    passRule: passRule(t.pass, unit),
    status,
    note: status === 'pass' ? null : t.ifMissed,
    undefinedRuns: values.length - finite.length,
  };
}

/**
 * The automatic target: the replayed low of the historical design equals the data's low (for a price
 * read inverted — Compound's DAI — the replayed high of what users read).
 */
function lowRow(s: Scenario, results: ReplayResult[]): ValidationRow {
  const a = s.assets.findIndex((x) => x.id === s.population.asset);
  const dataLow = results[0]!.timeline.dataRange[a]!.low;
  const lows = results.map((r) => Math.min(...r.run.series.price));
  const worst = Math.max(...lows.map((l) => Math.abs(l / dataLow - 1)));
  const ok = worst < 1e-9;
  const units = unitsOf(s);
  const inverse = units.priceDisplay === 'inverse';
  const shown = (inverse ? lows.map((l) => 1 / l) : lows).sort((x, y) => x - y);
  const value = inverse ? 1 / dataLow : dataLow;
  return {
    id: 'replayed-low',
    figure: `${inverse ? 'Highest' : 'Lowest'} ${units.priceLabel} in the window`,
    published: `${Number(value.toPrecision(8))} (the data’s ${inverse ? 'high' : 'low'})`,
    source: s.assets[a]!.observed.source,
    unit: 'price',
    value,
    median: quantile(shown, 0.5),
    p10: quantile(shown, 0.1),
    p90: quantile(shown, 0.9),
    passRule: 'equal (to 1 part in 10⁹) to',
    status: ok ? 'pass' : 'miss',
    note: ok
      ? null
      : `the replayed path misses the data's extreme by up to ${(worst * 100).toPrecision(2)}%: a bar or point did not get a step of its own`,
    undefinedRuns: 0,
  };
}

/** Runs the grid and builds the table. Throws the engine's CancelledError when cancelled. */
export function validateScenario(
  s: Scenario,
  historical: Design,
  opts: ValidationOptions = {},
): ValidationReport {
  const seeds = [...(opts.seeds ?? VALIDATION_SEEDS)];
  const accounts = Math.max(
    s.population.whales.length + 1,
    opts.accounts ?? Math.min(s.population.defaultAccounts, VALIDATION_MAX_ACCOUNTS),
  );
  const variants = validationVariants(s);
  const total = seeds.length * variants.length;
  const targets = s.validation?.targets ?? [];
  const values = targets.map(() => [] as number[]);
  const results: ReplayResult[] = [];
  let warnings: string[] = [];
  let done = 0;
  for (const v of variants) {
    for (const seed of seeds) {
      opts.onProgress?.(done, total, `${v.label}, seed ${seed}`);
      const r = replay(v.scenario, historical, historical, {
        seed,
        accounts,
        depthScale: v.depthScale,
        // No target reads a wave's endogenous share: skip its counterfactual passes.
        attributeWaves: 0,
        ...(opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}),
      });
      if (done === 0) warnings = r.calibration.diagnostics.warnings;
      targets.forEach((t, i) => values[i]!.push(measure(t.measure, r)));
      results.push(r);
      done++;
    }
  }
  opts.onProgress?.(total, total, 'validation done');
  const rows = [lowRow(s, results), ...targets.map((t, i) => targetRow(t, values[i]!))];
  const count = (st: RowStatus) => rows.filter((r) => r.status === st).length;
  return {
    scenarioId: s.id,
    scenarioVersion: s.version,
    engineVersion: ENGINE_VERSION,
    historicalDesign: historical.id,
    numeraire: unitsOf(s).numeraire,
    seeds,
    accounts,
    stepSeconds: s.defaultStepSeconds,
    variants: variants.map((v) => v.label),
    runs: total,
    rows,
    fitted: (s.validation?.fitted ?? []).map((f) => ({ ...f })),
    uncertain: (s.validation?.uncertain ?? []).map((u) => ({
      label: uncertainLabel(u),
      low: uncertainValue(u, u.low),
      high: uncertainValue(u, u.high),
      why: u.why,
    })),
    calibrationWarnings: warnings,
    counts: { pass: count('pass'), miss: count('miss'), fitted: count('fitted') },
    note: `Median and 10–90% band over ${total} runs of the historical design: seeds ${seeds.join(', ')} × ${variants.length} assumption settings (the scenario as written, then each unpinned assumption at the low and the high of its stated range, one at a time), ${accounts} accounts, ${s.defaultStepSeconds} s steps. The engine’s rates are per second, so the step does not move these figures; convergence in the population size is measured for Black Thursday only (npm run bench, “convergence”).`,
  };
}
