import { describe, expect, it } from 'vitest';
import { blackThursday } from '../../scenarios/black-thursday.ts';
import { PRESETS } from '../presets.ts';
import { calibrate } from '../replay.ts';
import { findWaves } from '../report.ts';
import { buildTimeline } from '../timeline.ts';
import { recordColumnsOf } from './record-columns.ts';

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
});
