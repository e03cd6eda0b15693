/**
 * What main serves the design editor: the JSON Schema made from the engine's schema (its bounds are
 * the engine's), starting values that each give a valid design, and `designs.validate` answering
 * every issue and the capital efficiency by the engine's own formula — the figure a run reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JsonSchemaNode } from '../contract/api.ts';
import type { Design } from '../engine/design.ts';
import { MIN_LOT_SIZE, parseDesign } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { designFormSpec, validateDesign } from './design-form.ts';
import { runReplays } from './replay-service.ts';

type Json = Record<string, unknown>;
const clone = (id: string): Json => structuredClone(PRESETS.get(id)!) as unknown as Json;

function setPath(obj: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Json;
  cur[keys.at(-1)!] = value;
}

/** A design on which a template at `path` can be placed (its parents exist). */
function hostFor(path: string): Json {
  const t = designFormSpec().templates;
  if (path.startsWith('options.')) {
    const d = clone('reg-t-1987');
    if (path.startsWith('options.marginModel.grid'))
      setPath(d, 'options.marginModel', t.variants['options.marginModel.kind']!['portfolio']);
    return d;
  }
  if (path.startsWith('margin.volatility')) {
    const d = clone('maker-2020-flip');
    setPath(d, 'margin', { ...(d['margin'] as Json), ...t.variants['margin.kind']!['volatility-scaled'] });
    return d;
  }
  if (path.startsWith('liquidation.decay')) return clone('maker-2021-clip');
  if (path.startsWith('liquidation.backstopVault') || path.startsWith('liquidation.partialClose'))
    return clone('hyperliquid-2025');
  if (path.startsWith('modifiers.'))
    return { ...clone('maker-2020-flip'), modifiers: structuredClone(t.absent.modifiers) };
  return clone('maker-2020-flip');
}

describe('designFormSpec', () => {
  it('serves the engine schema’s bounds as JSON Schema', () => {
    const { schema } = designFormSpec();
    const margin = schema.properties!['margin']!.oneOf!.find(
      (v) => v.properties!['kind']!.const === 'fixed-ratio',
    )!;
    expect(margin.properties!['liquidationRatio']).toMatchObject({ minimum: 1, maximum: 10 });
    const english = schema.properties!['liquidation']!.oneOf!.find(
      (v: JsonSchemaNode) => v.properties!['kind']!.const === 'english-auction',
    )!;
    expect(english.properties!['lotSize']!.minimum).toBe(MIN_LOT_SIZE);
    expect(schema.properties!['keepers']!.properties!['count']).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 1000,
    });
  });

  it('offers only starting values that give a valid design', () => {
    const { templates } = designFormSpec();
    let checked = 0;
    for (const [path, kinds] of Object.entries(templates.variants)) {
      for (const [kind, value] of Object.entries(kinds)) {
        const d = hostFor(path);
        const parent = path.replace(/\.kind$/, '');
        const keep = parent === 'margin' ? { liquidationRatio: 1.5, callRatio: 1.5 } : {};
        setPath(d, parent, value === null ? null : { ...keep, ...structuredClone(value) });
        expect(() => parseDesign(d), `${path} = ${kind}`).not.toThrow();
        checked++;
      }
    }
    for (const [path, value] of Object.entries(templates.toggles)) {
      const d = hostFor(path);
      setPath(d, path, structuredClone(value));
      expect(() => parseDesign(d), path).not.toThrow();
      checked++;
    }
    for (const [path, value] of Object.entries(templates.whenSet)) {
      const d = hostFor(path);
      setPath(d, path, value);
      expect(() => parseDesign(d), path).not.toThrow();
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });
});

