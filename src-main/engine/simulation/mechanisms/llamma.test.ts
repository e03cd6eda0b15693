/**
 * Soft liquidation (crvUSD's LLAMMA): the band arithmetic by hand, then one borrower through the whole
 * pipeline on a path that falls through its bands one band per step and comes back, with MODEL.md §9's
 * invariants checked every step and the bands' stablecoin balanced.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../invariants.ts';
import { PRESETS } from '../../presets.ts';
import { parseScenario } from '../../scenario.ts';
import type { Design, SoftLiquidationDesign } from '../../design.ts';
import { testAsset, testScenarioInput } from '../../test-support.ts';
import { buildTimeline } from '../../timeline.ts';
import { summarize } from '../../report.ts';
import { runPass } from '../simulate.ts';
import { World } from '../world.ts';
import { SoftLiquidation } from './llamma.ts';
import {
  arbitragedState,
  bandHealth,
  bandLogWidth,
  bandsConverted,
  stableFromMove,
  topBandLog,
} from './llamma-bands.ts';

const D = Math.log(100 / 99);
const P = { A: 100, bands: 4, loanDiscount: 0.09, liquidationDiscount: 0.06 };

describe('LLAMMA band arithmetic, by hand', () => {
  it('places the top band so that the collateral through 4 bands of 1%, less 9%, covers the debt', () => {
    expect(bandLogWidth(100)).toBeCloseTo(0.01005034, 8);
    // c = 20 000, y = 5 000 per band, d = 1 M: e^T = d·Δ / (0.91 · y · (1 − e^(−4Δ))) = 56.06…
    const top = topBandLog(20_000, 1e6, P, Math.log(100));
    const expected = (1e6 * D) / (0.91 * 5000 * (1 - Math.exp(-4 * D)));
    expect(Math.exp(top)).toBeCloseTo(expected, 9);
    expect(expected).toBeCloseTo(56.06, 1);
    // A loan beyond crvUSD's maximum starts its bands at the current price.
    expect(topBandLog(20_000, 1e7, P, Math.log(100))).toBe(Math.log(100));
  });

  it('converts (T − o)/Δ bands when the AMM and the oracle are both at o; none above, all below', () => {
    const T = Math.log(56);
    const at = (o: number) => bandsConverted(-2 * o, T, 4, D);
    expect(at(T)).toBe(0);
    expect(at(T + 0.1)).toBe(0);
    expect(at(T - 2.5 * D)).toBeCloseTo(2.5, 12);
    expect(at(T - 10 * D)).toBe(4);
  });

  it('pays each unit the AMM price along its curve, and nothing outside the bands', () => {
    const T = Math.log(56);
    const y = 5000;
    // The oracle falls one band: the AMM goes from u = −2T to −2T + 2Δ and sells band 0.
    const o = T - D;
    const got = stableFromMove(-2 * T, -2 * T + 2 * D, o, y, T, 4, D);
    expect(got).toBeCloseTo((y / (2 * D)) * Math.exp(o) * (1 - Math.exp(-2 * D)), 6);
    // Below the bottom band and above the top: no trade.
    expect(stableFromMove(-2 * T + 9 * D, -2 * T + 12 * D, o, y, T, 4, D)).toBe(0);
    expect(stableFromMove(-2 * T - 5 * D, -2 * T - D, o, y, T, 4, D)).toBe(0);
    // Back up: paying is the same integral, negative.
    expect(stableFromMove(-2 * T + 2 * D, -2 * T, o, y, T, 4, D)).toBeCloseTo(-got, 6);
  });

  it('starts a loan at health (1 − 6%) / (1 − 9%) − 1 and counts the stablecoin in the bands', () => {
    const c = 20_000;
    const d = 1e6;
    const T = topBandLog(c, d, P, Math.log(100));
    expect(bandHealth(0, c / 4, T, 0, d, P)).toBeCloseTo(0.94 / 0.91 - 1, 12);
    // Two bands converted at their own value: the same health; at 1% less: lower.
    const half = ((c / 4) * Math.exp(T) * (1 - Math.exp(-2 * D))) / D;
    expect(bandHealth(half, c / 4, T, 2, d, P)).toBeCloseTo(0.94 / 0.91 - 1, 12);
    expect(bandHealth(half * 0.99, c / 4, T, 2, d, P)).toBeLessThan(0.94 / 0.91 - 1);
  });

  it('arbitrage brings the AMM price to the market within the fee', () => {
    const o = Math.log(100);
    const u = -2 * o;
    expect(arbitragedState(u, o, Math.log(100.5), 0.006)).toBe(u);
    expect(arbitragedState(u, o, Math.log(90), 0.006)).toBeCloseTo(
      Math.log(90) + Math.log(1.006) - 3 * o,
      12,
    );
    expect(arbitragedState(u, o, Math.log(110), 0.006)).toBeCloseTo(
      Math.log(110) - Math.log(1.006) - 3 * o,
      12,
    );
  });
});

/** The crvusd-llamma preset with 4 bands, no fee, a spot oracle, and `liq` as its liquidation discount. */
function bandsDesign(liq = 0.06): Design {
  const base = PRESETS.get('crvusd-llamma')!;
  const liquidation: SoftLiquidationDesign = {
    kind: 'soft-liquidation',
    bandWidthFactor: 100,
    bands: 4,
    fee: 0,
    loanDiscount: 0.09,
    liquidationDiscount: liq,
  };
  return {
    ...base,
    oracle: { ...base.oracle, transform: { kind: 'none' } },
    liquidation,
  };
}

