/**
 * The design form's behaviour: which fields show for which kinds, what an edit does to the design,
 * and its checks — with the templates and the JSON Schema exactly as main serves them
 * (services/design-form.ts; test-only import of main, the app gets them over the contract).
 */
import { describe, expect, it } from 'vitest';
import { designFormSpec } from '../../../src-main/services/design-form.ts';
import type { DesignContext, FieldSpec } from './index.ts';
import {
  applyChange as applyWith,
  boundsAt,
  checkField,
  designGroups as groupsWith,
  effectiveDesign,
  fieldId,
  fieldValue as valueWith,
  getPath,
  parseNumberInput,
  pathFromServerField,
  setPath,
  slugify,
  stripFieldPrefix,
  variantValue as variantWith,
  whenSetValue,
} from './index.ts';

const { schema, templates } = designFormSpec();
const designGroups = (d: unknown, ctx: DesignContext = {}) => groupsWith(d, ctx, templates);
const applyChange = (d: Record<string, unknown>, spec: FieldSpec, v: unknown) =>
  applyWith(d, spec, v, templates);
const fieldValue = (d: unknown, spec: FieldSpec) => valueWith(d, spec, templates);
const variantValue = (spec: FieldSpec, kind: string) => variantWith(spec, kind, templates);
/** The form's check of `value` for the field at `path` of `design`, against main's schema. */
const check = (design: unknown, path: string, value: unknown, ctx: DesignContext = {}) =>
  checkField(
    designGroups(design, ctx)
      .flatMap((g) => g.fields)
      .find((f) => f.path === path)!,
    value,
    boundsAt(schema, effectiveDesign(design, templates), path),
  );

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

// Loose on purpose: the tests edit nested fields of several design shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Design = any;

const pool: Design = {
  ...structuredClone(flip),
  liquidation: {
    kind: 'stability-pool',
    depositsUsd: 1e6,
    gasCompensationUsd: 200,
    gasCompensationFraction: 0.005,
    sellOffHalfLifeSeconds: 3600,
    reinvestFraction: 0.5,
    whenEmpty: 'market-sale',
    fallbackCloseFactor: 0.5,
    fallbackBonus: 0.08,
  } as never,
};
const exchange: Design = {
  ...structuredClone(flip),
  liquidation: {
    kind: 'exchange-close',
    liquidationFee: 0.01,
    insuranceFundUsd: 1e6,
    autoDeleverage: true,
    backstopVault: {
      belowMaintenanceFraction: 0.66,
      capitalUsd: 1e6,
      unwindHalfLifeSeconds: 3600,
      maxHoldingUsd: 1e8,
    },
    partialClose: { aboveUsd: 100_000, fraction: 0.2, cooldownSeconds: 30 },
  } as never,
  modifiers: {
    partialTargetRatio: 1.7,
    liquidityCapDepthMultiple: 2,
    tiered: { aboveUsd: 500_000, slices: 10 },
    gracePeriodSeconds: 60,
    circuitBreaker: {
      dropFraction: 0.1,
      windowSeconds: 3600,
      action: 'scale-margin',
      haircutMultiplier: 1.5,
      durationSeconds: 3600,
    },
  },
};
const volatility: Design = {
  ...structuredClone(flip),
  margin: {
    kind: 'volatility-scaled',
    liquidationRatio: 1.5,
    callRatio: 1.75,
    volatility: {
      referenceVolatility: 0.8,
      ewmaHalfLifeHours: 24,
      returnIntervalMinutes: 60,
      floorMultiple: 1,
      capMultiple: 2,
      maxRisePerHour: 0.25,
      antiProcyclical: { kind: 'stressed-floor', stressedVolatility: 1.5, weight: 0.25 },
    },
  } as never,
};

const specOf = (d: unknown, path: string) =>
  designGroups(d)
    .flatMap((g) => g.fields)
    .find((f) => f.path === path)!;

