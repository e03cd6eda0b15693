/**
 * The whole design space together: MODEL.md §9 invariants for randomly generated designs over every
 * mechanism, margin model and modifier, on lending and perpetual populations; and the shape tests of
 * the design-space issue on Black Thursday (each a real assertion on engine output).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blackThursday } from '../scenarios/black-thursday.ts';
import type { Design } from './design.ts';
import { parseDesign } from './design.ts';
import { checkInvariants } from './invariants.ts';
import { capitalEfficiencyOf } from './margin-model.ts';
import { PRESETS, withOracle } from './presets.ts';
import { calibrate, runOnCalibration } from './replay.ts';
import type { ReplayResult } from './replay.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulate.ts';
import { buildTimeline } from './timeline.ts';

const flip = PRESETS.get('maker-2020-flip')!;
const clip = PRESETS.get('maker-2021-clip')!;
const compound = PRESETS.get('compound-market-sale')!;

const liquidationArb = fc.oneof(
  fc.record({
    kind: fc.constant('market-sale'),
    closeFactor: fc.double({ min: 0.05, max: 1, noNaN: true }),
    bonus: fc.double({ min: 0, max: 0.2, noNaN: true }),
  }),
  fc.constant(flip.liquidation),
  fc.constant(clip.liquidation),
  fc.record({
    kind: fc.constant('stability-pool'),
    depositsUsd: fc.double({ min: 0, max: 2e8, noNaN: true }),
    gasCompensationUsd: fc.constant(200),
    gasCompensationFraction: fc.constant(0.005),
    sellOffHalfLifeSeconds: fc.double({ min: 60, max: 86_400, noNaN: true }),
    reinvestFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    whenEmpty: fc.constantFrom('redistribute', 'market-sale'),
    fallbackCloseFactor: fc.double({ min: 0.1, max: 1, noNaN: true }),
    fallbackBonus: fc.double({ min: 0, max: 0.15, noNaN: true }),
  }),
  fc
    .record({
      kind: fc.constant('soft-liquidation'),
      bandWidthFactor: fc.double({ min: 5, max: 300, noNaN: true }),
      bands: fc.integer({ min: 4, max: 50 }),
      fee: fc.double({ min: 0, max: 0.02, noNaN: true }),
      loanDiscount: fc.double({ min: 0.02, max: 0.3, noNaN: true }),
      liquidationShare: fc.double({ min: 0.3, max: 1, noNaN: true }),
    })
    .map(({ liquidationShare, ...l }) => ({ ...l, liquidationDiscount: l.loanDiscount * liquidationShare })),
  fc.record({
    kind: fc.constant('exchange-close'),
    liquidationFee: fc.double({ min: 0, max: 0.05, noNaN: true }),
    insuranceFundUsd: fc.double({ min: 0, max: 1e7, noNaN: true }),
    autoDeleverage: fc.boolean(),
    backstopVault: fc.option(
      fc.record({
        belowMaintenanceFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        capitalUsd: fc.double({ min: 0, max: 1e8, noNaN: true }),
        unwindHalfLifeSeconds: fc.double({ min: 60, max: 86_400, noNaN: true }),
        maxHoldingUsd: fc.double({ min: 1e4, max: 1e9, noNaN: true }),
      }),
    ),
    partialClose: fc.option(
      fc.record({
        aboveUsd: fc.double({ min: 1e3, max: 1e6, noNaN: true }),
        fraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
        cooldownSeconds: fc.double({ min: 0, max: 3600, noNaN: true }),
      }),
    ),
  }),
);

const modifiersArb = fc.record({
  partialTargetRatio: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true })),
  liquidityCapDepthMultiple: fc.option(fc.double({ min: 0.05, max: 20, noNaN: true })),
  tiered: fc.option(
    fc.record({
      aboveUsd: fc.double({ min: 1e3, max: 1e6, noNaN: true }),
      slices: fc.integer({ min: 2, max: 20 }),
    }),
  ),
  gracePeriodSeconds: fc.constantFrom(0, 0, 900, 3600),
  circuitBreaker: fc.option(
    fc.record({
      dropFraction: fc.double({ min: 0.02, max: 0.3, noNaN: true }),
      windowSeconds: fc.constantFrom(900, 3600, 4 * 3600),
      action: fc.constantFrom('pause', 'scale-margin'),
      haircutMultiplier: fc.constantFrom(0.5, 1.5, 2),
      durationSeconds: fc.constantFrom(900, 3600, 6 * 3600),
    }),
  ),
});

const marginArb = fc.record({
  lr: fc.double({ min: 1.02, max: 2.5, noNaN: true }),
  callExtra: fc.double({ min: 1, max: 1.4, noNaN: true }),
  vol: fc.option(
    fc.record({
      referenceVolatility: fc.double({ min: 0.3, max: 4, noNaN: true }),
      ewmaHalfLifeHours: fc.double({ min: 0.5, max: 72, noNaN: true }),
      returnIntervalMinutes: fc.constantFrom(15, 60),
      floorMultiple: fc.double({ min: 0.5, max: 1, noNaN: true }),
      capMultiple: fc.double({ min: 1, max: 3, noNaN: true }),
      maxRisePerHour: fc.option(fc.double({ min: 0.01, max: 2, noNaN: true })),
      antiProcyclical: fc.oneof(
        fc.constant({ kind: 'none' }),
        fc.record({ kind: fc.constant('buffer'), buffer: fc.double({ min: 0, max: 1, noNaN: true }) }),
        fc.record({
          kind: fc.constant('stressed-floor'),
          stressedVolatility: fc.double({ min: 0.5, max: 10, noNaN: true }),
          weight: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
      ),
    }),
  ),
});

const designArb: fc.Arbitrary<Design> = fc
  .record({
    margin: marginArb,
    liquidation: liquidationArb,
    modifiers: modifiersArb,
    oracle: fc.constantFrom('spot', 'osm-1h', 'twap-30m'),
    buffer: fc.double({ min: 0, max: 2_000_000, noNaN: true }),
    socialise: fc.boolean(),
  })
  .map((r) => {
    const lr = r.margin.lr;
    const margin = r.margin.vol
      ? {
          kind: 'volatility-scaled',
          liquidationRatio: lr,
          callRatio: lr * r.margin.callExtra,
          volatility: r.margin.vol,
        }
      : { kind: 'fixed-ratio', liquidationRatio: lr, callRatio: lr * r.margin.callExtra };
    const m = r.modifiers;
    const d = parseDesign({
      ...compound,
      id: 'random',
      margin,
      liquidation: r.liquidation,
      modifiers: {
        ...m,
        partialTargetRatio: m.partialTargetRatio === null ? null : lr * (1 + m.partialTargetRatio),
      },
      shortfall: {
        ...compound.shortfall,
        surplusBufferUsd: r.buffer,
        then: r.socialise ? 'socialise' : 'debt-auction',
      },
      keepers: { count: 10 },
    });
    return withOracle(d, r.oracle);
  });

const populationArb = fc.oneof(
  fc.constant(null),
  fc.record({
    marginAsset: fc.constantFrom('numeraire' as const, 'same-asset' as const),
    marginMode: fc.constantFrom('isolated' as const, 'cross' as const),
    shorts: fc.record({
      accountsPerLong: fc.double({ min: 0.1, max: 2, noNaN: true }),
      leverageBins: fc.constant([{ from: 1.5, to: 8, weight: 1 }] as {
        from: number;
        to: number;
        weight: number;
      }[]),
      sizeParetoAlpha: fc.constant(1.6),
    }),
  }),
);

describe('invariants over the whole design space (MODEL.md §9)', () => {
  it('hold at every step for random mechanisms × margins × modifiers on lending and perpetual populations', () => {
    const timeline = buildTimeline(blackThursday, 900, 5);
    fc.assert(
      fc.property(designArb, populationArb, fc.integer({ min: 0, max: 1e6 }), (design, perps, seed) => {
        const scenario: Scenario = perps
          ? { ...blackThursday, population: { ...blackThursday.population, perps } }
          : blackThursday;
        const violations: string[] = [];
        const opts = {
          scenario,
          design,
          timeline,
          fundamentalLog: timeline.observedLog,
          seed,
          accounts: 150,
        };
        const run = simulate({
          ...opts,
          onStep: (s) => {
            for (const v of checkInvariants(s)) violations.push(`${v.step}: ${v.invariant}: ${v.detail}`);
          },
        });
        expect(violations).toEqual([]);
        for (const series of [run.series.price, run.series.oracle, run.series.requiredRatio]) {
          for (const p of series) expect(Number.isFinite(p) && p > 0).toBe(true);
        }
        for (const s of [
          run.series.insuranceFundUsd,
          run.series.poolDepositsUsd,
          run.series.backstopHoldingsUsd,
        ])
          for (const v of s) expect(v >= 0 && Number.isFinite(v)).toBe(true);
        const T = run.totals;
        const charged = T.surplusUsed + T.debtAuction + T.socialised;
        expect(Math.abs(charged - (T.badDebt + T.keeperIncentives))).toBeLessThanOrEqual(
          1e-6 * Math.max(1, charged),
        );
        // Auto-deleveraging never starts while the insurance fund still has money.
        if (T.firstAdlStep >= 0) expect(T.fundExhaustedStep).toBeGreaterThanOrEqual(0);
        if (T.firstAdlStep >= 0) expect(T.firstAdlStep).toBeGreaterThanOrEqual(T.fundExhaustedStep);
        // Determinism: the same inputs give the same output.
        const again = simulate(opts);
        expect(Array.from(again.series.price)).toEqual(Array.from(run.series.price));
        expect(again.totals).toEqual(run.totals);
      }),
      { numRuns: 60 },
    );
  });
});

describe('shape tests on Black Thursday (calibrated on the historical flip design)', () => {
  const base = parseDesign({
    ...compound,
    id: 'base',
    margin: { kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.6 },
  });
  const variant = (id: string, patch: Record<string, unknown>): Design =>
    parseDesign({ ...base, id, ...patch });
  const noModifiers = {
    partialTargetRatio: null,
    liquidityCapDepthMultiple: null,
    tiered: null,
    gracePeriodSeconds: 0,
    circuitBreaker: null,
  };
  const volMargin = (antiProcyclical: Record<string, unknown>) => ({
    kind: 'volatility-scaled',
    liquidationRatio: 1.5,
    callRatio: 1.6,
    volatility: {
      // Hourly returns of the calm hours before the crash run at ~200% a year on this path.
      referenceVolatility: 2,
      ewmaHalfLifeHours: 24,
      returnIntervalMinutes: 60,
      floorMultiple: 1,
      capMultiple: 1.5,
      maxRisePerHour: null,
      antiProcyclical,
    },
  });

  function runAll(seed: number, depthScale: number, designs: Design[]): ReplayResult[] {
    const opts = { seed, accounts: 1500, stepSeconds: 60, depthScale };
    const timeline = buildTimeline(blackThursday, 60, seed);
    const cal = calibrate(blackThursday, flip, timeline, opts);
    return designs.map((d) => runOnCalibration(blackThursday, d, flip, timeline, cal, opts));
  }
  const largestWave = (r: ReplayResult): number => Math.max(0, ...r.waves.map((w) => w.collateralSoldUsd));
  /** Mean of log(P/F) over the run: how far, on average, the design's own flows held the price below F. */
  const meanImpact = (r: ReplayResult): number => r.run.impactLog.reduce((s, v) => s + v, 0) / r.run.steps;

  it('a stability pool with enough deposits: no market sales at liquidation time, less amplification', () => {
    const pool = variant('pool', {
      liquidation: {
        kind: 'stability-pool',
        depositsUsd: 2e9,
        gasCompensationUsd: 200,
        gasCompensationFraction: 0.005,
        sellOffHalfLifeSeconds: 6 * 3600,
        reinvestFraction: 0,
        whenEmpty: 'redistribute',
        fallbackCloseFactor: 1,
        fallbackBonus: 0.1,
      },
    });
    for (const seed of [1, 2]) {
      const [market, pooled] = runAll(seed, 1, [base, pool]);
      expect(pooled!.run.totals.accountsLiquidated).toBeGreaterThan(100);
      expect(pooled!.run.totals.poolAbsorbedUsd).toBeGreaterThan(0);
      for (const v of pooled!.run.series.flows.liquidation) expect(v).toBe(0);
      expect(pooled!.summary.amplification).toBeLessThan(market!.summary.amplification);
    }
  });

  it('a circuit breaker makes the largest wave smaller', () => {
    const breaker = variant('breaker', {
      modifiers: {
        ...noModifiers,
        circuitBreaker: {
          dropFraction: 0.05,
          windowSeconds: 3600,
          action: 'pause',
          haircutMultiplier: 1.5,
          durationSeconds: 3600,
        },
      },
    });
    for (const seed of [1, 2, 3]) {
      const [plain, paused] = runAll(seed, 1, [base, breaker]);
      expect(paused!.run.totals.breakerTrips).toBeGreaterThan(0);
      expect(largestWave(paused!)).toBeLessThan(largestWave(plain!));
    }
  });

  it('a procyclical volatility margin deepens the trough; the anti-procyclical variant recovers most of it', () => {
    const vol = variant('vol', { margin: volMargin({ kind: 'none' }) });
    const apc = variant('apc', {
      margin: volMargin({ kind: 'stressed-floor', stressedVolatility: 8, weight: 0.75 }),
    });
    // Thinner books (30% of the scenario's depth) make the feedback visible; three seeds averaged.
    const m = {
      fixed: { low: 0, depression: 0, sold: 0 },
      vol: { low: 0, depression: 0, sold: 0 },
      apc: { low: 0, depression: 0, sold: 0 },
    };
    for (const seed of [1, 2, 3]) {
      const [f, v, a] = runAll(seed, 0.3, [base, vol, apc]);
      expect(v!.run.totals.peakRequiredRatio).toBeGreaterThan(1.5);
      expect(a!.run.totals.peakRequiredRatio).toBeLessThan(v!.run.totals.peakRequiredRatio);
      for (const [key, r] of [
        ['fixed', f!],
        ['vol', v!],
        ['apc', a!],
      ] as const) {
        m[key].low += Math.log(Math.min(...r.run.series.price)) / 3;
        m[key].depression += meanImpact(r) / 3;
        m[key].sold += r.summary.liquidatedUsd / 3;
      }
    }
    // The same shock, a margin that jumps with volatility: a lower low, a deeper average depression of
    // the price below F, and more forced selling than the fixed margin…
    expect(m.vol.low).toBeLessThan(m.fixed.low);
    expect(m.vol.depression).toBeLessThan(m.fixed.depression);
    expect(m.vol.sold).toBeGreaterThan(m.fixed.sold);
    // …and the anti-procyclical variant recovers more than half of the extra depression and selling.
    expect((m.apc.depression - m.vol.depression) / (m.fixed.depression - m.vol.depression)).toBeGreaterThan(
      0.5,
    );
    expect((m.vol.sold - m.apc.sold) / (m.vol.sold - m.fixed.sold)).toBeGreaterThan(0.5);
  });
});

