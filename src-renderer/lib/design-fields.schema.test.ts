/**
 * The form's checks against the engine's schema. Test-only import of the engine (the app's renderer
 * never imports it: main validates every design it is sent): every default the form offers must
 * parse, and for every numeric field the form and the schema must agree on out-of-range values.
 */
import { describe, expect, it } from 'vitest';
import { DesignError, parseDesign } from '../../src-main/engine/design.ts';
import { PRESETS } from '../../src-main/engine/presets.ts';
import type { FieldSpec } from './design-fields.ts';
import { applyChange, checkField, crossFieldErrors, designGroups, fieldValue } from './design-fields.ts';

type Json = Record<string, unknown>;

const specOf = (d: unknown, path: string): FieldSpec =>
  designGroups(d)
    .flatMap((g) => g.fields)
    .find((f) => f.path === path)!;

/** Every mechanism, margin model, anti-procyclical tool and modifier switched on, from the flip preset. */
function everyShape(): Json[] {
  const base = (): Json => structuredClone(PRESETS.get('maker-2020-flip')!) as unknown as Json;
  const out: Json[] = [];
  for (const mechanism of [
    'market-sale',
    'english-auction',
    'dutch-auction',
    'stability-pool',
    'exchange-close',
  ]) {
    const d = base();
    applyChange(d, specOf(d, 'liquidation.kind'), mechanism);
    if (mechanism === 'exchange-close') {
      applyChange(d, specOf(d, 'liquidation.backstopVault'), true);
      applyChange(d, specOf(d, 'liquidation.partialClose'), true);
    }
    if (mechanism === 'stability-pool') applyChange(d, specOf(d, 'liquidation.whenEmpty'), 'market-sale');
    out.push(d);
  }
  for (const apc of ['none', 'buffer', 'stressed-floor']) {
    const d = base();
    applyChange(d, specOf(d, 'margin.kind'), 'volatility-scaled');
    applyChange(d, specOf(d, 'margin.volatility.antiProcyclical.kind'), apc);
    out.push(d);
  }
  const m = base();
  for (const toggle of ['modifiers.tiered', 'modifiers.circuitBreaker'])
    applyChange(m, specOf(m, toggle), true);
  applyChange(
    m,
    specOf(m, 'modifiers.partialTargetRatio'),
    specOf(m, 'modifiers.partialTargetRatio').nullDefault,
  );
  applyChange(
    m,
    specOf(m, 'modifiers.liquidityCapDepthMultiple'),
    specOf(m, 'modifiers.liquidityCapDepthMultiple').nullDefault,
  );
  applyChange(m, specOf(m, 'modifiers.circuitBreaker.action'), 'scale-margin');
  out.push(m);
  // Options (Reg T 1987 carries an options block): each margin model and grid, each hedging policy,
  // and every loop switched off.
  const regT = (): Json => structuredClone(PRESETS.get('reg-t-1987')!) as unknown as Json;
  for (const [grid, hedging] of [
    [null, 'band'],
    ['span', 'interval'],
    ['deribit-pm', 'scenario'],
  ] as const) {
    const d = regT();
    if (grid) {
      applyChange(d, specOf(d, 'options.marginModel.kind'), 'portfolio');
      applyChange(d, specOf(d, 'options.marginModel.grid.kind'), grid);
    }
    applyChange(d, specOf(d, 'options.hedging.kind'), hedging);
    out.push(d);
  }
  const off = regT();
  for (const path of ['options.dealerHedging', 'options.insurersActive', 'options.ivFeedback'])
    applyChange(off, specOf(off, path), false);
  out.push(off);
  return out;
}

function schemaError(design: Json): string | null {
  try {
    parseDesign(design);
    return null;
  } catch (e) {
    if (e instanceof DesignError) return e.field;
    throw e;
  }
}

describe('design form against the engine schema', () => {
  it('offers only defaults the schema accepts, with no form complaint either', () => {
    for (const d of everyShape()) {
      expect(schemaError(d), JSON.stringify(d['liquidation'])).toBeNull();
      const fields = designGroups(d).flatMap((g) => g.fields);
      const complaints = fields.map((f) => [f.path, checkField(f, fieldValue(d, f))]).filter(([, e]) => e);
      expect(complaints).toEqual([]);
      expect(crossFieldErrors(d)).toEqual({});
    }
  });

  it('rejects an out-of-range number exactly when the schema does', () => {
    const probes = [-1e9, -1, 0, 0.05, 0.5, 1, 1.5, 2, 25, 1e9];
    let compared = 0;
    for (const d of everyShape()) {
      for (const f of designGroups(d).flatMap((g) => g.fields)) {
        if (f.kind !== 'number' && f.kind !== 'integer') continue;
        // callRatio ≥ liquidationRatio is left to main (its message explains it).
        if (f.path === 'margin.callRatio') continue;
        for (const v of probes) {
          const candidate = structuredClone(d);
          applyChange(candidate, f, v);
          const schemaSays = schemaError(candidate) === `design.${f.path}`;
          const formSays = checkField(f, v) !== null || crossFieldErrors(candidate)[f.path] !== undefined;
          expect(formSays, `${f.path} = ${v}: form ${formSays}, schema ${schemaSays}`).toBe(schemaSays);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('covers every numeric field of the options design, each margin model and grid', () => {
    const paths = new Set(
      everyShape().flatMap((d) =>
        designGroups(d)
          .flatMap((g) => g.fields)
          .filter((f) => f.path.startsWith('options.'))
          .map((f) => f.path),
      ),
    );
    for (const p of [
      'options.marginModel.shortOptionBase',
      'options.marginModel.shortOptionFloor',
      'options.marginModel.futuresMaintenance',
      'options.marginModel.shortOptionMinimum',
      'options.marginModel.grid.priceScanRange',
      'options.marginModel.grid.volScanRange',
      'options.marginModel.grid.extremeMoveMultiple',
      'options.marginModel.grid.extremeCoverFraction',
      'options.marginModel.grid.priceRange',
      'options.marginModel.grid.buckets',
      'options.marginModel.grid.volUpShock',
      'options.marginModel.grid.volDownShock',
      'options.marginModel.grid.termPower',
      'options.hedging.bandDelta',
      'options.hedging.seconds',
      'options.liquidationPenalty',
      'options.dealerHedging',
      'options.insurersActive',
      'options.ivFeedback',
    ])
      expect(paths.has(p), p).toBe(true);
  });

  it('creates the engine default options block on the first edit of a design without one', () => {
    const d = structuredClone(PRESETS.get('maker-2020-flip')!) as unknown as Json;
    const ctx = {
      derivatives: {
        asset: 'ETH',
        writersCollateral: 'same-asset' as const,
        writers: 10,
        dealers: null,
        insurers: null,
      },
    };
    const spec = designGroups(d, ctx)
      .flatMap((g) => g.fields)
      .find((f) => f.path === 'options.insurersActive')!;
    expect(fieldValue(d, spec)).toBe(true);
    applyChange(d, spec, false);
    expect(schemaError(d)).toBeNull();
    expect(parseDesign(d).options).toMatchObject({
      insurersActive: false,
      dealerHedging: true,
      hedging: null,
    });
    // Without derivatives and without an options block, the section is not offered.
    expect(
      designGroups(structuredClone(PRESETS.get('maker-2020-flip')!)).some((g) => g.id === 'options'),
    ).toBe(false);
  });
});
