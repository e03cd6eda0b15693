/**
 * Health of every account (MODEL.md §7 step 4): the oracle price at which each account is called and
 * liquidated, the two trigger indexes that hand the phases only the accounts a price has crossed,
 * and the health histogram (accounts and debt per trigger-price bucket) the reports map.
 *
 * Owner of the trigger columns, the indexes and the histogram. Every change of an account's
 * collateral or debt is followed by `retrigger(i)`, which keeps all of them exact.
 */
import { FRESH_COLUMNS } from '../buffer-pool.ts';
import type { Columns } from '../buffer-pool.ts';
import type { Accounts } from '../accounts.ts';
import type { PopulationHelper, TriggerTask } from '../helper-tasks.ts';
import { helperFrom, shareRows } from '../helper-tasks.ts';
import { noteChanged, STATUS_ACTIVE } from '../accounts.ts';
import { fileBuckets } from '../bucket-filing.ts';
import { BucketTriggerIndex, createTriggerIndex, HeapTriggerIndex } from '../trigger-index.ts';
import type { TriggerIndex, TriggerIndexKind } from '../trigger-index.ts';
import { HIST_BUCKETS, HIST_LOG_HI, HIST_LOG_LO } from './types.ts';

export interface HealthRules {
  /** Liquidation and call ratios of the design (collateral value / debt). */
  liquidationRatio: number;
  callRatio: number;
  /** Perpetual longs margined in the asset itself (their trigger is computed differently). */
  sameAssetPerps: boolean;
  /** Maintenance margin of a perpetual, 1 − 1/liquidationRatio. */
  maintenance: number;
  /** Price of a collateral unit at the start, USD. */
  initialPrice: number;
}

/**
 * A mechanism's own liquidation rule (soft liquidation: health from the bands, not from the price):
 * the oracle price at or below which account i is liquidatable (0: no price alone; Infinity: any).
 */
export interface TriggerRule {
  liquidationTrigger(i: number, c: number, d: number): number;
}

/** Runs a {@link TriggerTask}: the same values, to the bit, as `retrigger` of each row. Pure. */
export function setTriggers(task: TriggerTask): void {
  const { collateral, debt, status, liqTrigger, callTrigger, logLiqTrigger, histBucket, histDebt } = task;
  const { liquidationRatio: LR, callRatio: CR, logP0, histScale, counts, debtUsd } = task;
  for (let i = task.from; i < task.to; i++) {
    const c = collateral[i]!;
    const d = debt[i]!;
    const lt = c > 0 ? (d * LR) / c : d > 0 ? Infinity : 0;
    liqTrigger[i] = lt;
    callTrigger[i] = c > 0 ? (d * CR) / c : d > 0 ? Infinity : 0;
    const log = Math.log(lt);
    logLiqTrigger[i] = log;
    if (status[i] !== STATUS_ACTIVE || d <= 0 || c <= 0) {
      histBucket[i] = -1;
      continue;
    }
    const b = histBucketOf(log, logP0, histScale);
    histBucket[i] = b;
    const rounded = Math.round(d);
    histDebt[i] = rounded;
    counts[b]!++;
    debtUsd[b]! += rounded;
  }
}

/** The histogram bucket of a liquidation trigger whose log is `log` (clamped to the first and last). */
function histBucketOf(log: number, logP0: number, histScale: number): number {
  const b = Math.floor((log - logP0 - HIST_LOG_LO) * histScale);
  return b < 0 ? 0 : b >= HIST_BUCKETS ? HIST_BUCKETS - 1 : b;
}

/** Is the column in memory another thread can write (a population helper's)? */
function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/** What AccountHealth tells the accounts waiting for gas (waiting-for-gas.ts). */
export interface WaitingAccounts {
  /** Account i's liquidation trigger changed. */
  moved(i: number): void;
  readonly memoryBytes: number;
}

/** Below this total debt (USD) the histogram's sums of whole dollars are exact in any order. */
const EXACT_SUM_USD = 2 ** 52;

