import { describe, expect, it } from 'vitest';
import { october2025 } from '../scenarios/october-2025.ts';
import { parseDesign } from './design.ts';
import type { Design } from './design.ts';
import { checkInvariants } from './invariants.ts';
import type { InvariantViolation } from './invariants.ts';
import { PRESETS } from './presets.ts';
import {
  DYDX_BTC_INITIAL_MARGIN,
  DYDX_BTC_MAINTENANCE_MARGIN,
  HYPERLIQUID_BTC_INITIAL_MARGIN,
  HYPERLIQUID_BTC_MAINTENANCE_MARGIN,
  PERPS_DESIGN_LIST,
  PERPS_DESIGNS,
} from './presets-perps.ts';
import { calibrate, runOnCalibration } from './replay.ts';
import { parseScenario } from './scenario.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulate.ts';
import { buildTimeline } from './timeline.ts';

/** A citation: a web address or a file of the shared research folder. */
const CITATION = /https?:\/\/\S+|shared\/(data|design)\/\S+/;

const exchangeClose = (d: Design) => {
  if (d.liquidation.kind !== 'exchange-close') throw new Error(`${d.id} must be an exchange-close design`);
  return d.liquidation;
};

describe('perpetual-exchange presets', () => {
  it('validate, are registered in PRESETS as given, and cite a source for their parameters', () => {
    expect(PERPS_DESIGN_LIST.map((d) => d.id)).toEqual(['hyperliquid-2025', 'dydx-v4']);
    for (const d of PERPS_DESIGN_LIST) {
      expect(parseDesign(d)).toEqual(d);
      expect(PRESETS.get(d.id)).toEqual(d);
      expect(PERPS_DESIGNS.get(d.id)).toBe(d);
      expect(d.sources.length, d.id).toBeGreaterThanOrEqual(6);
      expect(d.sources.filter((s) => CITATION.test(s)).length, d.id).toBeGreaterThanOrEqual(3);
      expect(d.liquidation.kind).toBe('exchange-close');
      expect(d.oracle).toMatchObject({
        source: 'median',
        transform: { kind: 'none' },
        update: { kind: 'every-step' },
      });
      expect(d.shortfall.then).toBe('socialise');
    }
  });

  it('hyperliquid-2025: maintenance ½ of the 40× initial margin, no fee, HLP below 2/3 of maintenance, 20% slices above 100k', () => {
    const d = PRESETS.get('hyperliquid-2025')!;
    expect(HYPERLIQUID_BTC_INITIAL_MARGIN).toBe(1 / 40);
    expect(HYPERLIQUID_BTC_MAINTENANCE_MARGIN).toBe(HYPERLIQUID_BTC_INITIAL_MARGIN / 2);
    expect(d.margin.liquidationRatio).toBeCloseTo(1 / (1 - 0.0125), 14);
    expect(d.margin.callRatio).toBeGreaterThan(d.margin.liquidationRatio);
    expect(d.margin.callRatio).toBeCloseTo(1 / (1 - 0.025), 14);
    const l = exchangeClose(d);
    expect(l.liquidationFee).toBe(0);
    expect(l.autoDeleverage).toBe(true);
    expect(l.insuranceFundUsd).toBeLessThanOrEqual(10_000);
    expect(l.backstopVault?.belowMaintenanceFraction).toBeCloseTo(2 / 3, 14);
    expect(l.backstopVault?.capitalUsd).toBeGreaterThan(0);
    expect(l.partialClose).toEqual({ aboveUsd: 100_000, fraction: 0.2, cooldownSeconds: 30 });
  });

  it('dydx-v4: 5% initial and 3% maintenance margin, 1.5% fee to a per-market fund, deleveraging, no vault or slices', () => {
    const d = PRESETS.get('dydx-v4')!;
    expect(DYDX_BTC_INITIAL_MARGIN).toBe(0.05);
    expect(DYDX_BTC_MAINTENANCE_MARGIN).toBeCloseTo(0.03, 14);
    expect(1 - 1 / d.margin.liquidationRatio).toBeCloseTo(0.03, 14);
    expect(1 - 1 / d.margin.callRatio).toBeCloseTo(0.05, 14);
    const l = exchangeClose(d);
    expect(l.liquidationFee).toBe(0.015);
    expect(l.insuranceFundUsd).toBe(250_000);
    expect(l.autoDeleverage).toBe(true);
    expect(l.backstopVault).toBeNull();
    expect(l.partialClose).toBeNull();
  });
});

/**
 * The October 2025 population with every long and short at ≤ 20× (dYdX's BTC maximum): the positions
 * a 40× venue allows would start below dYdX's 3% maintenance margin.
 */
function admissibleOnDydx(): Scenario {
  const s = structuredClone(october2025) as Scenario;
  s.population.collateralRatioBins = s.population.collateralRatioBins
    .filter((b) => b.to > 20 / 19)
    .map((b) => ({ ...b, from: Math.max(b.from, 20 / 19) }));
  const shorts = s.population.perps!.shorts;
  shorts.leverageBins = shorts.leverageBins
    .filter((b) => b.from < 20)
    .map((b) => ({ ...b, to: Math.min(b.to, 20) }));
  return parseScenario(s);
}

describe('dydx-v4 on the October 2025 cascade (population within 20×)', () => {
  it('collects liquidation fees into the fund, deleverages only once the fund is spent, and keeps the invariants', () => {
    const scenario = admissibleOnDydx();
    const historical = PRESETS.get('hyperliquid-2025')!;
    const dydx = PRESETS.get('dydx-v4')!;
    const opts = { seed: 1, accounts: 1500 };
    const timeline = buildTimeline(scenario, scenario.defaultStepSeconds, opts.seed);
    const cal = calibrate(scenario, historical, timeline, opts);
    const r = runOnCalibration(scenario, dydx, historical, timeline, cal, opts);
    const { totals, series } = r.run;
    expect(totals.accountsLiquidated).toBeGreaterThan(0);
    expect(totals.insuranceFees).toBeGreaterThan(0);
    expect(totals.vaultTakeovers).toBe(0);
    if (totals.firstAdlStep >= 0)
      expect(totals.firstAdlStep).toBeGreaterThanOrEqual(totals.fundExhaustedStep);
    if (totals.fundExhaustedStep >= 0)
      for (let t = 0; t < totals.fundExhaustedStep; t++) expect(series.adlAccounts[t]).toBe(0);
    else expect(totals.adlAccounts).toBe(0);

    const violations: InvariantViolation[] = [];
    simulate({
      scenario,
      design: dydx,
      timeline,
      fundamentalLog: cal.fundamentalLog,
      seed: opts.seed,
      accounts: opts.accounts,
      onStep: (st) => {
        if (violations.length < 5) violations.push(...checkInvariants(st));
      },
    });
    expect(violations).toEqual([]);
  });
});
