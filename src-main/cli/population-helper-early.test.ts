import { describe, expect, it } from 'vitest';
import { HELPER_MIN_ACCOUNTS } from '../services/population/population-helper.ts';
import { wantsPopulationHelper } from './population-helper-early.ts';

describe('the CLI starts a population worker only where a population may be split', () => {
  const env = {};
  it('replay and compare at or above the helper size, or at the scenario size', () => {
    expect(wantsPopulationHelper(['replay', 'black-thursday-2020', '--accounts', '1000000'], env)).toBe(true);
    expect(wantsPopulationHelper(['compare', 'x', '--accounts=1000000', '--json'], env)).toBe(true);
    expect(wantsPopulationHelper(['replay', 'x', '--accounts', String(HELPER_MIN_ACCOUNTS)], env)).toBe(true);
    expect(wantsPopulationHelper(['replay', 'black-thursday-2020', '--json'], env)).toBe(true);
  });

  it('not below the helper size, for other commands, or when turned off', () => {
    expect(wantsPopulationHelper(['replay', 'x', '--accounts', '10000', '--json'], env)).toBe(false);
    expect(wantsPopulationHelper(['replay', 'x', `--accounts=${HELPER_MIN_ACCOUNTS - 1}`], env)).toBe(false);
    expect(wantsPopulationHelper(['sweep', 'run', 'spec.json', '--accounts', '1000000'], env)).toBe(false);
    expect(wantsPopulationHelper(['--help'], env)).toBe(false);
    const off = { CASCADE_LAB_POPULATION_HELPER: '0' };
    expect(wantsPopulationHelper(['replay', 'x', '--accounts', '1000000'], off)).toBe(false);
  });

  it('keeps the helper when the value is not a number (the parser refuses it)', () => {
    expect(wantsPopulationHelper(['replay', 'x', '--accounts', 'many'], env)).toBe(true);
    expect(wantsPopulationHelper(['replay', 'x', '--accounts'], env)).toBe(true);
  });
});
