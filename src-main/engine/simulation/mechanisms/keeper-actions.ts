/**
 * Keepers' transactions as the mechanisms spend them. A keeper's capped transactions land only under
 * its gas cap; an atomic action worth at least twice its gas (a take, a paid kick, a market-sale
 * liquidation) is sent at whatever gas it takes. Kicks (bite/bark, Liquity's liquidate) have their
 * own per-keeper budget.
 */
import { spendTx } from '../../keepers.ts';
import type { Keepers } from '../../keepers.ts';
import type { StepView } from '../step-view.ts';

/** Can keeper k act now? Capped transactions first; an atomic action worth twice its gas always can. */
export function useTx(keepers: Keepers, now: StepView, k: number, atomicProfitUsd: number): boolean {
  if (keepers.txLeft[k]! > 0) {
    spendTx(keepers, k);
    return true;
  }
  if (atomicProfitUsd >= 2 * now.gasUsdPerTx && keepers.txLeftAtomic[k]! > 0) {
    keepers.txLeftAtomic[k]!--;
    keepers.atomicTxTotal--;
    return true;
  }
  return false;
}

/** A kick needs a keeper whose transaction lands: under its gas cap, or any when the incentive pays twice the gas. */
export function takeKickTx(keepers: Keepers, now: StepView, incentiveUsd: number): boolean {
  const paid = incentiveUsd >= 2 * now.gasUsdPerTx;
  for (let k = 0; k < keepers.count; k++) {
    if (keepers.kicksLeft[k]! <= 0) continue;
    if (paid || now.gas <= keepers.gasCapGwei[k]!) {
      keepers.kicksLeft[k]!--;
      return true;
    }
  }
  return false;
}

/** Transactions left this step across all keepers, capped and atomic (the counters `useTx` keeps). */
export function txLeftTotal(keepers: Keepers): number {
  return keepers.cappedTxTotal + keepers.atomicTxTotal;
}

/** No keeper has a transaction left this step, capped or atomic: no bid, take or reset can land. */
export function noTxLeft(keepers: Keepers): boolean {
  return keepers.cappedTxTotal <= 0 && keepers.atomicTxTotal <= 0;
}

/** Kicks left this step across all keepers (`capped`: only keepers under their gas cap). */
export function kicksLeft(keepers: Keepers, gas: number, capped: boolean): number {
  let left = 0;
  for (let k = 0; k < keepers.count; k++)
    if (!capped || gas <= keepers.gasCapGwei[k]!) left += keepers.kicksLeft[k]!;
  return left;
}