describe('capital efficiency (allowed leverage) for every design', () => {
  it('is reported for every preset: lending from the liquidation ratio, perpetuals from the initial margin', () => {
    for (const d of PRESETS.values()) {
      const c = capitalEfficiencyOf(d);
      expect(c.maxLtv, d.id).toBeGreaterThan(0);
      expect(c.maxLtv, d.id).toBeLessThan(1);
      expect(c.maxLeverage, d.id).toBeGreaterThan(1);
    }
    expect(capitalEfficiencyOf(PRESETS.get('liquity-v1')!).maxLtv).toBeCloseTo(1 / 1.1, 12);
    expect(capitalEfficiencyOf(PRESETS.get('aave-v3')!).maxLtv).toBeCloseTo(0.83, 12);
    // Hyperliquid BTC: 40× (2.5% initial margin); dYdX v4 BTC: 20× (5%).
    expect(capitalEfficiencyOf(PRESETS.get('hyperliquid-2025')!).maxLeverage).toBeCloseTo(40, 9);
    expect(capitalEfficiencyOf(PRESETS.get('dydx-v4')!).maxLeverage).toBeCloseTo(20, 9);
    // A tighter requirement (a volatility margin's peak) allows less.
    const aave = PRESETS.get('aave-v3')!;
    expect(capitalEfficiencyOf(aave, 1.5).maxLtv).toBeLessThan(capitalEfficiencyOf(aave).maxLtv);
  });
});
