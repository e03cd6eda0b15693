/**
 * The one interface every liquidation mechanism implements (MODEL.md §6). A run has one mechanism,
 * built by the registry (registry.ts) from the design's `liquidation.kind`.
 *
 * What a mechanism needs from the step: the world (world.ts) — this step's prices and conditions
 * (`w.now`: oracle price, market price, gas, query factor), the accounts and their health
 * (`w.acc`, `w.health.retrigger`), the keepers (`w.keepers`, keeper-actions.ts), the modifiers
 * (`w.modifiers`: partial target, liquidity cap, tiered sales), the books (`w.totals`, `w.ledger`,
 * `w.fund`) and the perpetuals' short side (`w.shorts`). What it gives back:
 *  - flows: orders pushed to `w.orders` (or through `w.modifiers.sell`), filled in phase 7;
 *  - fills: `settle` receives the proceeds of its own orders in phase 8;
 *  - counts and events: `w.noteKick`, `w.logLiquidation` / `w.logAuction`, `w.tally`, and its own narration.
 * Every change a mechanism makes to an account's collateral, debt or status is followed by
 * `w.health.retrigger(i)`: it re-files the account in the trigger index and tells the reporters'
 * insolvency watch (`noteChanged`, accounts.ts), which reads only the accounts it was told about.
 *
 * The step calls, in order: `beginStep`, `capacity` and `liquidate` (phase 5, for each account the price has
 * crossed), `advance` (phase 5b, every step, whether or not anything was triggered: auctions bid and
 * settle here, and a mechanism that acts continuously — converting collateral gradually in price
 * bands, as crvUSD's LLAMMA does — acts on its accounts here), `release` (phase 7, before impact:
 * the sales of what it holds), `settle` (phase 8, each fill of its own orders) and `endStep`
 * (phase 8, after every fill). The reporters read its gauges and narration in phase 9.
 */
import type { AuctionBook } from '../../auction-book.ts';
import type { StepEvent } from '../types.ts';

/** What a mechanism holds, read by the series, the invariants and the narration. Zero where it holds nothing. */
export interface MechanismGauges {
  /** Collateral in open auctions, units, and the debt they still have to cover, USD. */
  readonly auctionLots: number;
  readonly auctionDebt: number;
  readonly openAuctions: number;
  /** Collateral a stability pool or backstop vault holds, units. */
  readonly backstopUnits: number;
  /** Stability pool deposits, USD. */
  readonly poolDepositsUsd: number;
  /** Debt of positions closed or taken over and not yet settled, USD. */
  readonly pendingDebtUsd: number;
  /** Accounts auto-deleveraged this step, and the notional at bankruptcy prices, USD. */
  readonly adlAccountsNow: number;
  readonly adlNotionalNowUsd: number;
  /** A backstop vault's equity (cash + holdings at `ref` − debt taken over), USD. */
  vaultEquityUsd(ref: number): number;
  /** The auctions it ran (their records go into the result), or null. */
  auctionBook(): AuctionBook | null;
  /**
   * What each account holds with the mechanism besides its collateral, USD (a soft liquidation's
   * stablecoin in the bands), or null: counted as the account's in its equity (insolvency).
   */
  heldForAccountsUsd(): Float64Array | null;
}

/** A narrated event of the step: kind and text (the step is the reporter's). */
export type Narration = (kind: StepEvent['kind'], text: string) => void;

export interface LiquidationMechanism extends MechanismGauges {
  /** Phase 5 start: a new step (per-step counts of the mechanism reset here). */
  beginStep(): void;
  /**
   * Phase 5: how many liquidatable accounts the mechanism can act on this step (its keepers'
   * transactions or kicks; Infinity when it needs none). The rest stay in the index.
   */
  capacity(): number;
  /**
   * Phase 5: acts on account i (its collateral and debt read from the accounts), selling or seizing
   * at most `w.modifiers.maxUnits(now.ref)` units of collateral (the liquidity cap) and adding the
   * USD it put on the market this step to `w.modifiers.usedUsd`. Returns 0 when it acted, −1 when
   * it could not and the account waits (deferred), or WAITS_FOR_GAS (market sales). (No double goes
   * in or out: a double passed to or returned from a call that is not inlined is boxed, a heap
   * number per liquidation.)
   */
  liquidate(i: number): number;
  /** Phase 5b, every step: advances what the mechanism holds (bids, takes, settlement; continuous conversion). */
  advance(): void;
  /** Phase 7, before impact: queues this step's sales of what it holds. */
  release(): void;
  /** Phase 8: one of its own orders (owner `who`, a WHO_* code) filled for `proceeds` USD; `debt` as queued. */
  settle(who: number, proceeds: number, debt: number): void;
  /** Phase 8, after every fill: end-of-step work (redistribution, the fund's state). */
  endStep(): void;
  /** Phase 9: the text of the step's liquidations event (only called when there were liquidation actions). */
  describeLiquidations(): string;
  /** Phase 9: the mechanism's own events of the step, after settlement (pool, fund, vault, ADL). */
  narrateSettlement(emit: Narration): void;
}

/** Defaults for what a mechanism does not have: nothing held, nothing to release, settle or narrate. */
export abstract class MechanismBase implements LiquidationMechanism {
  get auctionLots(): number {
    return 0;
  }
  heldForAccountsUsd(): Float64Array | null {
    return null;
  }
  get auctionDebt(): number {
    return 0;
  }
  get openAuctions(): number {
    return 0;
  }
  get backstopUnits(): number {
    return 0;
  }
  get poolDepositsUsd(): number {
    return 0;
  }
  get pendingDebtUsd(): number {
    return 0;
  }
  get adlAccountsNow(): number {
    return 0;
  }
  get adlNotionalNowUsd(): number {
    return 0;
  }
  vaultEquityUsd(_ref: number): number {
    return 0;
  }
  auctionBook(): AuctionBook | null {
    return null;
  }
  abstract capacity(): number;
  abstract liquidate(i: number): number;
  abstract describeLiquidations(): string;
  beginStep(): void {}
  advance(): void {}
  release(): void {}
  settle(_who: number, _proceeds: number, _debt: number): void {}
  endStep(): void {}
  narrateSettlement(_emit: Narration): void {}
}
