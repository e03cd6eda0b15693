import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blackThursday } from '../../../scenarios/black-thursday.ts';
import { parseDesign } from '../../design.ts';
import { PRESETS } from '../../presets.ts';
import { replay } from '../../replay.ts';
import { parseScenario } from '../../scenario.ts';
import { TEST_T0, testAsset, testScenarioInput } from '../../test-support.ts';
import { EnglishAuction } from './english-auction.ts';

const flip = PRESETS.get('maker-2020-flip')!;

/**
 * One vault (one lot under Maker's 50 ETH) that ETH's fall from 100 to 80 puts under 150%, on a deep
 * market, with keepers of different margins. The OSM delays the oracle by an hour.
 */
function scenario() {
  const eth = testAsset('ETH', 100, 1e9);
  (eth.observed as Record<string, unknown>).points = [
    [TEST_T0, 100],
    [TEST_T0 + 300, 80],
    [TEST_T0 + 3 * 3600, 80],
  ];
  const input = testScenarioInput('flip-rounds', [eth], [{ debtUsd: 3000, collateralRatio: 1.6 }]);
  input.endTime = '2024-01-01T03:00:00Z';
  (input.keepers as Record<string, unknown>).marginMin = 0.01;
  (input.keepers as Record<string, unknown>).marginMax = 0.15;
  return parseScenario(input);
}

function whaleAuction(stepSeconds: number) {
  const r = replay(scenario(), flip, flip, { seed: 3, stepSeconds });
  const au = r.run.auctions.reduce((a, b) => (b.debtUsd > a.debtUsd ? b : a));
  return au;
}

describe('English auction (flip): keepers bid repeatedly within a step', () => {
  it('settles the same lot whether the step is 1 minute or as long as the bid duration', () => {
    const fine = whaleAuction(60);
    // One step per bid duration (600 s, Maker's ttl): the whole tend and dent must happen inside it.
    const coarse = whaleAuction(600);
    for (const au of [fine, coarse]) {
      expect(au.endStep).toBeGreaterThanOrEqual(0);
      expect(au.zeroBid).toBe(false);
      expect(au.proceedsUsd).toBeCloseTo(au.tabUsd, 6);
    }
    // The dent phase returned collateral to the vault at both steps, and the same amount.
    expect(fine.returnedUnits).toBeGreaterThan(0);
    expect(coarse.returnedUnits).toBeCloseTo(fine.returnedUnits, 9);
  });
});

/** A run's result as text, typed arrays included (the timeline is an input, left out). */
function serialised(r: ReturnType<typeof replay>): string {
  const { timeline: _t, ...rest } = r;
  return JSON.stringify(rest, (_k, v: unknown) =>
    ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
  );
}

describe('English auction fast paths', () => {
  it('skip only auctions nobody can outbid: the same run, byte for byte, as stepping every auction every step', () => {
    // Black Thursday's congestion prices ordinary keepers out for hours while lowballers bid one wei:
    // the fast paths skip the auctions lowballers hold then, and every auction once transactions run out.
    fc.assert(
      fc.property(
        fc.record({
          keepers: fc.integer({ min: 0, max: 12 }),
          lowballers: fc.integer({ min: 0, max: 4 }),
          gasCap: fc.double({ min: 20, max: 400, noNaN: true }),
          capital: fc.double({ min: 1e4, max: 5e6, noNaN: true }),
          lot: fc.double({ min: 5, max: 200, noNaN: true }),
          seed: fc.integer({ min: 0, max: 1e6 }),
        }),
        (r) => {
          const design = parseDesign({
            ...flip,
            id: 'random-flip',
            liquidation: { ...flip.liquidation, lotSize: r.lot },
            keepers: {
              count: r.keepers,
              lowballers: r.lowballers,
              gasCapMedianGwei: r.gasCap,
              capitalUsd: r.capital,
            },
          });
          const run = (): string =>
            serialised(
              replay(blackThursday, design, flip, { seed: r.seed, accounts: 400, stepSeconds: 300 }),
            );
          const fast = run();
          EnglishAuction.fastPaths = false;
          try {
            expect(fast).toBe(run());
          } finally {
            EnglishAuction.fastPaths = true;
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
