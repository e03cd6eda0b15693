import { describe, expect, it } from 'vitest';
import type { AuctionRecord } from '../engine/simulate.ts';
import { accountAutopsy } from './account-autopsy.ts';
import type { StoredRun } from './run-view.ts';
import { fakeRunView } from './run-view-fixture.ts';

function auction(over: Partial<AuctionRecord>): AuctionRecord {
  return {
    id: 1,
    account: 3,
    kind: 'english',
    kickStep: 1,
    endStep: 2,
    lotUnits: 10,
    debtUsd: 700,
    tabUsd: 800,
    proceedsUsd: 0,
    returnedUnits: 0,
    shortfallUsd: 800,
    zeroBid: true,
    oracleAtKick: 100,
    marketAtKick: 100,
    winner: 0,
    resets: 0,
    ...over,
  };
}

function stored(): StoredRun {
  return {
    view: fakeRunView(4),
    records: {
      liquidations: [
        { account: 3, step: 1, units: 10, valueUsd: 1000, debtUsd: 700, auction: 1 },
        { account: 4, step: 2, units: 1, valueUsd: 100, debtUsd: 90, auction: 2 },
      ],
      auctions: [auction({}), auction({ id: 2, account: 4, zeroBid: false, returnedUnits: 0.5 })],
      tracked: [],
      bids: [],
      rerun: { design: null, fundamentalLog: [] },
    },
  };
}

describe('accountAutopsy', () => {
  it('collects the account records and explains them; health is null without tracking', () => {
    const a = accountAutopsy(stored(), 3);
    expect(a.triggerStep).toBe(1);
    expect(a.liquidations).toEqual([{ step: 1, units: 10, valueUsd: 1000, debtUsd: 700, auction: 1 }]);
    expect(a.auctions).toEqual([
      {
        id: 1,
        kickStep: 1,
        endStep: 2,
        proceedsUsd: 0,
        zeroBid: true,
        shortfallUsd: 800,
        returnedUnits: 0,
        bids: [],
      },
    ]);
    expect(a.bidsRecorded).toBe(false);
    expect(a.lostUsd).toBe(300);
    expect(a.health).toEqual([null, null, null, null]);
    expect(a.collateralUnits).toEqual([]);
    expect(a.explanation).toContain('first liquidated at step 1 (2020-03-12T00:01:00Z)');
    expect(a.explanation).toContain('zero bid');
    expect(a.explanation).toContain('not recorded');
  });

  it('values collateral handed back and never reports a negative loss', () => {
    expect(accountAutopsy(stored(), 4).lostUsd).toBe(0); // 100 − 90 − 0.5 × 100 < 0 → 0
    const quiet = accountAutopsy(stored(), 0);
    expect(quiet.triggerStep).toBeNull();
    expect(quiet.lostUsd).toBe(0);
    expect(quiet.explanation).toContain('never liquidated');
  });

  it('computes health from tracked collateral and debt: value / (debt × liquidation ratio)', () => {
    const s = stored();
    s.records.tracked = [
      { account: 3, collateral: [10, 10, 0, 0], debt: [500, 700, 0, 0], firstCallStep: 0 },
    ];
    const a = accountAutopsy(s, 3);
    // oracle is 100, 101, … in the fixture; liquidation ratio 1.5
    expect(a.health[0]).toBeCloseTo((10 * 100) / (500 * 1.5), 12);
    expect(a.health[1]).toBeCloseTo((10 * 101) / (700 * 1.5), 12);
    expect(a.health.slice(2)).toEqual([null, null]);
    expect(a.collateralUnits).toEqual([10, 10, 0, 0]);
    expect(a.explanation).not.toContain('not recorded');
  });

  it('refuses an account outside the run', () => {
    expect(() => accountAutopsy(stored(), 10)).toThrow(/numbered 0 to 9/);
    expect(() => accountAutopsy(stored(), -1)).toThrow(/numbered 0 to 9/);
  });
});

/** A small Black Thursday run under `designId`, its first liquidated account re-run and autopsied. */
async function autopsyOfFirstVictim(designId: string) {
  const { runReplays } = await import('./replay-service.ts');
  const { PRESETS } = await import('../engine/presets.ts');
  const { BUILTIN_SCENARIOS } = await import('../scenarios/index.ts');
  const { toStoredRun } = await import('./run-view.ts');
  const { trackAccountInRun } = await import('./account-rerun.ts');
  const scenario = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
  const [result] = runReplays({
    scenarioId: scenario.id,
    designs: [PRESETS.get(designId)!],
    seed: 3,
    accounts: 400,
    stepSeconds: 300,
  });
  const s = toStoredRun(result!, 'r1', scenario);
  const victim = s.records.liquidations.find((l) => l.auction >= 0)!.account;
  trackAccountInRun(s, scenario, victim);
  return accountAutopsy(s, victim);
}

