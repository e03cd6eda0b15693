/**
 * A phase of the step (MODEL.md §7) and what it declares it reads and writes, by owner of the world's
 * state (world.ts). The declarations are checked by a test: a phase that writes an owner says so, and
 * the reporters (phase 9) write nothing but their own records.
 */
import type { World } from '../world.ts';

/** Owners of the world's state (world.ts), as phases name them. */
export type StateOwner =
  /** The exogenous path F and the pre-flow venue quotes (PathState). */
  | 'path'
  /** Venues' impact state and depth (AssetMarket). */
  | 'markets'
  /** Network gas this step (from the timeline) and keepers' budgets and capital. */
  | 'keepers'
  | 'oracle'
  /** The margin engine: requirement in force, circuit breaker (MarginState). */
  | 'margin'
  /** Account balances, status and calls (Accounts). */
  | 'accounts'
  /** Trigger prices, indexes and histogram (AccountHealth), and the deferred re-filings. */
  | 'health'
  /** What the liquidation mechanism holds: auctions, pool, vault, fund, short side. */
  | 'mechanism'
  /** Modifiers' state: grace clocks, the liquidity budget, TWAP slices. */
  | 'modifiers'
  /** The step's orders (StepOrders). */
  | 'orders'
  /** The derivatives layer: writers, dealers, insurers (options). */
  | 'derivatives'
  /** The run's books: totals, the shortfall waterfall, the liquidation log and its waves' counts. */
  | 'ledger'
  /** This step's prices and conditions (StepView). */
  | 'now'
  /** What happened this step, for the reporters (StepTally). */
  | 'tally';

export interface Phase {
  /** MODEL.md §7 number and name. */
  readonly name: string;
  readonly reads: readonly StateOwner[];
  readonly writes: readonly StateOwner[];
  run(w: World): void;
}
