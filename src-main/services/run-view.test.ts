import { describe, expect, it } from 'vitest';
import type { Design } from '../engine/design.ts';
import { parseDesign } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { runReplays } from './replay-service.ts';
import { runMechanism, toRunView } from './run-view.ts';
import { runToCsv } from './run-csv.ts';

const scenario = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
const flip = PRESETS.get('maker-2020-flip')!;

function variant(id: string, patch: Partial<Design>): Design {
  return parseDesign({ ...structuredClone(flip), id, ...patch });
}

const pool = variant('pool-test', {
  liquidation: {
    kind: 'stability-pool',
    depositsUsd: 5_000_000,
    gasCompensationUsd: 200,
    gasCompensationFraction: 0.005,
    sellOffHalfLifeSeconds: 3600,
    reinvestFraction: 0,
    whenEmpty: 'redistribute',
    fallbackCloseFactor: 0.5,
    fallbackBonus: 0.08,
  },
});
const exchange = variant('exchange-test', {
  liquidation: {
    kind: 'exchange-close',
    liquidationFee: 0.01,
    insuranceFundUsd: 1_000_000,
    autoDeleverage: true,
    backstopVault: {
      belowMaintenanceFraction: 0.66,
      capitalUsd: 5_000_000,
      unwindHalfLifeSeconds: 3600,
      maxHoldingUsd: 1e8,
    },
    partialClose: null,
  },
});
const breaker = variant('breaker-test', {
  modifiers: {
    partialTargetRatio: null,
    liquidityCapDepthMultiple: null,
    tiered: null,
    gracePeriodSeconds: 0,
    circuitBreaker: {
      dropFraction: 0.1,
      windowSeconds: 3600,
      action: 'pause',
      haircutMultiplier: 1.5,
      durationSeconds: 3600,
    },
  },
});

describe('toRunView: backstops, funds and breakers', () => {
  const results = runReplays({
    scenarioId: scenario.id,
    designs: [pool, exchange, breaker],
    seed: 1,
    accounts: 600,
    stepSeconds: 300,
  });
  const [poolView, exchangeView, breakerView] = results.map((r, i) => toRunView(r, `r${i}`, scenario));

  it('carries the pool balance, its sell-off flow and its totals', () => {
    const v = poolView!;
    const s = v.series;
    expect(s.poolDepositsUsd[0]).toBe(5_000_000);
    expect(Math.min(...s.poolDepositsUsd)).toBeLessThan(5_000_000);
    expect(Math.max(...s.backstopHoldingsUsd)).toBeGreaterThan(0);
    const sold = s.flows.backstop.reduce((a, b) => a + b, 0);
    expect(sold).toBeGreaterThan(0);
    expect(v.summary.backstops.backstopSoldUsd).toBeCloseTo(sold, 6);
    expect(v.summary.backstops.poolAbsorbedUsd).toBeGreaterThan(0);
    expect(v.summary.backstops.insuranceFeesUsd).toBe(0);
    expect(v.mechanism.liquidation).toBe('stability-pool');
    for (const key of ['poolDepositsUsd', 'insuranceFundUsd', 'requiredRatio', 'breakerActive'] as const)
      expect(s[key]).toHaveLength(v.steps);
  });

  it('carries the insurance fund and the vault for an exchange close', () => {
    const v = exchangeView!;
    expect(v.series.insuranceFundUsd[0]).toBe(1_000_000);
    expect(v.summary.backstops.insuranceFeesUsd).toBeGreaterThan(0);
    expect(Math.max(...v.series.insuranceFundUsd)).toBeCloseTo(
      1_000_000 + v.summary.backstops.insuranceFeesUsd - v.summary.backstops.insurancePaidUsd,
      -2,
    );
    expect(v.series.vaultEquityUsd[0]).toBe(5_000_000);
    expect(v.mechanism).toMatchObject({
      liquidation: 'exchange-close',
      autoDeleverage: true,
      backstopVault: true,
    });
  });

  it('carries the breaker state and its trips', () => {
    const v = breakerView!;
    const active = v.series.breakerActive.filter((x) => x > 0).length;
    expect(v.summary.backstops.breakerTrips).toBeGreaterThan(0);
    expect(active).toBeGreaterThan(0);
    expect(v.summary.backstops.pausedSteps).toBe(active);
    expect(v.log.some((l) => l.kind === 'breaker' && /circuit breaker tripped/.test(l.text))).toBe(true);
    expect(v.mechanism.circuitBreaker).toBe(true);
  });

  it('carries the keepers the design met and the sources of the price and gas series', () => {
    const v = breakerView!;
    expect(v.keepers).toEqual({
      count: scenario.keepers.count,
      lowballers: scenario.keepers.lowballers,
      gasCapMedianGwei: scenario.keepers.gasCapMedianGwei,
      lowballerGasCapGwei: scenario.keepers.lowballerGasCapGwei,
    });
    expect(v.sources.price).toBe(scenario.assets.find((a) => a.id === v.asset)!.observed.source);
    expect(v.sources.gas).toBe(scenario.gas.source);
    const bidders = variant('bidders', { keepers: { ...flip.keepers, gasCapMedianGwei: 400 } });
    const [r] = runReplays({
      scenarioId: scenario.id,
      designs: [bidders],
      seed: 1,
      accounts: 600,
      stepSeconds: 600,
    });
    expect(toRunView(r!, 'k', scenario).keepers.gasCapMedianGwei).toBe(400);
  });

  it('names no mechanism a plain design lacks', () => {
    expect(runMechanism(flip)).toEqual({
      liquidation: 'english-auction',
      margin: 'fixed-ratio',
      circuitBreaker: false,
      autoDeleverage: false,
      backstopVault: false,
    });
  });
});

