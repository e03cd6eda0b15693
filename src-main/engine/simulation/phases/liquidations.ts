/**
 * Phase 5: liquidations triggered on the oracle price → the mechanism acts.
 *
 * Keepers whose transactions land this step are set first (gas, capital returning from earlier
 * sales). Only as many accounts as the mechanism can act on leave the liquidation index (the rest wait
 * there); none while a pausing circuit breaker is tripped. Each goes through the modifiers (grace,
 * liquidity cap) to the mechanism (mechanisms/), which returns what it put on the market. Shorts a
 * rising price has pushed below maintenance are bought back. Then every mechanism advances what it
 * holds (5b: auctions' bids, takes and settlement).
 */
import { STATUS_ACTIVE } from '../../accounts.ts';
import { beginKeeperStep } from '../../keepers.ts';
import { marketClosed } from '../market-hours.ts';
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
    // A closed market liquidates nothing: the accounts wait in the index for the open.
    const closed = marketClosed(w, now.t);
    if (now.paused) totals.pausedSteps++;
    else if (!closed) w.health.liqIndex.take(now.price * now.qf, crossed, w.mechanism.capacity());
    w.modifiers.beginLiquidations(w.market);
    const ids = crossed.items;
    for (let k = 0; k < crossed.size; k++) liquidate(w, ids[k]!);
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

/** Account i is liquidatable: through the modifiers to the mechanism. */
function liquidate(w: World, i: number): void {
  const { acc, now, modifiers } = w;
  if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0 || acc.selling[i] === 1) return;
  if (modifiers.inGrace(i, now.t)) {
    w.deferredLiq.push(i);
    return;
  }
  const maxUnits = modifiers.maxUnits(now.ref);
  if (maxUnits <= 0) {
    w.deferredLiq.push(i);
    return;
  }
  const soldUsd = w.mechanism.liquidate(i, acc.collateral[i]!, acc.debt[i]!, maxUnits);
  if (soldUsd < 0) return;
  modifiers.usedUsd += soldUsd;
  if (w.everLiquidated[i] === 0) {
    w.everLiquidated[i] = 1;
    w.tally.newAccounts++;
  }
}
