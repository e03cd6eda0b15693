/**
 * Hand-computed small cases for each mechanism and modifier of the design space: a one-venue market
 * with a known price path and a few named accounts (whales with exact debt and collateral ratio), so
 * every expected number below follows from the mechanism's rule by hand.
 */
import { describe, expect, it } from 'vitest';
import { parseDesign } from './design.ts';
import type { Design } from './design.ts';
import { checkInvariants } from './invariants.ts';
import { MarginState } from './margin-model.ts';
import { PRESETS } from './presets.ts';
import { parseScenario } from './scenario.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulate.ts';
import type { SimulationResult } from './simulate.ts';
import { buildTimeline } from './timeline.ts';
import { testAsset, testScenarioInput } from './test-support.ts';
import { blackThursday } from '../scenarios/black-thursday.ts';
import { createMechanism } from './simulation/mechanisms/registry.ts';
import { step } from './simulation/step.ts';
import { World } from './simulation/world.ts';
import type { TestWhale as Whale } from './test-support.ts';

/** A 1-minute, one-venue scenario starting at $100 with the given named accounts and a tiny ordinary one. */
function tinyScenario(
  whales: Whale[],
  opts: { depthUsd?: number; perps?: Scenario['population']['perps'] } = {},
): Scenario {
  return parseScenario(
    testScenarioInput(
      'tiny',
      [testAsset('ETH', 100, opts.depthUsd ?? 1e12)],
      whales,
      opts.perps ? { perps: opts.perps } : {},
    ),
  );
}

/** Runs `design` on the scenario with the oracle price path `prices` (held at its last value). */
function run(scenario: Scenario, design: Design, prices: number[], track: number[] = []): SimulationResult {
  const timeline = buildTimeline(scenario, 60, 1);
  const path = new Float64Array(timeline.steps);
  for (let t = 0; t < path.length; t++) path[t] = Math.log(prices[Math.min(t, prices.length - 1)]!);
  timeline.observedLog[0] = path;
  const violations: string[] = [];
  const result = simulate({
    scenario,
    design,
    timeline,
    fundamentalLog: [path],
    seed: 1,
    accounts: scenario.population.whales.length + 1,
    trackAccounts: track,
    onStep: (s) => {
      for (const v of checkInvariants(s)) violations.push(`${v.step}: ${v.invariant}: ${v.detail}`);
    },
  });
  expect(violations).toEqual([]);
  return result;
}

const spotOracle = {
  source: 'median' as const,
  transform: { kind: 'none' as const },
  update: { kind: 'every-step' as const },
  maxGasGwei: null,
  honorOutages: false,
};
const noModifiers = {
  partialTargetRatio: null,
  liquidityCapDepthMultiple: null,
  tiered: null,
  gracePeriodSeconds: 0,
  circuitBreaker: null,
};

function design(patch: Record<string, unknown>): Design {
  const base = PRESETS.get('compound-market-sale')!;
  return parseDesign({ ...base, id: 'test', oracle: spotOracle, ...patch });
}

const pool = (deposits: number, whenEmpty: 'redistribute' | 'market-sale' = 'redistribute') => ({
  kind: 'stability-pool',
  depositsUsd: deposits,
  gasCompensationUsd: 200,
  gasCompensationFraction: 0.005,
  sellOffHalfLifeSeconds: 60,
  reinvestFraction: 0,
  whenEmpty,
  fallbackCloseFactor: 1,
  fallbackBonus: 0.1,
});
const liquityMargin = { kind: 'fixed-ratio', liquidationRatio: 1.1, callRatio: 1.1 };

const firstStep = (series: Float64Array): number => series.findIndex((v) => v !== 0);

