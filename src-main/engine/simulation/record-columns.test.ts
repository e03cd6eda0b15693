import { describe, expect, it } from 'vitest';
import { blackThursday } from '../../scenarios/black-thursday.ts';
import { PRESETS } from '../presets.ts';
import { calibrate } from '../replay.ts';
import { findWaves } from '../report.ts';
import { buildTimeline } from '../timeline.ts';
import { BUILTIN_SCENARIO_LIST } from '../../scenarios/index.ts';
import { Rng } from '../random.ts';
import { recordColumnsOf } from './record-columns.ts';
import { WaveTally } from './wave-tally.ts';

describe('waves read the record columns, not record objects', () => {
  for (const id of ['maker-2020-flip', 'compound-market-sale']) {
    it(`${id}: waves from the columns equal waves from the record arrays`, () => {
      const design = PRESETS.get(id)!;
      const timeline = buildTimeline(blackThursday, 300, 5);
      const run = calibrate(blackThursday, design, timeline, { seed: 5, accounts: 2000 }).historical;
      const columns = recordColumnsOf(run);
      expect(columns.liquidations.size).toBe(run.liquidations.length);
      expect(columns.auctions.size).toBe(run.auctions.length);
      // A plain copy of the result (as a worker sends it) carries no columns: the fallback reads records.
      const copy = { ...run, liquidations: [...run.liquidations], auctions: [...run.auctions] };
      expect(recordColumnsOf(copy)).not.toBe(columns);
      const waves = findWaves(run);
      expect(waves.length).toBeGreaterThan(0);
      expect(waves.some((w) => w.accounts > 0 && w.accounts < w.liquidations)).toBe(true);
      expect(findWaves(copy)).toEqual(waves);
    });
  }

  it("the pass's own wave counts equal the records' on every built-in crash under its historical design and every preset", () => {
    let tallied = 0;
    for (const scenario of BUILTIN_SCENARIO_LIST) {
      const timeline = buildTimeline(scenario, scenario.defaultStepSeconds * 5, 3);
      for (const id of new Set([scenario.historicalDesignId, ...PRESETS.keys()])) {
        const design = PRESETS.get(id)!;
        let run;
        try {
          run = calibrate(scenario, design, timeline, { seed: 3, accounts: 1500 }).historical;
        } catch {
          continue; // a preset that does not fit this crash (e.g. perpetuals on a lending population)
        }
        const counted = recordColumnsOf(run).waves!;
        const copy = { ...run, liquidations: [...run.liquidations], auctions: [...run.auctions] };
        expect(recordColumnsOf(copy).waves).toBeUndefined();
        const waves = findWaves(run);
        expect(counted.accounts.length).toBe(waves.length);
        expect(findWaves(copy)).toEqual(waves);
        if (waves.length > 0) tallied++;
      }
    }
    expect(tallied).toBeGreaterThan(10);
  });

  it('a tally of more than 255 waves clears its marks as they wrap, and counts each wave alone', () => {
    const gap = 5;
    const tally = new WaveTally(gap, 2_000);
    const rng = new Rng(4);
    const expected: { liqs: number; accounts: Set<number> }[] = [];
    let t = 0;
    for (let w = 0; w < 600; w++) {
      t += gap + 2 + Math.floor(3 * rng.next()); // past the gap: a new wave
      const wave = { liqs: 0, accounts: new Set<number>() };
      for (let step = 0; step < 3; step++, t += 1 + Math.floor((gap + 1) * rng.next())) {
        tally.kick(t);
        tally.kick(t); // a second kick in the same step opens nothing
        // Account 1000 + (w mod 255) recurs only in waves whose marks coincide.
        for (const i of [1000 + (w % 255), Math.floor(500 * rng.next()), 7]) {
          tally.logged(i);
          wave.liqs++;
          wave.accounts.add(i);
        }
      }
      expected.push(wave);
    }
    expect(tally.liquidations.toArray()).toEqual(expected.map((e) => e.liqs));
    expect(tally.accounts.toArray()).toEqual(expected.map((e) => e.accounts.size));
  });
});
