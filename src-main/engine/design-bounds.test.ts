/**
 * Schema bounds against absurd values a cost estimate would otherwise have to catch: a lot of
 * 5e-324 (subnormal arithmetic: a Black Thursday replay ran for minutes) and a liquidity cap near
 * zero. Both are refused naming the field and the smallest value allowed; the presets still parse.
 */
import { describe, expect, it } from 'vitest';
import {
  DesignError,
  MIN_LIQUIDITY_CAP_DEPTH_MULTIPLE,
  MIN_LOT_SIZE,
  NO_MODIFIERS,
  parseDesign,
} from './design.ts';
import { PRESETS } from './presets.ts';

function refusal(input: unknown): DesignError {
  try {
    parseDesign(input);
  } catch (e) {
    if (e instanceof DesignError) return e;
    throw e;
  }
  throw new Error('the design was accepted');
}

describe('design schema bounds on absurd values', () => {
  it.each(['maker-2020-flip', 'maker-2021-clip'])(
    'refuses a dust lot size in %s, naming the minimum',
    (id) => {
      const base = PRESETS.get(id)!;
      for (const lotSize of [5e-324, 1e-9, MIN_LOT_SIZE / 2]) {
        const e = refusal({ ...base, liquidation: { ...base.liquidation, lotSize } });
        expect(e.field).toBe('design.liquidation.lotSize');
        expect(e.message).toContain(`at least ${MIN_LOT_SIZE}`);
      }
      expect(
        parseDesign({ ...base, liquidation: { ...base.liquidation, lotSize: MIN_LOT_SIZE } }),
      ).toBeTruthy();
    },
  );

  it('refuses a near-zero liquidity cap, naming the minimum', () => {
    const base = PRESETS.get('maker-2021-clip')!;
    const withCap = (liquidityCapDepthMultiple: number) => ({
      ...base,
      modifiers: { ...NO_MODIFIERS, liquidityCapDepthMultiple },
    });
    const e = refusal(withCap(1e-300));
    expect(e.field).toBe('design.modifiers.liquidityCapDepthMultiple');
    expect(e.message).toContain(`at least ${MIN_LIQUIDITY_CAP_DEPTH_MULTIPLE}`);
    expect(parseDesign(withCap(MIN_LIQUIDITY_CAP_DEPTH_MULTIPLE)).modifiers?.liquidityCapDepthMultiple).toBe(
      MIN_LIQUIDITY_CAP_DEPTH_MULTIPLE,
    );
  });

  it('still accepts every preset', () => {
    for (const d of PRESETS.values()) expect(parseDesign(d).id).toBe(d.id);
  });
});
