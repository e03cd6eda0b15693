/**
 * Accounts waiting for a keeper transaction worth their gas (MODEL.md §6, phase 5 of §7).
 *
 * Keepers' transactions come in two kinds (keepers.ts): capped ones, which land while the gas is
 * under the keeper's cap, and atomic ones (flash-loan bundles), which land at any gas but only where
 * the profit pays twice the gas. When no keeper with a capped transaction left would make a profit
 * on an account (their capped transactions are spent, priced out by gas, or their margins too wide
 * at this step's prices), only an atomic transaction could liquidate it; if none pays its gas
 * (typically a small account) keepers pass it over and liquidate the accounts behind it: it is not a
 * use of the step's capacity. It leaves the liquidation index and waits here, kept in the same order
 * (runs of the accounts passed over together, waiting-runs.ts). While a keeper with a capped
 * transaction left would profit, the step reads the index and the waiting accounts merged in that
 * order (such a keeper could take any account). Otherwise a waiting account
 * goes back only when the best atomic keeper's profit on the largest repayment it could need (its
 * debt's share, at most its collateral's worth) pays the gas.
 *
 * Both tests are conservative: an account may come back and fail again (it then waits again), but no
 * account a keeper could liquidate stays out. So the outcome is the one of trying every account every
 * step, which the bench's full scan does (bench/typed-scan.ts; its unit test holds the two identical).
 */
import { asDoubles } from '../double-fields.ts';
import type { Accounts } from '../accounts.ts';
import { IntList, sortsBefore } from '../id-list.ts';
import type { Keepers } from '../keepers.ts';
import type { TriggerIndex } from '../trigger-index.ts';
import type { AccountHealth } from './account-health.ts';
import type { StepView } from './step-view.ts';
import { RunStore, SizeRuns, TakeOrderRuns } from './waiting-runs.ts';

/** `liquidate` result: the account waits for gas (it did not use the step's capacity). */
export const WAITS_FOR_GAS = -2;

/** Relative slack of the release test (rounding of the profit, computed differently by the sale). */
const SLACK = 1e-9;
export class WaitingForGas {
  /**
   * The waiting accounts, in runs of the accounts filed together (waiting-runs.ts), twice: in take
   * order (`byTrigger`: liquidation trigger descending, then account — read with the liquidation
   * index while a keeper under its gas cap would profit) and by a bound of the repayment their sale
   * could need, each under one of two: `byRepay` under `repayBound` of its debt (USD), `byUnits`
   * under its collateral / (1 + bonus) (units; × the oracle price, USD). Either bounds the sale at
   * any price; an account is filed under the lower one at the price it is filed at. The keys are the
   * bounds when filed: while an account waits its debt and collateral only fall (a rise goes through
   * `grew`), so they stay bounds. Made on first use (most runs never pass an account over).
   */
  private byTrigger: TakeOrderRuns | null = null;
  private byRepay: SizeRuns | null = null;
  private byUnits: SizeRuns | null = null;
  private readonly runs = new RunStore();
  /** Each account's run in `byTrigger` (−1: not waiting) and in `byRepay` or `byUnits`. */
  private triggerRun = new Int32Array(0);
  private sizeRun = new Int32Array(0);
  /** The bound an account is filed under in `byRepay` or `byUnits`. */
  private sizeKey = new Float64Array(0);
  /** The sale that passed the accounts over: close factor and bonus (`mixed`: more than one seen). */
  private closeFactor = 0;
  private bonus = 0;
  private mixed = false;
  /** Accounts passed over this step, waiting from the end of the phase. */
  private readonly pending = new IntList();
  /** Scratch lists of a merged take and of a release. */
  private readonly fromMain = new IntList();
  private readonly fromWaiting = new IntList();
  /** Accounts that came here, over the run (each time one did), and those waiting now. */
  waited = 0;
  private count = 0;
  /** The oracle price of the last add or release (which bound is lower depends on it; either holds). */
  private lastPrice = 0;

  constructor(
    private readonly acc: Accounts,
    private readonly health: AccountHealth,
    /** Collateral value / debt below which an account is liquidatable (full repayment under 100 USD of it). */
    private readonly liquidationRatio: number,
  ) {
    health.watchWaiting(this);
    asDoubles(this, ['closeFactor', 'bonus', 'lastPrice']);
  }

