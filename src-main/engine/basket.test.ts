/**
 * Multi-collateral baskets with per-asset haircuts (basket.ts): hand-computed two-asset cases
 * (ETH 60% / WBTC 40%, one whale), capital efficiency, validation, invariants and determinism over
 * random baskets and haircuts, and the single-asset path unchanged.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blackThursday } from '../scenarios/black-thursday.ts';
import { Basket, basketEfficiency, collateralBasket, observedCollateralLog } from './basket.ts';
import { DesignError, parseDesign } from './design.ts';
import type { Design } from './design.ts';
import { checkInvariants } from './invariants.ts';
import { capitalEfficiencyOf } from './margin-model.ts';
import { AssetMarket } from './market.ts';
import { PRESETS } from './presets.ts';
import { replay } from './replay.ts';
import { maxDrawdown, summarize } from './report.ts';
import { parseScenario, ScenarioError } from './scenario.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulate.ts';
import type { SimulationResult } from './simulate.ts';
import { buildTimeline } from './timeline.ts';
import { TEST_T0, testAsset, testScenarioInput } from './test-support.ts';
import type { TestWhale } from './test-support.ts';

const T0 = TEST_T0;
type Whale = TestWhale;

/** A 1-minute scenario with ETH at $100 and WBTC at $1000, each on one linear venue. */
function twoAssetInput(
  whales: Whale[],
  basket: { asset: string; weight: number }[] | undefined,
  depthUsd = 1e12,
): Record<string, unknown> {
  return testScenarioInput(
    'tiny-basket',
    [testAsset('ETH', 100, depthUsd), testAsset('WBTC', 1000, depthUsd)],
    whales,
    basket ? { basket } : {},
  );
}

const ETH_WBTC = [
  { asset: 'ETH', weight: 0.6 },
  { asset: 'WBTC', weight: 0.4 },
];

function twoAsset(whales: Whale[], basket = ETH_WBTC, depthUsd = 1e12): Scenario {
  return parseScenario(twoAssetInput(whales, basket, depthUsd));
}

