/**
 * The design editor's form: every parameter of a design, grouped by section (groups/*.ts), each with
 * a one-line explanation. Bounds, starting values and derived figures come from main (field-spec.ts).
 */
import type { DesignContext, FieldGroup, Templates } from './field-spec.ts';
import { identityGroup } from './groups/identity.ts';
import { keepersGroup } from './groups/keepers.ts';
import { liquidationGroup } from './groups/liquidation.ts';
import { marginGroup } from './groups/margin.ts';
import { modifiersGroup } from './groups/modifiers.ts';
import { optionsGroup } from './groups/options.ts';
import { oracleGroup } from './groups/oracle.ts';
import { shortfallGroup } from './groups/shortfall.ts';

export * from './field-spec.ts';
export type { Bounds } from './schema-bounds.ts';
export { boundsAt, schemaAt } from './schema-bounds.ts';

/** The form for a design as it stands (fields depend on the chosen kinds); parameters first, name last. */
export function designGroups(design: unknown, context: DesignContext, templates: Templates): FieldGroup[] {
  const options = optionsGroup(design, context, templates);
  return [
    marginGroup(design, context),
    oracleGroup(design),
    liquidationGroup(design),
    modifiersGroup(design),
    ...(options ? [options] : []),
    shortfallGroup(),
    keepersGroup(),
    identityGroup(),
  ];
}
