/**
 * Convergence of a replay in its two numerical knobs, the step length and the population size
 * (issue 13, item 2): the historical design's bad debt and zero-bid share, median over seeds, at
 * several steps and several population sizes. A model whose rates are time-based gives the same
 * figures (within the noise) whatever the step and, past some size, whatever the population.
 * Used by the unit test (moderate sizes) and by `npm run bench` (the full table).
 */
import { PRESETS } from '../engine/presets.ts';
import { replay } from '../engine/replay.ts';
import type { Scenario } from '../engine/scenario.ts';

export interface ConvergenceRow {
  /** 'step' rows vary the step at a fixed population; 'population' rows vary the population. */
  knob: 'step' | 'population';
  stepSeconds: number;
  accounts: number;
  /** Median over the seeds. */
  badDebtUsd: number;
  zeroBidShare: number;
  /** Median relative to the row the knob is compared with (the finest step, the largest population). */
  badDebtRatio: number;
  zeroBidRatio: number;
}

export interface ConvergenceOptions {
  seeds: readonly number[];
  steps: readonly number[];
  /** Accounts for the step rows. */
  stepAccounts: number;
  /** Population sizes (at `populationStep`); the last is the reference. */
  populations: readonly number[];
  populationStep: number;
  onRow?: (row: ConvergenceRow) => void;
}

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function point(s: Scenario, stepSeconds: number, accounts: number, seeds: readonly number[]) {
  const historical = PRESETS.get(s.historicalDesignId)!;
  const bad: number[] = [];
  const zero: number[] = [];
  for (const seed of seeds) {
    const r = replay(s, historical, historical, { seed, stepSeconds, accounts });
    bad.push(r.summary.badDebtUsd);
    zero.push(r.summary.auctionsSettled > 0 ? r.summary.zeroBidShare : NaN);
  }
  return { badDebtUsd: median(bad), zeroBidShare: median(zero) };
}

/** The table: step rows (reference: the middle step), then population rows (reference: the largest). */
export function convergenceTable(s: Scenario, o: ConvergenceOptions): ConvergenceRow[] {
  const rows: ConvergenceRow[] = [];
  const add = (
    knob: ConvergenceRow['knob'],
    list: { stepSeconds: number; accounts: number }[],
    ref: number,
  ) => {
    const pts = list.map((p) => ({ ...p, ...point(s, p.stepSeconds, p.accounts, o.seeds) }));
    const r = pts[ref]!;
    for (const p of pts) {
      const row: ConvergenceRow = {
        knob,
        ...p,
        badDebtRatio: p.badDebtUsd / r.badDebtUsd,
        zeroBidRatio: p.zeroBidShare / r.zeroBidShare,
      };
      rows.push(row);
      o.onRow?.(row);
    }
  };
  add(
    'step',
    o.steps.map((stepSeconds) => ({ stepSeconds, accounts: o.stepAccounts })),
    o.steps.length >> 1,
  );
  add(
    'population',
    o.populations.map((accounts) => ({ stepSeconds: o.populationStep, accounts })),
    o.populations.length - 1,
  );
  return rows;
}

/** One printed line of the table. */
export function formatConvergenceRow(r: ConvergenceRow): string {
  const m = (v: number) => `${(v / 1e6).toFixed(2)} M`;
  const p = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a');
  return `${r.knob.padEnd(10)} step ${String(r.stepSeconds).padStart(4)} s  accounts ${String(r.accounts).padStart(8)}  bad debt ${m(r.badDebtUsd).padStart(9)} (×${r.badDebtRatio.toFixed(2)})  zero-bid ${p(r.zeroBidShare).padStart(6)} (×${r.zeroBidRatio.toFixed(2)})`;
}

/**
 * `npm run bench`, "convergence": Black Thursday's full table — seeds 1–5, steps 30, 60 and 120 s
 * at the default population, populations 4 k to 1 M at 60 s (BENCH_CONVERGENCE_SIZES to choose).
 */
export function printConvergence(s: Scenario, sizes: readonly number[]): void {
  console.log(
    `convergence: ${s.title}, historical design, medians over seeds 1–5 (×: against 60 s, and against the largest population)`,
  );
  const t0 = Date.now();
  convergenceTable(s, {
    seeds: [1, 2, 3, 4, 5],
    steps: [30, 60, 120],
    stepAccounts: s.population.defaultAccounts,
    populations: sizes,
    populationStep: 60,
    onRow: (r) => console.log(`  ${formatConvergenceRow(r)}`),
  });
  console.log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}
