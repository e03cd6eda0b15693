/**
 * What a sweep reports, built from its committed runs only (so a report of the same sweep is the
 * same on every machine): per design point the distribution of each kept metric over seeds × shocks
 * (mean, VaR 95/99, ES 1%/0.25%, …), LaR, the efficiency frontier, the tornado and the cascade
 * thresholds; and the results table (one row per run, fixed order) as CSV or JSON.
 */
import type { Store } from '../../store/open-store.ts';
import { listSweepRuns } from '../../store/sweeps.ts';
import type { SweepMeta, SweepRunRow } from '../../store/sweeps.ts';
import type { CsvCell } from '../export/csv.ts';
import { formatCsv } from '../export/csv.ts';
import { METRICS } from './sweep-metrics.ts';
import type { MetricKey } from './sweep-metrics.ts';
import { loadSweepPlan, outcomeFrom } from './sweep-service.ts';
import type { MetricStats, TornadoBar } from './sweep-stats.ts';
import { dominatedFlags, mean, metricStats, tornado } from './sweep-stats.ts';
import { thresholdOf } from './sweep-spec.ts';
import type { ThresholdResult } from './sweep-threshold.ts';
import { searchThresholds } from './sweep-threshold.ts';

export interface PointReport {
  index: number;
  label: string;
  scenario: string;
  design: string;
  values: unknown[];
  runs: number;
  stats: Partial<Record<MetricKey, MetricStats>>;
  /** Liquidations at risk (Gauntlet): the 95th percentile of liquidated value, USD. */
  larUsd: number | null;
  /** Frontier coordinates: mean max LTV and ES 1% of realised bad debt. */
  efficiency: number | null;
  tailBadDebtUsd: number | null;
  dominated: boolean;
  threshold: ThresholdResult | null;
}

export interface SweepReport {
  sweep: SweepMeta;
  /** The protocol whose design was varied, on a crash with several protocols (else null). */
  protocol: string | null;
  metrics: MetricKey[];
  axes: string[];
  points: PointReport[];
  tornado: { metric: 'badDebtUsd'; bars: TornadoBar[] };
  threshold: {
    badDebtShare: number;
    amplification: number;
    tolerance: number;
    from: number;
    to: number;
  } | null;
  /** Mean realised bad debt per point at each grid shock (the threshold chart's curves). */
  shockCurves: { point: number; shocks: number[]; meanBadDebtUsd: number[] }[];
  notes: string[];
}

