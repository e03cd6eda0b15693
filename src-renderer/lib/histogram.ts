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

const extents = new WeakMap<object, { accounts: number; debtUsd: number }>();

/**
 * The tallest health bar of the whole run, in accounts and in debt: the health chart's fixed y
 * axis, so stepping never rescales it (and a step needs no layout).
 */
export function healthExtent(run: Pick<RunView, 'triggerHistogram' | 'series' | 'steps'>): {
  accounts: number;
  debtUsd: number;
} {
  const hit = extents.get(run);
  if (hit) return hit;
  let accounts = 0;
  let debtUsd = 0;
  for (let t = 0; t < run.steps; t++) {
    for (const bin of healthDistribution(run, t)) {
      accounts = Math.max(accounts, bin.accounts);
      debtUsd = Math.max(debtUsd, bin.debtUsd);
    }
  }
  const extent = { accounts, debtUsd };
  extents.set(run, extent);
  return extent;
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

export interface LadderRung {
  /** The rung covers a further fall of the oracle price from `fallFrom` to `fallTo` (0.04 = 4%). */
  fallFrom: number;
  fallTo: number;
  debtUsd: number;
  accounts: number;
  /** Debt liquidated if the oracle fell from the cursor to the bottom of this rung, USD. */
  cumulativeDebtUsd: number;
}

export interface LiquidationLadder {
  oracleUsd: number;
  liquidatableNowUsd: number;
  rungs: LadderRung[];
}

/**
 * The liquidation map in `rungs` equal steps of further fall from the oracle price at `step`, down
 * to a fall of `depth`: the same debt as `liquidationMap`, on an axis that does not move as the
 * cursor does (so a step redraws bars instead of rebuilding the chart).
 */
export function liquidationLadder(
  run: Pick<RunView, 'triggerHistogram' | 'series'>,
  step: number,
  depth: number,
  rungs: number,
): LiquidationLadder {
  const map = liquidationMap(run, step, depth);
  const width = depth / rungs;
  const out: LadderRung[] = Array.from({ length: rungs }, (_, k) => ({
    fallFrom: k * width,
    fallTo: (k + 1) * width,
    debtUsd: 0,
    accounts: 0,
    cumulativeDebtUsd: 0,
  }));
  for (const level of map.levels) {
    const fall = 1 - level.priceUsd / map.oracleUsd;
    const k = Math.min(rungs - 1, Math.max(0, Math.floor(fall / width)));
    out[k]!.debtUsd += level.debtUsd;
    out[k]!.accounts += level.accounts;
  }
  let cum = 0;
  for (const r of out) {
    cum += r.debtUsd;
    r.cumulativeDebtUsd = cum;
  }
  return { oracleUsd: map.oracleUsd, liquidatableNowUsd: map.liquidatableNowUsd, rungs: out };
}

const ladderExtents = new WeakMap<object, Map<string, { rungUsd: number; totalUsd: number }>>();

/** The largest rung and the largest total of the ladder over the whole run (fixed axes). */
export function ladderExtent(
  run: Pick<RunView, 'triggerHistogram' | 'series' | 'steps'>,
  depth: number,
  rungs: number,
): { rungUsd: number; totalUsd: number } {
  const key = `${depth}/${rungs}`;
  let byKey = ladderExtents.get(run);
  const hit = byKey?.get(key);
  if (hit) return hit;
  let rungUsd = 0;
  let totalUsd = 0;
  for (let t = 0; t < run.steps; t++) {
    const l = liquidationLadder(run, t, depth, rungs);
    for (const r of l.rungs) rungUsd = Math.max(rungUsd, r.debtUsd);
    totalUsd = Math.max(totalUsd, l.rungs.at(-1)?.cumulativeDebtUsd ?? 0);
  }
  const extent = { rungUsd, totalUsd };
  if (!byKey) ladderExtents.set(run, (byKey = new Map()));
  byKey.set(key, extent);
  return extent;
}
