/**
 * Design fields named by dotted path (`margin.liquidationRatio`, `oracle.transform.hopSeconds`,
 * `liquidation.kind`), so lessons and challenges can speak about any design parameter as data —
 * including ones later engine versions add. Pure: no Node, no DOM.
 */

/** A dotted path of identifiers; never a prototype key. */
export const FIELD_PATH_RE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*){0,7}$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `path` is a well-formed field path. */
export function isFieldPath(path: string): boolean {
  return FIELD_PATH_RE.test(path) && !path.split('.').some((k) => FORBIDDEN.has(k));
}

type Json = Record<string, unknown>;

/** The value at `path`, or undefined when any part of it is absent. */
export function getField(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key))
      return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

/**
 * A deep copy of `obj` with `value` at `path`. The parent object must exist (a try-it step changes a
 * parameter of the design it starts from; it does not invent structure).
 */
export function withField<T>(obj: T, path: string, value: unknown): T {
  if (!isFieldPath(path))
    throw new RangeError(`"${path}" is not a field path (like margin.liquidationRatio)`);
  const copy = structuredClone(obj) as Json;
  const keys = path.split('.');
  let cur: Json = copy;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw new RangeError(`the design has no "${path}" (no object at "${key}")`);
    }
    cur = next as Json;
  }
  cur[keys.at(-1)!] = value;
  return copy as T;
}