/** The report of a stored sweep (complete or not: unfinished points have fewer runs or no stats). */
export async function buildSweepReport(store: Store, id: string): Promise<SweepReport> {
  const { rec, resolved, plan, metrics } = loadSweepPlan(store, id);
  const runs = listSweepRuns(store, id, { withPaths: false });
  const grid = new Map<number, SweepRunRow[]>();
  for (const r of runs) if (r.phase === 'grid') grid.set(r.point, [...(grid.get(r.point) ?? []), r]);
  const at = (k: MetricKey) => metrics.indexOf(k);
  const points: PointReport[] = plan.points.map((p) => {
    const rs = grid.get(p.index) ?? [];
    const stats: Partial<Record<MetricKey, MetricStats>> = {};
    if (rs.length > 0) for (const k of metrics) stats[k] = metricStats(rs.map((r) => r.metrics[at(k)]!));
    return {
      index: p.index,
      label: p.label,
      scenario: resolved.scenarios[p.scenario]!.scenario.id,
      design: resolved.designs[p.base]!.ref,
      values: p.values,
      runs: rs.length,
      stats,
      larUsd: stats.liquidatedUsd?.var95 ?? null,
      efficiency: stats.maxLtv?.mean ?? null,
      tailBadDebtUsd: stats.badDebtUsd?.es1 ?? null,
      dominated: false,
      threshold: null,
    };
  });
  const placed = points.filter((p) => p.efficiency !== null);
  const flags = dominatedFlags(
    placed.map((p) => ({ efficiency: p.efficiency!, tailLoss: p.tailBadDebtUsd! })),
  );
  placed.forEach((p, i) => (p.dominated = flags[i]!));

  const axisNames = [
    ...(resolved.scenarios.length > 1 ? ['scenario'] : []),
    ...(resolved.designs.length > 1 ? ['design'] : []),
    ...resolved.spec.axes.map((a) => a.path),
  ];
  const bars = tornado(
    axisNames,
    placed.map((p) => ({
      values: [
        ...(resolved.scenarios.length > 1 ? [p.scenario] : []),
        ...(resolved.designs.length > 1 ? [p.design] : []),
        ...p.values,
      ],
      metric: p.stats.badDebtUsd!.mean,
    })),
  );

  const bdAt = at('badDebtUsd');
  const shockCurves = plan.points.map((p) => {
    const rs = grid.get(p.index) ?? [];
    const shocks = plan.shocks.filter((k) => rs.some((r) => r.shock === k));
    return {
      point: p.index,
      shocks,
      meanBadDebtUsd: shocks.map((k) => mean(rs.filter((r) => r.shock === k).map((r) => r.metrics[bdAt]!))),
    };
  });

  const t = thresholdOf(resolved.spec);
  if (t) {
    const known = new Map(runs.map((r) => [r.inputsHash, r]));
    const results = await searchThresholds(t, plan.points.length, plan.shocks, async (qs) =>
      qs.map((q) => outcomeFrom({ resolved, plan, metrics }, known, q)),
    );
    results.forEach((r, i) => (points[i]!.threshold = r));
  }
  const crash = resolved.scenarios.find((s) => s.crash)?.crash;
  const protocol = crash ? crash.protocols[crash.varied]!.name : null;
  const crashNote = crash
    ? [
        `Protocol varied: ${protocol}. Every run replays the whole crash on the venues its protocols share; the others keep their historical designs (${crash.protocols
          .filter((_, k) => k !== crash.varied)
          .map((p) => `${p.name}: ${p.historical.id}`)
          .join(', ')}). Metrics and price paths are ${protocol}'s.`,
      ]
    : [];
  return {
    sweep: rec,
    protocol,
    metrics,
    axes: resolved.spec.axes.map((a) => a.path),
    points,
    tornado: { metric: 'badDebtUsd', bars },
    shockCurves,
    threshold: t
      ? {
          badDebtShare: t.badDebtShare,
          amplification: t.amplification,
          tolerance: t.tolerance,
          from: t.from,
          to: t.to,
        }
      : null,
    notes: [
      ...crashNote,
      'Bad debt is realised bad debt (what liquidations failed to recover); unrealised bad debt is what accounts under water owed beyond their collateral at the run’s worst step, at the oracle price, with the number of such accounts. The frontier and the threshold use realised bad debt.',
      'VaR p% = the p-th percentile outcome over the point’s seeds × shocks (Gauntlet); LaR = VaR 95% of liquidated value; ES α = mean of the worst α share (LlamaRisk), the worst outcome when there are fewer than 1/α runs.',
      'Frontier: mean max LTV (capital efficiency) against ES 1% of bad debt; a point is dominated when another is at least as efficient with no more tail bad debt, better in one.',
      'Cascade threshold: the smallest shock scale at which, averaged over seeds, bad debt reaches the set share of initial debt or amplification reaches the set level; by bisection from the shock grid.',
    ],
  };
}

/** The results table: one row per committed run, grid runs by index then threshold runs, fixed columns. */
export function resultsTable(store: Store, id: string): { columns: string[]; rows: CsvCell[][] } {
  const { resolved, plan, metrics } = loadSweepPlan(store, id);
  const columns = [
    'run',
    'phase',
    'point',
    'scenario',
    'design',
    ...resolved.spec.axes.map((a) => a.path),
    'seed',
    'shock',
    'inputsHash',
    ...metrics,
  ];
  const rows = listSweepRuns(store, id, { withPaths: false }).map((r): CsvCell[] => {
    const p = plan.points[r.point]!;
    return [
      r.runIndex,
      r.phase,
      r.point,
      resolved.scenarios[p.scenario]!.scenario.id,
      resolved.designs[p.base]!.ref,
      ...p.values.map((v) => (typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v))),
      r.seed,
      r.shock,
      r.inputsHash,
      ...r.metrics,
    ];
  });
  return { columns, rows };
}

export function exportSweepCsv(store: Store, id: string): string {
  const t = resultsTable(store, id);
  return formatCsv([t.columns, ...t.rows]);
}

export function exportSweepJson(store: Store, id: string): string {
  const { rec } = loadSweepPlan(store, id);
  const t = resultsTable(store, id);
  const units = Object.fromEntries(METRICS.map((m) => [m.key, m.unit]));
  return `${JSON.stringify(
    {
      format: 'cascade-lab-sweep-results',
      version: 1,
      engineVersion: rec.engineVersion,
      spec: rec.spec,
      columns: t.columns,
      metricUnits: rec.metrics.map((k) => units[k]),
      rows: t.rows,
    },
    null,
    1,
  )}\n`;
}
