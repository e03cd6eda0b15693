/**
 * Accounts waiting for a keeper transaction worth their gas (MODEL.md §6, phase 5 of §7).
 *
 * Keepers' transactions come in two kinds (keepers.ts): capped ones, which land while the gas is
 * under the keeper's cap, and atomic ones (flash-loan bundles), which land at any gas but only where
 * the profit pays twice the gas. When no keeper with a capped transaction left would make a profit
 * on an account (their capped transactions are spent, priced out by gas, or their margins too wide
 * at this step's prices), only an atomic transaction could liquidate it; if none pays its gas
 * (typically a small account) keepers pass it over and liquidate the accounts behind it: it is not a
 * use of the step's capacity. It leaves the liquidation index and waits here, in an index of its own
 * in the same order. While a keeper with a capped transaction left would profit, the step reads both
 * indexes merged in that order (such a keeper could take any account). Otherwise a waiting account
 * goes back only when the best atomic keeper's profit on the largest repayment it could need (its
 * debt's share, at most its collateral's worth) pays the gas.
 *
 * Both tests are conservative: an account may come back and fail again (it then waits again), but no
 * account a keeper could liquidate stays out. So the outcome is the one of trying every account every
 * step, which the bench's full scan does (bench/typed-scan.ts; its unit test holds the two identical).
 */
import type { Accounts } from '../accounts.ts';
import { IntList, sortsBefore } from '../id-list.ts';
import type { Keepers } from '../keepers.ts';
import { BucketTriggerIndex } from '../trigger-index.ts';
import type { TriggerIndex } from '../trigger-index.ts';
import type { AccountHealth } from './account-health.ts';
import type { StepView } from './step-view.ts';

/** `liquidate` result: the account waits for gas (it did not use the step's capacity). */
export const WAITS_FOR_GAS = -2;

/** Relative slack of the release test (rounding of the profit, computed differently by the sale). */
const SLACK = 1e-9;
export class WaitingForGas {
  /**
   * The waiting accounts, each filed under one of two bounds of the repayment its sale could need:
   * `byRepay` under `repayBound` of its debt (USD), `byUnits` under its collateral / (1 + bonus)
   * (units; × the oracle price, USD). Either bounds the sale at any price; an account is filed under
   * the lower one at the price it is filed at. The keys are the bounds when filed: while an account
   * waits its debt and collateral only fall (a rise goes through `grew`), so they stay bounds.
   * Made on first use (most runs never pass an account over).
   */
  private byRepay: BucketTriggerIndex | null = null;
  private byUnits: BucketTriggerIndex | null = null;
  private repayKey = new Float64Array(0);
  private unitsKey = new Float64Array(0);
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
  ) {}

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
      this.byUnits!.remove(i);
      this.repayKey[i] = repay;
      this.byRepay!.add(i);
    } else {
      this.byRepay!.remove(i);
      this.unitsKey[i] = units;
      this.byUnits!.add(i);
    }
  }

  /** Account i no longer waits: out of both sets. */
  private drop(i: number): void {
    if (this.waiting(i)) this.count--;
    this.byRepay!.remove(i);
    this.byUnits!.remove(i);
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
      this.repayKey = new Float64Array(n);
      this.unitsKey = new Float64Array(n);
      this.byRepay = new BucketTriggerIndex(this.repayKey, 1e-9, 1e13, undefined, 0.01);
      this.byUnits = new BucketTriggerIndex(this.unitsKey, 1e-12, 1e12, undefined, 0.01);
      this.closeFactor = closeFactor;
      this.bonus = bonus;
    } else if (!this.mixed && (closeFactor !== this.closeFactor || bonus !== this.bonus)) {
      // Another sale: bounds for any sale seen (the whole debt, the collateral without a bonus), once.
      this.mixed = true;
      for (let j = 0; j < this.acc.count; j++) if (this.waiting(j)) this.file(j, price);
    }
    // The largest bonus seen: the most a keeper could gain per USD.
    if (bonus > this.bonus) this.bonus = bonus;
    this.pending.push(i);
  }

  /** End of phase 5: the accounts passed over this step start waiting. */
  flush(): void {
    const pending = this.pending;
    if (pending.size === 0) return;
    const waitIdx = this.health.waitIndex();
    for (let e = 0; e < pending.size; e++) {
      const i = pending.items[e]!;
      waitIdx.add(i);
      if (!this.waiting(i)) this.count++;
      this.file(i, this.lastPrice);
    }
    pending.clear();
  }

  private waiting(i: number): boolean {
    return this.byRepay!.has(i) || this.byUnits!.has(i);
  }

  /** Account i is filed in the liquidation index again, or is selling: it no longer waits. */
  forget(i: number): void {
    if (this.count === 0) return;
    this.health.waitIndex().remove(i);
    this.drop(i);
  }

  /** Account i's debt or collateral grew (a top-up, redistribution, collateral handed back): re-filed if it waits. */
  grew(i: number): void {
    if (this.count > 0 && this.waiting(i)) this.file(i, this.lastPrice);
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
    this.byRepay!.take(need / gain, read);
    this.byUnits!.take(need / (gain * price), read);
    const waitIdx = this.health.waitIndex();
    for (let e = 0; e < read.size; e++) {
      const i = read.items[e]!;
      if (Math.min(this.repayOf(i), this.unitsOf(i) * price) * gain >= need) {
        waitIdx.remove(i);
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
    const waiting = this.health.waitIndex();
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
    waiting.take(cutoff, b, limit);
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
    // Back, lowest first (the index keeps a bucket sorted when an entry goes in take order).
    for (let j = a.size - 1; j >= ja; j--) index.add(a.items[j]!);
    for (let j = b.size - 1; j >= jb; j--) waiting.add(b.items[j]!);
  }
}
