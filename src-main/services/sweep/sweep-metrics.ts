/**
 * The metrics a sweep keeps per run: one line each, a reporter function over the run's summary
 * (Mesa's way). Adding a metric is one entry here; every table, export and statistic follows.
 *
 * Bad debt is REALISED bad debt (what liquidations failed to recover); unrealised bad debt is what
 * accounts under water owed beyond their collateral at the worst step, at the oracle price
 * (MODEL.md §8), so a design that liquidates nothing cannot look safe in a sweep either.
 */
import type { Summary } from '../../engine/report.ts';

export interface MetricDef {
  readonly key: string;
  readonly label: string;
  readonly unit: 'usd' | 'ratio' | 'share' | 'count';
  readonly of: (s: Summary) => number;
}

export const METRICS = [
  { key: 'badDebtUsd', label: 'Bad debt (realised)', unit: 'usd', of: (s) => s.badDebtUsd },
  { key: 'badDebtPctOfDebt', label: 'Bad debt, % of debt', unit: 'share', of: (s) => s.badDebtPctOfDebt },
  { key: 'liquidatedUsd', label: 'Liquidated value', unit: 'usd', of: (s) => s.liquidatedUsd },
  { key: 'amplification', label: 'Amplification', unit: 'ratio', of: (s) => s.amplification },
  {
    key: 'maxLtv',
    label: 'Capital efficiency (max LTV)',
    unit: 'share',
    of: (s) => s.capitalEfficiency.maxLtv,
  },
  {
    key: 'stressedMaxLtv',
    label: 'Max LTV at peak requirement',
    unit: 'share',
    of: (s) => s.capitalEfficiency.stressedMaxLtv,
  },
  { key: 'accountsLiquidated', label: 'Accounts liquidated', unit: 'count', of: (s) => s.accountsLiquidated },
  { key: 'zeroBidShare', label: 'Zero-bid auctions, share', unit: 'share', of: (s) => s.zeroBidShare },
  { key: 'drawdown', label: 'Drawdown of the price', unit: 'share', of: (s) => s.drawdown.simulated },
  {
    key: 'unrealisedBadDebtUsd',
    label: 'Bad debt (unrealised, worst step, oracle)',
    unit: 'usd',
    of: (s) => s.insolvency.atOracle.peakShortfallUsd,
  },
  {
    key: 'underwaterAccounts',
    label: 'Accounts underwater (worst step, oracle)',
    unit: 'count',
    of: (s) => s.insolvency.atOracle.peakAccounts,
  },
] as const satisfies readonly MetricDef[];

export type MetricKey = (typeof METRICS)[number]['key'];
export const METRIC_KEYS: readonly MetricKey[] = METRICS.map((m) => m.key);

/** Metrics every sweep keeps: the report (frontier, threshold, LaR) is built on them. */
export const REQUIRED_METRICS: readonly MetricKey[] = [
  'badDebtUsd',
  'badDebtPctOfDebt',
  'liquidatedUsd',
  'amplification',
  'maxLtv',
];

export function isMetricKey(key: string): key is MetricKey {
  return (METRIC_KEYS as readonly string[]).includes(key);
}

/** The kept metrics in the table's fixed order: the required ones plus those asked for. */
export function keptMetrics(asked: readonly string[] | undefined): MetricKey[] {
  const want = new Set<string>([...REQUIRED_METRICS, ...(asked ?? METRIC_KEYS)]);
  return METRIC_KEYS.filter((k) => want.has(k));
}

/** A run's metric values in `keys` order. Non-finite values (a 0/0 share) are stored as 0. */
export function metricValues(summary: Summary, keys: readonly MetricKey[]): number[] {
  return keys.map((k) => {
    const v = METRICS.find((m) => m.key === k)!.of(summary);
    return Number.isFinite(v) ? v : 0;
  });
}
