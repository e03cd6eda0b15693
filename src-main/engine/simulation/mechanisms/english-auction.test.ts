import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../presets.ts';
import { replay } from '../../replay.ts';
import { parseScenario } from '../../scenario.ts';
import { TEST_T0, testAsset, testScenarioInput } from '../../test-support.ts';

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
