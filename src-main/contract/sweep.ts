/**
 * The sweep part of the contract: the view types of a sweep's report as the renderer receives them.
 * Pure TypeScript: no Node, no DOM.
 */

/** Distribution of one metric over a design point's runs (upper tail = worse). */
export interface MetricStatsView {
  n: number;
  mean: number;
  min: number;
  max: number;
  p10: number;
  p50: number;
  p90: number;
  var95: number;
  var99: number;
  es1: number;
  es025: number;
}

export interface ShockOutcomeView {
  badDebtShare: number;
  amplification: number;
}

export type ThresholdView =
  | {
      kind: 'found';
      shock: number;
      bracket: { lo: number; hi: number };
      below: ShockOutcomeView;
      above: ShockOutcomeView;
    }
  | { kind: 'below'; at: ShockOutcomeView }
  | { kind: 'above'; at: ShockOutcomeView };

export interface SweepPointView {
  index: number;
  label: string;
  scenario: string;
  design: string;
  values: unknown[];
  runs: number;
  stats: Record<string, MetricStatsView | undefined>;
  larUsd: number | null;
  efficiency: number | null;
  tailBadDebtUsd: number | null;
  dominated: boolean;
  threshold: ThresholdView | null;
}

export interface SweepMetaView {
  id: string;
  name: string;
  engineVersion: string;
  gridRuns: number;
  gridDone: number;
  thresholdRuns: number;
  status: 'running' | 'stopped' | 'done' | 'failed';
  error: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface SweepReportView {
  sweep: SweepMetaView;
  /** The protocol whose design was varied, on a crash with several protocols (else null). */
  protocol: string | null;
  metrics: string[];
  axes: string[];
  points: SweepPointView[];
  tornado: {
    metric: string;
    bars: { axis: string; low: number; high: number; swing: number; lowLabel: string; highLabel: string }[];
  };
  threshold: {
    badDebtShare: number;
    amplification: number;
    tolerance: number;
    from: number;
    to: number;
  } | null;
  /** Mean bad debt per point at each grid shock (the threshold chart's curves). */
  shockCurves: { point: number; shocks: number[]; meanBadDebtUsd: number[] }[];
  notes: string[];
  /** Whether this sweep is running in this app now (can be stopped). */
  active: boolean;
}

export interface SweepEstimateView {
  points: number;
  gridRuns: number;
  seconds: number;
  memoryBytes: number;
  workers: number;
  needsConfirmation: boolean;
}

/** A 10–90% band over seeds of a design's simulated price on a scenario (from finished sweeps). */
export interface SeedBandView {
  sweepId: string;
  seeds: number;
  /** Fractions of the run (0…1) at which the band is sampled. */
  at: number[];
  p10: number[];
  p50: number[];
  p90: number[];
  badDebtUsd: { p10: number; p50: number; p90: number };
}
