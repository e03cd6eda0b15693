import { describe, expect, it } from 'vitest';
import {
  adlSteps,
  balancesOf,
  breakerBands,
  hasBackstopChart,
  mechanismCards,
  ratioMoves,
} from './backstops.ts';
import { fakeRun } from './fixtures.ts';

describe('backstops', () => {
  it('shows no backstop chart or cards for a plain auction run', () => {
    const run = fakeRun(10);
    expect(balancesOf(run)).toEqual([]);
    expect(ratioMoves(run)).toBe(false);
    expect(hasBackstopChart(run)).toBe(false);
    expect(mechanismCards(run)).toEqual([]);
  });

  it('finds the breaker bands, including one still open at the end', () => {
    const run = fakeRun(10);
    run.series.breakerActive = [0, 1, 1, 0, 0, 0, 0, 0, 1, 1];
    expect(breakerBands(run)).toEqual([
      [1, 3],
      [8, 10],
    ]);
    expect(hasBackstopChart(run)).toBe(true);
  });

  it('lists the balances held and the ADL steps', () => {
    const run = fakeRun(6);
    run.series.insuranceFundUsd = [100, 100, 50, 0, 0, 0];
    run.series.adlAccounts = [0, 0, 0, 3, 0, 1];
    run.series.adlNotionalUsd = [0, 0, 0, 900, 0, 100];
    expect(balancesOf(run)).toEqual(['insuranceFundUsd']);
    expect(adlSteps(run)).toEqual([
      { step: 3, accounts: 3, notionalUsd: 900 },
      { step: 5, accounts: 1, notionalUsd: 100 },
    ]);
  });

  it('gives cards for the mechanisms the design uses', () => {
    const run = fakeRun(4);
    run.mechanism = {
      liquidation: 'exchange-close',
      margin: 'volatility-scaled',
      circuitBreaker: true,
      autoDeleverage: true,
      backstopVault: false,
    };
    run.summary.backstops.insurancePaidUsd = 2_500_000;
    run.summary.backstops.adlNotionalUsd = 1234;
    run.summary.backstops.breakerTrips = 3;
    run.summary.backstops.peakRequiredRatio = 2.25;
    run.summary.backstops.shortsLiquidated = 12;
    const cards = Object.fromEntries(mechanismCards(run).map((c) => [c.key, c.text]));
    expect(cards).toEqual({
      insurancePaid: '$2.50M',
      adlNotional: '$1234',
      shortsLiquidated: '12',
      breakerTrips: '3',
      peakRatio: '2.25×',
    });
  });

  it('shows the borrowers’ soft-liquidation losses for a soft-liquidation design', () => {
    const run = fakeRun(4);
    expect(mechanismCards(run).some((c) => c.key === 'softLoss')).toBe(false);
    run.mechanism.liquidation = 'soft-liquidation';
    run.summary.softLiquidationLossUsd = 574_200;
    const card = mechanismCards(run).find((c) => c.key === 'softLoss')!;
    expect(card).toEqual({
      key: 'softLoss',
      label: 'Borrowers’ soft-liquidation losses',
      slug: 'soft-liquidation',
      text: '$574.2k',
    });
  });

  it('shows pool cards, and redistribution only when it happened', () => {
    const run = fakeRun(4);
    run.mechanism.liquidation = 'stability-pool';
    run.summary.backstops.poolAbsorbedUsd = 5e6;
    expect(mechanismCards(run).map((c) => c.key)).toEqual(['poolAbsorbed']);
    run.summary.backstops.redistributedDebtUsd = 1e5;
    expect(mechanismCards(run).map((c) => c.label)).toEqual(['Pool absorbed', 'Redistributed']);
  });
});