/** One borrower (debt $1 M, 20 000 ETH at $100), a venue too deep to move, the path `prices`. */
function run(prices: number[], design: Design) {
  const scenario = parseScenario(
    testScenarioInput('bands', [testAsset('ETH', 100, 1e15)], [{ debtUsd: 1e6, collateralRatio: 2 }]),
  );
  const timeline = buildTimeline(scenario, 60, 1);
  const path = Float64Array.from({ length: timeline.steps }, (_, t) =>
    Math.log(prices[Math.min(t, prices.length - 1)]!),
  );
  timeline.observedLog[0] = path;
  const violations: string[] = [];
  const health: number[] = [];
  let mech: SoftLiquidation | null = null;
  const world = new World(
    {
      scenario,
      design,
      timeline,
      fundamentalLog: [path],
      seed: 1,
      accounts: 2,
      trackAccounts: [0],
      onStep: (s) => {
        for (const v of checkInvariants(s)) violations.push(`${v.step}: ${v.invariant}: ${v.detail}`);
        health.push(mech!.health(0));
      },
    },
    (w) => (mech = new SoftLiquidation(w, w.design.liquidation as SoftLiquidationDesign)),
  );
  const result = runPass(world);
  return { result, violations, mech: mech!, health };
}

/** Top band of the whale: c = 20 000 ETH, d = 1 M (as above). */
const TOP = (1e6 * D) / (0.91 * 5000 * (1 - Math.exp(-4 * D)));
const band = (k: number) => TOP * Math.exp(-k * D);
// Above the bands, then one band per step down to below them, and back up.
const PATH = [100, 80, 60, band(0), band(1), band(2), band(3), band(4), band(5)].concat([
  band(4),
  band(3),
  band(2),
  band(1),
  band(0),
  60,
  80,
  100,
]);

const path17 = () => Float64Array.from(PATH, (p) => Math.log(p));

