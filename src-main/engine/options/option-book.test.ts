import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsDelta, bsPrice } from './black-scholes.ts';
import { buildGrid, perPositionMarginTotal, portfolioMargin, type Position } from './portfolio-margin.ts';
import {
  DerivativesLayer,
  OptionsConfigError,
  parseOptionsDesign,
  parseOptionsSpec,
  type OptionsDesign,
  type OptionsSpec,
} from './option-book.ts';

const STEP = 3600;
const YEAR = 365 * 86_400;

/** A quiet market: flat IV, no writers, no dealers, no insurers. Tests switch on what they need. */
function baseSpec(): OptionsSpec {
  return {
    asset: 'ETH',
    riskFreeRate: 0,
    iv: {
      baseVol: 0.5,
      skew: 0,
      stressBeta: 0,
      calmVol: 0.5,
      realisedHalfLifeSeconds: 3 * 3600,
      relaxHalfLifeSeconds: 24 * 3600,
      termPower: 0.3,
      floor: 0.05,
      cap: 5,
    },
    writers: {
      count: 0,
      totalUnits: 0,
      sizeParetoAlpha: 2,
      strikeBins: [{ from: 0.9, to: 0.9, weight: 1 }],
      strikeStep: 0.01,
      expiries: [{ days: 30, weight: 1 }],
      putShare: 1,
      nakedShare: 1,
      collateral: 'stable',
      initialMarginMultiple: 1,
      marginMultipleSigma: 0,
    },
    dealers: {
      gamma: 'short',
      units: 0,
      right: 'put',
      strikes: [{ moneyness: 1, weight: 1 }],
      expiryDays: 30,
      hedgePolicy: { kind: 'interval', seconds: STEP },
    },
    insurers: {
      count: 0,
      insuredUsd: 0,
      rule: { kind: 'cppi', floorFraction: 0.8, multiplier: 4 },
      rebalanceBand: 0,
      rebalanceIntervalSeconds: 0,
      maxSaleUsdPerSecond: null,
    },
  };
}

function perPosition(): OptionsDesign {
  return {
    marginModel: {
      kind: 'per-position',
      shortOptionBase: 0.15,
      shortOptionFloor: 0.1,
      futuresMaintenance: 0.05,
    },
    hedging: null,
    ivFeedback: true,
    liquidationPenalty: 0.02,
    dealerHedging: true,
    insurersActive: true,
  };
}

function portfolio(): OptionsDesign {
  return {
    ...perPosition(),
    marginModel: {
      kind: 'portfolio',
      grid: {
        kind: 'deribit-pm',
        priceRange: 0.16,
        buckets: 9,
        volUpShock: 0.38,
        volDownShock: 0.3,
        termPower: 0.3,
      },
      shortOptionMinimum: 0.005,
    },
  };
}

interface Run {
  layer: DerivativesLayer;
  prices: number[];
  drawdown: number;
}

/**
 * The tiny feedback loop of the tests: P_t = F_t · exp(−λ · units sold so far); each step's trades
 * fill at the midpoint of the step's impact, F_t · exp(−λ · (sold before + flow/2)).
 */
function run(spec: OptionsSpec, design: OptionsDesign, F: readonly number[], lambda: number, seed = 7): Run {
  const layer = new DerivativesLayer(spec, design, {
    seed,
    stepSeconds: STEP,
    initialPrice: F[0]!,
    startTime: 0,
  });
  let sold = 0;
  const prices: number[] = [];
  for (let k = 1; k < F.length; k++) {
    const t = k * STEP;
    const price = F[k]! * Math.exp(-lambda * sold);
    prices.push(price);
    layer.beginStep(t, price);
    layer.marginAndLiquidations(t, price);
    const flows = layer.hedgingFlows(t, price);
    layer.settle(t, F[k]! * Math.exp(-lambda * (sold + flows.total / 2)));
    sold += flows.total;
    layer.record(t);
  }
  return { layer, prices, drawdown: 1 - Math.min(...prices) / F[0]! };
}

/** F falling linearly from `from` to `to` over `steps` steps, then flat for `hold` steps. */
function decline(from: number, to: number, steps: number, hold = 0): number[] {
  const F: number[] = [];
  for (let k = 0; k <= steps; k++) F.push(from + ((to - from) * k) / steps);
  for (let k = 0; k < hold; k++) F.push(to);
  return F;
}

