/**
 * The step's orders (MODEL.md §7 steps 5–8): every sale queued this step, by source and owner, filled
 * together at the step's average fill price and settled to its owner. Owner: the step (cleared when a
 * step begins); mechanisms, calls and modifiers push, impact reads the totals, settlement reads the rest.
 */

import { FloatList, IntList } from '../id-list.ts';

/** Sources of flow, indices into `sourceUnits` (the order of FLOW_SOURCES). */
export const SRC_LIQUIDATION = 0;
export const SRC_AUCTION = 1;
export const SRC_DELEVERAGE = 2;
export const SRC_BACKSTOP = 3;
export const SRC_HEDGING = 4;
export const SRC_INSURANCE = 5;
/** Arbitrageurs trading against soft-liquidation bands (LLAMMA): sales as the price falls, purchases as it rises. */
export const SRC_SOFT = 6;

/** Owners of an order that are not keepers (≥ 0) or accounts: nobody (proceeds go nowhere). */
export const WHO_NONE = -1;
/** The stability pool selling what it absorbed. */
export const WHO_POOL = -2;
/** The backstop vault unwinding what it took over. */
export const WHO_VAULT = -3;
/** Arbitrageurs against soft-liquidation bands (mechanisms/llamma.ts). */
export const WHO_BANDS = -4;
/** Exchange closes settle against the account's debt: their owner is −(account + 10). */
export const WHO_CLOSE_BASE = -10;

export class StepOrders {
  readonly kind = new IntList();
  /** Keeper index (≥ 0), account (deleveraging), or a WHO_* owner. */
  readonly who = new IntList();
  /** Units of the asset to sell. */
  readonly units = new FloatList();
  /** Debt an exchange close settles against, USD (0 for other orders; −1: a partial close). */
  readonly debt = new FloatList();
  /** Units per source this step, the options layer's trades included. */
  readonly sourceUnits = new Float64Array(7);
  /** Liquidated shorts bought back this step, and how many units each. */
  readonly shortBuyWho = new IntList();
  readonly shortBuyUnits = new FloatList();

  push(kind: number, who: number, units: number, debt: number): void {
    this.kind.push(kind);
    this.who.push(who);
    this.units.push(units);
    this.debt.push(debt);
    this.sourceUnits[kind]! += units;
  }

  /** Units bought back to close liquidated shorts this step. */
  boughtUnits(): number {
    let bought = 0;
    const u = this.shortBuyUnits;
    for (let k = 0; k < u.size; k++) bought += u.items[k]!;
    return bought;
  }

  /** The net sale of the step: every source, less `boughtUnits` (the short buy-backs). */
  netUnits(boughtUnits: number): number {
    const s = this.sourceUnits;
    return s[0]! + s[1]! + s[2]! + s[3]! + s[4]! + s[5]! + s[6]! - boughtUnits;
  }

  clear(): void {
    this.kind.clear();
    this.who.clear();
    this.units.clear();
    this.debt.clear();
    this.sourceUnits.fill(0);
    this.shortBuyWho.clear();
    this.shortBuyUnits.clear();
  }
}
