/**
 * Fields that will hold fractional numbers, stored as doubles from the start.
 *
 * V8 gives a field first written with a whole number (0) the small-integer representation. The
 * first fraction written to it later gives the object a new hidden class, and every optimised
 * function that has seen the old one is thrown away ("wrong map") and runs unoptimised until it is
 * compiled again — in a large run that is the first wave, where the work is (a million-account
 * Black Thursday replay lost ~5% of its time to it). Writing a fraction to such fields when the
 * object is made, and then the value back, settles their representation before any code is
 * optimised. Values are unchanged; an empty array that will hold objects (`objectArray`) likewise.
 */
export function asDoubles<T extends object>(o: T, keys: readonly string[]): T {
  const rec = o as Record<string, unknown>;
  for (const k of keys) {
    if (!(k in rec)) throw new Error(`asDoubles: no field "${k}" (a field must exist before it is settled)`);
    const v = rec[k];
    rec[k] = 0.5;
    rec[k] = v;
  }
  return o;
}

/**
 * An empty array that will hold objects: made with the elements kind of an array of objects, so
 * the first object pushed does not change its hidden class (see `asDoubles`).
 */
export function objectArray<T extends object>(): T[] {
  const a: object[] = [{}];
  a.pop();
  return a as T[];
}