describe('options spec and design schemas', () => {
  it('accept the test fixtures and name the field of a bad value', () => {
    expect(parseOptionsSpec(baseSpec())).toEqual(baseSpec());
    expect(parseOptionsDesign(portfolio())).toEqual({
      ...portfolio(),
      dealerHedging: true,
      insurersActive: true,
    });
    const bad = baseSpec();
    bad.writers.putShare = 1.5;
    expect(() => parseOptionsSpec(bad)).toThrow(OptionsConfigError);
    expect(() => parseOptionsSpec(bad)).toThrow(/options\.writers\.putShare/);
    const inverted = baseSpec();
    inverted.writers.strikeBins = [{ from: 1.1, to: 0.9, weight: 1 }];
    expect(() => parseOptionsSpec(inverted)).toThrow(/strikeBins\.0\.to/);
    expect(() => parseOptionsDesign({ ...perPosition(), extra: 1 })).toThrow(/unknown field "extra"/);
    // The layer validates what it is given, typed or not.
    const negative = baseSpec();
    negative.dealers.units = -5;
    const opts = { seed: 1, stepSeconds: STEP, initialPrice: 100, startTime: 0 };
    expect(() => new DerivativesLayer(negative, perPosition(), opts)).toThrow(/options\.dealers\.units/);
    expect(() => new DerivativesLayer(baseSpec(), perPosition(), { ...opts, initialPrice: 0 })).toThrow(
      /initialPrice/,
    );
    expect(() => parseOptionsDesign({ ...perPosition(), hedging: { kind: 'band', bandDelta: -1 } })).toThrow(
      /optionsDesign\.hedging/,
    );
  });
});

describe('option writers', () => {
  /** One writer of one 90-strike put, 30 days, posting premium + 1.5 × the 15%/10% charge. */
  function oneWriter(collateral: 'stable' | 'same-asset'): OptionsSpec {
    const s = baseSpec();
    s.writers = { ...s.writers, count: 1, totalUnits: 1, collateral, initialMarginMultiple: 1.5 };
    return s;
  }

  it('a short put writer hit by a drop is liquidated at the step its equity first falls below the requirement', () => {
    const F = decline(100, 70, 30);
    for (const collateral of ['stable', 'same-asset'] as const) {
      const r = run(oneWriter(collateral), perPosition(), F, 0);
      // By hand: collateral posted at t0, then equity vs max(15%·S − OTM, 10%·K) step by step.
      const T0 = 30 / 365;
      const posted = bsPrice(false, 100, 90, T0, 0, 0.5) + 1.5 * Math.max(15 - 10, 9);
      let expected = -1;
      for (let k = 1; k < F.length && expected < 0; k++) {
        const S = F[k]!;
        const put = bsPrice(false, S, 90, T0 - (k * STEP) / YEAR, 0, 0.5);
        const equity = (collateral === 'stable' ? posted : (posted / 100) * S) - put;
        if (equity < Math.max(0.15 * S - Math.max(0, S - 90), 9)) expected = k - 1;
      }
      expect(expected).toBeGreaterThan(0);
      const liq = r.layer.series().writersLiquidated;
      expect(liq.indexOf(1)).toBe(expected);
      expect(liq.reduce((a, b) => a + b, 0)).toBe(1);
      expect(r.layer.conservationError()).toBeLessThan(1e-12);
      const x = r.layer.totals();
      const S = F[expected + 1]!;
      const buyback = bsPrice(false, S, 90, T0 - ((expected + 1) * STEP) / YEAR, 0, 0.5);
      if (collateral === 'stable') {
        expect(x.paidBuybacksUsd).toBeCloseTo(buyback, 9);
        expect(x.penaltyUsd).toBeCloseTo(0.02 * buyback, 9);
        expect(r.layer.series().liquidationUnits[expected]).toBe(0);
      } else {
        // Coin-margined: the collateral sold is the buy-back in coin at the step's price.
        expect(r.layer.series().liquidationUnits[expected]).toBeCloseTo(buyback / S, 9);
        expect(x.soldAssetUnits).toBeCloseTo(buyback / S, 9);
      }
    }
    // Coin collateral loses value as the put gains: it is liquidated earlier.
    const stable = run(oneWriter('stable'), perPosition(), F, 0).layer.series().writersLiquidated.indexOf(1);
    const coin = run(oneWriter('same-asset'), perPosition(), F, 0)
      .layer.series()
      .writersLiquidated.indexOf(1);
    expect(coin).toBeLessThan(stable);
  });

  it('options that expire settle at intrinsic value out of collateral', () => {
    const s = oneWriter('stable');
    s.writers.expiries = [{ days: 1, weight: 1 }];
    s.writers.initialMarginMultiple = 3;
    // Posted = premium + 27; the put expires 1 in the money at S = 89; the price never triggers margin.
    const F = [100, 99, 95, 89, 89];
    const layer = new DerivativesLayer(s, perPosition(), {
      seed: 1,
      stepSeconds: 8 * 3600,
      initialPrice: 100,
      startTime: 0,
    });
    let liquidated = 0;
    F.forEach((p, k) => {
      if (k === 0) return;
      const t = k * 8 * 3600;
      layer.beginStep(t, p);
      liquidated += layer.marginAndLiquidations(t, p).writers;
      layer.hedgingFlows(t, p);
      layer.settle(t, p);
      layer.record(t);
    });
    expect(liquidated).toBe(0);
    expect(layer.totals().paidToHoldersUsd).toBeCloseTo(1, 9);
    expect(layer.events().some((e) => e.kind === 'expiry')).toBe(true);
    expect(layer.conservationError()).toBeLessThan(1e-12);
  });
});

