/**
 * Number formatting the hosts share with the engine's own narration (one definition, so a figure
 * reads the same in the event log, the CLI and the app).
 */
export { fmtUsd } from '../engine/format.ts';
export { fmtMoney } from '../scenarios/describe.ts';
