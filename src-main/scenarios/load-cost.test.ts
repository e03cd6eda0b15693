/**
 * Loading the scenario library formats no number with toLocaleString: the first call in a process
 * loads ICU's number formats (~11 ms), and every command loads the library at start. Texts that
 * format numbers are getters, made when read.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('loading the scenario library', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('calls no toLocaleString until a text that needs it is read', async () => {
    const spy = vi.spyOn(Number.prototype, 'toLocaleString');
    vi.resetModules();
    const { BUILTIN_SCENARIO_LIST } = await import('./index.ts');
    expect(BUILTIN_SCENARIO_LIST.length).toBeGreaterThan(5);
    expect(spy).not.toHaveBeenCalled();
    // Reading October 2025's figures formats them (so the spy does see the calls it guards against).
    const october = BUILTIN_SCENARIO_LIST.find((s) => s.id === 'october-2025')!;
    const texts = JSON.stringify(october.published);
    expect(texts).toMatch(/\d{1,3}(,\d{3})+/);
    expect(spy).toHaveBeenCalled();
  });
});