describe('design form: v2 mechanisms, margins and modifiers', () => {
  it('switches the margin model keeping the ratios, and back', () => {
    const d = structuredClone(flip) as Record<string, unknown>;
    applyChange(d, specOf(d, 'margin.kind'), 'volatility-scaled');
    expect(getPath(d, 'margin.liquidationRatio')).toBe(1.5);
    expect(getPath(d, 'margin.callRatio')).toBe(1.75);
    expect(getPath(d, 'margin.volatility.capMultiple')).toBe(2);
    expect(getPath(d, 'margin.volatility.returnIntervalMinutes')).toBe(60);
    expect(getPath(d, 'margin.volatility.antiProcyclical.kind')).toBe('none');
    applyChange(d, specOf(d, 'margin.volatility.antiProcyclical.kind'), 'buffer');
    expect(getPath(d, 'margin.volatility.antiProcyclical')).toEqual({ kind: 'buffer', buffer: 0.25 });
    applyChange(d, specOf(d, 'margin.kind'), 'fixed-ratio');
    expect(d['margin']).toEqual({ kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.75 });
  });

  it('gives the new mechanisms their documented defaults', () => {
    const d = structuredClone(flip) as Record<string, unknown>;
    applyChange(d, specOf(d, 'liquidation.kind'), 'stability-pool');
    expect(getPath(d, 'liquidation.gasCompensationUsd')).toBe(200);
    expect(getPath(d, 'liquidation.gasCompensationFraction')).toBe(0.005);
    applyChange(d, specOf(d, 'liquidation.kind'), 'exchange-close');
    expect(getPath(d, 'liquidation.backstopVault')).toBeNull();
    applyChange(d, specOf(d, 'liquidation.backstopVault'), true);
    expect(getPath(d, 'liquidation.backstopVault.belowMaintenanceFraction')).toBe(0.66);
    applyChange(d, specOf(d, 'liquidation.partialClose'), true);
    expect(getPath(d, 'liquidation.partialClose')).toEqual({
      aboveUsd: 100_000,
      fraction: 0.2,
      cooldownSeconds: 30,
    });
    applyChange(d, specOf(d, 'liquidation.backstopVault'), false);
    expect(getPath(d, 'liquidation.backstopVault')).toBeNull();
  });

  it('reads an absent modifiers object as all off and creates it whole on the first edit', () => {
    const d = structuredClone(flip) as Record<string, unknown>;
    expect(fieldValue(d, specOf(d, 'modifiers.circuitBreaker'))).toBeNull();
    expect(fieldValue(d, specOf(d, 'modifiers.gracePeriodSeconds'))).toBe(0);
    expect(
      check(d, 'modifiers.partialTargetRatio', fieldValue(d, specOf(d, 'modifiers.partialTargetRatio'))),
    ).toBeNull();
    expect(d['modifiers']).toBeUndefined();
    applyChange(d, specOf(d, 'modifiers.circuitBreaker'), true);
    expect(d['modifiers']).toEqual({
      partialTargetRatio: null,
      liquidityCapDepthMultiple: null,
      tiered: null,
      gracePeriodSeconds: 0,
      circuitBreaker: {
        dropFraction: 0.1,
        windowSeconds: 3600,
        action: 'pause',
        haircutMultiplier: 1.5,
        durationSeconds: 3600,
      },
    });
    applyChange(d, specOf(d, 'modifiers.tiered'), true);
    expect(getPath(d, 'modifiers.tiered.slices')).toBe(10);
    applyChange(d, specOf(d, 'modifiers.circuitBreaker'), false);
    expect(getPath(d, 'modifiers.circuitBreaker')).toBeNull();
    expect(getPath(d, 'modifiers.tiered.slices')).toBe(10);
  });

  it('offers a partial target above the liquidation ratio when switched on', () => {
    const spec = specOf(flip, 'modifiers.partialTargetRatio');
    expect(spec.nullDefault).toBeGreaterThan(1.5);
    // Main's starting value when the cap is switched on.
    expect(whenSetValue(specOf(flip, 'modifiers.liquidityCapDepthMultiple'), templates)).toBe(2);
  });

  it('checks the new ranges as the schema does', () => {
    expect(check(exchange, 'liquidation.liquidationFee', 0.25)).toBe('must be ≤ 0.2');
    expect(check(exchange, 'modifiers.tiered.slices', 1)).toBe('must be ≥ 2');
    expect(check(exchange, 'modifiers.tiered.slices', 2.5)).toBe('must be a whole number');
    expect(check(exchange, 'modifiers.circuitBreaker.dropFraction', 1)).toBe('must be < 1');
    expect(check(exchange, 'modifiers.circuitBreaker.haircutMultiplier', 6)).toBe('must be ≤ 5');
    expect(check(exchange, 'modifiers.partialTargetRatio', 1)).toBe('must be > 1');
    expect(check(exchange, 'modifiers.gracePeriodSeconds', -1)).toBe('must be ≥ 0');
    expect(check(exchange, 'liquidation.backstopVault', null)).toBeNull();
    expect(check(volatility, 'margin.volatility.referenceVolatility', 0)).toBe('must be > 0');
    expect(check(volatility, 'margin.volatility.maxRisePerHour', null)).toBeNull();
    expect(check(volatility, 'margin.volatility.returnIntervalMinutes', 20_000)).toBe('must be ≤ 10080');
    expect(check(volatility, 'margin.volatility.antiProcyclical.weight', 1.5)).toBe('must be ≤ 1');
    expect(check(pool, 'liquidation.depositsUsd', -1)).toBe('must be ≥ 0');
  });
});

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
    const uncovered = leaves.filter((p) => !paths.has(p) && p !== 'schemaVersion');
    expect(uncovered).toEqual([]);
  });

  it('covers every leaf of each new mechanism, margin model and modifier with a field', () => {
    const leavesOf = (o: unknown, prefix = ''): string[] =>
      o && typeof o === 'object' && !Array.isArray(o)
        ? Object.entries(o).flatMap(([k, v]) => leavesOf(v, prefix ? `${prefix}.${k}` : k))
        : [prefix];
    for (const d of [pool, exchange, volatility]) {
      const paths = new Set(designGroups(d).flatMap((g) => g.fields.map((f) => f.path)));
      const uncovered = leavesOf(d).filter((p) => !paths.has(p) && p !== 'schemaVersion');
      expect(uncovered).toEqual([]);
    }
    // A switched-on object is its own toggle field.
    const paths = new Set(designGroups(exchange).flatMap((g) => g.fields.map((f) => f.path)));
    expect(paths.has('liquidation.backstopVault')).toBe(true);
    expect(paths.has('modifiers.circuitBreaker')).toBe(true);
  });

  it('hides the fields of what is switched off', () => {
    const paths = designGroups(flip).flatMap((g) => g.fields.map((f) => f.path));
    expect(paths).toContain('modifiers.tiered');
    expect(paths).not.toContain('modifiers.tiered.slices');
    expect(paths).not.toContain('modifiers.circuitBreaker.dropFraction');
    expect(paths).not.toContain('margin.volatility.capMultiple');
    const redistribute = structuredClone(pool);
    redistribute.liquidation.whenEmpty = 'redistribute';
    const poolPaths = designGroups(redistribute).flatMap((g) => g.fields.map((f) => f.path));
    expect(poolPaths).not.toContain('liquidation.fallbackBonus');
    const pauseOnly = structuredClone(exchange);
    pauseOnly.modifiers.circuitBreaker.action = 'pause';
    const pausePaths = designGroups(pauseOnly).flatMap((g) => g.fields.map((f) => f.path));
    expect(pausePaths).not.toContain('modifiers.circuitBreaker.haircutMultiplier');
  });

  it('explains every field: what it is and, for the new ones, a typical value or that it is assumed', () => {
    for (const d of [flip, pool, exchange, volatility]) {
      for (const f of designGroups(d).flatMap((g) => g.fields)) {
        expect(f.help.length, f.path).toBeGreaterThan(20);
        const isNew =
          /^(modifiers|margin\.volatility|margin\.kind)|liquidation\.(deposits|gasComp|sellOff|reinvest|whenEmpty|liquidationFee|insurance|autoDel|backstop|partial)/.test(
            f.path,
          );
        if (isNew && f.kind !== 'variant' && f.kind !== 'choice')
          expect(f.help, f.path).toMatch(/\d|assumed|Liquity|Hyperliquid|EMIR|Aave|dYdX/i);
      }
    }
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
    expect(check(flip, 'margin.liquidationRatio', 0.9)).toBe('must be ≥ 1');
    expect(check(flip, 'margin.liquidationRatio', 1.5)).toBeNull();
    expect(check(flip, 'margin.liquidationRatio', 'abc')).toBe('must be a number');
    expect(check(flip, 'margin.liquidationRatio', undefined)).toBe('required');
    expect(check(flip, 'liquidation.penalty', 1.2)).toBe('must be ≤ 1');
    expect(check(flip, 'liquidation.lotSize', 0)).toBe('must be ≥ 0.000001');
    expect(check(flip, 'keepers.count', undefined)).toBeNull();
    expect(check(flip, 'keepers.count', 2.5)).toBe('must be a whole number');
    expect(check(flip, 'oracle.maxGasGwei', null)).toBeNull();
    expect(check(flip, 'id', 'Bad Id')).toContain('lowercase');
    expect(check(flip, 'name', 'x'.repeat(121))).toBe('at most 120 characters');
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

describe('collateral haircuts', () => {
  it('offers one optional haircut per collateral asset, checked in [0, 1) by main’s schema', () => {
    const design = { margin: { kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.6 } };
    const fields = designGroups(design, { collateralAssets: ['ETH'] }).flatMap((g) => g.fields);
    const haircut = fields.find((f) => f.path === 'collateralHaircuts.ETH')!;
    expect(haircut.optional).toBe(true);
    const ctx = { collateralAssets: ['ETH'] };
    expect(check(design, 'collateralHaircuts.ETH', undefined, ctx)).toBeNull();
    expect(check(design, 'collateralHaircuts.ETH', 0.2, ctx)).toBeNull();
    expect(check(design, 'collateralHaircuts.ETH', 1, ctx)).toBe('must be < 1');
    expect(check(design, 'collateralHaircuts.ETH', -0.1, ctx)).toBe('must be ≥ 0');
    // No haircut fields where the scenario has options (the engine refuses the combination).
    const withOptions = designGroups(design, {
      collateralAssets: ['SPX'],
      derivatives: { asset: 'SPX', writersCollateral: 'stable', writers: 1, dealers: null, insurers: null },
    }).flatMap((g) => g.fields);
    expect(withOptions.some((f) => f.path.startsWith('collateralHaircuts'))).toBe(false);
  });
});