describe('stability pool (Liquity v1)', () => {
  it('absorbs the debt, takes the collateral less the caller’s 0.5%, and sells it off by half-life', () => {
    const s = tinyScenario([{ debtUsd: 1000, collateralRatio: 1.2 }]);
    const r = run(s, design({ margin: liquityMargin, liquidation: pool(5000) }), [100, 100, 90]);
    // 12 units of collateral at $100 (ratio 1.2); at $90 the ratio is 1.08 < 1.1.
    expect(firstStep(r.series.liquidations)).toBe(2);
    expect(r.totals.poolAbsorbedUsd).toBeCloseTo(1000, 9);
    expect(r.series.poolDepositsUsd[2]).toBeCloseTo(4000, 9);
    // No market sale at liquidation time; the pool sells half its 11.94 units in the same step.
    for (const v of r.series.flows.liquidation) expect(v).toBe(0);
    expect(r.series.backstopHoldingsUsd[2]).toBeCloseTo(12 * 0.995 * 0.5 * 90, 6);
    expect(r.series.flows.backstop[2]! / 90).toBeCloseTo(12 * 0.995 * 0.5, 6);
    expect(r.totals.badDebt).toBe(0);
  });

  it('when the deposits run out, redistributes the rest of the debt and collateral pro rata to collateral', () => {
    const s = tinyScenario([
      { debtUsd: 1000, collateralRatio: 1.2 },
      { debtUsd: 1000, collateralRatio: 3 },
    ]);
    const r = run(s, design({ margin: liquityMargin, liquidation: pool(400) }), [100, 100, 90], [0, 1, 2]);
    const [a, b, o] = r.tracked;
    expect(a!.debt[2]).toBe(0);
    const f = 400 / 1000;
    const restUnits = 12 * 0.995 * (1 - f);
    const cB = b!.collateral[1]!;
    const cO = o!.collateral[1]!;
    expect(r.totals.redistributedDebtUsd).toBeCloseTo(600, 9);
    expect(b!.debt[2]).toBeCloseTo(1000 + (600 * cB) / (cB + cO), 6);
    expect(b!.collateral[2]).toBeCloseTo(cB + (restUnits * cB) / (cB + cO), 9);
    expect(r.events.some((e) => e.kind === 'pool' && /redistributed/.test(e.text))).toBe(true);
  });

  it('falls back to a market sale when told to and the deposits cannot absorb the debt', () => {
    const s = tinyScenario([{ debtUsd: 1000, collateralRatio: 1.2 }]);
    const r = run(s, design({ margin: liquityMargin, liquidation: pool(10, 'market-sale') }), [100, 100, 90]);
    expect(r.totals.poolAbsorbedUsd).toBe(0);
    expect(r.series.flows.liquidation[2]).toBeGreaterThan(0);
  });
});

const perpsSpec = {
  marginAsset: 'numeraire' as const,
  marginMode: 'isolated' as const,
  shorts: { accountsPerLong: 1, leverageBins: [{ from: 2, to: 2.0001, weight: 1 }], sizeParetoAlpha: 2 },
};
/** Maintenance margin 5%. */
const perpMargin = { kind: 'fixed-ratio', liquidationRatio: 1 / 0.95, callRatio: 1.07 };
const exchange = (patch: Record<string, unknown> = {}) => ({
  kind: 'exchange-close',
  liquidationFee: 0.01,
  insuranceFundUsd: 30,
  autoDeleverage: true,
  backstopVault: null,
  partialClose: null,
  ...patch,
});

