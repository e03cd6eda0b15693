/**
 * The form's bounds come from main, and the renderer holds no copy of them: every field resolves in
 * the JSON Schema main serves (made from the engine's zod schema), the form refuses a value exactly
 * when main's `designs.validate` does, and no bound, default object or efficiency formula is written
 * in the form's sources. (This replaces a test that only kept hand-made copies in line.)
 */
import { describe, expect, it } from 'vitest';
import { DesignSchema } from '../../../src-main/engine/design.ts';
import { PRESETS } from '../../../src-main/engine/presets.ts';
import { designFormSpec, validateDesign } from '../../../src-main/services/design-form.ts';
import type { FieldSpec } from './index.ts';
import {
  applyChange,
  boundsAt,
  checkField,
  designGroups,
  effectiveDesign,
  fieldValue,
  schemaAt,
  whenSetValue,
} from './index.ts';

type Json = Record<string, unknown>;
const { schema, templates } = designFormSpec();
const fieldsOf = (d: unknown): FieldSpec[] => designGroups(d, {}, templates).flatMap((g) => g.fields);
const specOf = (d: unknown, p: string): FieldSpec => fieldsOf(d).find((f) => f.path === p)!;
const change = (d: Json, p: string, v: unknown) => applyChange(d, specOf(d, p), v, templates);

/** Every mechanism, margin model, anti-procyclical tool, modifier and options shape, from presets. */
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
    change(d, 'liquidation.kind', mechanism);
    if (mechanism === 'exchange-close') {
      change(d, 'liquidation.backstopVault', true);
      change(d, 'liquidation.partialClose', true);
    }
    if (mechanism === 'stability-pool') change(d, 'liquidation.whenEmpty', 'market-sale');
    out.push(d);
  }
  for (const decay of ['linear', 'exponential']) {
    const d = base();
    change(d, 'liquidation.kind', 'dutch-auction');
    change(d, 'liquidation.decay.kind', decay);
    out.push(d);
  }
  for (const apc of ['none', 'buffer', 'stressed-floor']) {
    const d = base();
    change(d, 'margin.kind', 'volatility-scaled');
    change(d, 'margin.volatility.antiProcyclical.kind', apc);
    out.push(d);
  }
  const m = base();
  for (const toggle of ['modifiers.tiered', 'modifiers.circuitBreaker']) change(m, toggle, true);
  for (const nullable of ['modifiers.partialTargetRatio', 'modifiers.liquidityCapDepthMultiple'])
    change(m, nullable, whenSetValue(specOf(m, nullable), templates));
  change(m, 'modifiers.circuitBreaker.action', 'scale-margin');
  change(m, 'oracle.update.kind', 'deviation');
  change(m, 'oracle.transform.kind', 'delay');
  out.push(m);
  const regT = (): Json => structuredClone(PRESETS.get('reg-t-1987')!) as unknown as Json;
  for (const [grid, hedging] of [
    [null, 'band'],
    ['span', 'interval'],
    ['deribit-pm', 'scenario'],
  ] as const) {
    const d = regT();
    if (grid) {
      change(d, 'options.marginModel.kind', 'portfolio');
      change(d, 'options.marginModel.grid.kind', grid);
    }
    change(d, 'options.hedging.kind', hedging);
    out.push(d);
  }
  return out;
}

const mainRefuses = (d: Json, p: string): boolean => {
  const v = validateDesign(d);
  return !v.ok && v.issues.some((i) => i.field === `design.${p}`);
};

describe('the form’s bounds come from main', () => {
  it('resolves every field of every shape in main’s schema', () => {
    for (const d of everyShape()) {
      expect(validateDesign(d).ok, JSON.stringify(d['liquidation'])).toBe(true);
      for (const f of fieldsOf(d)) {
        if (f.kind === 'number' || f.kind === 'text' || f.kind === 'textarea')
          expect(schemaAt(schema, effectiveDesign(d, templates), f.path), f.path).not.toBeNull();
        const complaint = checkField(
          f,
          fieldValue(d, f, templates),
          boundsAt(schema, effectiveDesign(d, templates), f.path),
        );
        expect(complaint, f.path).toBeNull();
      }
    }
  });

  it('refuses a number exactly when main does', () => {
    const probes = [-1e9, -1, 0, 5e-7, 0.05, 0.5, 1, 1.5, 2, 25, 1e9, 2.5];
    let compared = 0;
    for (const d of everyShape()) {
      for (const f of fieldsOf(d)) {
        if (f.kind !== 'number') continue;
        for (const v of probes) {
          const candidate = structuredClone(d);
          applyChange(candidate, f, v, templates);
          const formSays =
            checkField(f, v, boundsAt(schema, effectiveDesign(candidate, templates), f.path)) !== null;
          const mainSays = mainRefuses(candidate, f.path);
          // A rule between fields (callRatio ≥ liquidationRatio, …) is main's alone: the schema itself
          // accepts the value and the form shows main's answer beside the field.
          const crossField = DesignSchema.safeParse(candidate).success;
          if (!(crossField && mainSays && !formSays))
            expect(formSays, `${f.path} = ${v}: form ${formSays}, main ${mainSays}`).toBe(mainSays);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(700);
  });

  it('gives no field a bound of its own', () => {
    // The sources of lib/design-form are scanned for written bounds by services/design-form.test.ts.
    for (const d of everyShape())
      for (const f of fieldsOf(d))
        for (const k of ['min', 'max', 'above', 'below']) expect(f, f.path).not.toHaveProperty(k);
  });
});
