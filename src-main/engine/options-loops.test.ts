/**
 * The options loops on the engine (issue: options, gamma and the second loop): each loop switched on
 * and off on the same calibrated exogenous path, with real assertions on the engine's output.
 * - Short-gamma hedgers deepen the drawdown, more so the larger they are (crypto options scenario).
 * - Coin-margined (same-asset) writers are liquidated earlier in the fall than stablecoin-margined ones.
 * - IV feedback brings writer liquidations forward (a wave that goes away when the feedback is off).
 * - 1987: portfolio-insurance selling, and the share of the drawdown the replay attributes to it.
 * Plus invariants and determinism for option books.
 */
import { describe, expect, it } from 'vitest';
import { blackMonday1987 } from '../scenarios/black-monday-1987.ts';
import { blackThursdayOptions } from '../scenarios/black-thursday-options.ts';
import type { Design } from './design.ts';
import { parseDesign } from './design.ts';
import { checkInvariants } from './invariants.ts';
import { PRESETS } from './presets.ts';
import { calibrate } from './replay.ts';
import { maxDrawdown } from './report.ts';
import type { Scenario } from './scenario.ts';
import type { SimulationResult } from './simulate.ts';
import { simulate } from './simulate.ts';
import { buildTimeline } from './timeline.ts';
import { DEFAULT_OPTIONS_DESIGN, DerivativesLayer } from './options/option-book.ts';
import type { OptionsSpec } from './options/option-book.ts';

const STEP = 300;
const ACCOUNTS = 1000;

function setup(scenario: Scenario, historical: Design) {
  const timeline = buildTimeline(scenario, STEP, 1);
  const cal = calibrate(scenario, historical, timeline, { seed: 1, accounts: ACCOUNTS, stepSeconds: STEP });
  const run = (s: Scenario, d: Design, onStep?: Parameters<typeof simulate>[0]['onStep']): SimulationResult =>
    simulate({
      scenario: s,
      design: d,
      timeline,
      fundamentalLog: cal.fundamentalLog,
      seed: 1,
      accounts: ACCOUNTS,
      ...(onStep ? { onStep } : {}),
    });
  return { timeline, cal, run };
}

const variantScenario = (base: Scenario, patch: (s: Scenario) => void): Scenario => {
  const s = structuredClone(base);
  patch(s);
  return s;
};
const withOptions = (d: Design, patch: Partial<NonNullable<Design['options']>>, id: string): Design =>
  parseDesign({ ...d, id, options: { ...d.options!, ...patch } });

/** Writers liquidated up to the first step at which the price is `fall` below its start. */
function liquidatedByFall(r: SimulationResult, fall: number): number {
  const p0 = r.series.price[0]!;
  const wl = r.options!.series.writersLiquidated;
  let n = 0;
  for (let t = 0; t < r.steps; t++) {
    n += wl[t]!;
    if (r.series.price[t]! <= p0 * (1 - fall)) return n;
  }
  return n;
}