describe('exchange close, insurance fund and auto-deleveraging', () => {
  // A 10× long: notional $1,000, margin $100 → 10 units against $900 (ratio 10/9).
  const tenX = { debtUsd: 900, collateralRatio: 10 / 9 };
  // A 5× long: ratio 5/4; its trigger is 100 × (1/0.95) / 1.25 = $84.2, bankrupt at $80.
  const fiveX = { debtUsd: 800, collateralRatio: 5 / 4 };

  it('negative equity is paid by the fund first, and only the rest is taken from profitable shorts', () => {
    const s = tinyScenario([tenX], { perps: perpsSpec });
    const r = run(s, design({ margin: perpMargin, liquidation: exchange() }), [100, 100, 85]);
    // Closed at $85: proceeds $850 against $900 of debt → −$50; the fund has $30.
    expect(firstStep(r.series.liquidations)).toBe(2);
    expect(r.totals.insuranceFees).toBe(0);
    expect(r.totals.insurancePaid).toBeCloseTo(30, 6);
    expect(r.totals.adlHaircutUsd).toBeCloseTo(20, 4);
    expect(r.totals.fundExhaustedStep).toBe(2);
    expect(r.totals.firstAdlStep).toBe(2);
    expect(r.totals.badDebt).toBeCloseTo(0, 6);
  });

  it('with a fund large enough, there is no auto-deleveraging at all', () => {
    const s = tinyScenario([tenX], { perps: perpsSpec });
    const r = run(
      s,
      design({ margin: perpMargin, liquidation: exchange({ insuranceFundUsd: 1e6 }) }),
      [100, 100, 85],
    );
    expect(r.totals.insurancePaid).toBeCloseTo(50, 4);
    expect(r.totals.adlAccounts).toBe(0);
    expect(r.totals.firstAdlStep).toBe(-1);
  });

  it('a solvent close pays the fee into the fund and hands the rest of the equity back', () => {
    const s = tinyScenario([tenX], { perps: perpsSpec });
    const r = run(s, design({ margin: perpMargin, liquidation: exchange() }), [100, 100, 94]);
    // At $94: equity 940 − 900 = 40 < 5% × 940 = 47 → closed; fee 1% of 940 = 9.4.
    expect(r.totals.insuranceFees).toBeCloseTo(9.4, 4);
    expect(r.totals.returnedEquityUsd).toBeCloseTo(40 - 9.4, 4);
    expect(r.series.insuranceFundUsd[2]).toBeCloseTo(39.4, 4);
  });

  it('once the fund is empty, the next bankrupt position goes to the shorts at its bankruptcy price, off market', () => {
    const s = tinyScenario([tenX, fiveX], { perps: perpsSpec });
    const r = run(s, design({ margin: perpMargin, liquidation: exchange() }), [100, 100, 85, 85, 80]);
    expect(r.totals.fundExhaustedStep).toBe(2);
    // Step 4: the 5× long (8 units... $800 / 0.8 = 10 units at ratio 1.25) is transferred at $80.
    expect(r.series.liquidations[4]).toBe(1);
    expect(r.series.flows.liquidation[4]).toBe(0);
    expect(r.series.adlNotionalUsd[4]).toBeCloseTo(800, 6);
    expect(r.events.some((e) => e.kind === 'adl' && e.step === 4)).toBe(true);
  });

  it('a backstop vault takes over positions below 2/3 of maintenance and unwinds them', () => {
    const s = tinyScenario([tenX], { perps: perpsSpec });
    const vault = {
      belowMaintenanceFraction: 2 / 3,
      capitalUsd: 1e6,
      unwindHalfLifeSeconds: 60,
      maxHoldingUsd: 1e7,
    };
    const r = run(
      s,
      design({ margin: perpMargin, liquidation: exchange({ insuranceFundUsd: 0, backstopVault: vault }) }),
      [100, 100, 85],
    );
    expect(r.totals.vaultTakeovers).toBe(1);
    expect(r.series.flows.liquidation[2]).toBe(0);
    // Half of the 10 units is sold in the takeover's step, the rest halves every minute.
    expect(r.series.backstopHoldingsUsd[2]).toBeCloseTo(5 * 85, 6);
    expect(r.series.flows.backstop[3]! / 85).toBeCloseTo(2.5, 6);
    expect(r.totals.adlAccounts).toBe(0);
  });

  it('large positions are cut in slices with a cooldown (partial close)', () => {
    const s = tinyScenario([{ debtUsd: 900_000, collateralRatio: 10 / 9 }], { perps: perpsSpec });
    const r = run(
      s,
      design({
        margin: perpMargin,
        liquidation: exchange({
          insuranceFundUsd: 1e6,
          partialClose: { aboveUsd: 100_000, fraction: 0.2, cooldownSeconds: 120 },
        }),
      }),
      [100, 100, 92],
    );
    // At $92 the position keeps 2% equity, below the 5% maintenance; each 20% cut leaves it still
    // below, so it is cut again after each 2-step cooldown — never in consecutive steps.
    const cutSteps = [...r.series.liquidations.keys()].filter((t) => r.series.liquidations[t]! > 0);
    expect(cutSteps.slice(0, 3)).toEqual([2, 4, 6]);
    expect(r.series.flows.liquidation[2]! / 92).toBeCloseTo(10_000 * 0.2, 3);
  });

  it('cross margin: the free balance backs the position (liquidated later) and is lost with it', () => {
    // The same 10× long with a free balance (a few percent of its units) outside the position.
    const withReserve = (mode: 'isolated' | 'cross'): Scenario => {
      const sc = tinyScenario([tenX], { perps: { ...perpsSpec, marginMode: mode } });
      return {
        ...sc,
        population: { ...sc.population, response: { ...sc.population.response, reserveMedianRatio: 0.02 } },
      };
    };
    const path = [100, 100, 97, 94, 91, 88, 85, 82, 79, 76, 73, 70, 67, 64, 61, 58, 55];
    const iso = run(
      withReserve('isolated'),
      design({ margin: perpMargin, liquidation: exchange({ insuranceFundUsd: 1e6 }) }),
      path,
      [0],
    );
    const cross = run(
      withReserve('cross'),
      design({ margin: perpMargin, liquidation: exchange({ insuranceFundUsd: 1e6 }) }),
      path,
      [0],
    );
    const firstIso = firstStep(iso.series.liquidations);
    const firstCross = firstStep(cross.series.liquidations);
    expect(firstIso).toBeGreaterThan(0);
    expect(firstCross).toBeGreaterThan(firstIso);
    // Isolated: the free balance stays with the owner; cross: it was in the position and is gone.
    expect(iso.tracked[0]!.debt[1]).toBeGreaterThan(cross.tracked[0]!.debt[1]!);
    expect(cross.tracked[0]!.collateral[path.length - 1]).toBe(0);
  });

  it('a short is liquidated when the price rises through its trigger, and the exchange buys', () => {
    const s = tinyScenario([{ debtUsd: 500, collateralRatio: 2 }], {
      perps: {
        ...perpsSpec,
        shorts: { ...perpsSpec.shorts, leverageBins: [{ from: 4, to: 4.0001, weight: 1 }] },
      },
    });
    // A 4× short opened at $100: liquidated above (25 + 100) / 1.05 = $119.05.
    const r = run(s, design({ margin: perpMargin, liquidation: exchange() }), [100, 100, 118, 121]);
    expect(r.series.shortsLiquidated[2]).toBe(0);
    expect(r.series.shortsLiquidated[3]).toBeGreaterThan(0);
    expect(r.series.flows.liquidation[3]).toBeLessThan(0);
  });
});

