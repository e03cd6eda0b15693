import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import { PRESETS } from './presets.ts';
import { calibrate } from './replay.ts';
import { DEFAULT_INDEX, simulate } from './simulate.ts';
import { buildTimeline } from './timeline.ts';

/** Everything a run returns, typed arrays as plain arrays, without its wall-clock timings. */
function serialise(value: object): string {
  const { timings: _t, ...rest } = value as { timings?: unknown };
  return JSON.stringify(rest, (_k, v: unknown) =>
    ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
  );
}

describe('calibration runs one pass where the second would repeat the first', () => {
  for (const scenario of BUILTIN_SCENARIO_LIST) {
    it(`${scenario.id}: an ordinary pass on the backed-out F is byte-identical to the construction pass`, () => {
      const historical = PRESETS.get(scenario.historicalDesignId);
      expect(historical, scenario.historicalDesignId).toBeDefined();
      const accounts = Math.min(400, scenario.population.defaultAccounts);
      const step = scenario.defaultStepSeconds * 5;
      const timeline = buildTimeline(scenario, step, 3);
      const cal = calibrate(scenario, historical!, timeline, { seed: 3, accounts });
      expect(cal.iterations).toBe(1);
      const skipped = simulate({
        scenario,
        design: historical!,
        timeline,
        fundamentalLog: cal.fundamentalLog,
        seed: 3,
        accounts,
        index: DEFAULT_INDEX,
        leverage: true,
        depthScale: 1,
      });
      expect(serialise(skipped)).toBe(serialise(cal.historical));
    });
  }
});
