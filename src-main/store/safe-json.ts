/**
 * Guards for JSON text the store accepts from users and bundles (checklist I13): a size limit
 * before parsing, valid JSON, and no prototype-polluting keys. The store does not interpret the
 * content beyond that: the engine owns validation.
 */
import { StoreError } from './store-errors.ts';

/** Largest JSON document (scenario, design, population) the store accepts, bytes. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * A text without these cannot hold a forbidden key (JSON can spell a letter of a key only as itself
 * or as a \u escape), so it is parsed without the key-checking reviver (several times faster on
 * the large scenario definitions seeded at every first start).
 */
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|prototype|\\u/;

/** Parses `text` after the checks above; throws a `store-input` StoreError naming `what`. */
export function parseCheckedJson(text: unknown, what: string, maxBytes = MAX_JSON_BYTES): unknown {
  if (typeof text !== 'string') throw new StoreError('store-input', `${what} must be JSON text (a string).`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new StoreError(
      'store-input',
      `${what} is ${bytes} bytes, over the ${maxBytes}-byte limit: it cannot be a real definition.`,
    );
  }
  let badKey: string | undefined;
  let parsed: unknown;
  try {
    parsed = MAY_HOLD_FORBIDDEN_KEY.test(text)
      ? JSON.parse(text, function reviver(key, value: unknown) {
          if (FORBIDDEN_KEYS.has(key)) badKey = key;
          return value;
        })
      : JSON.parse(text);
  } catch (error) {
    throw new StoreError('store-input', `${what} is not valid JSON (${(error as Error).message}).`);
  }
  if (badKey !== undefined) {
    throw new StoreError(
      'store-input',
      `${what} contains the key "${badKey}", which is not allowed: remove it.`,
    );
  }
  return parsed;
}
