/**
 * What happened in the current step, counted by the phases as they act and read by the reporters
 * (series and event log) in phase 9. Reset when a step begins; never read by a phase to decide anything.
 */
import { asDoubles } from '../double-fields.ts';

/** The fields that hold fractions (stored as doubles from the start: double-fields.ts). */
const DOUBLE_FIELDS = [
  'kickedUnits',
  'kickedUsd',
  'fundAfterTriggers',
  'zeroBidUnits',
  'auctionBadDebtUsd',
  'boughtUnits',
] as const;

export class StepTally {
  /** Phase 3: the circuit breaker tripped or reset this step. */
  breakerChange: 'tripped' | 'reset' | null = null;
  // Phase 4: margin calls.
  callsIssued = 0;
  callsAnswered = 0;
  topUps = 0;
  deleverages = 0;
  givenUp = 0;
  // Phase 5: liquidations (kicks: liquidation actions; units and market value of the collateral).
  kicks = 0;
  kickedUnits = 0;
  kickedUsd = 0;
  /** Accounts liquidated for the first time. */
  newAccounts = 0;
  /** Accounts the trigger index released, and how many waited at the end of the phase. */
  liquidatable = 0;
  deferredAfterTriggers = 0;
  /** Accounts keepers passed over this step for their gas (waiting-for-gas.ts): they wait. */
  waitingForGas = 0;
  /** Insurance fund after the liquidations, before the fills settle (USD). */
  fundAfterTriggers = 0;
  shortsLiquidated = 0;
  // Phase 5b: auctions.
  auctionsSettled = 0;
  zeroBids = 0;
  zeroBidUnits = 0;
  /** Bad debt realised by auctions settled this step, USD. */
  auctionBadDebtUsd = 0;
  // Phase 7: units sold per source (FLOW_SOURCES order, the options layer's included) and bought back.
  readonly flowUnits = new Float64Array(7);
  boughtUnits = 0;

  constructor() {
    asDoubles(this, DOUBLE_FIELDS);
  }

  reset(): void {
    this.breakerChange = null;
    this.callsIssued = 0;
    this.callsAnswered = 0;
    this.topUps = 0;
    this.deleverages = 0;
    this.givenUp = 0;
    this.kicks = 0;
    this.kickedUnits = 0;
    this.kickedUsd = 0;
    this.newAccounts = 0;
    this.liquidatable = 0;
    this.deferredAfterTriggers = 0;
    this.waitingForGas = 0;
    this.fundAfterTriggers = 0;
    this.shortsLiquidated = 0;
    this.auctionsSettled = 0;
    this.zeroBids = 0;
    this.zeroBidUnits = 0;
    this.auctionBadDebtUsd = 0;
  }
}