describe('crypto options on Black Thursday (coin-margined writers, short-gamma dealers)', () => {
  const historical = PRESETS.get(blackThursdayOptions.historicalDesignId)!;
  const { cal, run } = setup(blackThursdayOptions, historical);

  it('replays the historical design on the calibrated path, options layer included', () => {
    expect(cal.residual).toBeLessThan(1e-9);
    const r = run(blackThursdayOptions, historical);
    expect(r.options).not.toBeNull();
    expect(r.options!.writersLiquidated).toBeGreaterThan(0);
    expect(Math.max(...r.options!.series.atmIv)).toBeGreaterThan(
      blackThursdayOptions.derivatives!.iv.baseVol,
    );
    expect(r.events.some((e) => e.kind === 'hedging')).toBe(true);
    // The gamma map: hourly rows over 41 price levels; short-gamma dealers must sell on a further fall
    // somewhere near their strikes.
    const g = r.options!.gammaMap;
    expect(g.rows).toBeGreaterThan(10);
    expect(g.units.length).toBe(g.rows * g.levels.length);
    expect(Math.max(...g.dealers.subarray(0, g.levels.length))).toBeGreaterThan(0);
  });

  it('short-gamma hedgers deepen the drawdown, and more so the larger they are', () => {
    const dd = [0, 100_000, 200_000].map((units) =>
      maxDrawdown(
        run(
          variantScenario(blackThursdayOptions, (s) => {
            s.derivatives!.dealers.units = units;
          }),
          historical,
        ).series.price,
      ),
    );
    expect(dd[1]!).toBeGreaterThan(dd[0]!);
    expect(dd[2]!).toBeGreaterThan(dd[1]!);
    // Turning the hedging off (the design switch) gives the no-hedger drawdown back.
    const off = run(blackThursdayOptions, withOptions(historical, { dealerHedging: false }, 'no-hedging'));
    expect(maxDrawdown(off.series.price)).toBeCloseTo(dd[0]!, 6);
  });

  it('same-asset collateral liquidates more writers in the first leg than stablecoin collateral', () => {
    const coin = run(blackThursdayOptions, historical);
    const stable = run(
      variantScenario(blackThursdayOptions, (s) => {
        s.derivatives!.writers.collateral = 'stable';
      }),
      historical,
    );
    for (const fall of [0.2, 0.3])
      expect(liquidatedByFall(coin, fall)).toBeGreaterThan(liquidatedByFall(stable, fall));
  });

  it('IV feedback brings writer liquidations forward: more are liquidated by the time ETH is 10% and 15% down', () => {
    const on = run(blackThursdayOptions, historical);
    const off = run(blackThursdayOptions, withOptions(historical, { ivFeedback: false }, 'no-iv-feedback'));
    expect(Math.max(...off.options!.series.atmIv)).toBeCloseTo(
      blackThursdayOptions.derivatives!.iv.baseVol,
      1,
    );
    // On the real path every writer at risk is gone by a 25% fall with or without feedback; before
    // that, rising implied vol raises the margins of short puts and liquidates them earlier.
    expect(liquidatedByFall(on, 0.1)).toBeGreaterThan(liquidatedByFall(off, 0.1));
    expect(liquidatedByFall(on, 0.15)).toBeGreaterThan(liquidatedByFall(off, 0.15));
  });

  it('refuses collateral haircuts together with options, naming the field', () => {
    const haircut = parseDesign({ ...historical, id: 'haircut', collateralHaircuts: { ETH: 0.1 } });
    expect(() => run(blackThursdayOptions, haircut)).toThrow(/design\.collateralHaircuts: .*options/);
  });

  it('keeps the invariants at every step, option ledgers included, and is deterministic', () => {
    const violations: string[] = [];
    const a = run(blackThursdayOptions, historical, (s) => {
      for (const v of checkInvariants(s)) violations.push(`${v.step}: ${v.invariant}: ${v.detail}`);
    });
    expect(violations).toEqual([]);
    expect(a.options!.conservationError).toBeLessThan(1e-9);
    const b = run(blackThursdayOptions, historical);
    expect(JSON.stringify(a.options!.series)).toBe(JSON.stringify(b.options!.series));
    expect(Array.from(a.series.price)).toEqual(Array.from(b.series.price));
  });
});

describe('Black Monday 1987: portfolio insurance', () => {
  const historical = PRESETS.get(blackMonday1987.historicalDesignId)!;
  const { cal, run } = setup(blackMonday1987, historical);

  /**
   * Attribution: on the calibrated exogenous path, the historical design (insurers following their
   * rule) against the same design with the insurers holding still. The share is the part of the
   * simulated log drawdown that goes away without their selling.
   */
  it('portfolio-insurance selling produces a drawdown the replay attributes to it', () => {
    expect(cal.residual).toBeLessThan(1e-9);
    const on = run(blackMonday1987, historical);
    const off = run(blackMonday1987, withOptions(historical, { insurersActive: false }, 'no-insurers'));
    const ddOn = maxDrawdown(on.series.price);
    const ddOff = maxDrawdown(off.series.price);
    const share = 1 - Math.log(1 - ddOff) / Math.log(1 - ddOn);
    // Insurers sold on the historical run (Brady: about $6 B on 19 October), none on the other.
    const soldUsd = on.series.flows.insurance.reduce((s, v) => s + v, 0);
    expect(soldUsd).toBeGreaterThan(2e9);
    expect(off.series.flows.insurance.every((v) => v === 0)).toBe(true);
    expect(ddOff).toBeLessThan(ddOn);
    // The share depends on the venue depth assumed (the scenario's validation runs it over $1–4 B per
    // 1%): at $2 B per 1% the insurers' selling accounts for about a sixth of the fall's depth.
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.9);
    expect(on.events.some((e) => e.kind === 'insurance')).toBe(true);
  });
});

