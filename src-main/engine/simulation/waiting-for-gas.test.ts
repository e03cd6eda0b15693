import { describe, expect, it } from 'vitest';
import type { Accounts } from '../accounts.ts';
import { STATUS_ACTIVE } from '../accounts.ts';
import type { Keepers } from '../keepers.ts';
import { createTriggerIndex } from '../trigger-index.ts';
import { IntList } from '../id-list.ts';
import { PRESETS } from '../presets.ts';
import { replay } from '../replay.ts';
import { blackThursday } from '../../scenarios/black-thursday.ts';
import type { TriggerIndex } from '../trigger-index.ts';
import type { AccountHealth } from './account-health.ts';
import { StepView } from './step-view.ts';
import { WaitingForGas } from './waiting-for-gas.ts';

const N = 6;
const debts = [50, 400, 2_000, 20_000, 200_000, 200_000];
/** Collateral worth 1.2× the debt at 100 USD, except account 5: half a unit (50 USD) against 200,000. */
const collateral = debts.map((d, i) => (i === 5 ? 0.5 : (1.2 * d) / 100));

interface Setup {
  acc: Accounts;
  w: WaitingForGas;
  now: StepView;
  keepers: Keepers;
  main: TriggerIndex;
  trig: Float64Array;
}

function setup(): Setup {
  const acc = {
    count: N,
    collateral: Float64Array.from(collateral),
    debt: Float64Array.from(debts),
    status: new Uint8Array(N).fill(STATUS_ACTIVE),
    selling: new Uint8Array(N),
  } as unknown as Accounts;
  // Triggers: account i at 200 + i (all crossed at 150; account 5 first in take order).
  const trig = Float64Array.from({ length: N }, (_, i) => 200 + i);
  const main = createTriggerIndex('bucket', trig);
  const health = { liqTrigger: trig, watchWaiting: () => undefined } as unknown as AccountHealth;
  const w = new WaitingForGas(acc, health, 1.5);
  const now = new StepView();
  now.price = 100;
  now.ref = 100;
  now.gasUsdPerTx = 50;
  // Two keepers: margins 2% and 10%; no transaction under a gas cap left, atomic ones for the first only.
  const keepers = {
    count: 2,
    margin: Float64Array.from([0.02, 0.1]),
    txLeftAtomic: Int32Array.from([3, 0]),
    txLeft: Int32Array.from([0, 0]),
  } as unknown as Keepers;
  return { acc, w, now, keepers, main, trig };
}

const members = (index: TriggerIndex): number[] => [...Array(N).keys()].filter((i) => index.has(i));
const waiting = (w: WaitingForGas): number[] => [...Array(N).keys()].filter((i) => w.isWaiting(i));

function taken(index: TriggerIndex, price: number, limit = Infinity): number[] {
  const out: number[] = [];
  index.take(price, { push: (i: number) => out.push(i) }, limit);
  return out;
}

