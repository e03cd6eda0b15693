/**
 * The run budget: every preset on every built-in scenario is within it (no false alarm on what the
 * app ships), and absurd designs are refused before they run, naming the field and a value to use.
 */
import { describe, expect, it, vi } from 'vitest';
import { NO_MODIFIERS } from '../../engine/design.ts';
import { PRESETS } from '../../engine/presets.ts';
import { BUILTIN_SCENARIOS } from '../../scenarios/index.ts';
import {
  BudgetError,
  MAX_ACCOUNT_STEPS,
  MAX_AUCTION_LOT_UNITS,
  assertWithinBudget,
  estimateRun,
  liquidatableCollateralUnits,
  timeBudgetMessage,
} from './run-budget.ts';

const bt = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
const clip = PRESETS.get('maker-2021-clip')!;
const flip = PRESETS.get('maker-2020-flip')!;
const withLot = (d: typeof clip, lotSize: number) => ({
  ...d,
  liquidation: { ...(d.liquidation as { kind: 'dutch-auction' }), lotSize } as typeof d.liquidation,
});

describe('run budget estimate', () => {
  it('passes every preset on every built-in scenario at its default population', () => {
    for (const scenario of BUILTIN_SCENARIOS.values()) {
      for (const design of PRESETS.values()) {
        const e = estimateRun(scenario, design);
        expect(e.over, `${design.id} on ${scenario.id}: ${e.over[0]?.message}`).toEqual([]);
      }
    }
  });

  it('counts the collateral a crash can put up: more for a higher liquidation ratio, never more than all', () => {
    const low = liquidatableCollateralUnits(bt, 1.1);
    const high = liquidatableCollateralUnits(bt, 1.5);
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(low);
    const all = liquidatableCollateralUnits(bt, 1000);
    expect(all).toBeGreaterThanOrEqual(high);
  });

  it('refuses a tiny lot on Black Thursday, naming liquidation.lotSize and a lot that fits', () => {
    const e = estimateRun(bt, withLot(clip, 0.01));
    expect(e.over[0]).toMatchObject({ field: 'liquidation.lotSize', limit: MAX_AUCTION_LOT_UNITS });
    expect(e.over[0]!.message).toMatch(
      /^liquidation\.lotSize 0\.01 makes about .* auctions .*; set it to at least [\d.]+ ETH$/,
    );
    const suggested = Number(/at least (\d+(?:\.\d+)?) ETH/.exec(e.over[0]!.message)![1]);
    expect(estimateRun(bt, withLot(clip, suggested)).over).toEqual([]);
    // English auctions without bidders cost less per lot: the same lot passes for the flip.
    expect(estimateRun(bt, withLot(flip, 0.5)).over).toEqual([]);
    expect(estimateRun(bt, withLot(clip, 0.5)).over.map((d) => d.field)).toEqual(['liquidation.lotSize']);
  });

  it('names the liquidity cap when it is what shrinks the lots', () => {
    const capped = { ...clip, modifiers: { ...NO_MODIFIERS, liquidityCapDepthMultiple: 1e-6 } };
    const e = estimateRun(bt, capped);
    expect(e.over[0]?.field).toBe('modifiers.liquidityCapDepthMultiple');
    expect(e.over[0]!.message).toMatch(/caps each auction at .* ETH.*; set it to at least [\d.e+-]+$/);
    const multiple = Number(/at least ([\d.e+-]+)$/.exec(e.over[0]!.message)![1]);
    const fixed = { ...clip, modifiers: { ...NO_MODIFIERS, liquidityCapDepthMultiple: multiple } };
    expect(estimateRun(bt, fixed).over).toEqual([]);
  });

  it('names accounts or the step when accounts × steps is over', () => {
    const many = estimateRun(bt, flip, { accounts: 5_000_000 });
    expect(many.accountSteps).toBeGreaterThan(MAX_ACCOUNT_STEPS);
    expect(many.over[0]).toMatchObject({ field: 'accounts' });
    expect(many.over[0]!.message).toMatch(/use at most [\d,]+ accounts at this step/);
    const fine = estimateRun(bt, flip, { accounts: 1_000_000, stepSeconds: 1 });
    expect(fine.over[0]).toMatchObject({ field: 'accounts' });
    const shortStep = estimateRun(bt, flip, { accounts: 4000, stepSeconds: 1 });
    expect(shortStep.over).toEqual([]);
  });

  it('throws a BudgetError naming the design and the caller’s field', () => {
    let caught: unknown;
    try {
      assertWithinBudget(bt, [flip, withLot(clip, 0.01)], {}, (f, i) => `designs.${i}.${f}`);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BudgetError);
    expect((caught as BudgetError).field).toBe('designs.1.liquidation.lotSize');
    expect((caught as BudgetError).message).toMatch(
      /^design "maker-2021-clip" on black-thursday-2020: liquidation\.lotSize/,
    );
    expect(() => assertWithinBudget(bt, [flip, clip], {})).not.toThrow();
  });

  it('words the time limit with the run’s costliest part', () => {
    const text = timeBudgetMessage(90, estimateRun(bt, withLot(clip, 1)));
    expect(text).toMatch(
      /^the run went past its time budget of 90 s and was stopped; its costliest part: liquidation\.lotSize 1 makes/,
    );
    expect(timeBudgetMessage(90, null)).toBe('the run went past its time budget of 90 s and was stopped');
  });
});

describe('run budget estimate, cost', () => {
  it('formats no number until a message is read (every run is estimated; ICU loads at the first toLocaleString)', () => {
    const spy = vi.spyOn(Number.prototype, 'toLocaleString');
    try {
      const e = estimateRun(bt, flip, { accounts: 1_000_000 });
      expect(e.drivers.length).toBeGreaterThan(0);
      expect(spy).not.toHaveBeenCalled();
      const accounts = e.drivers.find((d) => d.field === 'accounts')!;
      expect(accounts.message).toMatch(
        /^1,000,000 accounts × [\d,]+ steps of 60 s is .*; use at most [\d,]+ accounts at this step$/,
      );
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
