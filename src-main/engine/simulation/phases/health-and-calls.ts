/**
 * Phase 4: health of every account on the oracle price — margin calls issued to the accounts whose
 * call trigger the price has crossed — and the responses due this step executed: an owner tops up
 * from its reserve, sells collateral to cut its debt (a deleveraging sale that joins this step's
 * flow and settles in phase 8), or does nothing. An owner's transaction waits while gas is above its
 * cap, and is given up past the owner's patience.
 */
import {
  noteChanged,
  RESPONSE_DELEVERAGE,
  RESPONSE_NONE,
  RESPONSE_TOP_UP,
  STATUS_ACTIVE,
} from '../../accounts.ts';
import { SRC_DELEVERAGE } from '../orders.ts';
import { marketClosed } from '../market-hours.ts';
import type { World } from '../world.ts';
import type { Phase } from './phase.ts';

export const healthAndCalls: Phase = {
  name: '4. health and margin calls',
  reads: ['now', 'health', 'accounts'],
  writes: ['accounts', 'health', 'orders', 'ledger', 'tally'],
  run(w: World): void {
    issueCalls(w);
    w.totals.callsIssued += w.tally.callsIssued;
    const t = w.now.t;
    const closed = marketClosed(w, t);
    const due = w.calls.dueAt(t);
    if (due !== undefined) {
      const ids = due.items;
      const n = due.size;
      // The market is shut: the responses due now (top-ups, deleveraging sales) wait a step, in order.
      if (closed) for (let k = 0; k < n; k++) w.calls.schedule(ids[k]!, t + 1);
      // (A response reschedules at a later step, never at t: this list stays as it is while read.)
      else for (let k = 0; k < n; k++) respond(w, ids[k]!);
      w.calls.done(t);
    }
    if (!closed) w.totals.callsAnswered += w.tally.callsAnswered;
  },
};

/** Calls the accounts the price has crossed; an account with a call pending is not called again. */
function issueCalls(w: World): void {
  const { acc, now, calls, tally } = w;
  const crossed = w.scratch;
  crossed.clear();
  w.health.callIndex.take(now.price * now.qf, crossed);
  const ids = crossed.items;
  for (let k = 0; k < crossed.size; k++) {
    const i = ids[k]!;
    if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0 || acc.calledAt[i]! >= 0) continue;
    tally.callsIssued++;
    acc.calledAt[i] = now.t;
    if (acc.responseKind[i] !== RESPONSE_NONE) calls.schedule(i, now.t + acc.responseDelaySteps[i]!);
  }
  // Nothing after the loop: V8 may compile the loop alone on a long first wave (on-stack
  // replacement), before code after it has ever run; that code would then deoptimise on every call.
}

/** Account i's response falls due now. */
function respond(w: World, i: number): void {
  const { acc, now, tally } = w;
  if (acc.calledAt[i]! < 0 || acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0) return;
  if (now.gas > acc.gasCapGwei[i]!) {
    // The owner's transaction waits for gas to fall under its cap, or the owner gives up: after the
    // call's step, its response delay and the design's patience.
    const next = w.calls.gasIndex.firstAtOrBelow(now.t + 1, acc.gasCapGwei[i]!);
    const giveUp = acc.calledAt[i]! + acc.responseDelaySteps[i]! + w.calls.patienceSteps;
    if (next >= 0 && next <= giveUp) w.calls.schedule(i, next);
    else {
      // The call stays unanswered, and the account is not called again (re-issuing the same call
      // every step while gas stays high would only count it anew).
      acc.calledAt[i] = -1;
      tally.givenUp++;
    }
    return;
  }
  const c = acc.collateral[i]!;
  const d = acc.debt[i]!;
  if (now.price * now.qf * c >= d * w.design.margin.callRatio) {
    acc.calledAt[i] = -1;
    w.deferredCall.push(i);
    return;
  }
  if (acc.responseKind[i] === RESPONSE_TOP_UP) topUp(w, i, c, d);
  else if (acc.responseKind[i] === RESPONSE_DELEVERAGE) deleverage(w, i, c, d);
}

/** The owner adds collateral from its reserve up to the target ratio. */
function topUp(w: World, i: number, c: number, d: number): void {
  const { acc, now } = w;
  const add = Math.min(Math.max(0, (d * w.calls.targetRatio) / (now.price * now.qf) - c), acc.reserve[i]!);
  acc.calledAt[i] = -1;
  if (add > 0) {
    acc.collateral[i] = c + add;
    noteChanged(acc, i);
    w.waiting.grew(i);
    acc.reserve[i] = acc.reserve[i]! - add;
    w.totals.topUps += add;
    w.tally.callsAnswered++;
    w.tally.topUps++;
    w.health.retrigger(i);
  }
  w.deferredCall.push(i);
}

/** The owner sells collateral to bring the account back to the target ratio (settled in phase 8). */
function deleverage(w: World, i: number, c: number, d: number): void {
  const { acc, now } = w;
  const target = w.calls.targetRatio / now.qf;
  let s = (target * d - c * now.price) / (now.price * (target - 1));
  if (s > c) s = c;
  if (s > 0) {
    acc.collateral[i] = c - s;
    noteChanged(acc, i);
    w.totals.collateralOut += s;
    acc.selling[i] = 1;
    w.health.liqIndex.remove(i);
    w.waiting.forget(i);
    w.orders.push(SRC_DELEVERAGE, i, s, 0);
    w.tally.callsAnswered++;
    w.tally.deleverages++;
    w.health.retrigger(i);
  } else {
    acc.calledAt[i] = -1;
    w.deferredCall.push(i);
  }
}

/** Phase 8: an owner's deleveraging sale filled for `proceeds` USD, which repay its debt. */
export function settleDeleverage(w: World, i: number, proceeds: number): void {
  const acc = w.acc;
  const repay = Math.min(acc.debt[i]!, proceeds);
  acc.debt[i] = acc.debt[i]! - repay;
  noteChanged(acc, i);
  w.totals.repaid += repay;
  acc.selling[i] = 0;
  acc.calledAt[i] = -1;
  w.health.retrigger(i);
  if (acc.debt[i]! > 0) {
    w.deferredLiq.push(i);
    w.deferredCall.push(i);
  }
}
