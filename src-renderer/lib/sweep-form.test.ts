import { describe, expect, it } from 'vitest';
import { designFormSpec } from '../../src-main/services/design-form.ts';
import { axisFields, specOf } from './sweep-form.ts';
import { parseSweepSpec } from '../../src-main/services/sweep/sweep-spec.ts';

const design = {
  schemaVersion: 2,
  id: 'd',
  name: 'D',
  margin: { kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.75 },
  oracle: { source: 'median', transform: { kind: 'none' }, update: { kind: 'every-step' } },
  liquidation: { kind: 'market-sale', closeFactor: 0.5, bonus: 0.08 },
  shortfall: { bufferUsd: 0, then: 'socialise' },
  keepers: {},
};

describe('sweep form', () => {
  it('offers the design editor number fields that hold a number, with their bounds', () => {
    const fields = axisFields(design, designFormSpec());
    const lr = fields.find((f) => f.path === 'margin.liquidationRatio');
    expect(lr).toMatchObject({ value: 1.5, min: 1, integer: false });
    expect(fields.find((f) => f.path === 'liquidation.bonus')).toMatchObject({ value: 0.08 });
    expect(fields.every((f) => typeof f.value === 'number')).toBe(true);
  });

  it('writes the sweep file the CLI reads', () => {
    const spec = specOf(
      {
        scenarioId: 'black-thursday-2020',
        protocol: null,
        designIds: ['maker-2021-clip'],
        axes: [{ path: 'margin.liquidationRatio', from: 1.3, to: 1.7, count: 3 }],
        sampling: 'grid',
        samplePoints: 20,
        sampleSeed: 1,
        seedFrom: 1,
        seedTo: 5,
        shockFrom: 0.5,
        shockTo: 1.5,
        shockCount: 5,
        accounts: null,
      },
      new Set(),
    );
    expect(spec).toEqual({
      format: 'cascade-lab-sweep',
      version: 1,
      scenarios: ['black-thursday-2020'],
      designs: ['maker-2021-clip'],
      axes: [{ path: 'margin.liquidationRatio', range: { from: 1.3, to: 1.7, count: 3, integer: false } }],
      sampling: { kind: 'grid' },
      seeds: { from: 1, to: 5 },
      shocks: { from: 0.5, to: 1.5, count: 5 },
    });
    // A scenario with several protocols: the protocol picked is the file's "protocol".
    const form = {
      scenarioId: 'my-crash',
      protocol: 'compound-like',
      designIds: ['compound-v2'],
      axes: [],
      sampling: 'grid' as const,
      samplePoints: 20,
      sampleSeed: 1,
      seedFrom: 1,
      seedTo: 1,
      shockFrom: 1,
      shockTo: 1,
      shockCount: 1,
      accounts: null,
    };
    expect(parseSweepSpec(specOf(form))).toMatchObject({
      scenarios: ['my-crash'],
      protocol: 'compound-like',
    });
  });
});
