/**
 * One simulation pass of a design on an exogenous path: the public entry of the engine's step loop.
 * The pass lives in simulation/ (README.md there: the world, the step's phases, the mechanisms and
 * the reporters); this module is its stable import path.
 */
export { simulate } from './simulation/simulate.ts';
export {
  CancelledError,
  DEFAULT_INDEX,
  FLOW_SOURCES,
  HIST_BUCKETS,
  HIST_LOG_HI,
  HIST_LOG_LO,
  MIN_BID_USD,
} from './simulation/types.ts';
export type {
  AuctionRecord,
  FlowSource,
  LiquidationRecord,
  LiveState,
  OptionsReport,
  SimulationOptions,
  SimulationResult,
  StepEvent,
  StepSeries,
  Totals,
  TrackedAccount,
} from './simulation/types.ts';
// Kept for importers of the old path; new code imports ./format.ts.
export { fmtUnits, fmtUsd } from './format.ts';