describe('one borrower through its bands and back', () => {
  it('converts one band per step at the AMM price, with the invariants and the stablecoin balanced', () => {
    const { result, violations, mech } = run(PATH, bandsDesign());
    expect(violations).toEqual([]);
    expect(mech.topPrice(0)).toBeCloseTo(TOP, 6);
    const coll = result.tracked[0]!.collateral;
    // Step t holds the collateral after step t's conversion: 20 000 until the price reaches band(1).
    expect(coll[3]!).toBeCloseTo(20_000, 6);
    for (let k = 1; k <= 4; k++) expect(coll[3 + k]!).toBeCloseTo(5000 * (4 - k), 4);
    expect(coll[8]!).toBeCloseTo(0, 6);
    // The stablecoin of the way down: each band sold between e^(o − 2Δ) and e^o.
    let down = 0;
    for (let k = 1; k <= 4; k++) down += (5000 / (2 * D)) * band(k) * (1 - Math.exp(-2 * D));
    expect(mech.book.stableIn).toBeCloseTo(down, 3);
    // No hard liquidation while health ≥ 0.
    expect(result.series.liquidations.every((x) => x === 0)).toBe(true);
    expect(result.totals.badDebt).toBe(0);
  });

  it('buys back on the way up, pays more than it got, and the borrower bears the difference', () => {
    const { result, mech } = run(PATH, bandsDesign());
    const coll = result.tracked[0]!.collateral;
    // Back to band(4), the bottom edge: nothing to buy yet; then band by band while the stablecoin
    // lasts (it runs out in the last band).
    expect(coll[9]!).toBeCloseTo(0, 6);
    expect(coll[10]!).toBeCloseTo(5000, 3);
    expect(coll[11]!).toBeCloseTo(10_000, 3);
    expect(coll[12]!).toBeCloseTo(15_000, 3);
    const end = coll[coll.length - 1]!;
    expect(end).toBeLessThan(20_000);
    expect(end).toBeGreaterThan(19_000);
    expect(mech.stable[0]!).toBeCloseTo(0, 6);
    // Stablecoin balance: in − out − repaid = what the bands hold.
    const b = mech.book;
    expect(b.stableIn - b.stableOut - b.stableRepaid).toBeCloseTo(mech.stable[0]! + mech.stable[1]!, 4);
    // By hand: band k sold as the price reaches band(k + 1) (at the venues' price there, the bands
    // get the AMM's curve), bought back as it reaches band(k); band 0 with what stablecoin is left.
    const y = 5000;
    const sell = (k: number) => (y / (2 * D)) * band(k) * (1 - Math.exp(-2 * D));
    const buy = (k: number) => (y / (2 * D)) * band(k) * (Math.exp(2 * D) - 1);
    let loss = 0;
    let stable = 0;
    for (let k = 1; k <= 4; k++) {
      loss += y * band(k) - sell(k);
      stable += sell(k);
    }
    for (let k = 3; k >= 1; k--) {
      loss += buy(k) - y * band(k);
      stable -= buy(k);
    }
    const units0 = (y * stable) / buy(0);
    loss += stable - units0 * band(0);
    expect(end).toBeCloseTo(15_000 + units0, 3);
    expect(b.lossUsd / loss).toBeCloseTo(1, 6);
    expect(result.totals.softLiquidationLossUsd).toBeCloseTo(b.lossUsd, 6);
    expect(summarize(result, bandsDesign(), path17()).softLiquidationLossUsd).toBe(
      result.totals.softLiquidationLossUsd,
    );
    // Flows: soft-liquidation sales on the way down, purchases on the way up, nothing else.
    const soft = result.series.flows.soft;
    expect(soft.slice(4, 8).every((x) => x > 0)).toBe(true);
    expect(soft.slice(10, 14).every((x) => x < 0)).toBe(true);
    expect(result.series.flows.liquidation.every((x) => x === 0)).toBe(true);
  });

  it('liquidates hard only once health is below 0: a 1% buffer (8% liquidation discount) is eaten by band losses', () => {
    const { result, violations, health } = run(PATH, bandsDesign(0.08));
    expect(violations).toEqual([]);
    expect(health[0]!).toBeCloseTo(0.92 / 0.91 - 1, 9);
    const first = result.series.liquidations.findIndex((x) => x > 0);
    expect(first).toBeGreaterThan(3);
    // Health was ≥ 0 after every step before the one that left it below 0, and that one came right before.
    for (let t = 0; t < first - 1; t++) expect(health[t]!).toBeGreaterThanOrEqual(0);
    expect(health[first - 1]!).toBeLessThan(0);
    // The bands' stablecoin repaid part of the debt; a keeper took the rest with the collateral.
    expect(result.tracked[0]!.debt[first]!).toBeLessThan(1e6);
  });

  it('is deterministic', () => {
    const a = run(PATH, bandsDesign()).result;
    const b = run(PATH, bandsDesign()).result;
    expect(Array.from(a.series.flows.soft)).toEqual(Array.from(b.series.flows.soft));
    expect(a.totals.softLiquidationLossUsd).toBe(b.totals.softLiquidationLossUsd);
  });
});
