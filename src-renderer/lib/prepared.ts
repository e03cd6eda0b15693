/**
 * Per-run chart data computed once when a run arrives (decimated series, prefix sums, markers,
 * fixed axis ranges), so a cursor move only slices. Cached by run object identity.
 */
import type { RunView } from './contract.ts';
import type { Decimated, Marker } from './series.ts';
import { binMarkers, binSizeFor, decimate, maxOf, minOf, prefixSums } from './series.ts';

/** Bins drawn for a full-length line: ≈ one per 2–3 pixels of a chart at 1280 px. */
export const LINE_BINS = 360;
/** Most bars in the flow chart over the whole run. */
export const FLOW_BARS = 100;
/** Bar widths offered, seconds: a bar is always a round stretch of clock time. */
const FLOW_BAR_SECONDS = [60, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400];

/** Steps per flow bar: the shortest round duration that keeps the run within FLOW_BARS bars. */
export function flowBinSteps(steps: number, stepSeconds: number): number {
  for (const sec of FLOW_BAR_SECONDS) {
    const bin = Math.max(1, Math.round(sec / stepSeconds));
    if (Math.ceil(steps / bin) <= FLOW_BARS) return bin;
  }
  return binSizeFor(steps, FLOW_BARS);
}

export interface PreparedRun {
  run: RunView;
  lineBin: number;
  observed: Decimated;
  fundamental: Decimated;
  price: Decimated;
  oracle: Decimated;
  venues: { name: string; values: number[]; d: Decimated }[];
  badDebt: Decimated;
  surplus: Decimated;
  debtAuction: Decimated;
  liquidationMarkers: Marker[];
  flowBin: number;
  flowPrefix: {
    liquidation: Float64Array;
    auction: Float64Array;
    deleverage: Float64Array;
    backstop: Float64Array;
    /** Signed: − = bought. */
    hedging: Float64Array;
    insurance: Float64Array;
    /** Soft liquidation (LLAMMA bands), signed. */
    soft: Float64Array;
  };
  /** Price axis range over every price-like series, USD. */
  priceMin: number;
  priceMax: number;
  shortfallMax: number;
  flowMax: number;
  /** Largest buying in a bar (≤ 0), for the flow chart's lower bound (hedgers and insurers buy). */
  flowMin: number;
}

const cache = new WeakMap<RunView, PreparedRun>();

/**
 * Tallest stack of a bar chart: per bin, positive sums stack upward and negative ones downward
 * (as chart.js stacks them); returns the highest top and the lowest bottom.
 */
function binnedExtent(prefix: Float64Array[], bin: number): { max: number; min: number } {
  const n = prefix[0]!.length - 1;
  let max = 0;
  let min = 0;
  for (let start = 0; start < n; start += bin) {
    const end = Math.min(n, start + bin);
    let up = 0;
    let down = 0;
    for (const p of prefix) {
      const v = p[end]! - p[start]!;
      if (v > 0) up += v;
      else down += v;
    }
    max = Math.max(max, up);
    min = Math.min(min, down);
  }
  return { max, min };
}

export function prepareRun(run: RunView): PreparedRun {
  const hit = cache.get(run);
  if (hit) return hit;
  const s = run.series;
  const lineBin = binSizeFor(run.steps, LINE_BINS);
  const flowBin = flowBinSteps(run.steps, run.stepSeconds);
  const flowPrefix = {
    liquidation: prefixSums(s.flows.liquidation),
    auction: prefixSums(s.flows.auction),
    deleverage: prefixSums(s.flows.deleverage),
    backstop: prefixSums(s.flows.backstop),
    hedging: prefixSums(s.flows.hedging),
    insurance: prefixSums(s.flows.insurance),
    soft: prefixSums(s.flows.soft),
  };
  const flowExtent = binnedExtent(
    [
      flowPrefix.liquidation,
      flowPrefix.auction,
      flowPrefix.deleverage,
      flowPrefix.backstop,
      ...(flowPrefix.hedging.length > 1 ? [flowPrefix.hedging] : []),
      ...(flowPrefix.insurance.length > 1 ? [flowPrefix.insurance] : []),
      ...(s.flows.soft.some((v) => v !== 0) ? [flowPrefix.soft] : []),
    ],
    flowBin,
  );
  const priceSeries = [s.observed, s.fundamental, s.price, s.oracle, ...s.venues.map((v) => v.price)];
  const prepared: PreparedRun = {
    run,
    lineBin,
    observed: decimate(s.observed, lineBin),
    fundamental: decimate(s.fundamental, lineBin),
    price: decimate(s.price, lineBin),
    oracle: decimate(s.oracle, lineBin),
    venues: s.venues.map((v) => ({ name: v.name, values: v.price, d: decimate(v.price, lineBin) })),
    badDebt: decimate(s.badDebtUsd, lineBin),
    surplus: decimate(s.surplusUsd, lineBin),
    debtAuction: decimate(s.debtAuctionUsd, lineBin),
    liquidationMarkers: binMarkers(s.liquidations, s.price, lineBin),
    flowBin,
    flowPrefix,
    priceMin: Math.min(...priceSeries.map((x) => minOf(x))),
    priceMax: Math.max(...priceSeries.map((x) => maxOf(x))),
    shortfallMax: Math.max(maxOf(s.badDebtUsd), maxOf(s.surplusUsd), maxOf(s.debtAuctionUsd)),
    flowMax: flowExtent.max,
    flowMin: flowExtent.min,
  };
  cache.set(run, prepared);
  return prepared;
}
