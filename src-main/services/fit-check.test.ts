import { describe, expect, it } from 'vitest';
import { PRESETS } from '../engine/presets.ts';
import { parseScenario } from '../engine/scenario.ts';
import { blackThursday } from '../scenarios/black-thursday.ts';
import { october2025 } from '../scenarios/october-2025.ts';
import { fitCheck } from './fit-check.ts';

describe('fit checks of soft liquidation', () => {
  const llamma = PRESETS.get('crvusd-llamma')!;

  it('fits a lending crash with keepers without a word', () => {
    expect(fitCheck(parseScenario(blackThursday), llamma)).toEqual([]);
  });

  it('warns, not refuses, where no keeper would hard-liquidate, and names the perpetual book', () => {
    const issues = fitCheck(parseScenario(october2025), llamma);
    expect(issues.every((i) => i.level === 'warn')).toBe(true);
    expect(issues.map((i) => i.message).join('\n')).toMatch(
      /no keepers: an account whose health falls below 0/,
    );
    expect(issues.map((i) => i.message).join('\n')).toMatch(/perpetual-futures book/);
  });

  it('still refuses a keeper auction where there are no keepers, without the lending warning', () => {
    const issues = fitCheck(parseScenario(october2025), PRESETS.get('maker-2020-flip')!);
    expect(issues.filter((i) => i.level === 'refuse')).toHaveLength(1);
    expect(issues.some((i) => /is a lending mechanism/.test(i.message))).toBe(false);
  });
});