describe('toRunView: options, hedging and insurance (Black Monday 1987)', () => {
  const bm = BUILTIN_SCENARIOS.get('black-monday-1987')!;
  const regT = PRESETS.get('reg-t-1987')!;
  const noInsurers = parseDesign({
    ...structuredClone(regT),
    id: 'no-insurers',
    options: { ...structuredClone(regT.options!), insurersActive: false },
  });
  const [hist, off] = runReplays({
    scenarioId: bm.id,
    designs: [regT, noInsurers],
    seed: 1,
    accounts: 400,
  }).map((r, i) => toRunView(r, `o${i}`, bm));

  it('carries every options series at the run length, and the gamma map rows', () => {
    const o = hist!.options!;
    expect(o).not.toBeNull();
    for (const [key, values] of Object.entries(o.series)) expect(values, key).toHaveLength(hist!.steps);
    expect(o.gammaMap.levels).toHaveLength(41);
    expect(o.gammaMap.units).toHaveLength(o.gammaMap.rows * o.gammaMap.levels.length);
    expect(o.gammaMap.rows).toBeGreaterThan(10);
    expect(o.writersCollateral).toBe('stable');
    expect(o.insurerRule).toBe('synthetic-put');
    expect(o.design).toMatchObject({
      insurersActive: true,
      dealerHedging: true,
      marginModel: 'per-position',
    });
    expect(o.design.hedging).toMatch(/^scenario \(every 30 min\)$/);
  });

  it('signs hedging and insurance flows, and sums what was sold net of what was bought', () => {
    const f = hist!.series.flows;
    expect(f.insurance).toHaveLength(hist!.steps);
    expect(Math.max(...f.insurance)).toBeGreaterThan(0);
    const net = f.insurance.reduce((a, b) => a + b, 0);
    expect(hist!.options!.totals.insuranceSoldUsd).toBeCloseTo(net, 0);
    // The same figure the run summary reports (one total everywhere, header and panel alike).
    const summaryFlows = hist!.summary['flowsUsd'] as { insurance: number };
    expect(hist!.options!.totals.insuranceSoldUsd).toBeCloseTo(summaryFlows.insurance, 0);
    expect(hist!.options!.totals.peakAtmIv).toBeGreaterThan(hist!.options!.totals.startAtmIv);
  });

  it('shows no insurance flow once the design switches insurers off', () => {
    expect(off!.options!.design.insurersActive).toBe(false);
    expect(off!.series.flows.insurance.every((v) => v === 0)).toBe(true);
    expect(off!.options!.totals.insuranceSoldUsd).toBe(0);
  });

  it('exports the options columns in the run CSV', () => {
    const header = runToCsv(hist!).csv.split('\r\n')[0]!;
    expect(header).toMatch(
      /,flow_hedging_usd,flow_insurance_usd,atm_iv,realised_vol,.*,option_book_value_usd$/,
    );
  });

  it('has no options view for a scenario without derivatives', () => {
    const r = runReplays({
      scenarioId: scenario.id,
      designs: [flip],
      seed: 1,
      accounts: 200,
      stepSeconds: 600,
    });
    expect(toRunView(r[0]!, 'x', scenario).options).toBeNull();
  });
});