/** Runs `design` with per-asset price paths (each held at its last value); invariants every step. */
function run(scenario: Scenario, design: Design, paths: number[][], seed = 1): SimulationResult {
  const timeline = buildTimeline(scenario, 60, 1);
  const logs = paths.map((prices) => {
    const p = new Float64Array(timeline.steps);
    for (let t = 0; t < p.length; t++) p[t] = Math.log(prices[Math.min(t, prices.length - 1)]!);
    return p;
  });
  logs.forEach((p, a) => (timeline.observedLog[a] = p));
  const violations: string[] = [];
  const result = simulate({
    scenario,
    design,
    timeline,
    fundamentalLog: logs,
    seed,
    accounts: scenario.population.whales.length + 1,
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

/** Compound-style market sale (close factor 0.5, bonus 8%) at LR 1.5 on a spot oracle. */
function design(haircuts?: Record<string, number>, patch: Record<string, unknown> = {}): Design {
  const base = PRESETS.get('compound-market-sale')!;
  return parseDesign({
    ...base,
    id: 'test',
    oracle: spotOracle,
    margin: { kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.5 },
    ...(haircuts ? { collateralHaircuts: haircuts } : {}),
    ...patch,
  });
}

const firstStep = (series: Float64Array): number => series.findIndex((v) => v !== 0);
const ETH_FLAT = [100];
/** WBTC falls $100 a step from $1000 to $300 (step 7) and stays there. */
const WBTC_FALL = [1000, 900, 800, 700, 600, 500, 400, 300];

describe('basket: hand-computed two-asset cases (ETH 60% / WBTC 40%)', () => {
  // One basket unit = 0.6 ETH + 0.04 WBTC (q = w · P₀ / P_a,0 with P₀ = $100), worth $100 at the
  // start. The whale: $1000 debt at ratio 2 → 20 basket units; liquidatable when 1500 > 20 · V_eff,
  // i.e. V_eff < 75.
  const whale = [{ debtUsd: 1000, collateralRatio: 2 }];

  it('without haircuts, only WBTC falling: liquidated when 60 + 0.04·P_WBTC < 75 (step 7, P = 300)', () => {
    const r = run(twoAsset(whale), design(), [ETH_FLAT, WBTC_FALL]);
    // 20 basket units for the whale, ~0.5 for the tiny ordinary account (ratio 50–51 on $1).
    expect(r.totals.initialCollateral).toBeGreaterThanOrEqual(20.5 - 1e-9);
    expect(r.totals.initialCollateral).toBeLessThanOrEqual(20.51 + 1e-9);
    expect(r.series.oracle[0]).toBeCloseTo(100, 9);
    expect(r.series.oracle[6]).toBeCloseTo(60 + 0.04 * 400, 9); // 76: still safe
    expect(firstStep(r.series.liquidations)).toBe(7);
    expect(r.series.oracle[7]).toBeCloseTo(72, 9);
  });

  it('a 20% haircut on the falling asset liquidates earlier: 60 + 0.032·P_WBTC < 75 (step 6, P = 400)', () => {
    const r = run(twoAsset(whale), design({ WBTC: 0.2 }), [ETH_FLAT, WBTC_FALL]);
    expect(firstStep(r.series.liquidations)).toBe(6);
    // The recorded oracle is the basket's full (un-haircut) value.
    expect(r.series.oracle[6]).toBeCloseTo(76, 9);
  });

  it('a 20% haircut on the asset that does not fall: 48 + 0.04·P_WBTC < 75 (step 4, P = 600)', () => {
    const r = run(twoAsset(whale), design({ ETH: 0.2 }), [ETH_FLAT, WBTC_FALL]);
    expect(firstStep(r.series.liquidations)).toBe(4);
  });

  it('a haircut on a single collateral asset (no basket) scales its value: 20 × 0.8 × P < 1500 at P = 92', () => {
    // Single asset ETH from $100, whale at ratio 2: 20 ETH against $1000. With a 20% haircut it is
    // liquidatable below P = 93.75 (step 2 on this path); without, below 75 (never here).
    const scenario = parseScenario(twoAssetInput([{ debtUsd: 1000, collateralRatio: 2 }], undefined));
    const ethFall = [100, 96, 92, 88, 84, 80];
    const plain = run(scenario, design(), [ethFall, [1000]]);
    const cut = run(scenario, design({ ETH: 0.2 }), [ethFall, [1000]]);
    expect(firstStep(cut.series.liquidations)).toBe(2);
    expect(plain.totals.accountsLiquidated).toBe(0);
    expect(
      capitalEfficiencyOf(design({ ETH: 0.2 }), undefined, collateralBasket(scenario.population)).maxLtv,
    ).toBeCloseTo(0.8 / 1.5, 12);
  });

  it('a venue oracle reads the named venue where an asset has it, else the median of its venues', () => {
    const input = twoAssetInput([{ debtUsd: 1000, collateralRatio: 2 }], ETH_WBTC);
    const assets = input['assets'] as { venues: { name: string }[] }[];
    assets[1]!.venues[0]!.name = 'cex';
    const scenario = parseScenario(input);
    const d = design(undefined, { oracle: { ...spotOracle, source: 'venue', venue: 'dex' } });
    const r = run(scenario, d, [ETH_FLAT, WBTC_FALL]);
    expect(firstStep(r.series.liquidations)).toBe(7);
  });

  it('the sale of X basket units sells 0.6·X ETH and 0.04·X WBTC, each on its own market', () => {
    // Depth $10k per 1% on each venue (linear, all permanent). At step 7 the liquidator repays
    // 500 and seizes 540 / 72 = 7.5 basket units at the full oracle value: 4.5 ETH ($450 of flow)
    // and 0.3 WBTC ($90). Impacts −0.045 and −0.009; each fills at the geometric midpoint.
    const D = 1e4;
    const r = run(twoAsset(whale, ETH_WBTC, D), design(), [ETH_FLAT, WBTC_FALL]);
    expect(firstStep(r.series.liquidations)).toBe(7);
    expect(r.totals.collateralOut).toBeCloseTo(7.5, 9);
    const dE = (-0.01 * 4.5 * 100) / D;
    const dW = (-0.01 * 0.3 * 300) / D;
    const fill = 0.6 * 100 * Math.exp(dE / 2) + 0.04 * 300 * Math.exp(dW / 2);
    expect(r.series.flows.liquidation[7]).toBeCloseTo(7.5 * fill, 9);
    // Next step: the ETH venue (recorded) and the basket's market value carry both impacts.
    expect(r.series.venues[0]!.price[8]).toBeCloseTo(100 * Math.exp(dE), 9);
    expect(r.series.price[8]).toBeCloseTo(60 * Math.exp(dE) + 12 * Math.exp(dW), 9);
    // Proceeds summed across assets repaid the liquidator's 500.
    expect(r.totals.repaid).toBeCloseTo(500, 9);
  });

  it('Basket.applySale splits units by q_a and sums the per-asset fills', () => {
    const scenario = twoAsset([], ETH_WBTC, 1e4);
    const markets = scenario.assets.map((a) => new AssetMarket(a, 60));
    const logF = Float64Array.from([Math.log(100), Math.log(1000)]);
    markets.forEach((m, a) => m.setFundamental(logF[a]!));
    const b = new Basket([
      { asset: 'ETH', assetIdx: 0, weight: 0.6, units: 0.6, haircut: 0 },
      { asset: 'WBTC', assetIdx: 1, weight: 0.4, units: 0.04, haircut: 0.2 },
    ]);
    expect(b.initialEfficiency).toBeCloseTo(0.92, 12);
    const fill = b.applySale(markets, 10, logF, 1);
    expect(Array.from(b.lastUnits)).toEqual([6, 0.4]);
    const fE = 100 * Math.exp((-0.01 * 600) / 1e4 / 2);
    const fW = 1000 * Math.exp((-0.01 * 400) / 1e4 / 2);
    expect(b.lastFills[0]).toBeCloseTo(fE, 9);
    expect(b.lastFills[1]).toBeCloseTo(fW, 9);
    expect(fill).toBeCloseTo(0.6 * fE + 0.04 * fW, 9);
  });
});

describe('basket: calibrated replay', () => {
  it('anchors the population asset (tiny residual) and reports the basket’s observed drawdown', () => {
    const input = twoAssetInput(
      [
        { debtUsd: 1000, collateralRatio: 1.6 },
        { debtUsd: 2000, collateralRatio: 1.9 },
      ],
      ETH_WBTC,
      2e4,
    );
    const assets = input['assets'] as { observed: { points: [number, number][] } }[];
    assets[0]!.observed.points = [
      [T0, 100],
      [T0 + 600, 85],
      [T0 + 1140, 90],
    ];
    assets[1]!.observed.points = [
      [T0, 1000],
      [T0 + 600, 600],
      [T0 + 1140, 650],
    ];
    const scenario = parseScenario(input);
    const d = design({ WBTC: 0.1 });
    const r = replay(scenario, d, d, { seed: 3, stepSeconds: 60 });
    expect(r.calibration.residual).toBeLessThan(1e-9);
    expect(r.run.totals.accountsLiquidated).toBeGreaterThan(0);
    const obs = Array.from(observedCollateralLog(scenario, r.timeline.observedLog), (x) => Math.exp(x));
    expect(r.summary.drawdown.observed).toBeCloseTo(maxDrawdown(obs), 12);
    expect(obs[0]).toBeCloseTo(100, 9);
    // The basket's recorded price starts at the basket's value and falls more than ETH alone.
    expect(r.run.series.price[0]).toBeCloseTo(100, 9);
    expect(r.summary.drawdown.observed).toBeGreaterThan(0.15);
  });
});

describe('basket: capital efficiency', () => {
  it('max LTV = Σ w_a (1 − h_a) / LR and leverage LR / (LR − Σ w_a (1 − h_a))', () => {
    const d = design({ WBTC: 0.2 });
    // e = 0.6 + 0.4 × 0.8 = 0.92; LTV = 0.92 / 1.5; leverage = 1 / (1 − LTV) = 1.5 / 0.58.
    const c = capitalEfficiencyOf(d, undefined, ETH_WBTC);
    expect(c.maxLtv).toBeCloseTo(0.92 / 1.5, 12);
    expect(c.maxLeverage).toBeCloseTo(1.5 / 0.58, 12);
    // No basket given, or no haircut: the single-asset figures exactly.
    expect(capitalEfficiencyOf(d)).toEqual({ maxLtv: 1 / 1.5, maxLeverage: 1.5 / 0.5 });
    expect(capitalEfficiencyOf(design(), undefined, ETH_WBTC)).toEqual(capitalEfficiencyOf(design()));
    expect(basketEfficiency(ETH_WBTC, { WBTC: 0.2 })).toBeCloseTo(0.92, 12);
  });

  it('the run summary reports the basket-aware figure (and the stressed one at the peak ratio)', () => {
    const scenario = twoAsset([{ debtUsd: 1000, collateralRatio: 2 }]);
    const d = design({ WBTC: 0.2 });
    const r = run(scenario, d, [ETH_FLAT, WBTC_FALL]);
    const s = summarize(r, d, Float64Array.from([0]), collateralBasket(scenario.population));
    expect(s.capitalEfficiency.maxLtv).toBeCloseTo(0.92 / 1.5, 12);
    expect(s.capitalEfficiency.stressedMaxLtv).toBeCloseTo(0.92 / 1.5, 12);
  });
});

describe('basket: validation', () => {
  const bad = (basket: { asset: string; weight: number }[]) => () => parseScenario(twoAssetInput([], basket));
  it('weights must sum to 1, assets must exist once, and include the population asset', () => {
    expect(bad([{ asset: 'ETH', weight: 0.6 }])).toThrow(/population\.basket: weights sum to 0\.6/);
    expect(
      bad([
        { asset: 'ETH', weight: 0.6 },
        { asset: 'SOL', weight: 0.4 },
      ]),
    ).toThrow(/population\.basket\.1\.asset: no asset "SOL"/);
    expect(bad([{ asset: 'WBTC', weight: 1 }])).toThrow(/must include the population asset "ETH"/);
    expect(
      bad([
        { asset: 'ETH', weight: 0.5 },
        { asset: 'ETH', weight: 0.5 },
      ]),
    ).toThrow(/listed twice/);
    expect(
      bad([
        { asset: 'ETH', weight: 1.2 },
        { asset: 'WBTC', weight: -0.2 },
      ]),
    ).toThrow(ScenarioError);
    try {
      bad([{ asset: 'ETH', weight: 0.7 }])();
    } catch (e) {
      expect((e as ScenarioError).field).toBe('scenario.population.basket');
    }
  });

  it('haircuts are fractions below 1; unknown assets are named when the run starts', () => {
    expect(() => design({ WBTC: 1 })).toThrow(DesignError);
    expect(() => design({ WBTC: -0.1 })).toThrow(/collateralHaircuts\.WBTC/);
    expect(() => run(twoAsset([]), design({ SOL: 0.1 }), [ETH_FLAT, WBTC_FALL])).toThrow(
      /design\.collateralHaircuts\.SOL: no asset "SOL"/,
    );
  });
});

describe('basket: invariants and determinism over random baskets and haircuts', () => {
  const serialise = (r: SimulationResult): string =>
    JSON.stringify(r, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
  const liquidations: Record<string, unknown>[] = [
    { kind: 'market-sale', closeFactor: 0.5, bonus: 0.08 },
    PRESETS.get('maker-2021-clip')!.liquidation,
    PRESETS.get('maker-2020-flip')!.liquidation,
    {
      kind: 'stability-pool',
      depositsUsd: 1500,
      gasCompensationUsd: 0,
      gasCompensationFraction: 0.005,
      sellOffHalfLifeSeconds: 120,
      reinvestFraction: 0,
      whenEmpty: 'redistribute',
      fallbackCloseFactor: 1,
      fallbackBonus: 0.1,
    },
  ];
  it('collateral (in basket units) and debt are conserved, and reruns are byte-identical', () => {
    let liquidatedRuns = 0;
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        fc.double({ min: 0.3, max: 1.2, noNaN: true }),
        fc.double({ min: 0.3, max: 1.2, noNaN: true }),
        fc.integer({ min: 0, max: liquidations.length - 1 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        (wEth, hEth, hWbtc, endEth, endWbtc, li, seed, modified) => {
          const basket = [
            { asset: 'ETH', weight: wEth },
            { asset: 'WBTC', weight: 1 - wEth },
          ];
          const scenario = twoAsset(
            [
              { debtUsd: 1000, collateralRatio: 1.8 },
              { debtUsd: 3000, collateralRatio: 2.5 },
              { debtUsd: 500, collateralRatio: 3.5 },
            ],
            basket,
            2e4,
          );
          // With modifiers: partial liquidation, tiered slices, a grace period, a volatility margin.
          const d = design(
            { ETH: hEth, WBTC: hWbtc },
            {
              liquidation: liquidations[li],
              ...(modified
                ? {
                    margin: {
                      kind: 'volatility-scaled',
                      liquidationRatio: 1.5,
                      callRatio: 1.6,
                      volatility: {
                        referenceVolatility: 0.8,
                        ewmaHalfLifeHours: 1,
                        returnIntervalMinutes: 2,
                        floorMultiple: 1,
                        capMultiple: 2,
                        maxRisePerHour: null,
                        antiProcyclical: { kind: 'none' },
                      },
                    },
                    modifiers: {
                      partialTargetRatio: 1.8,
                      liquidityCapDepthMultiple: null,
                      tiered: { aboveUsd: 500, slices: 3 },
                      gracePeriodSeconds: 60,
                      circuitBreaker: null,
                    },
                  }
                : {}),
            },
          );
          const path = (end: number, p0: number) =>
            Array.from({ length: 12 }, (_, t) => p0 * (1 + ((end - 1) * t) / 11));
          const paths = [path(endEth, 100), path(endWbtc, 1000)];
          const a = run(scenario, d, paths, seed);
          const b = run(scenario, d, paths, seed);
          expect(serialise(a)).toBe(serialise(b));
          for (const x of a.series.price) expect(Number.isFinite(x) && x > 0).toBe(true);
          if (a.totals.accountsLiquidated > 0) liquidatedRuns++;
        },
      ),
      { numRuns: 25, seed: 42 },
    );
    // Not vacuous: most paths fall far enough to liquidate someone.
    expect(liquidatedRuns).toBeGreaterThan(5);
  });
});

describe('basket: the single-asset path is unchanged', () => {
  const serialise = (value: unknown): string =>
    JSON.stringify(value, (_k, v) =>
      ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
    );

  it('a one-asset basket with weight 1 and no haircut runs exactly like no basket', () => {
    const whales = [
      { debtUsd: 1000, collateralRatio: 2 },
      { debtUsd: 2000, collateralRatio: 1.6 },
    ];
    const plain = parseScenario(twoAssetInput(whales, undefined, 2e4));
    const one = parseScenario(twoAssetInput(whales, [{ asset: 'ETH', weight: 1 }], 2e4));
    const ethFall = [100, 95, 90, 85, 80, 75, 70, 65, 60];
    for (const d of [
      design(),
      design({ ETH: 0 }),
      design({}, { liquidation: PRESETS.get('maker-2021-clip')!.liquidation }),
    ]) {
      const a = run(plain, d, [ethFall, WBTC_FALL]);
      const b = run(one, d, [ethFall, WBTC_FALL]);
      expect(a.totals.accountsLiquidated).toBeGreaterThan(0);
      expect(serialise(b)).toBe(serialise(a));
    }
  });

  it('Black Thursday: the same figures as recorded at engine 0.7.0 (Aave keepers pass over accounts not worth their gas; first recorded before baskets on commit 85e0882)', () => {
    const flip = PRESETS.get('maker-2020-flip')!;
    const expected: [string, number, number][] = [
      ['maker-2020-flip', 20062799.27300032, 40101556.90669634],
      ['aave-v3', 15889.023569432953, 19675344.719646763],
      ['compound-market-sale', 0, 30200235.01327603],
    ];
    for (const [id, badDebt, liquidated] of expected) {
      const r = replay(blackThursday as Scenario, PRESETS.get(id)!, flip, {
        seed: 7,
        accounts: 2000,
        stepSeconds: 300,
      });
      expect(r.summary.badDebtUsd).toBe(badDebt);
      expect(r.summary.liquidatedUsd).toBe(liquidated);
    }
  });

  it('Black Thursday (Maker 2021 clip replayed against the 2020 flip): same totals and paths with a weight-1 basket', () => {
    const flip = PRESETS.get('maker-2020-flip')!;
    const clip = PRESETS.get('maker-2021-clip')!;
    const plain = blackThursday as Scenario;
    const one: Scenario = {
      ...plain,
      population: { ...plain.population, basket: [{ asset: plain.population.asset, weight: 1 }] },
    };
    const opts = { seed: 7, accounts: 300, stepSeconds: 600 };
    const a = replay(plain, clip, flip, opts);
    const b = replay(one, clip, flip, opts);
    expect(a.run.totals.liquidatedUsd).toBeGreaterThan(0);
    expect(serialise(b.run.totals)).toBe(serialise(a.run.totals));
    expect(serialise(b.run.series)).toBe(serialise(a.run.series));
    expect(serialise(b.summary)).toBe(serialise(a.summary));
    expect(b.calibration.iterations).toBe(a.calibration.iterations);
  });
});
