/**
 * Per-asset collateral haircuts (one optional field per asset the scenario's accounts hold; none
 * where the scenario has options, which the engine refuses to combine with haircuts).
 */
import type { DesignContext, FieldSpec } from '../field-spec.ts';

export function haircutFields(context: DesignContext): FieldSpec[] {
  const assets = context.collateralAssets ?? [];
  if (assets.length === 0 || context.derivatives) return [];
  // Blank = none (the field is removed from the design).
  return assets.map((asset) => ({
    path: `collateralHaircuts.${asset}`,
    label: `Haircut on ${asset}`,
    help: `Share of ${asset}’s value that does not count toward the liquidation threshold (an Aave-style per-asset liquidation threshold LT = 1 − haircut, or a CCP collateral haircut): ${asset} must cover debt × liquidation ratio at (1 − haircut) of its price. Raising it liquidates earlier and lowers the max LTV the design allows; seizures still use the full price. Blank: none.`,
    kind: 'number',
    optional: true,
  }));
}
