import { describe, expect, it } from 'vitest';
import {
  checkField,
  designGroups,
  fieldId,
  getPath,
  parseNumberInput,
  pathFromServerField,
  setPath,
  slugify,
  stripFieldPrefix,
  variantValue,
} from './design-fields.ts';

const flip = {
  schemaVersion: 1,
  id: 'x',
  name: 'X',
  description: '',
  sources: [],
  margin: { kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.75 },
  oracle: {
    source: 'median',
    transform: { kind: 'osm', hopSeconds: 3600 },
    update: { kind: 'every-step' },
    maxGasGwei: 100,
    honorOutages: true,
  },
  liquidation: {
    kind: 'english-auction',
    penalty: 0.13,
    lotSize: 50,
    minIncrement: 0.03,
    bidDurationSeconds: 600,
    maxDurationSeconds: 259200,
  },
  shortfall: {
    surplusBufferUsd: 0,
    then: 'debt-auction',
    govTokenPriceUsd: 265,
    debtAuctionDiscount: 0,
    debtAuctionDelaySeconds: 0,
  },
  keepers: {},
};

describe('design form', () => {
  it('shows the fields of the chosen kinds only', () => {
    const paths = designGroups(flip).flatMap((g) => g.fields.map((f) => f.path));
    expect(paths).toContain('oracle.transform.hopSeconds');
    expect(paths).toContain('liquidation.minIncrement');
    expect(paths).not.toContain('liquidation.startBuffer');
    expect(paths).not.toContain('oracle.update.thresholdBps');
    expect(paths).not.toContain('oracle.venue');
  });

  it('covers every leaf of a design with a field', () => {
    const paths = new Set(designGroups(flip).flatMap((g) => g.fields.map((f) => f.path)));
    const leaves: string[] = [];
    const walk = (o: unknown, prefix: string): void => {
      if (o && typeof o === 'object' && !Array.isArray(o)) {
        for (const [k, v] of Object.entries(o)) walk(v, prefix ? `${prefix}.${k}` : k);
      } else leaves.push(prefix);
    };
    walk(flip, '');
    const uncovered = leaves.filter((p) => !paths.has(p) && !['schemaVersion', 'margin.kind'].includes(p));
    expect(uncovered).toEqual([]);
  });

  it('gives a kind change its defaults', () => {
    const mech = designGroups(flip)
      .flatMap((g) => g.fields)
      .find((f) => f.path === 'liquidation.kind')!;
    const v = variantValue(mech, 'dutch-auction')!;
    expect(v['kind']).toBe('dutch-auction');
    expect(getPath(v, 'decay.cut')).toBe(0.99);
    expect(variantValue(mech, 'nope')).toBeUndefined();
  });

  it('reads and writes dotted paths', () => {
    const d = structuredClone(flip) as Record<string, unknown>;
    setPath(d, 'margin.callRatio', 2);
    expect(getPath(d, 'margin.callRatio')).toBe(2);
    setPath(d, 'keepers.count', 5);
    expect(getPath(d, 'keepers.count')).toBe(5);
    setPath(d, 'keepers.count', undefined);
    expect(getPath(d, 'keepers')).toEqual({});
    expect(getPath(d, 'no.such.path')).toBeUndefined();
  });

  it('checks ranges as main does', () => {
    const fields = designGroups(flip).flatMap((g) => g.fields);
    const f = (p: string) => fields.find((x) => x.path === p)!;
    expect(checkField(f('margin.liquidationRatio'), 0.9)).toBe('must be ≥ 1');
    expect(checkField(f('margin.liquidationRatio'), 1.5)).toBeNull();
    expect(checkField(f('margin.liquidationRatio'), 'abc')).toBe('must be a number');
    expect(checkField(f('margin.liquidationRatio'), undefined)).toBe('required');
    expect(checkField(f('liquidation.penalty'), 1.2)).toBe('must be ≤ 1');
    expect(checkField(f('liquidation.lotSize'), 0)).toBe('must be > 0');
    expect(checkField(f('keepers.count'), undefined)).toBeNull();
    expect(checkField(f('keepers.count'), 2.5)).toBe('must be a whole number');
    expect(checkField(f('oracle.maxGasGwei'), null)).toBeNull();
    expect(checkField(f('id'), 'Bad Id')).toContain('lowercase');
  });

  it('maps main’s field names and messages', () => {
    expect(pathFromServerField('design.margin.callRatio')).toBe('margin.callRatio');
    expect(pathFromServerField('design')).toBeNull();
    expect(pathFromServerField(undefined)).toBeNull();
    expect(stripFieldPrefix('design.margin.callRatio: 1.2 is below liquidationRatio 1.5')).toBe(
      '1.2 is below liquidationRatio 1.5',
    );
    expect(fieldId('liquidation.decay.cut')).toBe('design-liquidation-decay-cut');
  });

  it('parses number inputs and makes ids', () => {
    expect(parseNumberInput(' 1.5 ')).toBe(1.5);
    expect(parseNumberInput('')).toBeUndefined();
    expect(parseNumberInput('1,5')).toBe('1,5');
    expect(slugify('My clip, faster!')).toBe('my-clip-faster');
    expect(slugify('***')).toBe('my-design');
  });
});
