/**
 * The population helper's contract (see {@link PopulationHelper}) and the tasks it runs: the rows of
 * a population it draws or scales (population.ts) and of the accounts' first triggers
 * (simulation/account-health.ts), and how a step is shared with it. A module of its own, so that
 * both sides and the helper's thread share it.
 */
import type { PopulationSpec } from './scenario.ts';

/**
 * The caller's share of each step's rows when a helper does the rest: a little more than half where
 * the helper's thread was measured slower at them (1 M Black Thursday, 2 cores: it shares a core with
 * the caller's compiler and collector threads; attributes ~20%, ratios and triggers ~40-55% slower
 * per row). The rows' values do not depend on the split.
 */
export const CALLER_SHARE: Readonly<Record<RowTask['kind'], number>> = {
  ratios: 0.58,
  attributes: 0.56,
  scale: 0.5,
  triggers: 0.6,
};

/** The first row of the helper's part of `n` rows for a task of this kind. */
export function helperFrom(kind: RowTask['kind'], n: number): number {
  return Math.round(n * CALLER_SHARE[kind]);
}

/**
 * One step shared with a helper: `theirs` (the later rows, or null when there is no
 * helper to give it to) is started on the helper, `mine` run here, then the caller waits for the
 * helper's rows — and runs them too when the helper could not. Same rows either way.
 */
export function shareRows<T extends HelperTask>(
  helper: PopulationHelper | null | undefined,
  mine: T,
  theirs: T | null,
  run: (task: T) => void,
): void {
  if (theirs !== null) helper!.start(theirs);
  run(mine);
  if (theirs !== null && !helper!.finish()) run(theirs);
}

/**
 * Another thread that draws part of a population while the caller draws the rest (the CLI's is a
 * worker: services/population-helper.ts). The engine stays pure and single-threaded: it hands the
 * helper a task — a range of rows, the generator's state at the first of them, and the columns to
 * write, which are shared memory from `shared` — and carries on with its own rows. Every row comes
 * out byte-identical to drawing it here (the generator is positioned exactly), so a run's output
 * does not depend on whether a helper was there.
 */
export interface PopulationHelper {
  /** Smallest population worth splitting: smaller ones are drawn by the caller alone. */
  readonly minAccounts: number;
  /** A zeroed buffer of `bytes` bytes both threads can read and write (a SharedArrayBuffer). */
  shared(bytes: number): ArrayBufferLike;
  /**
   * `buffer` (from `shared`) is read by neither thread any more: `shared` may hand it out again,
   * zeroed. The population's scratch columns come back this way and become the trigger columns, so
   * a helped run holds no more memory than one drawn alone (the helper's thread keeps views of them
   * until its own collector runs, so left to the collectors they would stay allocated).
   */
  release?(buffer: ArrayBufferLike): void;
  /** Starts drawing the task's rows elsewhere and returns at once. */
  start(task: HelperTask): void;
  /**
   * Waits for the task started last. False: the helper could not do it (it is gone, or timed out);
   * the caller then draws those rows itself.
   */
  finish(): boolean;
}

/**
 * A task for a {@link PopulationHelper}: a population's ratios, attributes or scaling, or its
 * accounts' first triggers (rows of a step it shares with the caller), or the first filing of a
 * trigger index (the call index's, while the caller files the liquidation index).
 */
export type HelperTask = RowTask | BucketTask;

/** The tasks that are rows of a step shared with the caller (`CALLER_SHARE`). */
export type RowTask = RatioTask | AttributeTask | ScaleTask | TriggerTask;

/** Rows `from`…`to − 1` of step 3 (population.ts `scaleRows`); the columns are the population's own. */
export interface ScaleTask {
  kind: 'scale';
  from: number;
  to: number;
  /** Total ordinary debt over the sum of the drawn ones. */
  scale: number;
  initialPrice: number;
  leverage: boolean;
  debt: Float64Array;
  whale: Int16Array;
  collateral: Float64Array;
  reserve: Float64Array;
  /** Each account's starting collateral ratio. */
  ratioOf: Float64Array;
}

