/** Shared wording of the mechanisms' liquidation events. */
import { fmtUnits, fmtUsd, plural } from '../../format.ts';
import type { World } from '../world.ts';

/** "<what>; oracle $X vs market $Y; k of n keepers can transact at g gwei" (keeper-run mechanisms). */
export function describeKeeperLiquidations(w: World, what: string): string {
  const { now, keepers } = w;
  return `${what}; oracle ${fmtUsd(now.price)} vs market ${fmtUsd(now.ref)}; ${now.activeKeepers} of ${keepers.count} keepers can transact at ${now.gas.toFixed(0)} gwei`;
}

/** "n <noun>s <verb> X ASSET ($Y)": the step's liquidation actions, their units and market value. */
export function countedUnits(w: World, noun: string, verb: string): string {
  const { tally, scenario } = w;
  return `${tally.kicks} ${plural(tally.kicks, noun)} ${verb} ${fmtUnits(tally.kickedUnits)} ${scenario.population.asset} (${fmtUsd(tally.kickedUsd)})`;
}