describe('automated covered-call vaults', () => {
  /** Only vaults: no writers, dealers or insurers. */
  const vaultsOnly = (): OptionsSpec => {
    const spec = structuredClone(blackThursdayOptions.derivatives!);
    spec.writers.count = 0;
    spec.writers.totalUnits = 0;
    spec.dealers.units = 0;
    spec.vaults = { units: 10_000, callMoneyness: 1.1, rollDays: 7 };
    return spec;
  };

  it('roll every rollDays at callMoneyness × spot, settle in the money out of their units, and conserve them', () => {
    const DAY = 86_400;
    const layer = new DerivativesLayer(vaultsOnly(), DEFAULT_OPTIONS_DESIGN, {
      seed: 1,
      stepSeconds: DAY,
      initialPrice: 100,
      startTime: 0,
    });
    // Day 0: calls at 110 written. The price rises to 120 by the expiry on day 7: each call pays 10,
    // i.e. 10/120 of a unit; the next calls are written at 1.1 × 120 = 132.
    const prices = [100, 104, 108, 112, 116, 118, 119, 120, 120];
    for (let d = 1; d < prices.length; d++) {
      layer.beginStep(d * DAY, prices[d]!);
      layer.marginAndLiquidations(d * DAY, prices[d]!);
      layer.hedgingFlows(d * DAY, prices[d]!);
      layer.settle(d * DAY, prices[d]!);
      layer.record(d * DAY);
    }
    const rolls = layer.events().filter((e) => e.kind === 'vault');
    expect(rolls.length).toBe(2);
    expect(rolls[1]!.text).toMatch(/calls at \$132/);
    expect(rolls[1]!.time).toBe(7 * DAY);
    expect(layer.conservationError()).toBeLessThan(1e-12);
    expect(layer.minBalance()).toBeCloseTo(10_000 - (10_000 * 10) / 120, 6);
  });

  it('market makers long the vaults’ calls buy on a fall (their hedge trades are purchases)', () => {
    const layer = new DerivativesLayer(vaultsOnly(), DEFAULT_OPTIONS_DESIGN, {
      seed: 1,
      stepSeconds: 300,
      initialPrice: 100,
      startTime: 0,
    });
    let bought = 0;
    [99, 97, 95, 93].forEach((p, k) => {
      const t = (k + 1) * 300;
      layer.beginStep(t, p);
      layer.marginAndLiquidations(t, p);
      const f = layer.hedgingFlows(t, p);
      expect(f.hedging).toBeLessThanOrEqual(0);
      bought -= f.hedging;
      layer.settle(t, p);
      layer.record(t);
    });
    expect(bought).toBeGreaterThan(0);
    // The gamma map says the same: a further 1% fall makes them buy (negative sales).
    expect(layer.gammaMap([93]).dealersUnits[0]).toBeLessThan(0);
  });

  it('on the crypto options crash, vaults damp the fall their buyers hedge against', () => {
    const historical = PRESETS.get(blackThursdayOptions.historicalDesignId)!;
    const { run } = setup(blackThursdayOptions, historical);
    const none = run(blackThursdayOptions, historical);
    const withVaults = run(
      variantScenario(blackThursdayOptions, (s) => {
        s.derivatives!.vaults = { units: 200_000, callMoneyness: 1.1, rollDays: 7 };
      }),
      historical,
    );
    expect(withVaults.events.some((e) => e.kind === 'options' && /covered-call vaults/.test(e.text))).toBe(
      true,
    );
    expect(maxDrawdown(withVaults.series.price)).toBeLessThan(maxDrawdown(none.series.price));
  });
});

describe('portfolio margin across options, futures and coin collateral (cross mode)', () => {
  it('delta-hedged writers (stablecoin collateral) need less under a Deribit-PM grid than per position: fewer liquidated early; ledgers balance', () => {
    const historical = PRESETS.get(blackThursdayOptions.historicalDesignId)!;
    const hedged = variantScenario(blackThursdayOptions, (s) => {
      s.derivatives!.writers.futuresHedgeRatio = 1;
      s.derivatives!.writers.collateral = 'stable';
      s.derivatives!.dealers.units = 0;
    });
    const { run } = setup(hedged, historical);
    const portfolio = parseDesign({
      ...historical,
      id: 'deribit-pm',
      options: {
        ...historical.options!,
        marginModel: {
          kind: 'portfolio',
          grid: {
            kind: 'deribit-pm',
            priceRange: 0.16,
            buckets: 9,
            volUpShock: 0.45,
            volDownShock: 0.3,
            termPower: 0.3,
          },
          shortOptionMinimum: 0.01,
        },
      },
    });
    const violations: string[] = [];
    const pm = run(hedged, portfolio, (st) => {
      for (const v of checkInvariants(st)) violations.push(`${v.step}: ${v.invariant}: ${v.detail}`);
    });
    const perPosition = run(hedged, historical);
    expect(violations).toEqual([]);
    expect(pm.options!.conservationError).toBeLessThan(1e-9);
    // With each writer's future offsetting its options in the grid, the requirement is lower: fewer
    // writers are liquidated by the first leg of the fall.
    expect(liquidatedByFall(pm, 0.25)).toBeLessThan(liquidatedByFall(perPosition, 0.25));
  });
});