describe('accounts waiting for a transaction worth their gas', () => {
  it('the repayment bound covers every debt at or below the one it is given, and rises with it', () => {
    const { w } = setup();
    for (const cf of [0.5, 1, 0.2]) {
      let prev = 0;
      for (let d = 0.5; d < 1e6; d *= 1.07) {
        const bound = w.repayBound(d, cf);
        expect(bound).toBeGreaterThanOrEqual(prev);
        prev = bound;
        // market-sale.ts: the close factor's share, or the whole debt for a small account.
        for (const below of [d, d * 0.9, d * 0.5]) {
          const repay = below * cf < 1 || below * 1.5 < 100 ? below : below * cf;
          expect(bound).toBeGreaterThanOrEqual(repay);
        }
      }
    }
  });

  it('files back exactly the accounts whose largest sale would pay twice the gas at the best atomic margin', () => {
    const { acc, w, now, keepers, main } = setup();
    for (let i = 0; i < N; i++) w.add(i, 0.5, 0.05, 100);
    w.flush();
    expect(waiting(w)).toEqual([0, 1, 2, 3, 4, 5]);
    // Profit per USD repaid at margin 2%: 1.05 × 0.98 − 1 = 2.9%; twice the gas is 100 USD.
    const gain = 1.05 * 0.98 - 1;
    w.release(keepers, now, main);
    // Half the debt must repay at least 100 / 2.9% = 3,448 USD: accounts 3 and 4. Account 5's debt
    // would, but a sale repays at most its collateral's worth (50 / 1.05 USD): it stays.
    expect(w.repayBound(debts[5]!, 0.5) * gain).toBeGreaterThan(100);
    expect(w.repayBound(debts[2]!, 0.5) * gain).toBeLessThan(100);
    expect(members(main)).toEqual([3, 4]);
    expect(waiting(w)).toEqual([0, 1, 2, 5]);
    // Gas falls to a fifth: a cheaper transaction makes a smaller account worth it (1,000 × 2.9% ≥ 20).
    now.gasUsdPerTx = 10;
    w.release(keepers, now, main);
    expect(members(main)).toEqual([2, 3, 4]);
    // Nobody has an atomic transaction left: nobody goes back, whatever the gas.
    keepers.txLeftAtomic[0] = 0;
    now.gasUsdPerTx = 0;
    w.release(keepers, now, main);
    expect(members(main)).toEqual([2, 3, 4]);
    // Account 1's owner tops up and its debt is redistributed onto it: the bounds follow.
    keepers.txLeftAtomic[0] = 3;
    now.gasUsdPerTx = 50;
    acc.debt[1] = 100_000;
    acc.collateral[1] = 1_000;
    w.grew(1);
    w.release(keepers, now, main);
    expect(members(main)).toEqual([1, 2, 3, 4]);
    expect(w.waited).toBe(N);
  });

  it('accounts passed over by two different sales are bounded for either (the whole debt, no bonus off the collateral)', () => {
    const { w, now, keepers, main } = setup();
    // Account 2 (2,000 USD owed, 24 units) at a close factor of 0.5: 1,000 × 2.9% < 50 (gas 25).
    now.gasUsdPerTx = 25;
    w.add(2, 0.5, 0.05, 100);
    w.release(keepers, now, main);
    expect(members(main)).toEqual([]);
    // Another sale (close factor 1) passes account 0 over: account 2 may now need its whole debt.
    w.add(0, 1, 0.05, 100);
    w.release(keepers, now, main);
    expect(members(main)).toEqual([2]);
    expect(w.size).toBe(1);
  });

  it('a keeper under its gas cap that would profit makes the waiting accounts readable with the index', () => {
    const { w, now, keepers, main } = setup();
    expect(w.cappedTxThatProfit(keepers, now)).toBe(0);
    for (const i of [1, 4]) w.add(i, 0.5, 0.05, 100);
    // Passed over this step: waiting from the end of the phase.
    expect(w.cappedTxThatProfit(keepers, now)).toBe(0);
    w.flush();
    for (const i of [0, 2, 3, 5]) main.add(i);
    // The 10% keeper would make a loss at a 5% bonus; the 2% keeper a profit.
    keepers.txLeft[1] = 4;
    expect(w.cappedTxThatProfit(keepers, now)).toBe(0);
    keepers.txLeft[0] = 3;
    expect(w.cappedTxThatProfit(keepers, now)).toBe(3);
    // Merged in take order (trigger descending): 5, 4 (waiting), 3; the rest go back where they were.
    const out = new IntList();
    w.takeMerged(main, 150, out, 3);
    expect(out.toArray()).toEqual([5, 4, 3]);
    expect(members(main)).toEqual([0, 2]);
    expect(waiting(w)).toEqual([1]);
    expect(taken(main, 150)).toEqual([2, 0]);
    // Filed in the index again by another path (a deleveraging sale settled): it no longer waits.
    w.forget(1);
    expect(waiting(w)).toEqual([]);
  });

  it('a replay tells why accounts are passed over once, then gives the count', () => {
    const flip = PRESETS.get('maker-2020-flip')!;
    const r = replay(blackThursday, PRESETS.get('aave-v3')!, flip, { seed: 1, accounts: 3000 });
    const passed = r.run.events.filter((e) => e.kind === 'keepers' && e.text.includes('passed over'));
    expect(passed.length).toBeGreaterThan(1);
    expect(passed[0]!.text).toMatch(/atomic transaction lands only where the profit pays twice the gas/);
    for (const e of passed.slice(1))
      expect(e.text).toMatch(/^\d+ accounts? passed over at \d+ gwei \(not worth/);
  });
});