describe('the margin engine’s fast path', () => {
  it('gives each writer the requirement portfolio-margin.ts computes for its option (+ coin collateral)', () => {
    const s = baseSpec();
    s.iv = { ...s.iv, skew: 0.2, stressBeta: 1, calmVol: 0.3 };
    s.writers = {
      ...s.writers,
      count: 40,
      totalUnits: 400,
      strikeBins: [{ from: 0.7, to: 1.3, weight: 1 }],
      expiries: [
        { days: 3, weight: 1 },
        { days: 45, weight: 1 },
      ],
      putShare: 0.6,
      nakedShare: 0.8,
      collateral: 'same-asset',
      initialMarginMultiple: 3,
      marginMultipleSigma: 0.3,
    };
    for (const design of [perPosition(), portfolio()]) {
      const r = run(s, design, [100, 97, 93, 95], 0);
      const price = 95;
      const t = 3 * STEP;
      let open = 0;
      let largest = 0;
      for (let i = 0; i < r.layer.writerCount; i++) {
        const w = r.layer.writerSnapshot(i, price);
        if (w.status !== 'open') continue;
        open++;
        const years = (w.expiryTime - t) / YEAR;
        const positions: Position[] = [
          { kind: 'option', right: w.right, strike: w.strike, years, quantity: -w.units },
        ];
        if (w.collateral === 'asset') positions.push({ kind: 'spot', quantity: w.collateralAmount });
        const market = {
          spot: price,
          rate: 0,
          vol: (K: number, T: number) => r.layer.surface.vol(K, price, T),
        };
        const mm = design.marginModel;
        const expected = w.covered
          ? 0
          : mm.kind === 'portfolio'
            ? portfolioMargin(positions, market, buildGrid(mm.grid), mm.shortOptionMinimum).requirement
            : perPositionMarginTotal(positions.slice(0, 1), market, mm);
        expect(w.requirementUsd).toBeCloseTo(expected, 8);
        largest = Math.max(largest, w.requirementUsd);
      }
      expect(open).toBeGreaterThan(10);
      expect(largest).toBeGreaterThan(1);
    }
  });
});

