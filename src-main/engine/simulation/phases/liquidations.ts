/**
 * Phase 5: liquidations triggered on the oracle price → the mechanism acts.
 *
 * Keepers whose transactions land this step are set first (gas, capital returning from earlier
 * sales). Only as many accounts as the mechanism can act on leave the liquidation index (the rest wait
 * there); none while a pausing circuit breaker is tripped. An account keepers pass over (no keeper
 * under its gas cap would profit, no atomic transaction pays its gas) does not count against that
 * capacity: it waits out of the index (waiting-for-gas.ts) and the next account is read. Each goes
 * through the modifiers (grace, liquidity cap) to the mechanism (mechanisms/), which returns what it
 * put on the market. Shorts a rising price has pushed below maintenance are bought back. Then every
 * mechanism advances what it holds (5b: auctions' bids, takes and settlement).
 */
import { STATUS_ACTIVE } from '../../accounts.ts';
import { beginKeeperStep } from '../../keepers.ts';
import { marketClosed } from '../market-hours.ts';
import { WAITS_FOR_GAS } from '../waiting-for-gas.ts';
import type { World } from '../world.ts';
import type { Phase } from './phase.ts';

export const triggerLiquidations: Phase = {
  name: '5. liquidations triggered',
  reads: ['now', 'health', 'accounts', 'margin', 'keepers'],
  writes: ['keepers', 'now', 'accounts', 'health', 'mechanism', 'modifiers', 'orders', 'ledger', 'tally'],
  run(w: World): void {
    const { now, tally, totals } = w;
    beginKeepers(w);
    const crossed = w.scratch;
    crossed.clear();
    now.paused = w.margin.paused;
    w.modifiers.beginLiquidations(w.market);
    // A closed market liquidates nothing: the accounts wait in the index for the open.
    const closed = marketClosed(w, now.t);
    if (now.paused) totals.pausedSteps++;
    else if (!closed) liquidateCrossed(w);
    if (!closed) w.shorts?.liquidateOnTheRise();
    totals.accountsLiquidated += tally.newAccounts;
    totals.liquidatedUsd += tally.kickedUsd;
    tally.liquidatable = crossed.size;
    tally.deferredAfterTriggers = w.deferredLiq.size;
    tally.fundAfterTriggers = w.fund.balance;
  },
};

export const advanceMechanisms: Phase = {
  name: "5b. mechanisms' actions",
  reads: ['now', 'keepers', 'oracle'],
  writes: ['keepers', 'accounts', 'health', 'mechanism', 'orders', 'ledger', 'tally'],
  run(w: World): void {
    if (!marketClosed(w, w.now.t)) w.mechanism.advance();
  },
};

/** Keepers whose transactions land this step, and what one transaction costs in USD. */
function beginKeepers(w: World): void {
  const { now, keepers, scenario } = w;
  now.activeKeepers = beginKeeperStep(keepers, now.t, now.gas);
  const gasAsset = w.gasAssetIdx;
  const tokenPrice =
    gasAsset >= 0
      ? Math.exp(w.path.stepLogF[gasAsset]! + w.markets[gasAsset]!.compositeImpact())
      : (scenario.gas.tokenPriceUsd ?? 0);
  now.gasUsdPerTx = now.gas * 1e-9 * keepers.gasUnitsPerTx * tokenPrice;
}

/**
 * The accounts the oracle price has crossed, highest trigger first, as far as the mechanism's
 * capacity goes. An account keepers pass over for its gas (WAITS_FOR_GAS) does not use capacity:
 * the index is read on until the capacity is used or nothing is left (each account once: those
 * passed over start waiting at the end). Accounts waiting for gas are read with the index while a
 * keeper under its gas cap would profit; otherwise those a keeper might now liquidate are filed back
 * first.
 */
function liquidateCrossed(w: World): void {
  const { now, health, tally, waiting, keepers } = w;
  const crossed = w.scratch;
  const price = now.price * now.qf;
  waiting.release(keepers, now, health.liqIndex);
  const capacity = w.mechanism.capacity();
  let used = 0;
  let from = 0;
  while (used < capacity) {
    // A keeper under its gas cap that would profit could take any account: the waiting ones too.
    const capped = waiting.cappedTxThatProfit(keepers, now);
    if (capped > 0) waiting.takeMerged(health.liqIndex, price, crossed, Math.min(capacity - used, capped));
    else health.liqIndex.take(price, crossed, capacity - used);
    if (crossed.size === from) break;
    for (let k = from; k < crossed.size; k++) {
      if (liquidate(w, crossed.items[k]!) === WAITS_FOR_GAS) tally.waitingForGas++;
      else used++;
    }
    from = crossed.size;
  }
  waiting.flush();
}

/** Account i is liquidatable: through the modifiers to the mechanism (its result: 0 acted, −1 deferred, or WAITS_FOR_GAS). */
function liquidate(w: World, i: number): number {
  const { acc, now, modifiers } = w;
  if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0 || acc.selling[i] === 1) return -1;
  if (modifiers.inGrace(i, now.t)) {
    w.deferredLiq.push(i);
    return -1;
  }
  if (modifiers.maxUnits(now.ref) <= 0) {
    w.deferredLiq.push(i);
    return -1;
  }
  const acted = w.mechanism.liquidate(i);
  if (acted < 0) return acted;
  if (w.everLiquidated[i] === 0) {
    w.everLiquidated[i] = 1;
    w.tally.newAccounts++;
  }
  return 0;
}
