/**
 * Fields that hold fractions are stored as doubles from construction (double-fields.ts), so the
 * first fraction a run writes does not change an object's hidden class and throw away the optimised
 * code that has seen it. Checked with V8's own test hook (`%HaveSameMap`, enabled for this file):
 * an object written with a fraction keeps the hidden class of one just made.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { asDoubles, objectArray } from './double-fields.ts';
import { generateKeepers } from './keepers.ts';
import { PRESETS } from './presets.ts';
import { blackThursday } from '../scenarios/black-thursday.ts';
import { PendingDebt } from './simulation/mechanisms/backstop-vault.ts';
import { initialTotals } from './simulation/population.ts';
import { emptyReading } from './simulation/reporters/insolvency.ts';
import { StepTally } from './simulation/step-tally.ts';
import { StepView } from './simulation/step-view.ts';
import { WriterLedgers } from './options/writers.ts';

setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** Writes `value` to `field` of a fresh object and tells whether it kept the hidden class of another fresh one. */
function keepsClass<T extends object>(make: () => T, field: string, value = 0.25): boolean {
  const fresh = make();
  const written = make();
  expect(haveSameMap(fresh, written)).toBe(true);
  (written as Record<string, unknown>)[field] = value;
  return haveSameMap(fresh, written);
}

describe('asDoubles', () => {
  it('leaves every value as it was', () => {
    const o = { a: 0, b: 3, c: -1, d: 2.5 };
    expect(asDoubles(o, ['a', 'b', 'c', 'd'])).toBe(o);
    expect(o).toEqual({ a: 0, b: 3, c: -1, d: 2.5 });
    expect(Object.is(o.a, 0)).toBe(true);
  });

  it('refuses a field the object does not have (a misspelt name would add one)', () => {
    expect(() => asDoubles({ a: 0 }, ['b'])).toThrow(/no field "b"/);
  });

  it('a field settled as a double takes fractions without a new hidden class; an unsettled one does not', () => {
    const settled = (): { x: number; n: number } => asDoubles({ x: 0, n: 0 }, ['x']);
    expect(keepsClass(settled, 'x')).toBe(true);
    // The control: the same literal's integer field changes class on its first fraction.
    expect(keepsClass(settled, 'n')).toBe(false);
  });

  it('objectArray starts with the elements kind of an array of objects', () => {
    const a = objectArray<{ k: number }>();
    expect(a).toEqual([]);
    const b = objectArray<{ k: number }>();
    b.push({ k: 1 });
    b.pop();
    expect(haveSameMap(a, b)).toBe(true);
    const plain: { k: number }[] = [];
    const pushed: { k: number }[] = [];
    pushed.push({ k: 1 });
    pushed.pop();
    expect(haveSameMap(plain, pushed)).toBe(false);
  });
});

describe('the step state written with fractions keeps its hidden class', () => {
  const design = PRESETS.get('maker-2020-flip')!;
  const cases: [string, () => object, string[]][] = [
    ['StepTally', () => new StepTally(), ['kickedUnits', 'kickedUsd', 'zeroBidUnits', 'auctionBadDebtUsd']],
    ['StepView', () => new StepView(), ['price', 'ref', 'gas', 'qf', 'fill', 'F', 'tSec']],
    ['the totals', () => initialTotals(design, 0), ['badDebt', 'repaid', 'liquidatedUsd', 'topUps']],
    [
      'the keepers',
      () => generateKeepers(blackThursday.keepers, 1, 60, 1),
      ['txCarry', 'kickCarry', 'minActiveMargin'],
    ],
    ['an insolvency reading', () => emptyReading(), ['shortfallAtOracleUsd', 'shortfallAtMarketUsd']],
    ['the pending debt', () => new PendingDebt(), ['usd']],
    ['the writers’ ledgers', () => new WriterLedgers(), ['soldAssetUnits', 'badDebtUsd', 'penaltyUsd']],
  ];
  for (const [name, make, fields] of cases) {
    it(name, () => {
      for (const f of fields) expect(keepsClass(make, f), f).toBe(true);
    });
  }
});