describe('modifiers', () => {
  const market = { kind: 'market-sale', closeFactor: 1, bonus: 0.05 };
  const margin = { kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.5 };

  it('partial liquidation restores the target ratio at the oracle price', () => {
    const s = tinyScenario([{ debtUsd: 1000, collateralRatio: 1.6 }]);
    const r = run(
      s,
      design({ margin, liquidation: market, modifiers: { ...noModifiers, partialTargetRatio: 1.8 } }),
      [100, 100, 90],
      [0],
    );
    const a = r.tracked[0]!;
    // 16 units at $90 = 1.44 < 1.5. Selling x with repay x·90/1.05 to reach 1.8: x = 5.6.
    expect(a.collateral[2]).toBeCloseTo(16 - 5.6, 9);
    expect((a.collateral[2]! * 90) / a.debt[2]!).toBeCloseTo(1.8, 9);
  });

  it('the liquidity cap keeps each step’s liquidation sales under the multiple of depth', () => {
    const s = tinyScenario(
      [
        { debtUsd: 1000, collateralRatio: 1.6 },
        { debtUsd: 1000, collateralRatio: 1.6 },
        { debtUsd: 1000, collateralRatio: 1.6 },
      ],
      { depthUsd: 1000 },
    );
    const r = run(
      s,
      design({ margin, liquidation: market, modifiers: { ...noModifiers, liquidityCapDepthMultiple: 1.2 } }),
      [100, 90],
    );
    const steps = [...r.series.flows.liquidation].filter((v) => v > 0);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    // Units × pre-flow price ≤ 1,200 (the fill is below the pre-flow price), and the cap binds.
    for (const v of r.series.flows.liquidation) expect(v).toBeLessThanOrEqual(1200 + 1e-6);
    expect(r.series.flows.liquidation[1]).toBeGreaterThan(1100);
    const uncapped = run(s, design({ margin, liquidation: market }), [100, 90]);
    expect(uncapped.series.flows.liquidation[1]).toBeGreaterThan(2400);
  });

  it('tiered execution sells a large lot as equal TWAP slices over consecutive steps', () => {
    const s = tinyScenario([{ debtUsd: 1000, collateralRatio: 1.6 }]);
    const r = run(
      s,
      design({
        margin,
        liquidation: market,
        modifiers: { ...noModifiers, tiered: { aboveUsd: 500, slices: 4 } },
      }),
      [100, 90],
    );
    const sold = [...r.series.flows.liquidation.keys()].filter((t) => r.series.flows.liquidation[t]! > 0);
    expect(sold).toEqual([1, 2, 3, 4]);
    const units = sold.map((t) => r.series.flows.liquidation[t]! / r.series.price[t]!);
    for (const u of units) expect(u).toBeCloseTo(units[0]!, 6);
    expect(units[0]! * 4).toBeCloseTo((1000 * 1.05) / 90, 6);
  });

  it('a grace period delays the liquidation by its length', () => {
    const s = tinyScenario([{ debtUsd: 1000, collateralRatio: 1.6 }]);
    const r = run(
      s,
      design({ margin, liquidation: market, modifiers: { ...noModifiers, gracePeriodSeconds: 180 } }),
      [100, 100, 90],
    );
    expect(firstStep(r.series.liquidations)).toBe(5);
  });

  it('a pausing circuit breaker holds liquidations for its duration after the trip', () => {
    const s = tinyScenario([{ debtUsd: 1000, collateralRatio: 1.6 }]);
    const breaker = {
      dropFraction: 0.08,
      windowSeconds: 300,
      action: 'pause',
      haircutMultiplier: 1.5,
      durationSeconds: 240,
    };
    const r = run(
      s,
      design({ margin, liquidation: market, modifiers: { ...noModifiers, circuitBreaker: breaker } }),
      [100, 100, 90],
    );
    expect(r.series.breakerActive[2]).toBe(1);
    expect(r.totals.breakerTrips).toBe(1);
    expect(firstStep(r.series.liquidations)).toBe(6);
    expect(r.events.some((e) => e.kind === 'breaker' && /paused/.test(e.text))).toBe(true);
  });

  it('a margin-scaling breaker raises the requirement while tripped', () => {
    const s = tinyScenario([{ debtUsd: 1000, collateralRatio: 1.75 }]);
    const breaker = {
      dropFraction: 0.08,
      windowSeconds: 300,
      action: 'scale-margin',
      haircutMultiplier: 1.5,
      durationSeconds: 240,
    };
    const r = run(
      s,
      design({ margin, liquidation: market, modifiers: { ...noModifiers, circuitBreaker: breaker } }),
      [100, 100, 90],
    );
    // Haircut 1/3 × 1.5 = 1/2 → ratio 2: the account (1.575 at $90) is liquidated while tripped.
    expect(r.series.requiredRatio[2]).toBeCloseTo(2, 12);
    expect(r.series.liquidations[2]).toBe(1);
    expect(r.series.requiredRatio[6]).toBeCloseTo(1.5, 12);
  });
});

