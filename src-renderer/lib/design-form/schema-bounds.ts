/**
 * Reads a field's bounds out of the JSON Schema main serves (made from the engine's zod schema):
 * walks the design's path, choosing at each union the alternative the design is in (by its `kind`,
 * or object against null), and turns `minimum` / `exclusiveMinimum` / … into the form's checks.
 */
import type { JsonSchemaNode } from '../contract.ts';

export interface Bounds {
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
  integer: boolean;
  pattern?: RegExp;
  maxLength?: number;
  /** null is a valid value here. */
  nullable: boolean;
}

type Json = Record<string, unknown>;

/** The alternative of a union that `value` is in (its kind, or object against null); else the node. */
function alternative(node: JsonSchemaNode, value: unknown): JsonSchemaNode {
  const options = node.oneOf ?? node.anyOf;
  if (!options) return node;
  const kind = value !== null && typeof value === 'object' ? (value as Json)['kind'] : undefined;
  const byKind = options.find((o) => o.properties?.['kind']?.const === kind && kind !== undefined);
  if (byKind) return alternative(byKind, value);
  const nonNull = options.filter((o) => o.type !== 'null');
  if (value === null) return options.find((o) => o.type === 'null') ?? nonNull[0] ?? node;
  return nonNull.length === 1 ? alternative(nonNull[0]!, value) : node;
}

/** The schema node at `path` in `design` (null when the schema has no such field). */
export function schemaAt(schema: JsonSchemaNode, design: unknown, path: string): JsonSchemaNode | null {
  let node: JsonSchemaNode = schema;
  let value: unknown = design;
  for (const key of path.split('.')) {
    const here = alternative(node, value);
    const next =
      here.properties?.[key] ??
      (typeof here.additionalProperties === 'object' ? here.additionalProperties : undefined);
    if (!next) return null;
    node = next;
    value = value !== null && typeof value === 'object' ? (value as Json)[key] : undefined;
  }
  return node;
}

/** The bounds of the field at `path` (its non-null alternative when it is nullable). */
export function boundsAt(schema: JsonSchemaNode, design: unknown, path: string): Bounds | null {
  const node = schemaAt(schema, design, path);
  if (!node) return null;
  const options = node.anyOf ?? node.oneOf;
  const nullable = !!options?.some((o) => o.type === 'null');
  const leaf = options ? (options.find((o) => o.type !== 'null') ?? node) : node;
  const b: Bounds = { integer: leaf.type === 'integer', nullable };
  if (leaf.minimum !== undefined) b.min = leaf.minimum;
  if (leaf.maximum !== undefined) b.max = leaf.maximum;
  if (leaf.exclusiveMinimum !== undefined) b.above = leaf.exclusiveMinimum;
  if (leaf.exclusiveMaximum !== undefined) b.below = leaf.exclusiveMaximum;
  if (leaf.pattern !== undefined) b.pattern = new RegExp(leaf.pattern);
  if (leaf.maxLength !== undefined) b.maxLength = leaf.maxLength;
  return b;
}
