/** How a stability pool or a backstop vault sells what it took over: a half-life share per step, within the liquidity cap. */
import { SRC_BACKSTOP } from '../orders.ts';
import type { World } from '../world.ts';

/** Share of a holding sold per step for a half-life of `halfLifeSeconds`. */
export function sellFraction(stepSeconds: number, halfLifeSeconds: number): number {
  return 1 - Math.pow(0.5, stepSeconds / halfLifeSeconds);
}

/**
 * Queues this step's sale from a backstop holding `held` units, owner `who`: its half-life share
 * (`fraction`), all of it when only dust would be left, within the liquidity cap. Returns the units sold.
 */
export function sellOff(w: World, held: number, fraction: number, who: number): number {
  if (held <= 0) return 0;
  const { totals, modifiers, now } = w;
  let u = held * fraction;
  if (held - u < 1e-9 * Math.max(1, totals.initialCollateral)) u = held;
  if (modifiers.capUsd !== Infinity)
    u = Math.min(u, Math.max(0, (modifiers.capUsd - modifiers.usedUsd) / now.ref));
  if (u <= 0) return 0;
  totals.collateralOut += u;
  modifiers.usedUsd += u * now.ref;
  w.orders.push(SRC_BACKSTOP, who, u, 0);
  return u;
}