describe('dealers', () => {
  function dealers(gamma: 'short' | 'long', units: number): OptionsSpec {
    const s = baseSpec();
    s.dealers = { ...s.dealers, gamma, units, strikes: [{ moneyness: 100 / 130, weight: 1 }] };
    return s;
  }

  it('short-gamma dealers sell more each step as the price falls toward their strike; long-gamma dealers buy', () => {
    const F: number[] = [];
    for (let k = 0; k <= 20; k++) F.push(130 * Math.pow(0.99, k));
    const short = run(dealers('short', 10_000), perPosition(), F, 0).layer.series().hedgingUnits;
    for (let k = 1; k < short.length; k++) {
      expect(short[k]!).toBeGreaterThan(0);
      expect(short[k]!).toBeGreaterThan(short[k - 1]!);
    }
    // By hand for the first step: the hedge of −units·|Δ| deepens by units·(|Δ(S1)| − |Δ(S0)|).
    const T = (k: number) => (30 * 86_400 - k * STEP) / YEAR;
    const strike = 100;
    const d = (S: number, k: number) => bsDelta(false, S, strike, T(k), 0, 0.5);
    expect(short[0]!).toBeCloseTo(10_000 * (d(F[0]!, 0) - d(F[1]!, 1)), 6);
    const long = run(dealers('long', 10_000), perPosition(), F, 0).layer.series().hedgingUnits;
    for (const u of long) expect(u).toBeLessThan(0);
  });

  it('a band policy trades less often than hedging every step, and only when the band is crossed', () => {
    const F = decline(130, 110, 40);
    const every = run(dealers('short', 10_000), perPosition(), F, 0).layer.series().hedgingUnits;
    const bandDesign: OptionsDesign = { ...perPosition(), hedging: { kind: 'band', bandDelta: 0.05 } };
    const band = run(dealers('short', 10_000), bandDesign, F, 0).layer.series();
    const trades = (xs: number[]) => xs.filter((x) => x !== 0).length;
    expect(trades(band.hedgingUnits)).toBeGreaterThan(0);
    expect(trades(band.hedgingUnits)).toBeLessThan(trades(every));
    for (let k = 0; k < band.hedgingUnits.length; k++) {
      // Between trades the net delta stays inside the band.
      if (band.hedgingUnits[k] === 0)
        expect(Math.abs(band.dealerNetDelta[k]!)).toBeLessThanOrEqual(0.05 * 10_000);
    }
  });

  it('the gamma map is the dealers’ delta change for a further 1% fall, largest near the strike', () => {
    const layer = new DerivativesLayer(dealers('short', 5_000), perPosition(), {
      seed: 1,
      stepSeconds: STEP,
      initialPrice: 130,
      startTime: 0,
    });
    const levels = [60, 80, 95, 100, 105, 120, 150];
    const map = layer.gammaMap(levels);
    levels.forEach((L, k) => {
      const byHand =
        5_000 * (bsDelta(false, L, 100, 30 / 365, 0, 0.5) - bsDelta(false, 0.99 * L, 100, 30 / 365, 0, 0.5));
      expect(map.dealersUnits[k]).toBeCloseTo(byHand, 6);
      expect(map.dealersUnits[k]).toBeGreaterThan(0);
      expect(map.totalUnits[k]).toBe(map.dealersUnits[k]! + map.insurersUnits[k]!);
    });
    const peak = map.dealersUnits.indexOf(Math.max(...map.dealersUnits));
    expect(levels[peak]).toBeGreaterThanOrEqual(95);
    expect(levels[peak]).toBeLessThanOrEqual(105);
  });
});

describe('portfolio insurers', () => {
  it('CPPI sells on declines to hold multiplier × (value − floor), by hand', () => {
    const s = baseSpec();
    s.insurers = { ...s.insurers, count: 1, insuredUsd: 1_000_000 };
    const F = decline(100, 80, 10);
    const layer = new DerivativesLayer(s, perPosition(), {
      seed: 1,
      stepSeconds: STEP,
      initialPrice: 100,
      startTime: 0,
    });
    let units = (4 * (1_000_000 - 800_000)) / 100;
    let cash = 1_000_000 - units * 100;
    expect(layer.totals().insurerUnits).toBeCloseTo(units, 9);
    for (let k = 1; k < F.length; k++) {
      const S = F[k]!;
      layer.beginStep(k * STEP, S);
      layer.marginAndLiquidations(k * STEP, S);
      const flows = layer.hedgingFlows(k * STEP, S);
      const value = units * S + cash;
      const target = Math.min(Math.max(4 * (value - 800_000), 0), value) / S;
      expect(flows.insurance).toBeCloseTo(units - target, 6);
      expect(flows.insurance).toBeGreaterThan(0);
      layer.settle(k * STEP, S);
      cash += (units - target) * S;
      units = target;
      expect(layer.totals().insurerUnits).toBeCloseTo(units, 6);
    }
    expect(layer.conservationError()).toBeLessThan(1e-12);
  });

  it('synthetic puts sell as the price falls; a sales cap leaves a backlog that is reported', () => {
    const s = baseSpec();
    s.insurers = {
      ...s.insurers,
      count: 4,
      insuredUsd: 10_000_000,
      rule: { kind: 'synthetic-put', strikeFraction: 0.95, horizonDays: 90, assumedVol: 0.2 },
    };
    const F = decline(100, 80, 20);
    const free = run(s, perPosition(), F, 0).layer.series();
    for (const u of free.insuranceUnits) expect(u).toBeGreaterThan(0);
    expect(Math.max(...free.insurerBacklogUnits)).toBe(0);
    s.insurers.maxSaleUsdPerSecond = 50_000 / STEP;
    const capped = run(s, perPosition(), F, 0).layer;
    const c = capped.series();
    for (const u of c.insuranceUnits) expect(u * 80).toBeLessThanOrEqual(50_000 * 1.0000001 * (100 / 80));
    expect(Math.max(...c.insurerBacklogUnits)).toBeGreaterThan(0);
    expect(
      capped.events().some((e) => e.kind === 'insurance' && /more than the market could take/.test(e.text)),
    ).toBe(true);
  });
});

