/**
 * One step of the simulation, as MODEL.md §7 orders it. Each phase is a module under phases/ that
 * declares what it reads and writes (phase.ts); the reporters (phase 9) observe the result.
 */
import { advanceMechanisms, triggerLiquidations } from './phases/liquidations.ts';
import { exogenousMove } from './phases/exogenous.ts';
import { healthAndCalls } from './phases/health-and-calls.ts';
import { hedgingFlows } from './phases/hedging.ts';
import { impactAndArbitrage } from './phases/impact.ts';
import { marginEngine } from './phases/margin-engine.ts';
import { updateOracles } from './phases/oracles.ts';
import type { Phase } from './phases/phase.ts';
import { settleFills } from './phases/settlement.ts';
import type { World } from './world.ts';

/** Phases 1–8 in order; phase 9 (recording) is the reporters' (simulate.ts). */
export const PIPELINE: readonly Phase[] = [
  exogenousMove, //       1. exogenous move F_t, transient impact decays, venue prices before flows
  updateOracles, //       2. oracles update
  marginEngine, //        3. margin engine: requirement in force, circuit breaker
  healthAndCalls, //      4. health of every account; margin calls issued; responses due executed
  triggerLiquidations, // 5. liquidations triggered (oracle price, grace) → each mechanism's actions
  advanceMechanisms, //   5b. what the mechanism holds moves on (auctions bid, take, settle)
  hedgingFlows, //        6. hedging flows (option dealers, portfolio insurers)
  impactAndArbitrage, //  7. net flow per venue → impact → new venue prices; arbitrage across venues
  settleFills, //         8. fills settle at their execution price; bad debt, funds, pools
];

/** Runs step t of the world's pass (phases 1–8). */
export function step(w: World, t: number): void {
  beginStep(w, t);
  for (const phase of PIPELINE) phase.run(w);
}

/** Step t begins: its time; the tallies of the step and the mechanism's per-step counts start at zero. */
export function beginStep(w: World, t: number): void {
  w.now.t = t;
  w.now.tSec = w.timeline.startSec + t * w.dt;
  w.tally.reset();
  w.mechanism.beginStep();
}
