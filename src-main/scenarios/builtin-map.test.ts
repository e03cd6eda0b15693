import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_LIST, BUILTIN_SCENARIOS } from './index.ts';

describe('BUILTIN_SCENARIOS validates each scenario when first read', () => {
  it('lists every built-in in order and returns each one validated, once', () => {
    expect([...BUILTIN_SCENARIOS.keys()]).toEqual(BUILTIN_SCENARIO_LIST.map((s) => s.id));
    expect(BUILTIN_SCENARIOS.size).toBe(BUILTIN_SCENARIO_LIST.length);
    for (const raw of BUILTIN_SCENARIO_LIST) {
      const s = BUILTIN_SCENARIOS.get(raw.id)!;
      expect(s).toEqual(raw);
      expect(BUILTIN_SCENARIOS.get(raw.id)).toBe(s);
      expect(BUILTIN_SCENARIOS.has(raw.id)).toBe(true);
    }
    expect([...BUILTIN_SCENARIOS.values()].map((s) => s.id)).toEqual([...BUILTIN_SCENARIOS.keys()]);
    expect(new Map(BUILTIN_SCENARIOS).size).toBe(BUILTIN_SCENARIO_LIST.length);
    expect(BUILTIN_SCENARIOS.get('no-such-crash')).toBeUndefined();
    expect(BUILTIN_SCENARIOS.has('no-such-crash')).toBe(false);
  });
});