describe('feedback shapes on a linear-impact loop', () => {
  const F = decline(100, 85, 24, 12);
  const LAMBDA = 2e-6;

  it('short-gamma hedgers deepen the drawdown, more so the larger they are', () => {
    const dd = [0, 20_000, 40_000].map((units) => {
      const s = baseSpec();
      s.dealers = { ...s.dealers, units, strikes: [{ moneyness: 0.9, weight: 1 }] };
      return run(s, perPosition(), F, LAMBDA).drawdown;
    });
    expect(dd[0]).toBeCloseTo(0.15, 12); // nobody trades: the path is F
    expect(dd[1]!).toBeGreaterThan(dd[0]!);
    expect(dd[2]!).toBeGreaterThan(dd[1]!);
  });

  function population(collateral: 'stable' | 'same-asset', stressBeta = 0): OptionsSpec {
    const s = baseSpec();
    s.iv = { ...s.iv, stressBeta, calmVol: 0.3 };
    s.writers = {
      ...s.writers,
      count: 2_000,
      totalUnits: 20_000,
      strikeBins: [
        { from: 0.7, to: 0.85, weight: 2 },
        { from: 0.85, to: 1, weight: 1 },
      ],
      expiries: [
        { days: 7, weight: 1 },
        { days: 30, weight: 2 },
      ],
      putShare: 0.8,
      nakedShare: 0.9,
      collateral,
      initialMarginMultiple: 1.5,
      marginMultipleSigma: 0.4,
    };
    return s;
  }

  it('same-asset collateral gives more writer liquidations than stablecoin collateral', () => {
    for (const design of [perPosition(), portfolio()]) {
      const coin = run(population('same-asset'), design, F, LAMBDA).layer;
      const stable = run(population('stable'), design, F, LAMBDA).layer;
      expect(coin.liquidatedWriters()).toBeGreaterThan(stable.liquidatedWriters());
      expect(stable.liquidatedWriters()).toBeGreaterThan(0);
      // Only coin-margined liquidations sell the underlying.
      expect(Math.max(...coin.series().liquidationUnits)).toBeGreaterThan(0);
      expect(Math.max(...stable.series().liquidationUnits)).toBe(0);
    }
  });

  it('IV feedback causes extra liquidations; turning it off removes exactly those', () => {
    const noStress = run(population('stable', 0), perPosition(), F, 0).layer.liquidatedWriters();
    const on = run(population('stable', 2), perPosition(), F, 0).layer;
    const off = run(population('stable', 2), { ...perPosition(), ivFeedback: false }, F, 0).layer;
    expect(on.liquidatedWriters()).toBeGreaterThan(off.liquidatedWriters());
    expect(off.liquidatedWriters()).toBe(noStress);
    expect(Math.max(...on.series().atmIv)).toBeGreaterThan(0.5);
    expect(Math.max(...off.series().atmIv)).toBe(0.5);
    expect(on.events().some((e) => e.kind === 'iv')).toBe(true);
  });
});