describe('margin models', () => {
  const vol = (antiProcyclical: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    design({
      margin: {
        kind: 'volatility-scaled',
        liquidationRatio: 1.5,
        callRatio: 1.6,
        volatility: {
          referenceVolatility: 0.5,
          ewmaHalfLifeHours: 1,
          returnIntervalMinutes: 1,
          floorMultiple: 1,
          capMultiple: 2,
          maxRisePerHour: null,
          antiProcyclical,
          ...extra,
        },
      },
    }).margin;

  /** Feeds a calm minute-by-minute path then a 5% jump; returns the state after each step. */
  function feed(m: ReturnType<typeof vol>, prices: number[]): MarginState {
    const state = new MarginState(m, 60, null);
    prices.forEach((p, t) => state.update(t, p));
    return state;
  }

  it('volatility-scaled: the requirement stays at its base in calm and follows the EWMA up to the cap', () => {
    const calm = feed(vol({ kind: 'none' }), [100, 100, 100]);
    expect(calm.ratio).toBe(1.5);
    const shocked = feed(vol({ kind: 'none' }), [100, 100, 95]);
    // One calm return then r: σ² = λ²σ_ref² + (1−λ) r²/60 per second, λ = 0.5^(1/60), annualised.
    const lambda = Math.pow(0.5, 1 / 60);
    const perSecond = 0.25 / (365 * 86400);
    const r = Math.log(0.95);
    const sigma = Math.sqrt((lambda * lambda * perSecond + ((1 - lambda) * r * r) / 60) * 365 * 86400);
    const multiple = Math.min(2, sigma / 0.5);
    expect(shocked.volatility).toBeCloseTo(sigma, 12);
    expect(shocked.ratio).toBeCloseTo(1 / (1 - (1 / 3) * multiple), 12);
    const big = feed(vol({ kind: 'none' }), [100, 100, 60]);
    expect(big.ratio).toBeCloseTo(3, 12); // capped: haircut 2/3
  });

  it('the ramp limit bounds how fast the requirement can rise', () => {
    const s = feed(vol({ kind: 'none' }, { maxRisePerHour: 0.6 }), [100, 100, 60]);
    // 0.6 per hour over one minute: the multiple rises by 0.01 at most.
    expect(s.multiple).toBeCloseTo(1.01, 12);
  });

  it('the anti-procyclical buffer absorbs a volatility rise up to its size', () => {
    // A rise of σ within (1 + buffer) × σ_ref leaves the posted requirement at its base.
    const small = feed(vol({ kind: 'buffer', buffer: 0.5 }), [100, 100, 99.5]);
    expect(small.volatility).toBeLessThan(0.5 * 1.5);
    expect(small.ratio).toBe(1.5);
    const plain = feed(vol({ kind: 'none' }), [100, 100, 99.5]);
    expect(plain.ratio).toBeGreaterThan(1.5);
  });

  it('the stressed-volatility floor damps the move of the requirement', () => {
    const none = feed(vol({ kind: 'none' }), [100, 100, 97]);
    const floor = feed(vol({ kind: 'stressed-floor', stressedVolatility: 2, weight: 0.5 }), [100, 100, 97]);
    expect(floor.ratio).toBeGreaterThan(1.5);
    expect(floor.ratio).toBeLessThan(none.ratio);
  });

  it('breaker windows: a fall slower than the window does not trip it', () => {
    const m = vol({ kind: 'none' });
    const b = {
      dropFraction: 0.1,
      windowSeconds: 120,
      action: 'pause' as const,
      haircutMultiplier: 1.5,
      durationSeconds: 60,
    };
    const slow = new MarginState(m, 60, b);
    [100, 96, 92, 88, 84].forEach((p, t) => slow.update(t, p));
    expect(slow.breakerTrips).toBe(0);
    const fast = new MarginState(m, 60, b);
    [100, 95, 89].forEach((p, t) => fast.update(t, p));
    expect(fast.breakerTrips).toBe(1);
  });
});

describe("keepers' transaction totals", () => {
  // The auctions skip their keeper loops once these totals say nobody has a transaction left.
  for (const id of ['maker-2020-flip', 'maker-2021-clip']) {
    it(`stay the sums of every keeper's transactions left under ${id}`, () => {
      const scenario = blackThursday;
      const timeline = buildTimeline(scenario, 60, 1);
      const w = new World(
        {
          scenario,
          design: PRESETS.get(id)!,
          timeline,
          fundamentalLog: timeline.observedLog,
          seed: 1,
          accounts: 3000,
        },
        createMechanism,
      );
      let spent = 0;
      for (let t = 0; t < timeline.steps; t++) {
        step(w, t);
        const k = w.keepers;
        let capped = 0;
        let atomic = 0;
        for (let i = 0; i < k.count; i++) {
          capped += k.txLeft[i]!;
          atomic += k.txLeftAtomic[i]!;
        }
        expect(k.cappedTxTotal).toBe(capped);
        expect(k.atomicTxTotal).toBe(atomic);
        spent += k.count * k.txThisStep - atomic;
      }
      // Atomic transactions were spent on some step (takes, paid kicks), so the count was exercised.
      if (id === 'maker-2021-clip') expect(spent).toBeGreaterThan(0);
    });
  }
});
