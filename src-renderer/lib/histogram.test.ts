import { describe, expect, it } from 'vitest';
import { fakeRun } from './fixtures.ts';
import {
  bucketLowPrice,
  bucketMidPrice,
  healthDistribution,
  healthExtent,
  ladderExtent,
  liquidationLadder,
  liquidationMap,
} from './histogram.ts';

describe('trigger histogram', () => {
  const run = fakeRun(10);
  const h = run.triggerHistogram;

  it('places buckets log-spaced from initialPrice·exp(logLo) to initialPrice·exp(logHi)', () => {
    expect(bucketLowPrice(h, 0)).toBeCloseTo(200 * 0.2);
    expect(bucketLowPrice(h, h.buckets)).toBeCloseTo(200 * 1.4);
    const mid = bucketMidPrice(h, 3);
    expect(mid).toBeCloseTo(Math.sqrt(bucketLowPrice(h, 3) * bucketLowPrice(h, 4)));
  });

  it('maps every account to a health bin by oracle / trigger price', () => {
    const bins = healthDistribution(run, 0);
    const total = bins.reduce((s, b) => s + b.accounts, 0);
    expect(total).toBe(h.buckets);
    const debt = bins.reduce((s, b) => s + b.debtUsd, 0);
    expect(debt).toBe(100 * ((h.buckets * (h.buckets + 1)) / 2));
    // At step 0 the oracle is 200 = initialPrice; buckets above it (trigger > 200) are liquidatable.
    const liquidatable = bins[0]!;
    const expected = Array.from({ length: h.buckets }, (_, b) => b).filter(
      (b) => 200 / bucketMidPrice(h, b) < 1,
    ).length;
    expect(liquidatable.accounts).toBe(expected);
  });

  it('gives the health chart a fixed axis: the tallest bar over every step', () => {
    const e = healthExtent(run);
    let accounts = 0;
    let debt = 0;
    for (let t = 0; t < run.steps; t++)
      for (const b of healthDistribution(run, t)) {
        accounts = Math.max(accounts, b.accounts);
        debt = Math.max(debt, b.debtUsd);
      }
    expect(e).toEqual({ accounts, debtUsd: debt });
    expect(e.accounts).toBeGreaterThan(0);
  });

  it('puts the liquidation map on a fixed ladder of further falls, losing no debt', () => {
    for (const step of [0, 5, 9]) {
      const map = liquidationMap(run, step, 0.4);
      const ladder = liquidationLadder(run, step, 0.4, 8);
      expect(ladder.rungs).toHaveLength(8);
      expect(ladder.rungs[0]!.fallFrom).toBe(0);
      expect(ladder.rungs.at(-1)!.fallTo).toBeCloseTo(0.4);
      const total = map.levels.reduce((s, l) => s + l.debtUsd, 0);
      expect(ladder.rungs.at(-1)!.cumulativeDebtUsd).toBeCloseTo(total);
      expect(ladder.liquidatableNowUsd).toBe(map.liquidatableNowUsd);
      // Every level sits in the rung of its fall from the oracle price.
      for (const l of map.levels) {
        const fall = 1 - l.priceUsd / map.oracleUsd;
        const rung = ladder.rungs.find((r) => fall >= r.fallFrom - 1e-12 && fall < r.fallTo + 1e-12)!;
        expect(rung.debtUsd).toBeGreaterThanOrEqual(l.debtUsd);
      }
    }
    const e = ladderExtent(run, 0.4, 8);
    for (let t = 0; t < run.steps; t++)
      for (const r of liquidationLadder(run, t, 0.4, 8).rungs) {
        expect(r.debtUsd).toBeLessThanOrEqual(e.rungUsd);
        expect(r.cumulativeDebtUsd).toBeLessThanOrEqual(e.totalUsd);
      }
  });

  it('shifts accounts toward liquidation as the oracle falls', () => {
    const atStart = healthDistribution(run, 0)[0]!.accounts;
    const atEnd = healthDistribution(run, 9)[0]!.accounts;
    expect(atEnd).toBeGreaterThan(atStart);
  });

  it('lists debt below the oracle price, highest level first, with a running total', () => {
    const map = liquidationMap(run, 0, 0.9);
    expect(map.oracleUsd).toBe(200);
    expect(map.levels.length).toBeGreaterThan(0);
    for (let i = 1; i < map.levels.length; i++) {
      expect(map.levels[i]!.priceUsd).toBeLessThan(map.levels[i - 1]!.priceUsd);
      expect(map.levels[i]!.cumulativeDebtUsd).toBeCloseTo(
        map.levels[i - 1]!.cumulativeDebtUsd + map.levels[i]!.debtUsd,
      );
    }
    for (const l of map.levels) {
      expect(l.priceUsd).toBeLessThan(200);
      expect(l.priceUsd).toBeGreaterThanOrEqual(200 * 0.1);
    }
    const above = Array.from({ length: h.buckets }, (_, b) => b)
      .filter((b) => bucketMidPrice(h, b) >= 200)
      .reduce((s, b) => s + 100 * (b + 1), 0);
    expect(map.liquidatableNowUsd).toBe(above);
  });
});
