/**
 * Phase 8: every order of the step settles at the step's fill: owners' deleveraging repays their
 * debt, keepers' sales return their capital after the restock delay, the mechanism's own orders
 * (exchange closes, pool and vault sales) settle with it; liquidated shorts' buy-backs; then the
 * mechanism's end of step (redistribution, the insurance fund's state). Accounts deferred this step
 * are filed again in the indexes.
 */
import { STATUS_ACTIVE } from '../../accounts.ts';
import { returnCapitalLater } from '../../keepers.ts';
import { SRC_DELEVERAGE, WHO_NONE } from '../orders.ts';
import type { World } from '../world.ts';
import { settleDeleverage } from './health-and-calls.ts';
import type { Phase } from './phase.ts';

export const settleFills: Phase = {
  name: '8. settlement',
  reads: ['orders', 'now'],
  writes: ['accounts', 'health', 'keepers', 'mechanism', 'derivatives', 'orders', 'ledger'],
  run(w: World): void {
    const { orders, now } = w;
    w.layer?.settle(now.tSec, now.fill);
    const restockSteps = w.restockSteps;
    const { kind, units, debt } = orders;
    for (let o = 0; o < kind.size; o++) {
      const proceeds = units.items[o]! * now.fill;
      const who = orders.who.items[o]!;
      if (kind.items[o] === SRC_DELEVERAGE) settleDeleverage(w, who, proceeds);
      else if (who >= 0) returnCapitalLater(w.keepers, who, proceeds, now.t + restockSteps);
      else if (who !== WHO_NONE) w.mechanism.settle(who, proceeds, debt.items[o]!);
    }
    if (w.shorts) {
      for (let o = 0; o < orders.shortBuyWho.size; o++) {
        w.shorts.settle(orders.shortBuyWho.items[o]!, orders.shortBuyUnits.items[o]!, now.fill);
      }
    }
    // An order the mechanism queues after the fills (redistribution with nobody left) is next step's.
    orders.clear();
    w.mechanism.endStep();
    refile(w);
  },
};

/** Files the accounts deferred this step back into the indexes (those still active and indebted). */
function refile(w: World): void {
  const { acc, health } = w;
  const liq = w.deferredLiq;
  // Last first: accounts taken this step and filed back (nobody would liquidate them) then go in take
  // order, and the index's buckets they emptied stay sorted (trigger-index.ts). Any order files the
  // same accounts.
  for (let k = liq.size - 1; k >= 0; k--) {
    const i = liq.items[k]!;
    if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0 && acc.selling[i] === 0) {
      health.liqIndex.add(i);
      w.waiting.forget(i);
    }
  }
  const call = w.deferredCall;
  for (let k = 0; k < call.size; k++) {
    const i = call.items[k]!;
    if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0 && acc.calledAt[i]! < 0) health.callIndex.add(i);
  }
  liq.clear();
  call.clear();
}
