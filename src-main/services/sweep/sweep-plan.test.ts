import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../engine/presets.ts';
import { blackThursday } from '../../scenarios/black-thursday.ts';
import type { ResolvedSweep } from './sweep-plan.ts';
import { axisCombinations, countCombinations, planSweep } from './sweep-plan.ts';
import { parseSweepSpec } from './sweep-spec.ts';

const base = {
  format: 'cascade-lab-sweep',
  version: 1,
  scenarios: ['black-thursday-2020'],
  designs: ['maker-2021-clip'],
};

function resolved(extra: Record<string, unknown>): ResolvedSweep {
  return {
    spec: parseSweepSpec({ ...base, ...extra }),
    scenarios: [
      {
        scenario: blackThursday,
        version: blackThursday.version,
        historical: PRESETS.get('maker-2020-flip')!,
      },
    ],
    designs: [{ ref: 'maker-2021-clip', design: PRESETS.get('maker-2021-clip')! }],
  };
}

describe('sweep plan', () => {
  it('crosses grid axes with the last axis fastest, and runs with the seed fastest', () => {
    const r = resolved({
      axes: [
        { path: 'margin.liquidationRatio', range: { from: 1.4, to: 1.6, count: 3 } },
        { path: 'liquidation.startBuffer', values: [1.1, 1.3] },
      ],
      seeds: { from: 7, to: 8 },
      shocks: [0.5, 1],
    });
    const plan = planSweep(r);
    expect(plan.points.map((p) => p.values)).toEqual([
      [1.4, 1.1],
      [1.4, 1.3],
      [1.5, 1.1],
      [1.5, 1.3],
      [1.6, 1.1],
      [1.6, 1.3],
    ]);
    expect(plan.points[0]!.design.margin.liquidationRatio).toBe(1.4);
    expect(plan.runs.slice(0, 4).map((x) => [x.point, x.shock, x.seed])).toEqual([
      [0, 0.5, 7],
      [0, 0.5, 8],
      [0, 1, 7],
      [0, 1, 8],
    ]);
    expect(plan.runs).toHaveLength(6 * 2 * 2);
    expect(new Set(plan.runs.map((x) => x.inputsHash)).size).toBe(plan.runs.length);
    // the same sweep planned again: the same identities
    expect(planSweep(resolved({ ...r.spec })).runs.map((x) => x.inputsHash)).toEqual(
      plan.runs.map((x) => x.inputsHash),
    );
  });

  it('samples range axes together (random or LHS, seeded) and crosses list axes with them', () => {
    const axes = [
      { path: 'margin.liquidationRatio', range: { from: 1.3, to: 1.7, count: 5, integer: false } },
      { path: 'liquidation.startBuffer', range: { from: 1.05, to: 1.5, count: 5, integer: false } },
      { path: 'liquidation.keeperTipUsd', values: [0, 300] },
    ];
    const lhs = axisCombinations(axes, { kind: 'lhs', points: 10, seed: 3 });
    expect(lhs).toHaveLength(20);
    expect(countCombinations(axes, { kind: 'lhs', points: 10, seed: 3 })).toBe(20);
    expect(countCombinations(axes, { kind: 'grid' })).toBe(50);
    for (const [lr, buf] of lhs as number[][]) {
      expect(lr! >= 1.3 && lr! < 1.7).toBe(true);
      expect(buf! >= 1.05 && buf! < 1.5).toBe(true);
    }
    const strata = [...new Set((lhs as number[][]).map((v) => Math.floor(((v[0]! - 1.3) / 0.4) * 10)))];
    expect(strata.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(axisCombinations(axes, { kind: 'random', points: 4, seed: 9 })).toEqual(
      axisCombinations(axes, { kind: 'random', points: 4, seed: 9 }),
    );
    expect(axisCombinations(axes, { kind: 'random', points: 4, seed: 9 })).not.toEqual(
      axisCombinations(axes, { kind: 'random', points: 4, seed: 10 }),
    );
  });

  it('rounds integer ranges and drops the duplicate grid values rounding makes', () => {
    const combos = axisCombinations(
      [{ path: 'liquidation.keeperTipUsd', range: { from: 0, to: 2, count: 5, integer: true } }],
      { kind: 'grid' },
    );
    expect(combos).toEqual([[0], [1], [2]]);
  });

  it('refuses a sweep over the run limit before building it', () => {
    expect(() =>
      planSweep(
        resolved({
          axes: [{ path: 'margin.liquidationRatio', range: { from: 1.3, to: 1.7, count: 10000 } }],
          seeds: { from: 1, to: 200 },
        }),
      ),
    ).toThrow(/2,000,000 runs is more than the 1,000,000 one sweep may hold/);
  });
});