  /** Accounts waiting now. */
  get size(): number {
    return this.count;
  }

  /**
   * An upper bound of the repayment a sale of an account owing `d` (or less) can need: the close
   * factor's share, or the whole debt where the account is small (market-sale.ts). Non-decreasing in
   * `d`, so it holds while the account's debt only falls.
   */
  repayBound(d: number, closeFactor: number): number {
    const whole = Math.max(100 / this.liquidationRatio, 1 / closeFactor);
    return Math.max(Math.min(d, whole), d * closeFactor);
  }

  /** Account i's two bounds now (for any sale seen, if several). */
  private repayOf(i: number): number {
    const d = this.acc.debt[i]!;
    return this.mixed ? d : this.repayBound(d, this.closeFactor);
  }

  private unitsOf(i: number): number {
    return this.acc.collateral[i]! / (this.mixed ? 1 : 1 + this.bonus);
  }

  /** Files account i under its lower bound at oracle price p (out of the other set). */
  private file(i: number, p: number): void {
    const repay = this.repayOf(i);
    const units = this.unitsOf(i);
    if (repay <= units * p) {
      this.sizeKey[i] = repay;
      this.byRepay!.file(i);
    } else {
      this.sizeKey[i] = units;
      this.byUnits!.file(i);
    }
  }

  /** Account i no longer waits: out of both orders. */
  private drop(i: number): void {
    if (this.triggerRun[i]! < 0) return;
    this.runs.leave(this.triggerRun, i);
    this.runs.leave(this.sizeRun, i);
    this.count--;
  }

  /** Is account i waiting now (filed since the end of the phase it was passed over in)? */
  isWaiting(i: number): boolean {
    return this.count > 0 && this.triggerRun[i]! >= 0;
  }

  /**
   * Account i was passed over for its gas (market-sale.ts) at oracle price `price`, by a sale with
   * this close factor and bonus: it waits, out of the liquidation index — from the end of the phase
   * (`flush`), so the step does not read it again.
   */
  add(i: number, closeFactor: number, bonus: number, price: number): void {
    this.waited++;
    this.lastPrice = price;
    if (this.byRepay === null) {
      const n = this.acc.count;
      this.triggerRun = new Int32Array(n).fill(-1);
      this.sizeRun = new Int32Array(n).fill(-1);
      this.sizeKey = new Float64Array(n);
      this.byTrigger = new TakeOrderRuns(this.runs, this.triggerRun, this.health.liqTrigger);
      this.byRepay = new SizeRuns(this.runs, this.sizeRun, this.sizeKey);
      this.byUnits = new SizeRuns(this.runs, this.sizeRun, this.sizeKey);
      this.closeFactor = closeFactor;
      this.bonus = bonus;
    } else if (!this.mixed && (closeFactor !== this.closeFactor || bonus !== this.bonus)) {
      // Another sale: bounds for any sale seen (the whole debt, the collateral without a bonus), once.
      this.mixed = true;
      for (let j = 0; j < this.acc.count; j++) if (this.triggerRun[j]! >= 0) this.file(j, price);
    }
    // The largest bonus seen: the most a keeper could gain per USD.
    if (bonus > this.bonus) this.bonus = bonus;
    this.pending.push(i);
  }

  /** End of phase 5: the accounts passed over this step start waiting. */
  flush(): void {
    const pending = this.pending;
    if (pending.size === 0) return;
    for (let e = 0; e < pending.size; e++) {
      const i = pending.items[e]!;
      if (this.triggerRun[i]! < 0) this.count++;
      this.byTrigger!.file(i);
      this.file(i, this.lastPrice);
    }
    pending.clear();
  }

  /** Account i is filed in the liquidation index again, or is selling: it no longer waits. */
  forget(i: number): void {
    if (this.count > 0) this.drop(i);
  }

  /** Account i's debt or collateral grew (a top-up, redistribution, collateral handed back): re-filed if it waits. */
  grew(i: number): void {
    if (this.count > 0 && this.triggerRun[i]! >= 0) this.file(i, this.lastPrice);
  }

  /** Account i's liquidation trigger changed (account-health.ts): re-filed in take order if it waits. */
  moved(i: number): void {
    if (this.count > 0 && this.triggerRun[i]! >= 0) this.byTrigger!.file(i);
  }

