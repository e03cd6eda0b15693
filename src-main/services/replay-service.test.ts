/**
 * A replay of the historical design alone takes its shortcuts (its waves measured during
 * calibration, the population handed to the calibration's run instead of kept and copied); its
 * report is the one the same design gets beside another design, where neither shortcut applies.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../engine/presets.ts';
import { BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import { reportJson, runReplays } from './replay-service.ts';

describe('replaying the historical design alone', () => {
  for (const scenario of BUILTIN_SCENARIO_LIST.slice(0, 3)) {
    it(`${scenario.id}: the same report as beside another design`, () => {
      const historical = PRESETS.get(scenario.historicalDesignId)!;
      const other = PRESETS.get('compound-market-sale')!;
      const req = { scenarioId: scenario.id, seed: 1, accounts: 400 };
      const [alone] = runReplays({ ...req, designs: [historical] });
      const [beside] = runReplays({ ...req, designs: [other, historical] }).slice(1);
      expect(JSON.stringify(reportJson(alone!))).toBe(JSON.stringify(reportJson(beside!)));
      expect(alone!.waves.some((w) => w.shareMeasured)).toBe(true);
    });
  }
});