/**
 * Draw-order rows `from`…`to − 1` of a population's collateral ratios (step 1; never a whale's) and
 * their logs, which order the accounts.
 */
export interface RatioTask {
  kind: 'ratios';
  from: number;
  to: number;
  /** The generator's state, `skip` uniforms before row `from`'s first (`Rng.state`). */
  state: Int32Array;
  skip: number;
  /** The histogram: cumulative weights, and each bin's lower and upper ratio. */
  cumulative: Float64Array;
  binFrom: Float64Array;
  binTo: Float64Array;
  /** Columns the rows are written to (shared with the caller). */
  ratios: Float64Array;
  logs: Float64Array;
  /** Written at the end: the least and greatest log of the rows, and the generator's state after them. */
  range: Float64Array;
  endState: Int32Array;
}

/** Rows `from`…`to − 1` of a population's attributes (everything but collateral), as drawn in step 2. */
export interface AttributeTask {
  kind: 'attributes';
  from: number;
  to: number;
  /** The generator's state, `skip` uniforms before row `from`'s first (`Rng.state`). */
  state: Int32Array;
  skip: number;
  /** The whales among the rows: row, whale number, row, whale number… by row. */
  whaleRows: number[];
  /** The whales' debts, USD, by whale number. */
  whaleDebtUsd: number[];
  response: PopulationSpec['response'];
  /** 1 / the Pareto α of ordinary debts. */
  invAlpha: number;
  /** The median response delay in steps. */
  delayMedianSteps: number;
  /** Columns the rows are written to (the population's own). */
  debt: Float64Array;
  whale: Int16Array;
  responseKind: Uint8Array;
  responseDelaySteps: Uint16Array;
  reserve: Float64Array;
  gasCapGwei: Float32Array;
}

/**
 * Rows `from`…`to − 1` of the accounts' first triggers and histogram buckets (what `retrigger` sets
 * for an account not yet in any bucket), with their histogram summed into `counts`/`debtUsd`: the
 * part of `AccountHealth.initAll` (simulation/account-health.ts) a population helper does. Columns are shared with the caller.
 */
export interface TriggerTask {
  kind: 'triggers';
  from: number;
  to: number;
  collateral: Float64Array;
  debt: Float64Array;
  status: Uint8Array;
  liquidationRatio: number;
  callRatio: number;
  logP0: number;
  histScale: number;
  liqTrigger: Float64Array;
  callTrigger: Float64Array;
  logLiqTrigger: Float64Array;
  histBucket: Int16Array;
  histDebt: Float64Array;
  counts: Int32Array;
  debtUsd: Float64Array;
}

/**
 * A bucket index's first filing of many accounts (bucket-filing.ts `fileBuckets`): each account's
 * bucket, and the accounts grouped by bucket in their order with room as `addAll` leaves it — what
 * `addAll` files, computed apart so that a helper files the call index while the caller files the
 * liquidation index. The out columns are shared with the caller, who adopts them
 * (`BucketTriggerIndex.adopt`).
 */
export interface BucketTask {
  kind: 'buckets';
  /** The accounts filed, in order. */
  members: ArrayLike<number>;
  /** Each account's trigger; log(trigger) of account i is log[i] + shift when `log` is given (the index's log keys). */
  trigger: Float64Array;
  log: Float64Array | null;
  shift: number;
  /** The index's buckets: bucket of a log key k is floor(k · scale) − offset, within 0…count − 1. */
  scale: number;
  offset: number;
  count: number;
  /** Out: each member's bucket (the other accounts' entries are left as they are). */
  filedIn: Int16Array;
  /** Out: bucket b's entries are storage[starts[b]] onwards, sizes[b] of them, with room to starts[b + 1]. */
  starts: Int32Array;
  sizes: Int32Array;
  storage: Int32Array;
}
