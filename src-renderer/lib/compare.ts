/** The Compare view's metrics: one row per metric, one cell per run, each judged against the baseline. */
import type { RunView } from './contract.ts';
import { fmtCount, fmtPct, fmtRatio, fmtUsd } from './format.ts';
import { largestWave } from './waves.ts';
import { ratioMoves } from './backstops.ts';
import { simulatedDrawdown } from './options.ts';

export type Verdict = 'baseline' | 'better' | 'worse' | 'same';

export interface MetricCell {
  value: number;
  text: string;
  verdict: Verdict;
  /** Difference from the baseline, formatted ("" for the baseline itself). */
  delta: string;
}

export interface MetricRow {
  key: string;
  label: string;
  /** Glossary slug for the label, when there is one. */
  slug?: string;
  /** 'lower' when less is better (bad debt), 'higher' when more is (recovery). */
  better: 'lower' | 'higher';
  cells: MetricCell[];
}

interface MetricDef {
  key: string;
  label: string;
  slug?: string;
  better: 'lower' | 'higher';
  value: (r: RunView) => number;
  format: (v: number) => string;
  /** Shown only when some run's design uses the mechanism (or the metric is non-zero somewhere). */
  usedBy?: (r: RunView) => boolean;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

function nested(obj: unknown, key: string): unknown {
  return obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
}

export const METRICS: MetricDef[] = [
  {
    key: 'badDebt',
    label: 'Bad debt',
    slug: 'bad-debt',
    better: 'lower',
    value: (r) => r.summary.badDebtUsd,
    format: fmtUsd,
  },
  {
    key: 'softLoss',
    label: 'Losses to borrowers from soft liquidation',
    slug: 'soft-liquidation',
    better: 'lower',
    value: (r) => r.summary.softLiquidationLossUsd ?? 0,
    format: fmtUsd,
    usedBy: (r) =>
      r.mechanism.liquidation === 'soft-liquidation' || (r.summary.softLiquidationLossUsd ?? 0) !== 0,
  },
  {
    key: 'unrealisedBadDebt',
    label: 'Unrealised bad debt, worst (oracle)',
    slug: 'unrealised-bad-debt',
    better: 'lower',
    value: (r) => r.summary.insolvency?.atOracle.peakShortfallUsd ?? NaN,
    format: fmtUsd,
    // Runs stored before engine 0.3.0 have no insolvency series.
    usedBy: (r) => r.summary.insolvency !== undefined,
  },
  {
    key: 'unrealisedAtMarket',
    label: 'Unrealised bad debt, worst (market)',
    slug: 'unrealised-bad-debt',
    better: 'lower',
    value: (r) => r.summary.insolvency?.atMarket.peakShortfallUsd ?? NaN,
    format: fmtUsd,
    // Runs stored before engine 0.3.0 have no insolvency series.
    usedBy: (r) => r.summary.insolvency !== undefined,
  },
  {
    key: 'underwater',
    label: 'Accounts underwater, worst (oracle)',
    slug: 'unrealised-bad-debt',
    better: 'lower',
    value: (r) => r.summary.insolvency?.atOracle.peakAccounts ?? NaN,
    format: fmtCount,
    // Runs stored before engine 0.3.0 have no insolvency series.
    usedBy: (r) => r.summary.insolvency !== undefined,
  },
  {
    key: 'zeroBids',
    label: 'Zero-bid auctions',
    slug: 'zero-bid-auction',
    better: 'lower',
    value: (r) => r.summary.zeroBidAuctions,
    format: fmtCount,
  },
  {
    key: 'amplification',
    label: 'Amplification',
    slug: 'amplification',
    better: 'lower',
    value: (r) => r.summary.amplification,
    format: (v) => fmtRatio(v),
  },
  {
    key: 'drawdown',
    label: 'Drawdown (simulated price)',
    better: 'lower',
    value: simulatedDrawdown,
    format: (v) => fmtPct(v),
    usedBy: (r) => Number.isFinite(simulatedDrawdown(r)),
  },
  {
    key: 'liquidated',
    label: 'Liquidated',
    slug: 'liquidation',
    better: 'lower',
    value: (r) => r.summary.liquidatedUsd,
    format: fmtUsd,
  },
  {
    key: 'accounts',
    label: 'Accounts liquidated',
    better: 'lower',
    value: (r) => r.summary.accountsLiquidated,
    format: fmtCount,
  },
  {
    key: 'waves',
    label: 'Waves',
    slug: 'wave',
    better: 'lower',
    value: (r) => r.waves.length,
    format: fmtCount,
  },
  {
    key: 'largestWave',
    label: 'Largest wave (collateral sold)',
    better: 'lower',
    value: (r) => largestWave(r.waves)?.collateralSoldUsd ?? 0,
    format: fmtUsd,
  },
  {
    key: 'recovery',
    label: 'Recovery vs oracle',
    slug: 'recovery-rate',
    better: 'higher',
    value: (r) => num(r.summary['recoveryRateVsOracle']),
    format: (v) => fmtPct(v),
  },
  {
    key: 'maxLeverage',
    label: 'Max leverage',
    slug: 'leverage',
    better: 'higher',
    value: (r) => num(nested(r.summary['capitalEfficiency'], 'maxLeverage')),
    format: (v) => fmtRatio(v),
  },
  {
    key: 'poolAbsorbed',
    label: 'Debt absorbed by the pool',
    slug: 'stability-pool',
    better: 'higher',
    value: (r) => r.summary.backstops.poolAbsorbedUsd,
    format: fmtUsd,
    usedBy: (r) => r.mechanism.liquidation === 'stability-pool' || r.summary.backstops.poolAbsorbedUsd > 0,
  },
  {
    key: 'redistributed',
    label: 'Debt redistributed',
    slug: 'redistribution',
    better: 'lower',
    value: (r) => r.summary.backstops.redistributedDebtUsd,
    format: fmtUsd,
    usedBy: (r) =>
      r.mechanism.liquidation === 'stability-pool' || r.summary.backstops.redistributedDebtUsd > 0,
  },
  {
    key: 'insurancePaid',
    label: 'Insurance fund paid',
    slug: 'insurance-fund',
    better: 'lower',
    value: (r) => r.summary.backstops.insurancePaidUsd,
    format: fmtUsd,
    usedBy: (r) => r.mechanism.liquidation === 'exchange-close' || r.summary.backstops.insurancePaidUsd > 0,
  },
  {
    key: 'adlNotional',
    label: 'Auto-deleveraged notional',
    slug: 'auto-deleveraging',
    better: 'lower',
    value: (r) => r.summary.backstops.adlNotionalUsd,
    format: fmtUsd,
    usedBy: (r) => r.mechanism.liquidation === 'exchange-close' || r.summary.backstops.adlNotionalUsd > 0,
  },
  {
    key: 'breakerTrips',
    label: 'Circuit-breaker trips',
    slug: 'circuit-breaker',
    better: 'lower',
    value: (r) => r.summary.backstops.breakerTrips,
    format: fmtCount,
    usedBy: (r) => r.mechanism.circuitBreaker || r.summary.backstops.breakerTrips > 0,
  },
  {
    key: 'peakRatio',
    label: 'Peak liquidation ratio',
    slug: 'volatility-scaled-margin',
    better: 'lower',
    value: (r) => r.summary.backstops.peakRequiredRatio,
    format: (v) => fmtRatio(v),
    usedBy: (r) => r.mechanism.margin === 'volatility-scaled' || ratioMoves(r),
  },
  // Runs with options: each loop's own total, so switching one off shows where it mattered.
  {
    key: 'writersLiquidated',
    label: 'Option writers liquidated',
    slug: 'naked-call-writing',
    better: 'lower',
    value: (r) => r.options?.totals.writersLiquidated ?? NaN,
    format: fmtCount,
    usedBy: (r) => r.options !== null,
  },
  {
    key: 'hedgingSold',
    label: 'Sold by dealers’ hedging (net)',
    slug: 'delta-hedging',
    better: 'lower',
    value: (r) => r.options?.totals.hedgingSoldUsd ?? NaN,
    format: fmtUsd,
    usedBy: (r) => r.options !== null,
  },
  {
    key: 'insuranceSold',
    label: 'Sold by portfolio insurers (net)',
    slug: 'portfolio-insurance',
    better: 'lower',
    value: (r) => r.options?.totals.insuranceSoldUsd ?? NaN,
    format: fmtUsd,
    usedBy: (r) => r.options !== null,
  },
  {
    key: 'peakIv',
    label: 'Peak ATM implied vol',
    slug: 'implied-volatility-feedback',
    better: 'lower',
    value: (r) => r.options?.totals.peakAtmIv ?? NaN,
    format: (v) => fmtPct(v, 0),
    usedBy: (r) => r.options !== null,
  },
];

/** Relative tolerance under which two values count as the same. */
const SAME = 1e-9;

export function judge(value: number, base: number, better: 'lower' | 'higher'): Verdict {
  if (!Number.isFinite(value) || !Number.isFinite(base)) return 'same';
  const scale = Math.max(Math.abs(value), Math.abs(base), 1e-12);
  if (Math.abs(value - base) / scale <= SAME) return 'same';
  const lower = value < base;
  return lower === (better === 'lower') ? 'better' : 'worse';
}

/**
 * A cell's verdict and delta against the baseline. A difference the table cannot show (the two
 * values, or their difference, print the same at the metric's precision) is no difference: an
 * amplification of 1.0412× against 1.0409× reads "1.04×" twice and must not be called worse.
 */
function verdictOf(
  value: number,
  base: number,
  m: Pick<MetricDef, 'better' | 'format'>,
): { verdict: Verdict; delta: string } {
  const d = value - base;
  const zero = m.format(0);
  if (!Number.isFinite(d) || m.format(value) === m.format(base) || m.format(Math.abs(d)) === zero)
    return { verdict: 'same', delta: 'same' };
  const verdict = judge(value, base, m.better);
  if (verdict === 'same') return { verdict, delta: 'same' };
  return { verdict, delta: `${d > 0 ? '+' : '−'}${m.format(Math.abs(d))}` };
}

export function compareRows(runs: readonly RunView[]): MetricRow[] {
  return METRICS.filter((m) => !m.usedBy || runs.some(m.usedBy)).map((m) => {
    const base = runs[0] ? m.value(runs[0]) : NaN;
    return {
      key: m.key,
      label: m.label,
      ...(m.slug ? { slug: m.slug } : {}),
      better: m.better,
      cells: runs.map((r, i) => {
        const value = m.value(r);
        if (i === 0) return { value, text: m.format(value), verdict: 'baseline' as const, delta: '' };
        return { value, text: m.format(value), ...verdictOf(value, base, m) };
      }),
    };
  });
}
