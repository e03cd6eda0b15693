/**
 * Turning a zod issue into a message that names the field and says what is allowed (shared by
 * every schema of the engine). A number out of range says its range and the value given
 * (`design.margin.liquidationRatio: must be between 1 and 10 (got 50)`) — the range read from the
 * schema itself, so the message can never disagree with the check. (zod applies a schema-level
 * `error` such as "x must be a number" to every issue of that schema, range checks included; those
 * and zod's generic texts are replaced here, a check's own explanation is kept.)
 */
import type { z } from 'zod';

/** Where an issue came from: the root schema and the value that was parsed. */
export interface IssueSource {
  schema: z.ZodType;
  input: unknown;
}

interface SchemaNode {
  _zod: { def: Record<string, unknown> & { type: string } };
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function unwrap(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  for (let i = 0; n !== undefined && i < 20; i++) {
    const def = n._zod.def;
    if (WRAPPERS.has(def.type)) n = def['innerType'] as SchemaNode;
    else if (def.type === 'pipe') n = def['in'] as SchemaNode;
    else if (def.type === 'lazy') n = (def['getter'] as () => SchemaNode)();
    else return n;
  }
  return n;
}

function at(value: unknown, key: PropertyKey): unknown {
  return value !== null && typeof value === 'object'
    ? (value as Record<PropertyKey, unknown>)[key]
    : undefined;
}

/** The option of a union that the input took (by discriminator, else the first with the key). */
function unionOption(def: Record<string, unknown>, input: unknown, key: PropertyKey): SchemaNode | undefined {
  const options = (def['options'] as SchemaNode[]).map(unwrap).filter((o) => o !== undefined);
  const discriminator = def['discriminator'] as string | undefined;
  const withKey = options.filter(
    (o) => o._zod.def.type === 'object' && key in (o._zod.def['shape'] as object),
  );
  if (discriminator !== undefined) {
    const tag = at(input, discriminator);
    const match = withKey.find((o) => {
      const literal = unwrap((o._zod.def['shape'] as Record<string, SchemaNode>)[discriminator]);
      return (literal?._zod.def['values'] as unknown[] | undefined)?.includes(tag) === true;
    });
    if (match !== undefined) return match;
  }
  return withKey[0];
}

/** One step down the schema along `key`, knowing the input at this level. */
function child(node: SchemaNode, input: unknown, key: PropertyKey): SchemaNode | undefined {
  const def = node._zod.def;
  switch (def.type) {
    case 'object':
      return (def['shape'] as Record<PropertyKey, SchemaNode>)[key];
    case 'array':
      return def['element'] as SchemaNode;
    case 'record':
      return def['valueType'] as SchemaNode;
    case 'tuple':
      return (def['items'] as SchemaNode[])[Number(key)] ?? (def['rest'] as SchemaNode | undefined);
    case 'union': {
      const option = unionOption(def, input, key);
      return option === undefined ? undefined : child(option, input, key);
    }
    default:
      return undefined;
  }
}

/** The schema and the input value at `path` (either undefined where the walk cannot follow). */
function resolvePath(
  source: IssueSource,
  path: readonly PropertyKey[],
): { node?: SchemaNode; value: unknown } {
  let node: SchemaNode | undefined = unwrap(source.schema as unknown as SchemaNode);
  let value = source.input;
  for (const key of path) {
    node = node === undefined ? undefined : unwrap(child(node, value, key));
    value = at(value, key);
  }
  return { node, value };
}

/** A number schema's bounds and whether it wants whole numbers. */
interface NumberBounds {
  min?: { value: number; inclusive: boolean };
  max?: { value: number; inclusive: boolean };
  integer: boolean;
}

function boundsOf(node: SchemaNode | undefined): NumberBounds | undefined {
  if (node === undefined || node._zod.def.type !== 'number') return undefined;
  const out: NumberBounds = { integer: false };
  for (const check of (node._zod.def['checks'] as { _zod: { def: Record<string, unknown> } }[] | undefined) ??
    []) {
    const def = check._zod.def;
    const bound = { value: def['value'] as number, inclusive: def['inclusive'] === true };
    if (def['check'] === 'greater_than' && (out.min === undefined || bound.value >= out.min.value))
      out.min = bound;
    if (def['check'] === 'less_than' && (out.max === undefined || bound.value <= out.max.value))
      out.max = bound;
    if (def['check'] === 'number_format' && /int/.test(String(def['format']))) out.integer = true;
  }
  return out;
}

function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : n > 0 ? 'Infinity' : n < 0 ? '-Infinity' : 'NaN';
}

/** "must be between 1 and 10", "must be above 0 and at most 20", "must be at least 0", … */
export function describeRange(bounds: NumberBounds): string {
  const kind = bounds.integer ? 'a whole number' : 'a number';
  const { min, max } = bounds;
  if (min?.inclusive && max?.inclusive) return `must be ${kind} between ${min.value} and ${max.value}`;
  const lower = min === undefined ? undefined : `${min.inclusive ? 'at least' : 'above'} ${min.value}`;
  const upper = max === undefined ? undefined : `${max.inclusive ? 'at most' : 'below'} ${max.value}`;
  const parts = [lower, upper].filter((p) => p !== undefined);
  return parts.length === 0 ? `must be ${kind}` : `must be ${kind} ${parts.join(' and ')}`;
}

/** zod's generic texts and schema-level type errors: replaced by a range message when one exists. */
function isGeneric(message: string): boolean {
  return /^(Too (big|small)|Invalid input|Invalid number)/.test(message) || /must be a number$/.test(message);
}

function numberMessage(issue: z.core.$ZodIssue, source: IssueSource | undefined): string | undefined {
  const numeric =
    ((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'number') ||
    (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int'));
  if (!numeric) return undefined;
  const { node, value } = source ? resolvePath(source, issue.path) : { node: undefined, value: undefined };
  const got = typeof value === 'number' ? ` (got ${formatNumber(value)})` : '';
  if (!isGeneric(issue.message)) return `${issue.message}${got}`;
  const bounds = boundsOf(node) ?? fromIssue(issue);
  if (issue.code === 'invalid_type' && typeof value !== 'number' && value !== undefined) {
    return `${describeRange(bounds)} (got ${JSON.stringify(value) ?? String(value)})`;
  }
  if (issue.code === 'invalid_type' && value === undefined && source !== undefined) {
    return `is missing (it ${describeRange(bounds)})`;
  }
  return `${describeRange(bounds)}${got}`;
}

/** The bound an issue carries by itself (when the schema is not at hand). */
function fromIssue(issue: z.core.$ZodIssue): NumberBounds {
  const integer = issue.code === 'invalid_type' && issue.expected === 'int';
  if (issue.code === 'too_big') {
    return { max: { value: Number(issue.maximum), inclusive: issue.inclusive === true }, integer };
  }
  if (issue.code === 'too_small') {
    return { min: { value: Number(issue.minimum), inclusive: issue.inclusive === true }, integer };
  }
  return { integer };
}

/**
 * Formats a zod issue as `<prefix>.<path>: message`. With `source` (the root schema and the parsed
 * input), numbers out of range say the schema's whole range and the value given.
 */
export function describeIssue(
  prefix: string,
  issue: z.core.$ZodIssue,
  source?: IssueSource,
): { field: string; message: string } {
  const field = [prefix, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return {
      field,
      message: `${field}: unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} (remove ${keys.length > 1 ? 'them' : 'it'})`,
    };
  }
  return { field, message: `${field}: ${numberMessage(issue, source) ?? issue.message}` };
}
