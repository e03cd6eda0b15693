import { describe, expect, it } from 'vitest';
import { blackThursday } from '../scenarios/black-thursday.ts';
import { BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import { allocateAccounts, noteChanged, STATUS_ACTIVE, STATUS_CLOSED } from './accounts.ts';
import type { Design } from './design.ts';
import { checkInvariants } from './invariants.ts';
import { PRESETS } from './presets.ts';
import { replay } from './replay.ts';
import { InsolvencyWatch, measureInsolvency } from './simulation/reporters/insolvency.ts';
import { Rng } from './random.ts';
import { simulate } from './simulate.ts';
import { buildTimeline } from './timeline.ts';

const flip = PRESETS.get('maker-2020-flip')!;
const regT = PRESETS.get('reg-t-1987')!;

/** Reg T's margins with no liquidator at all and a 2% bonus: a design that liquidates nothing. */
const regTNoKeepers: Design = {
  ...regT,
  id: 'reg-t-no-keepers',
  keepers: { ...regT.keepers, count: 0 },
  liquidation: { kind: 'market-sale', closeFactor: 1, bonus: 0.02 },
};

describe('measureInsolvency', () => {
  it('counts only active indebted accounts whose debt exceeds collateral × price, and sums the gap', () => {
    const a = allocateAccounts(4);
    // 10 units against 1,500 debt; 10 against 900; 0 collateral against 50; a closed account.
    a.collateral.set([10, 10, 0, 10]);
    a.debt.set([1500, 900, 50, 5000]);
    a.status[3] = STATUS_CLOSED;
    const r = measureInsolvency(a, 100, 120);
    expect(r.accountsAtOracle).toBe(2); // 1,500 > 1,000 and 50 > 0
    expect(r.shortfallAtOracleUsd).toBe(500 + 50);
    expect(r.accountsAtMarket).toBe(2); // 1,500 > 1,200 and 50 > 0
    expect(r.shortfallAtMarketUsd).toBe(300 + 50);
    const none = measureInsolvency(a, 1000, 1000);
    expect([none.accountsAtOracle, none.accountsAtMarket]).toEqual([1, 1]); // only the empty account
  });

  it('never counts an account as underwater with nothing owed: gaps are summed in mills, counted from half a mill', () => {
    const a = allocateAccounts(3);
    // 10 units at $100 against 1,000.0001 (a tenth of a mill short), 1,000.002 (two mills) and 1,000.
    a.collateral.set([10, 10, 10]);
    a.debt.set([1000.0001, 1000.002, 1000]);
    const r = measureInsolvency(a, 100, 100);
    expect(r.accountsAtOracle).toBe(1);
    expect(r.shortfallAtOracleUsd).toBe(0.002);
    const none = measureInsolvency(a, 100.001, 100.001);
    expect([none.accountsAtOracle, none.shortfallAtOracleUsd]).toEqual([0, 0]);
  });

  it('counts what an account holds with the mechanism (a soft liquidation’s stablecoin) as its own', () => {
    const a = allocateAccounts(2);
    // Both converted half their collateral: 5 units left and 600 of stablecoin in the bands (one of them).
    a.collateral.set([5, 5]);
    a.debt.set([900, 900]);
    const held = Float64Array.from([600, 0]);
    const r = measureInsolvency(a, 100, 100, undefined, held);
    expect(r.accountsAtOracle).toBe(1); // 500 + 600 ≥ 900; the other has only 500
    expect(r.shortfallAtOracleUsd).toBe(400);
  });
});

describe('insolvency under soft liquidation (Black Thursday, crvusd-llamma)', () => {
  it('does not count loans whose collateral the bands converted as underwater', () => {
    const llamma = PRESETS.get('crvusd-llamma')!;
    const r = replay(blackThursday, llamma, flip, { seed: 1, accounts: 2000 });
    const worst = r.summary.insolvency.atOracle;
    // Bad debt stays small (the bands' stablecoin covers the loans); underwater accounts are few.
    expect(worst.peakShortfallUsd).toBeLessThan(Math.max(1, r.summary.badDebtUsd) * 20 + 1_000_000);
    expect(worst.peakAccounts).toBeLessThan(r.accounts * 0.1);
  });
});

describe('insolvency beside realised bad debt (Black Thursday)', () => {
  it('reg-t-1987 with zero keepers and a 2% bonus liquidates nothing yet shows accounts underwater', () => {
    const r = replay(blackThursday, regTNoKeepers, flip, { seed: 1 });
    const s = r.summary;
    expect(s.accountsLiquidated).toBe(0);
    expect(s.badDebtUsd).toBe(0);
    const o = s.insolvency.atOracle;
    const m = s.insolvency.atMarket;
    console.log(
      `reg-t-1987, 0 keepers, 2% bonus, Black Thursday seed 1, ${r.accounts} accounts: ` +
        `peak underwater at oracle ${o.peakAccounts} accounts (step ${o.peakAccountsStep}), ` +
        `peak shortfall ${(o.peakShortfallUsd / 1e6).toFixed(2)} M USD (${o.accountsAtPeakShortfall} accounts), ` +
        `end ${o.endAccounts} accounts / ${(o.endShortfallUsd / 1e6).toFixed(2)} M; ` +
        `at market: peak ${m.peakAccounts} accounts, ${(m.peakShortfallUsd / 1e6).toFixed(2)} M`,
    );
    expect(o.peakAccounts).toBeGreaterThan(0);
    expect(o.peakShortfallUsd).toBeGreaterThan(0);
    expect(m.peakAccounts).toBeGreaterThan(0);
    expect(m.peakShortfallUsd).toBeGreaterThan(0);
    // Nobody is underwater before the crash; the worst moment comes with it.
    expect(r.run.series.underwaterAccountsOracle[0]).toBe(0);
    expect(o.peakShortfallStep).toBeGreaterThan(0);
    // The same population under the historical design (keepers, auctions) has a smaller worst shortfall.
    const hist = replay(blackThursday, flip, flip, { seed: 1 });
    expect(hist.summary.insolvency.atOracle.peakShortfallUsd).toBeLessThan(o.peakShortfallUsd);
  });

  it('the recorded insolvency agrees with a recount and stays within the debt at every step', () => {
    const timeline = buildTimeline(blackThursday, 300, 2);
    const violations: string[] = [];
    let underwaterSteps = 0;
    for (const design of [regTNoKeepers, flip, PRESETS.get('maker-2021-clip')!]) {
      simulate({
        scenario: blackThursday,
        design,
        timeline,
        fundamentalLog: timeline.observedLog,
        seed: 2,
        accounts: 600,
        onStep: (s) => {
          if (s.insolvency.accountsAtOracle > 0) underwaterSteps++;
          for (const v of checkInvariants(s)) violations.push(`${v.step}: ${v.invariant}: ${v.detail}`);
        },
      });
    }
    expect(violations).toEqual([]);
    expect(underwaterSteps).toBeGreaterThan(0);
  });
});

describe('the insolvency watch', () => {
  it.each([0, 2, 6])(
    'agrees with the full scan while accounts move, close, reopen and come back (blocks of 2^%i accounts)',
    (blockShift) => {
      // 300 accounts, each changed with probability 0.3 a step for 1,200 steps: blocks' bounds raised
      // by what they are told and lowered by what a reading finds, dropped when every account in them
      // closes or pays off and filed back when one reopens, while the price moves across them.
      const n = 300;
      const a = allocateAccounts(n);
      const rng = new Rng(7, 1);
      for (let i = 0; i < n; i++) {
        a.collateral[i] = 1 + 9 * rng.fast();
        a.debt[i] = 50 + 1000 * rng.fast();
        a.status[i] = STATUS_ACTIVE;
      }
      const watch = new InsolvencyWatch(a, blockShift);
      const out = {
        accountsAtOracle: 0,
        shortfallAtOracleUsd: 0,
        accountsAtMarket: 0,
        shortfallAtMarketUsd: 0,
      };
      let underwater = 0;
      let partly = 0;
      for (let t = 0; t < 1200; t++) {
        const price = 300 + 700 * rng.fast();
        const market = price * (0.9 + 0.2 * rng.fast());
        for (let i = 0; i < n; i++) {
          if (rng.fast() > 0.3) continue;
          const r = rng.fast();
          if (r < 0.05) a.status[i] = a.status[i] === STATUS_ACTIVE ? STATUS_CLOSED : STATUS_ACTIVE;
          else if (r < 0.1) a.debt[i] = 0;
          else if (r < 0.5) a.collateral[i] = r < 0.15 ? 0 : 1 + 9 * rng.fast();
          else if (r < 0.8) a.debt[i] = 50 + 1000 * rng.fast();
          // Some accounts change back and forth within a step (told each time).
          noteChanged(a, i);
        }
        const got = watch.measure(price, market, out, null);
        const want = measureInsolvency(a, price, market);
        expect({ ...got }).toEqual(want);
        if (want.accountsAtOracle > 0) underwater++;
        if (want.accountsAtOracle > 0 && want.accountsAtOracle < n / 4) partly++;
      }
      expect(underwater).toBeGreaterThan(300);
      expect(partly).toBeGreaterThan(100);
    },
  );

  it('reads an account whose price rose above a reading only when told of it, and each block once', () => {
    // 256 accounts far from insolvency in blocks of 4; one account at a time is pushed underwater.
    const n = 256;
    const a = allocateAccounts(n);
    for (let i = 0; i < n; i++) {
      a.collateral[i] = 10;
      a.debt[i] = 100 + i; // insolvency prices 10 … 35.5, far under a price of 1,000
      a.status[i] = STATUS_ACTIVE;
    }
    const watch = new InsolvencyWatch(a, 2);
    const out = {
      accountsAtOracle: 0,
      shortfallAtOracleUsd: 0,
      accountsAtMarket: 0,
      shortfallAtMarketUsd: 0,
    };
    expect(watch.measure(1000, 1000, out, null).accountsAtOracle).toBe(0);
    for (const i of [0, 77, 255, 78]) {
      a.debt[i] = 20_000 + i; // 2,000 + i/10 a unit of collateral: underwater by 1,000 + … at 1,000
      noteChanged(a, i);
      const got = { ...watch.measure(1000, 1000, out, null) };
      expect(got).toEqual(measureInsolvency(a, 1000, 1000));
    }
    // Four accounts underwater, counted once each, at every price down to where all are.
    for (const price of [900, 500, 100, 30, 5]) {
      expect({ ...watch.measure(price, price, out, null) }).toEqual(measureInsolvency(a, price, price));
    }
    expect(watch.measure(1000, 1000, out, null).accountsAtOracle).toBe(4);
  });

  it('reads exactly what the full scan reads, step by step, on every scenario under every preset', () => {
    const series = (r: ReturnType<typeof replay>) =>
      JSON.stringify([
        Array.from(r.run.series.underwaterAccountsOracle),
        Array.from(r.run.series.underwaterShortfallOracleUsd),
        Array.from(r.run.series.underwaterAccountsMarket),
        Array.from(r.run.series.underwaterShortfallMarketUsd),
      ]);
    let compared = 0;
    let underwaterSteps = 0;
    // One preset per mechanism (auctions, market sale, stability pool, soft liquidation, exchange close
    // with backstop and deleveraging), the design that liquidates nothing, and each scenario's own.
    const mechanisms = [
      'maker-2020-flip',
      'maker-2021-clip',
      'compound-v2',
      'liquity-v1',
      'crvusd-llamma',
      'hyperliquid-2025',
      'dydx-v4',
    ];
    const designs = [...mechanisms.map((id) => PRESETS.get(id)!), regTNoKeepers];
    for (const scenario of BUILTIN_SCENARIO_LIST) {
      const historical = PRESETS.get(scenario.historicalDesignId)!;
      for (const design of designs.some((d) => d.id === historical.id) ? designs : [...designs, historical]) {
        const opts = { seed: 3, accounts: 400, stepSeconds: 600 };
        let ref: ReturnType<typeof replay>;
        try {
          ref = replay(scenario, design, historical, { ...opts, index: 'scan' });
        } catch {
          continue; // a design that does not fit this scenario's population (refused by the fit check)
        }
        const watched = replay(scenario, design, historical, opts);
        expect(series(watched), `${scenario.id} under ${design.id}`).toBe(series(ref));
        compared++;
        underwaterSteps += ref.run.series.underwaterAccountsMarket.filter((n) => n > 0).length;
      }
    }
    // Enough combinations ran, and accounts were underwater in some of them (the comparison had something to compare).
    expect(compared).toBeGreaterThan(BUILTIN_SCENARIO_LIST.length * 3);
    expect(underwaterSteps).toBeGreaterThan(10);
  });
});