describe('validateDesign', () => {
  it('answers the capital efficiency a run of the design reports', () => {
    const scenario = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
    const design = PRESETS.get('maker-2021-clip')!;
    const v = validateDesign(design, scenario);
    expect(v.ok).toBe(true);
    const [run] = runReplays({
      scenarioId: scenario.id,
      designs: [design],
      seed: 1,
      accounts: 200,
      stepSeconds: 600,
    });
    expect(v.capitalEfficiency!.maxLtv).toBe(run!.summary.capitalEfficiency.maxLtv);
    expect(v.capitalEfficiency!.maxLeverage).toBe(run!.summary.capitalEfficiency.maxLeverage);
    expect(v.capitalEfficiency!.atCap).toBeNull();
  });

  it('uses the scenario’s basket and haircuts, the exchange’s initial margin, and the volatility cap', () => {
    const steth = BUILTIN_SCENARIOS.get('steth-discount-2022')!;
    const base = PRESETS.get('aave-v2-steth-2022')!;
    // A two-asset basket (no built-in scenario has one; the efficiency reads only its weights).
    const basket = {
      ...steth,
      population: {
        ...steth.population,
        basket: [
          { asset: steth.population.asset, weight: 0.5 },
          { asset: 'ETH', weight: 0.5 },
        ],
      },
    };
    const cut = validateDesign({ ...base, collateralHaircuts: { ETH: 0.5 } }, basket);
    const none = validateDesign(base, basket);
    expect(cut.capitalEfficiency!.maxLtv).toBeCloseTo((0.5 + 0.5 * 0.5) / base.margin.liquidationRatio, 12);
    expect(none.capitalEfficiency!.maxLtv).toBeCloseTo(1 / base.margin.liquidationRatio, 12);
    expect(validateDesign(base, steth).capitalEfficiency!.maxLtv).toBeCloseTo(
      1 / base.margin.liquidationRatio,
      12,
    );
    const perp = PRESETS.get('hyperliquid-2025')!;
    const im = 1 - 1 / perp.margin.callRatio;
    expect(validateDesign(perp).capitalEfficiency!.maxLeverage).toBeCloseTo(1 / im, 9);
    const vol = {
      ...base,
      margin: { ...base.margin, ...designFormSpec().templates.variants['margin.kind']!['volatility-scaled'] },
    } as Design;
    const atCap = validateDesign(vol).capitalEfficiency!.atCap!;
    expect(atCap.ratio).toBeGreaterThan(base.margin.liquidationRatio);
    expect(atCap.maxLtv).toBeCloseTo(1 / atCap.ratio, 12);
  });

  it('names every field at fault, and still answers the efficiency when the margin is valid', () => {
    const flip = PRESETS.get('maker-2020-flip')!;
    const bad = {
      ...flip,
      id: 'Bad Id',
      liquidation: { ...flip.liquidation, lotSize: 0, minIncrement: 2 },
    };
    const v = validateDesign(bad);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.issues.map((i) => i.field).sort()).toEqual([
      'design.id',
      'design.liquidation.lotSize',
      'design.liquidation.minIncrement',
    ]);
    expect(v.field).toBe(v.issues[0]!.field);
    expect(v.capitalEfficiency!.maxLtv).toBeCloseTo(1 / flip.margin.liquidationRatio, 12);
    // A cross-field rule is reported once the schema holds.
    const cross = validateDesign({ ...flip, margin: { ...flip.margin, callRatio: 1.2 } });
    expect(cross).toMatchObject({ ok: false, field: 'design.margin.callRatio' });
    // A broken margin: no figure.
    expect(
      validateDesign({ ...flip, margin: { kind: 'fixed-ratio', liquidationRatio: 0.5, callRatio: 2 } })
        .capitalEfficiency,
    ).toBeNull();
  });
});

describe('the renderer’s design form', () => {
  it('holds no bound, default object or efficiency formula of its own (main serves them)', () => {
    const dir = path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      '../../src-renderer/lib/design-form',
    );
    const sources = [
      ...readdirSync(dir).map((f) => path.join(dir, f)),
      ...readdirSync(path.join(dir, 'groups')).map((f) => path.join(dir, 'groups', f)),
    ].filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(8);
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/\b(min|max|above|below|maxLength)\s*:\s*-?\d/);
      expect(text, file).not.toMatch(
        /\b(lotSize|closeFactor|hopSeconds|capMultiple|slices|bandDelta)\s*:\s*\d/,
      );
      expect(text, file).not.toMatch(/MAX_HAIRCUT|maxLtv|1\s*\/\s*lr\b/);
    }
  });
});
