/**
 * Reading the run's trigger-price histogram. An account's trigger price is the oracle price at which
 * it becomes liquidatable, so its health ≈ oracle price / trigger price (below 1: liquidatable).
 * Bucket b of step t sits at index t × buckets + b and covers trigger prices from
 * initialPrice · exp(logLo + b·w) upward, w = (logHi − logLo) / buckets.
 */
import type { RunView } from './contract.ts';

type Histogram = RunView['triggerHistogram'];

/** Lower edge of bucket b's trigger prices, USD. */
export function bucketLowPrice(h: Histogram, b: number): number {
  return h.initialPrice * Math.exp(h.logLo + (b * (h.logHi - h.logLo)) / h.buckets);
}

/** Geometric middle of bucket b's trigger prices, USD: what the bucket's accounts are treated as. */
export function bucketMidPrice(h: Histogram, b: number): number {
  return h.initialPrice * Math.exp(h.logLo + ((b + 0.5) * (h.logHi - h.logLo)) / h.buckets);
}

export interface HealthBin {
  label: string;
  /** Health range [lo, hi). */
  lo: number;
  hi: number;
  accounts: number;
  debtUsd: number;
}

/** Health ranges shown in the distribution: finer near 1, where accounts are about to fall. */
export const HEALTH_EDGES = [0, 1, 1.05, 1.1, 1.2, 1.35, 1.5, 2, 3, Infinity] as const;

/** Short labels ("<1", "1.05–1.1", "≥3") so every bar keeps its label on a narrow chart. */
function edgeLabel(lo: number, hi: number): string {
  if (lo === 0) return `<${hi}`;
  if (!Number.isFinite(hi)) return `≥${lo}`;
  return `${lo}–${hi}`;
}

/** Accounts and debt by health at a step, from the histogram and the oracle price at that step. */
export function healthDistribution(
  run: Pick<RunView, 'triggerHistogram' | 'series'>,
  step: number,
): HealthBin[] {
  const h = run.triggerHistogram;
  const oracle = run.series.oracle[step] ?? h.initialPrice;
  const bins: HealthBin[] = [];
  for (let i = 0; i + 1 < HEALTH_EDGES.length; i++) {
    const lo = HEALTH_EDGES[i]!;
    const hi = HEALTH_EDGES[i + 1]!;
    bins.push({ label: edgeLabel(lo, hi), lo, hi, accounts: 0, debtUsd: 0 });
  }
  const base = step * h.buckets;
  for (let b = 0; b < h.buckets; b++) {
    const accounts = h.counts[base + b] ?? 0;
    const debt = h.debtUsd[base + b] ?? 0;
    if (accounts === 0 && debt === 0) continue;
    const health = oracle / bucketMidPrice(h, b);
    const bin = bins.find((x) => health >= x.lo && health < x.hi) ?? bins[bins.length - 1]!;
    bin.accounts += accounts;
    bin.debtUsd += debt;
  }
  return bins;
}

export interface LiquidationLevel {
  /** Trigger price of the level (bucket middle), USD. */
  priceUsd: number;
  accounts: number;
  debtUsd: number;
  /** Debt liquidated if the oracle fell from the cursor to this level, USD. */
  cumulativeDebtUsd: number;
}

export interface LiquidationMap {
  oracleUsd: number;
  /** Debt already below its trigger at the cursor (liquidatable now), USD. */
  liquidatableNowUsd: number;
  /** Levels below the oracle price, highest price first, down to oracle × (1 − depth). */
  levels: LiquidationLevel[];
}

/** Debt that would be liquidated at each price level below the oracle price at `step`. */
export function liquidationMap(
  run: Pick<RunView, 'triggerHistogram' | 'series'>,
  step: number,
  depth = 0.5,
): LiquidationMap {
  const h = run.triggerHistogram;
  const oracle = run.series.oracle[step] ?? h.initialPrice;
  const floor = oracle * (1 - depth);
  const base = step * h.buckets;
  let now = 0;
  const levels: LiquidationLevel[] = [];
  for (let b = h.buckets - 1; b >= 0; b--) {
    const price = bucketMidPrice(h, b);
    const debt = h.debtUsd[base + b] ?? 0;
    const accounts = h.counts[base + b] ?? 0;
    if (price >= oracle) {
      now += debt;
      continue;
    }
    if (price < floor) break;
    levels.push({ priceUsd: price, accounts, debtUsd: debt, cumulativeDebtUsd: 0 });
  }
  let cum = 0;
  for (const l of levels) {
    cum += l.debtUsd;
    l.cumulativeDebtUsd = cum;
  }
  return { oracleUsd: oracle, liquidatableNowUsd: now, levels };
}
