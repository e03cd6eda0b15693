/**
 * The design editor's one source of truth, served by main: the design's JSON Schema made from the
 * engine's zod schema (so the form's bounds are the engine's bounds), the starting values of
 * engine/design-templates.ts, and `designs.validate`'s answer — every issue, and the capital
 * efficiency computed by the engine's own formula (engine/margin-model.ts) on the scenario's
 * collateral.
 */
import { z } from 'zod';
import type {
  CapitalEfficiencyView,
  DesignFormSpec,
  DesignIssue,
  DesignValidation,
  JsonSchemaNode,
} from '../contract/api.ts';
import { collateralBasket } from '../engine/basket.ts';
import type { Design } from '../engine/design.ts';
import { DesignError, DesignSchema, MarginSchema, describeIssue, parseDesign } from '../engine/design.ts';
import { DESIGN_TEMPLATES } from '../engine/design-templates.ts';
import { capitalEfficiencyOf, ratioAtCap } from '../engine/margin-model.ts';
import type { Scenario } from '../engine/scenario.ts';

let formSpec: DesignFormSpec | null = null;

/** The schema (as the input a user may send) and the templates; made once. */
export function designFormSpec(): DesignFormSpec {
  formSpec ??= {
    schema: z.toJSONSchema(DesignSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode,
    templates: structuredClone(DESIGN_TEMPLATES),
  };
  return formSpec;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The capital efficiency of a (valid) design, on the scenario's collateral when given. */
export function capitalEfficiencyView(design: Design, scenario?: Scenario): CapitalEfficiencyView {
  const basket = scenario ? collateralBasket(scenario.population) : undefined;
  const now = capitalEfficiencyOf(design, undefined, basket);
  const capRatio = ratioAtCap(design);
  const atCap = capRatio === null ? null : capitalEfficiencyOf(design, capRatio, basket);
  return {
    maxLtv: now.maxLtv,
    maxLeverage: finiteOrNull(now.maxLeverage),
    atCap:
      capRatio === null || atCap === null
        ? null
        : { ratio: capRatio, maxLtv: atCap.maxLtv, maxLeverage: finiteOrNull(atCap.maxLeverage) },
  };
}

/**
 * The efficiency of a design that is not valid as a whole but whose margin is: the figure depends
 * only on the margin, the mechanism's kind and the haircuts.
 */
function partialEfficiency(input: unknown, scenario?: Scenario): CapitalEfficiencyView | null {
  if (input === null || typeof input !== 'object') return null;
  const raw = input as Record<string, unknown>;
  const margin = MarginSchema.safeParse(raw['margin']);
  const kind = (raw['liquidation'] as { kind?: unknown } | undefined)?.kind;
  const haircuts = DesignSchema.shape.collateralHaircuts.safeParse(raw['collateralHaircuts']);
  if (!margin.success || typeof kind !== 'string' || !haircuts.success) return null;
  const partial = { margin: margin.data, liquidation: { kind }, collateralHaircuts: haircuts.data } as Design;
  return capitalEfficiencyView(partial, scenario);
}

/** Every issue with the input, schema first (one per field); cross-field rules once the schema holds. */
export function designIssues(input: unknown): DesignIssue[] {
  const r = DesignSchema.safeParse(input);
  if (!r.success) {
    const seen = new Set<string>();
    return r.error.issues
      .map((issue) => describeIssue('design', issue))
      .filter((i) => !seen.has(i.field) && seen.add(i.field));
  }
  try {
    parseDesign(input);
    return [];
  } catch (e) {
    if (e instanceof DesignError) return [{ field: e.field, message: e.message }];
    throw e;
  }
}

/** `designs.validate`: the parsed design and its efficiency, or every issue (and the efficiency if the margin is valid). */
export function validateDesign(input: unknown, scenario?: Scenario): DesignValidation {
  const issues = designIssues(input);
  if (issues.length === 0) {
    const design = parseDesign(input);
    return { ok: true, design, capitalEfficiency: capitalEfficiencyView(design, scenario) };
  }
  return {
    ok: false,
    field: issues[0]!.field,
    message: issues[0]!.message,
    issues,
    capitalEfficiency: partialEfficiency(input, scenario),
  };
}