  /** Bytes of the columns made for waiting accounts (none until one waits). */
  get memoryBytes(): number {
    const runs =
      (this.byTrigger?.bytes ?? 0) +
      (this.byRepay?.bytes ?? 0) +
      (this.byUnits?.bytes ?? 0) +
      this.runs.bytes;
    return this.triggerRun.byteLength + this.sizeRun.byteLength + this.sizeKey.byteLength + runs;
  }

  /**
   * Transactions under their gas cap left to keepers that would make a profit at this step's prices
   * (0 when nothing waits). Such a keeper could liquidate any account: while there are any, the
   * waiting accounts are read with the index, in batches no larger (the step re-checks after each).
   */
  cappedTxThatProfit(keepers: Keepers, now: StepView): number {
    if (this.count === 0) return 0;
    const perUsd = ((1 + this.bonus) * now.ref) / now.price;
    let tx = 0;
    for (let k = 0; k < keepers.count; k++) {
      if (keepers.txLeft[k]! > 0 && perUsd * (1 - keepers.margin[k]!) - 1 + SLACK >= 0)
        tx += keepers.txLeft[k]!;
    }
    return tx;
  }

  /**
   * Phase 5, before the index is read: files back into `index` the waiting accounts whose largest
   * possible profit, at the best atomic keeper's margin, pays twice the gas. A sale repays at most
   * `repayBound` of the debt and at most the collateral's worth at the oracle price less the bonus; a
   * keeper's profit is the repayment × its gain per USD, (1 + bonus) · ref · (1 − margin) / price − 1.
   * Only the accounts whose filed bound could pay are read; one that cannot is filed again under its
   * bounds now.
   */
  release(keepers: Keepers, now: StepView, index: TriggerIndex): void {
    this.flush();
    if (this.count === 0) return;
    const { ref, price } = now;
    this.lastPrice = price;
    let best = Infinity;
    for (let k = 0; k < keepers.count; k++) {
      if (keepers.txLeftAtomic[k]! > 0 && keepers.margin[k]! < best) best = keepers.margin[k]!;
    }
    if (best === Infinity) return;
    const gain = ((1 + this.bonus) * ref * (1 - best)) / price - 1 + SLACK;
    if (!(gain > 0)) return;
    const need = 2 * now.gasUsdPerTx * (1 - SLACK);
    const read = this.fromWaiting;
    read.clear();
    this.byRepay!.takeAtLeast(need / gain, read);
    this.byUnits!.takeAtLeast(need / (gain * price), read);
    for (let e = 0; e < read.size; e++) {
      const i = read.items[e]!;
      if (Math.min(this.repayOf(i), this.unitsOf(i) * price) * gain >= need) {
        this.runs.leave(this.triggerRun, i);
        index.add(i);
        this.count--;
      } else this.file(i, price);
    }
  }

  /**
   * Appends to `out` up to `limit` accounts crossed at `price` from `index` and the waiting index
   * merged, in take order (trigger descending, then account); those read and not taken go back.
   */
  takeMerged(index: TriggerIndex, price: number, out: IntList, limit: number): void {
    const a = this.fromMain;
    const b = this.fromWaiting;
    a.clear();
    b.clear();
    const trig = this.health.liqTrigger;
    index.take(price, a, limit);
    // With `limit` from the index, a waiting account triggered below the last of them would come
    // after all of them: only those at or above it are read (the rest stay put instead of being read
    // and put back — most of the waiting index, at every merged take).
    const cutoff = a.size === limit ? Math.max(price, trig[a.items[limit - 1]!]!) : price;
    this.byTrigger!.peekMerged(cutoff, b, limit);
    let ja = 0;
    let jb = 0;
    for (let n = 0; n < limit && (ja < a.size || jb < b.size); n++) {
      const x = ja < a.size ? a.items[ja]! : -1;
      const y = jb < b.size ? b.items[jb]! : -1;
      const first = y < 0 || (x >= 0 && sortsBefore(x, y, trig));
      out.push(first ? x : y);
      if (first) ja++;
      else {
        jb++;
        this.drop(y);
      }
    }
    // Back, lowest first (the index keeps a bucket sorted when an entry goes in take order); the
    // waiting accounts read and not taken were never removed.
    for (let j = a.size - 1; j >= ja; j--) index.add(a.items[j]!);
  }
}