describe('invariants (fast-check)', () => {
  const specArb = fc.record({
    count: fc.integer({ min: 0, max: 60 }),
    putShare: fc.double({ min: 0, max: 1, noNaN: true }),
    nakedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    collateral: fc.constantFrom('stable' as const, 'same-asset' as const),
    multiple: fc.double({ min: 1, max: 3, noNaN: true }),
    stressBeta: fc.double({ min: 0, max: 3, noNaN: true }),
    expiryDays: fc.double({ min: 0.1, max: 60, noNaN: true }),
    dealerUnits: fc.double({ min: 0, max: 5_000, noNaN: true }),
    gamma: fc.constantFrom('short' as const, 'long' as const),
    insuredUsd: fc.double({ min: 0, max: 1e7, noNaN: true }),
    cppi: fc.boolean(),
    cap: fc.option(fc.double({ min: 1_000, max: 1e6, noNaN: true }), { nil: null }),
    portfolio: fc.boolean(),
    feedback: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  });
  const pathArb = fc.array(fc.double({ min: -0.12, max: 0.1, noNaN: true }), { minLength: 2, maxLength: 40 });

  it('random specs and paths: no NaN, no negative balance, collateral conserved, deterministic', () => {
    fc.assert(
      fc.property(specArb, pathArb, (a, rets) => {
        const s = baseSpec();
        s.iv.stressBeta = a.stressBeta;
        s.writers = {
          ...s.writers,
          count: a.count,
          totalUnits: a.count > 0 ? 1_000 : 0,
          strikeBins: [{ from: 0.6, to: 1.4, weight: 1 }],
          expiries: [
            { days: a.expiryDays, weight: 1 },
            { days: 2 * a.expiryDays, weight: 1 },
          ],
          putShare: a.putShare,
          nakedShare: a.nakedShare,
          collateral: a.collateral,
          initialMarginMultiple: a.multiple,
          marginMultipleSigma: 0.5,
        };
        s.dealers = {
          ...s.dealers,
          units: a.dealerUnits,
          gamma: a.gamma,
          right: 'straddle',
          expiryDays: a.expiryDays,
        };
        s.insurers = {
          ...s.insurers,
          count: 3,
          insuredUsd: a.insuredUsd,
          rule: a.cppi
            ? { kind: 'cppi', floorFraction: 0.8, multiplier: 4 }
            : { kind: 'synthetic-put', strikeFraction: 0.9, horizonDays: 30, assumedVol: 0.3 },
          rebalanceBand: 0.01,
          rebalanceIntervalSeconds: 2 * STEP,
          maxSaleUsdPerSecond: a.cap === null ? null : a.cap / STEP,
        };
        const d = { ...(a.portfolio ? portfolio() : perPosition()), ivFeedback: a.feedback };
        const F = [100];
        for (const r of rets) F.push(F[F.length - 1]! * Math.exp(r));
        const one = run(s, d, F, 1e-5, a.seed);
        const two = run(s, d, F, 1e-5, a.seed);
        expect(two.layer.series()).toEqual(one.layer.series());
        expect(two.layer.events()).toEqual(one.layer.events());
        for (const xs of Object.values(one.layer.series())) {
          for (const x of xs as number[]) expect(Number.isFinite(x)).toBe(true);
        }
        expect(one.layer.minBalance()).toBeGreaterThanOrEqual(0);
        expect(one.layer.conservationError()).toBeLessThan(1e-9);
        const tot = one.layer.totals();
        for (const x of Object.values(tot)) expect(Number.isFinite(x)).toBe(true);
        expect(tot.pendingSaleUnits).toBe(0);
        const map = one.layer.gammaMap([50, 100, 150]);
        for (const x of map.totalUnits) expect(Number.isFinite(x)).toBe(true);
      }),
      { numRuns: 120 },
    );
  });

  it('handles 100k writers per step under portfolio margin', () => {
    const s = baseSpec();
    s.writers = {
      ...s.writers,
      count: 100_000,
      totalUnits: 1_000_000,
      strikeBins: [{ from: 0.6, to: 1.2, weight: 1 }],
      expiries: [
        { days: 7, weight: 1 },
        { days: 30, weight: 1 },
        { days: 90, weight: 1 },
      ],
      putShare: 0.7,
      collateral: 'same-asset',
      initialMarginMultiple: 1.5,
      marginMultipleSigma: 0.5,
    };
    const F = decline(100, 80, 20);
    const started = performance.now();
    const r = run(s, portfolio(), F, 0);
    const msPerStep = (performance.now() - started) / 20;
    expect(r.layer.writerCount).toBe(100_000);
    expect(r.layer.liquidatedWriters()).toBeGreaterThan(0);
    // Generous bound (CI machines vary): the point is "milliseconds, not seconds".
    expect(msPerStep).toBeLessThan(250);
  });
});
