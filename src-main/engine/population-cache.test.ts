import { describe, expect, it } from 'vitest';
import { blackThursday } from '../scenarios/black-thursday.ts';
import type { Accounts } from './accounts.ts';
import { generateAccounts, PopulationCache, populationTemplate } from './population.ts';

const columns = (a: Accounts): Record<string, number[]> =>
  Object.fromEntries(
    Object.entries(a)
      .filter(([, v]) => ArrayBuffer.isView(v))
      .map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]),
  );

describe('PopulationCache: a replay draws its population once', () => {
  const spec = blackThursday.population;
  it('gives the accounts generateAccounts gives, as a copy a pass may change', () => {
    const cache = new PopulationCache();
    const first = cache.accounts(spec, 500, 190, 60, 7, true);
    expect(columns(first)).toEqual(columns(generateAccounts(spec, 500, 190, 60, 7, true)));
    first.collateral[3] = 0;
    first.debt.fill(0);
    first.status[4] = 1;
    const second = cache.accounts(spec, 500, 190, 60, 7, true);
    expect(second.collateral).not.toBe(first.collateral);
    expect(columns(second)).toEqual(columns(generateAccounts(spec, 500, 190, 60, 7, true)));
  });
  it('draws again when any argument changes', () => {
    const cache = new PopulationCache();
    cache.accounts(spec, 500, 190, 60, 7, true);
    for (const [n, p, dt, seed, lev] of [
      [600, 190, 60, 7, true],
      [500, 200, 60, 7, true],
      [500, 190, 30, 7, true],
      [500, 190, 60, 8, true],
      [500, 190, 60, 7, false],
    ] as const) {
      expect(columns(cache.accounts(spec, n, p, dt, seed, lev))).toEqual(
        columns(generateAccounts(spec, n, p, dt, seed, lev)),
      );
    }
  });
  it('handing over its own population: the pass gets it, a later ask draws the same accounts anew', () => {
    const cache = new PopulationCache(undefined, true);
    const first = cache.accounts(spec, 500, 190, 60, 7, true);
    expect(columns(first)).toEqual(columns(generateAccounts(spec, 500, 190, 60, 7, true)));
    first.collateral.fill(0);
    first.debt.fill(0);
    const second = cache.accounts(spec, 500, 190, 60, 7, true);
    expect(second.collateral).not.toBe(first.collateral);
    expect(columns(second)).toEqual(columns(generateAccounts(spec, 500, 190, 60, 7, true)));
  });
  it('never hands over a template it was given', () => {
    const template = populationTemplate(spec, 500, 190, 60, 7, true);
    const before = columns(template.accounts);
    const cache = new PopulationCache({ spec, template }, true);
    const first = cache.accounts(spec, 500, 190, 60, 7, true);
    expect(first.collateral).not.toBe(template.accounts.collateral);
    first.collateral.fill(0);
    expect(columns(template.accounts)).toEqual(before);
  });
});