export class AccountHealth {
  /** Oracle price (× the margin query factor) at or below which each account is liquidatable / called. */
  readonly liqTrigger: Float64Array;
  readonly callTrigger: Float64Array;
  /** log(liquidation trigger), shared by the histogram and both indexes (log call = log liq + log(CR/LR)). */
  readonly logLiqTrigger: Float64Array;
  readonly liqIndex: TriggerIndex;
  readonly callIndex: TriggerIndex;
  /** Current histogram: accounts and debt (whole USD) per trigger bucket. */
  readonly histCounts = new Int32Array(HIST_BUCKETS);
  readonly histDebtUsd = new Float64Array(HIST_BUCKETS);
  private readonly histBucket: Int16Array;
  private readonly histDebt: Float64Array;
  private readonly histScale = HIST_BUCKETS / (HIST_LOG_HI - HIST_LOG_LO);
  private readonly logP0: number;
  private indexed = false;
  private rule: TriggerRule | null = null;
  /** The accounts waiting for gas (waiting-for-gas.ts), kept in take order: told of trigger changes. */
  private waiting: WaitingAccounts | null = null;
  private readonly indexKind: TriggerIndexKind;
  private readonly priceRange: [number, number];

  constructor(
    private readonly acc: Accounts,
    private readonly rules: HealthRules,
    indexKind: TriggerIndexKind,
    columns: Columns = FRESH_COLUMNS,
  ) {
    const N = acc.count;
    const f64 = (): Float64Array => columns.f64(N);
    this.liqTrigger = f64();
    this.callTrigger = f64();
    this.logLiqTrigger = f64();
    this.histBucket = columns.i16(N).fill(-1);
    this.histDebt = f64();
    this.logP0 = Math.log(rules.initialPrice);
    const priceRange: [number, number] = [rules.initialPrice / 1000, rules.initialPrice * 1000];
    this.indexKind = indexKind;
    this.priceRange = priceRange;
    this.liqIndex = this.newLiqIndex();
    this.callIndex = createTriggerIndex(indexKind, this.callTrigger, priceRange, {
      log: this.logLiqTrigger,
      shift: Math.log(rules.callRatio / rules.liquidationRatio),
    });
  }

  /** `waiting` is told when a waiting account's liquidation trigger changes. */
  watchWaiting(waiting: WaitingAccounts): void {
    this.waiting = waiting;
  }

  private newLiqIndex(): TriggerIndex {
    return createTriggerIndex(this.indexKind, this.liqTrigger, this.priceRange, {
      log: this.logLiqTrigger,
      shift: 0,
    });
  }

  /** The mechanism's liquidation rule replaces the ratio's (callers retrigger the accounts after). */
  useRule(rule: TriggerRule): void {
    this.rule = rule;
  }

  /**
   * Files the indebted accounts (`members`) in both indexes, once their triggers are set. With a
   * `helper` (a large population, in shared memory) the helper files the call index while this
   * thread files the liquidation index; the same lists either way.
   */
  indexAll(members: Uint32Array, helper: PopulationHelper | null = null): void {
    this.indexed = true;
    const { liqIndex, callIndex } = this;
    if (
      liqIndex instanceof BucketTriggerIndex &&
      callIndex instanceof BucketTriggerIndex &&
      helper !== null
    ) {
      const theirs =
        members.length >= helper.minAccounts && isShared(members) && isShared(this.logLiqTrigger)
          ? callIndex.filingTask(members, (bytes) => helper.shared(bytes))
          : null;
      if (theirs !== null) {
        helper.start(theirs);
        liqIndex.addAll(members);
        if (!helper.finish()) fileBuckets(theirs);
        callIndex.adopt(theirs);
        return;
      }
    }
    if (
      (liqIndex instanceof HeapTriggerIndex && callIndex instanceof HeapTriggerIndex) ||
      (liqIndex instanceof BucketTriggerIndex && callIndex instanceof BucketTriggerIndex)
    ) {
      liqIndex.addAll(members);
      callIndex.addAll(members);
    } else {
      for (let j = 0; j < members.length; j++) {
        liqIndex.add(members[j]!);
        callIndex.add(members[j]!);
      }
    }
  }

