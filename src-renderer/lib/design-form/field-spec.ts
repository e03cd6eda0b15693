/**
 * The design editor's fields: what each shows (label, help, unit, input kind) and how an edit
 * changes the design. Nothing here restates the engine: bounds come from the JSON Schema main serves
 * (schema-bounds.ts), starting values from main's templates, capital efficiency and the rules
 * between fields from main's `designs.validate`. Main stays the authority; its issues name fields as
 * `design.<path>`.
 */
import type { DerivativesCard, DesignFormSpec } from '../contract.ts';
import type { Bounds } from './schema-bounds.ts';

export type FieldKind =
  'number' | 'text' | 'textarea' | 'lines' | 'boolean' | 'choice' | 'variant' | 'toggle';

export interface FieldSpec {
  /** Dotted path inside the design, e.g. `margin.liquidationRatio` (for a variant: `….kind`). */
  path: string;
  label: string;
  /**
   * What the parameter is, what raising it does to the loop, and its typical value with a source
   * (or "assumed" when no published value exists).
   */
  help: string;
  kind: FieldKind;
  unit?: string;
  /** Blank is allowed and removes the field (keeper overrides fall back to the scenario). */
  optional?: boolean;
  /** null is allowed; the label of the checkbox that sets it (e.g. "no limit"). */
  nullLabel?: string;
  /** The value a nullable number takes when its "null" box is unticked (else main's template). */
  nullDefault?: number;
  /** For `variant`: fields of the current object carried over into the new kind. */
  keep?: string[];
  options?: { value: string; label: string }[];
  /** For `variant`: the option shown while the parent object is null (e.g. "scenario default"). */
  nullVariant?: string;
  /** For text with a pattern in the schema: how to say what it wants. */
  patternHint?: string;
}

export interface FieldGroup {
  id: string;
  title: string;
  intro: string;
  fields: FieldSpec[];
  /** A read-only fact shown under the intro (e.g. the scenario's collateral, not a design choice). */
  note?: { label: string; text: string };
}

/** What the form needs to know about the scenario being designed for. */
export interface DesignContext {
  /** The scenario's option writers, dealers and insurers; null or absent: no derivatives. */
  derivatives?: DerivativesCard | null;
  /** The assets the scenario's accounts hold as collateral (one, or a basket): a haircut field each. */
  collateralAssets?: string[];
}

export type Json = Record<string, unknown>;
export type Templates = DesignFormSpec['templates'];

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

