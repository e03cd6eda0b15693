/**
 * The bench's typed-array full scan (typed-scan.ts) is the same simulation as the engine for
 * fixed-discount market-sale designs: identical liquidations, accounts, calls, debt repaid, bad debt
 * and per-step prices, against every trigger index of the engine, on a few thousand accounts. The
 * scan tries every crossed account every step; the engine keeps accounts passed over for their gas
 * out of its index until one might be liquidated: the two must agree.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../engine/presets.ts';
import { simulate } from '../../engine/simulate.ts';
import type { SimulationOptions } from '../../engine/simulate.ts';
import { buildTimeline } from '../../engine/timeline.ts';
import type { TriggerIndexKind } from '../../engine/trigger-index.ts';
import { blackThursday } from '../../scenarios/black-thursday.ts';
import { noResponses, typedScanPass, typedScanRefusal } from './typed-scan.ts';

const scenario = noResponses(blackThursday);
const timeline = buildTimeline(scenario, 60, 1);
const options = (designId: string, accounts: number, depthScale: number): SimulationOptions => ({
  scenario,
  design: PRESETS.get(designId)!,
  timeline,
  fundamentalLog: timeline.observedLog,
  seed: 1,
  accounts,
  depthScale,
});

/** Market-sale presets that liquidate on Black Thursday: close factors 0.5 and 1, bonuses 5–10%. */
const designs = ['compound-market-sale', 'anchor-2022-bluna', 'aave-v2-crv-2023', 'aave-v3'];

describe('typed-array full scan vs the engine', () => {
  it('covers the market-sale presets and refuses what it does not model', () => {
    for (const id of designs) expect(typedScanRefusal(options(id, 100, 1)), id).toBeNull();
    expect(typedScanRefusal(options('maker-2020-flip', 100, 1))).toMatch(/market sale/);
    expect(typedScanRefusal({ ...options('compound-market-sale', 100, 1), scenario: blackThursday })).toMatch(
      /answers margin calls/,
    );
    expect(() => typedScanPass(options('maker-2020-flip', 100, 1))).toThrow(/typed-array scan/);
  });

  for (const id of designs) {
    // Thin books (0.3–0.5× depth) make the sales move the price, so the feedback is exercised.
    const cases = id === designs[0] ? [[3000, 1] as const, [4000, 0.3] as const] : [[3000, 0.5] as const];
    for (const [accounts, depth] of cases) {
      it(`${id}, ${accounts} accounts, depth ×${depth}: identical to the engine with every index`, () => {
        const o = options(id, accounts, depth);
        const ref = typedScanPass(o);
        expect(ref.liquidations).toBeGreaterThan(0);
        // Aave's keepers run out of capped transactions: accounts are passed over for their gas while
        // the capacity is used up behind them, so the engine's waiting list (waiting-for-gas.ts) is
        // exercised and must give the scan's outcome (which tries every account every step).
        if (id.startsWith('aave-')) expect(ref.passedOverBoundSteps).toBeGreaterThan(0);
        for (const index of ['bucket', 'heap', 'scan'] as TriggerIndexKind[]) {
          const run = simulate({ ...o, index });
          const T = run.totals;
          expect(ref.liquidations, index).toBe(run.liquidations.length);
          expect(ref.accountsLiquidated, index).toBe(T.accountsLiquidated);
          expect(ref.callsIssued, index).toBe(T.callsIssued);
          expect(ref.repaidUsd, index).toBe(T.repaid);
          expect(ref.badDebtUsd, index).toBe(T.badDebt);
          expect(Array.from(ref.price), index).toEqual(Array.from(run.series.price));
        }
      });
    }
  }
});