  /**
   * Every account's first triggers and histogram bucket, before any is filed: `retrigger(i)` for
   * each. With a `helper` (and shared columns: a large population drawn with it), the helper sets
   * the later rows (`CALLER_SHARE`) while this thread sets the first, and the two histograms are
   * added (whole dollars, exact in any order below 2^52 in total); same values either way.
   */
  initAll(helper: PopulationHelper | null, totalDebtUsd: number): void {
    const acc = this.acc;
    const n = acc.count;
    const split = helperFrom('triggers', n);
    if (
      helper === null ||
      n < helper.minAccounts ||
      this.indexed ||
      this.rule !== null ||
      this.rules.sameAssetPerps ||
      acc.changes ||
      !(totalDebtUsd + n < EXACT_SUM_USD) ||
      ![acc.collateral, acc.debt, acc.status, this.liqTrigger, this.callTrigger].every(isShared) ||
      ![this.logLiqTrigger, this.histBucket, this.histDebt].every(isShared)
    ) {
      for (let i = 0; i < n; i++) this.retrigger(i);
      return;
    }
    const task = (from: number, to: number, counts: Int32Array, debtUsd: Float64Array): TriggerTask => ({
      kind: 'triggers',
      from,
      to,
      collateral: acc.collateral,
      debt: acc.debt,
      status: acc.status,
      liquidationRatio: this.rules.liquidationRatio,
      callRatio: this.rules.callRatio,
      logP0: this.logP0,
      histScale: this.histScale,
      liqTrigger: this.liqTrigger,
      callTrigger: this.callTrigger,
      logLiqTrigger: this.logLiqTrigger,
      histBucket: this.histBucket,
      histDebt: this.histDebt,
      counts,
      debtUsd,
    });
    const theirs = task(
      split,
      n,
      new Int32Array(helper.shared(4 * HIST_BUCKETS)),
      new Float64Array(helper.shared(8 * HIST_BUCKETS)),
    );
    shareRows(helper, task(0, split, this.histCounts, this.histDebtUsd), theirs, setTriggers);
    for (let b = 0; b < HIST_BUCKETS; b++) {
      this.histCounts[b]! += theirs.counts[b]!;
      this.histDebtUsd[b]! += theirs.debtUsd[b]!;
    }
  }

  /** Account i's collateral or debt changed: recompute its triggers, histogram bucket and index entries. */
  retrigger(i: number): void {
    noteChanged(this.acc, i);
    const c = this.acc.collateral[i]!;
    const d = this.acc.debt[i]!;
    const { liquidationRatio: LR, callRatio: CR } = this.rules;
    let lt: number;
    let ct: number;
    if (this.rule) {
      lt = this.rule.liquidationTrigger(i, c, d);
      ct = lt;
    } else if (this.rules.sameAssetPerps) {
      // A long of size d/P₀ margined with (c − size) units: equity c·P − d below mm·size·P.
      const room = c - (this.rules.maintenance * d) / this.rules.initialPrice;
      lt = room > 0 ? d / room : d > 0 ? Infinity : 0;
      ct = (lt * CR) / LR;
    } else {
      lt = c > 0 ? (d * LR) / c : d > 0 ? Infinity : 0;
      ct = c > 0 ? (d * CR) / c : d > 0 ? Infinity : 0;
    }
    // Unchanged triggers (and so unchanged logs and buckets): the indexes' entries stay valid.
    const moved = lt !== this.liqTrigger[i] || ct !== this.callTrigger[i];
    this.liqTrigger[i] = lt;
    this.callTrigger[i] = ct;
    this.logLiqTrigger[i] = Math.log(lt);
    this.setHist(i);
    if (this.indexed && moved) {
      this.liqIndex.update(i);
      this.callIndex.update(i);
      this.waiting?.moved(i);
    }
  }

  /**
   * The straightforward reference: the histogram computed from every account into `counts` and
   * `debtUsd` (the indexed run keeps `histCounts`/`histDebtUsd` up to date incrementally; both must
   * agree exactly).
   */
  scanHistogram(counts: Int32Array, debtUsd: Float64Array): void {
    const acc = this.acc;
    counts.fill(0);
    debtUsd.fill(0);
    for (let i = 0; i < acc.count; i++) {
      if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0 || acc.collateral[i]! <= 0) continue;
      const b = this.bucketOf(i);
      counts[b]!++;
      debtUsd[b]! += Math.round(acc.debt[i]!);
    }
  }

  /** Index and histogram memory, bytes. */
  get memoryBytes(): number {
    return this.liqIndex.memoryBytes + this.callIndex.memoryBytes + (this.waiting?.memoryBytes ?? 0);
  }

  private bucketOf(i: number): number {
    return histBucketOf(this.logLiqTrigger[i]!, this.logP0, this.histScale);
  }

  private setHist(i: number): void {
    const acc = this.acc;
    const old = this.histBucket[i]!;
    if (old >= 0) {
      this.histCounts[old]!--;
      this.histDebtUsd[old]! -= this.histDebt[i]!;
    }
    if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0 || acc.collateral[i]! <= 0) {
      this.histBucket[i] = -1;
      return;
    }
    const b = this.bucketOf(i);
    this.histBucket[i] = b;
    this.histDebt[i] = Math.round(acc.debt[i]!);
    this.histCounts[b]!++;
    this.histDebtUsd[b]! += this.histDebt[i]!;
  }
}