/** Sets (or, for `undefined`, deletes) a value at a dotted path, creating objects on the way. */
export function setPath(obj: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur: Json = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object') cur[key] = {};
    cur = cur[key] as Json;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** DOM id of a field's input (also what an error names with aria-describedby). */
export function fieldId(path: string): string {
  return `design-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

/** `design.margin.callRatio` (main's naming) → `margin.callRatio`; null for the design as a whole. */
export function pathFromServerField(field: string | undefined): string | null {
  if (!field) return null;
  const p = field.replace(/^design\.?/, '');
  return p === '' ? null : p;
}

/** Main's message without its leading `design.<path>: `, for display beside the field. */
export function stripFieldPrefix(message: string): string {
  return message.replace(/^design(\.[\w.]+)?:\s*/, '');
}

/** The blocks an absent `modifiers` or `options` stands for (main's templates). */
function absentBlock(path: string, templates: Templates): { block: string; value: unknown } | null {
  if (path.startsWith('modifiers.')) return { block: 'modifiers', value: templates.absent.modifiers };
  if (path.startsWith('options.')) return { block: 'options', value: templates.absent.options };
  return null;
}

/**
 * The design as the engine reads it: an absent `modifiers` or `options` block replaced by what it
 * means (bounds and kinds are looked up on this).
 */
export function effectiveDesign(design: unknown, templates: Templates): unknown {
  if (design === null || typeof design !== 'object') return design;
  const d = design as Json;
  return {
    ...d,
    modifiers: d['modifiers'] ?? templates.absent.modifiers,
    options: d['options'] ?? templates.absent.options,
  };
}

/**
 * The value to put in the design for a kind change: main's template for the new kind (a fresh copy),
 * with the `keep` fields of the current object carried over.
 */
export function variantValue(
  spec: FieldSpec,
  kind: string,
  templates: Templates,
  current?: unknown,
): Json | null | undefined {
  const kinds = templates.variants[spec.path];
  if (!kinds || !(kind in kinds)) return undefined;
  const v = kinds[kind];
  if (v === null || v === undefined) return null;
  const out = structuredClone(v) as Json;
  if (current && typeof current === 'object') {
    for (const key of spec.keep ?? []) {
      const kept = (current as Json)[key];
      if (kept !== undefined) out[key] = kept;
    }
  }
  return out;
}

/** The field's value in the design; an absent `modifiers` or `options` block reads as what it means. */
export function fieldValue(design: unknown, spec: FieldSpec, templates: Templates): unknown {
  if (spec.kind === 'variant' && spec.nullVariant) {
    const parent = spec.path.replace(/\.kind$/, '');
    const p = getPath(design, parent);
    if (p === null || (p === undefined && getPath(design, 'options') == null)) return spec.nullVariant;
  }
  const v = getPath(design, spec.path);
  const absent = absentBlock(spec.path, templates);
  if (v === undefined && absent && getPath(design, absent.block) == null)
    return getPath(absent.value, spec.path.slice(absent.block.length + 1));
  return v;
}

/**
 * Applies an edit to the design in place: a kind change replaces the parent object with main's
 * template for the new kind; a toggle puts its template or null; the first edit inside an absent
 * `modifiers` or `options` block creates the whole block (every field is required once it exists).
 */
export function applyChange(design: Json, spec: FieldSpec, value: unknown, templates: Templates): void {
  const absent = absentBlock(spec.path, templates);
  if (absent && getPath(design, absent.block) == null) design[absent.block] = structuredClone(absent.value);
  if (spec.kind === 'variant') {
    const parent = spec.path.replace(/\.kind$/, '');
    setPath(design, parent, variantValue(spec, String(value), templates, getPath(design, parent)));
  } else if (spec.kind === 'toggle') {
    setPath(design, spec.path, value ? structuredClone(templates.toggles[spec.path] ?? {}) : null);
  } else setPath(design, spec.path, value);
}

/** What a nullable number becomes when switched on: the field's own suggestion, else main's template. */
export function whenSetValue(spec: FieldSpec, templates: Templates): number | undefined {
  return spec.nullDefault ?? templates.whenSet[spec.path];
}

/**
 * Client-side check of one field against the bounds main's schema gives it (null: fine); instant
 * feedback while main's answer is on its way.
 */
export function checkField(spec: FieldSpec, value: unknown, bounds: Bounds | null): string | null {
  if (value === undefined || value === '') {
    return spec.optional || spec.kind === 'textarea' || spec.kind === 'lines' ? null : 'required';
  }
  if (value === null) return spec.nullLabel || spec.kind === 'toggle' ? null : 'required';
  if (spec.kind === 'toggle') return typeof value === 'object' ? null : 'required';
  if (spec.kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
    if (!bounds) return null;
    if (bounds.integer && !Number.isInteger(value)) return 'must be a whole number';
    if (bounds.min !== undefined && value < bounds.min) return `must be ≥ ${bounds.min}`;
    if (bounds.max !== undefined && value > bounds.max) return `must be ≤ ${bounds.max}`;
    if (bounds.above !== undefined && value <= bounds.above) return `must be > ${bounds.above}`;
    if (bounds.below !== undefined && value >= bounds.below) return `must be < ${bounds.below}`;
    return null;
  }
  if (spec.kind === 'text' || spec.kind === 'textarea') {
    if (typeof value !== 'string') return 'must be text';
    if (bounds?.pattern && !bounds.pattern.test(value))
      return spec.patternHint ?? 'is not in the expected form';
    if (bounds?.maxLength !== undefined && value.length > bounds.maxLength)
      return `at most ${bounds.maxLength} characters`;
  }
  return null;
}

/** Parses a number input's text: '' → undefined (blank), a number, or the text itself when it is not one. */
export function parseNumberInput(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** A lowercase-dash id from a name: "My clip, faster" → "my-clip-faster". */
export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return s || 'my-design';
}

export const optionsOf = (labels: Record<string, string>): { value: string; label: string }[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** A duration field, seconds. */
export const seconds = (path: string, label: string, help: string): FieldSpec => ({
  path,
  label,
  help,
  kind: 'number',
  unit: 's',
});

/** A plain number field (its bounds come from main's schema). */
export const num = (
  path: string,
  label: string,
  help: string,
  extra: Partial<FieldSpec> = {},
): FieldSpec => ({
  path,
  label,
  help,
  kind: 'number',
  ...extra,
});
