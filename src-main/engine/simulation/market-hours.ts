/**
 * Market hours: a scenario whose market closes (the NYSE in 1987: nights and weekends) marks the
 * steps outside its sessions STEP_CLOSED (observed-path.ts). On a closed step of the population's
 * asset nobody trades: no liquidation is triggered, no mechanism acts, no hedger or insurer sells,
 * and the responses to margin calls that fall due wait for the next step (and so for the open).
 * The price holds, so no flow and no impact happen while the market is shut.
 */
import { STEP_CLOSED } from '../observed-path.ts';
import type { Timeline } from '../timeline.ts';

/** Whether the population's asset's market is closed at step t. */
export function marketClosed(
  w: { readonly timeline: Timeline; readonly assetIdx: number },
  t: number,
): boolean {
  const kind = w.timeline.stepKind[w.assetIdx];
  return kind !== undefined && kind[t] === STEP_CLOSED;
}