describe('account autopsy on a real run', () => {
  it('re-runs the design with the account tracked and shows its health falling to the trigger', async () => {
    const { runReplays } = await import('./replay-service.ts');
    const { PRESETS } = await import('../engine/presets.ts');
    const { BUILTIN_SCENARIOS } = await import('../scenarios/index.ts');
    const { toStoredRun } = await import('./run-view.ts');
    const { TASK_HANDLERS } = await import('./pool/tasks.ts');
    const scenario = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
    const [result] = runReplays({
      scenarioId: scenario.id,
      designs: [PRESETS.get('maker-2020-flip')!],
      seed: 3,
      accounts: 400,
      stepSeconds: 300,
    });
    const s = toStoredRun(result!, 'r1', scenario);
    const victim = s.records.liquidations[0]!.account;
    // What runs.account asks the engine pool for (the track-account task), run here directly.
    s.records.tracked.push(
      ...TASK_HANDLERS['track-account'](
        {
          scenarioId: scenario.id,
          design: s.records.rerun.design,
          seed: s.view.seed,
          accounts: s.view.accounts,
          stepSeconds: s.view.stepSeconds,
          fundamentalLog: s.records.rerun.fundamentalLog,
          account: victim,
        },
        { onProgress: () => {}, shouldCancel: () => false },
      ).tracked,
    );
    const a = accountAutopsy(s, victim);
    expect(a.triggerStep).toBe(s.records.liquidations[0]!.step);
    const before = a.health[a.triggerStep! - 1];
    expect(before).not.toBeNull();
    expect(a.health[0]!).toBeGreaterThan(1);
    // The account is liquidated on the oracle price: its collateral drops at the trigger step.
    expect(a.collateralUnits[a.triggerStep!]!).toBeLessThan(a.collateralUnits[0]!);
  });

  it('records every bid of the account’s English auctions, consistent with their outcome', async () => {
    const a = await autopsyOfFirstVictim('maker-2020-flip');
    expect(a.bidsRecorded).toBe(true);
    expect(a.auctions.length).toBeGreaterThan(0);
    for (const au of a.auctions) {
      const settle = au.bids.filter((b) => b.kind === 'settle');
      if (au.endStep < 0) {
        expect(settle).toEqual([]);
        continue;
      }
      // One settlement, at the auction's end, for what the protocol received.
      expect(settle).toHaveLength(1);
      expect(settle[0]!.step).toBe(au.endStep);
      expect(settle[0]!.usd).toBeCloseTo(au.proceedsUsd, 6);
      // Bids rise (a tend must beat the standing bid) and lie between the kick and the end.
      const tends = au.bids.filter((b) => b.kind === 'bid').map((b) => b.usd);
      for (let i = 1; i < tends.length; i++) expect(tends[i]!).toBeGreaterThanOrEqual(tends[i - 1]!);
      for (const b of au.bids) {
        expect(b.step).toBeGreaterThanOrEqual(au.kickStep);
        expect(b.step).toBeLessThanOrEqual(au.endStep);
      }
      // A zero-bid auction's winning bid is (almost) nothing.
      if (au.zeroBid) expect(settle[0]!.usd).toBeLessThan(1);
    }
    expect(a.auctions.some((au) => au.bids.some((b) => b.kind === 'bid'))).toBe(true);
    expect(a.explanation).toMatch(/drew \d+ bids? from \d+ keepers?/);
  });

  it('records the takes of Dutch auctions: what keepers paid adds up to what the protocol received', async () => {
    const a = await autopsyOfFirstVictim('maker-2021-clip');
    const settled = a.auctions.filter((au) => au.endStep >= 0);
    expect(settled.length).toBeGreaterThan(0);
    for (const au of settled) {
      const takes = au.bids.filter((b) => b.kind === 'take');
      expect(takes.length).toBeGreaterThan(0);
      expect(takes.reduce((s, b) => s + b.usd, 0)).toBeCloseTo(au.proceedsUsd, 4);
      for (const t of takes) expect(t.units).toBeGreaterThan(0);
    }
  });
});
