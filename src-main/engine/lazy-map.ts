/**
 * Read-only maps built on first use. Built-ins (lessons, challenges, design presets) are validated
 * (zod) as they are built, which costs every command and every app start some tens of milliseconds
 * even when it never reads them all (a replay from the command line reads one preset and no lesson).
 * A bad built-in still fails every test that reads it (builtin-lessons.test.ts,
 * builtin-challenges.test.ts, engine.test.ts for the presets).
 */
/**
 * `make()`, computed the first time the returned function is called and kept (a call that throws
 * keeps nothing: the next call tries again). The scenarios' larger data files are read this way,
 * behind getters of their scenario, so that a start that never reads a scenario does not parse its
 * files (~25 ms of every start for LUNA's 1-minute bars, FTX's and October 2025's); the store loads
 * its packages this way (store/lazy-package.ts).
 */
export function once<T>(make: () => T): () => T {
  let value: T;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}

export class LazyMap<K, V> implements ReadonlyMap<K, V> {
  readonly #built: () => ReadonlyMap<K, V>;

  constructor(build: () => ReadonlyMap<K, V>) {
    this.#built = once(build);
  }

  private get map(): ReadonlyMap<K, V> {
    return this.#built();
  }

  get size(): number {
    return this.map.size;
  }
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.map.forEach((v, k) => fn.call(thisArg, v, k, this));
  }
  entries(): MapIterator<[K, V]> {
    return this.map.entries();
  }
  keys(): MapIterator<K> {
    return this.map.keys();
  }
  values(): MapIterator<V> {
    return this.map.values();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.map[Symbol.iterator]();
  }
}

/**
 * Built-in items by id, each validated by `parse` (named `${label} ${index}` in its errors) when the
 * map is first read. `items` may be a function making the list then (items built from other
 * built-ins, as lessons quoting presets, then cost nothing until read).
 */
export function builtinsById<T extends { id: string }>(
  items: readonly unknown[] | (() => readonly unknown[]),
  parse: (item: unknown, where: string) => T,
  label: string,
): ReadonlyMap<string, T> {
  return new LazyMap(
    () =>
      new Map(
        (typeof items === 'function' ? items() : items).map((item, i) => {
          const parsed = parse(item, `${label} ${i}`);
          return [parsed.id, parsed];
        }),
      ),
  );
}

/**
 * Built-in items by id, each validated by `parse` when it is first read: `get` parses that item
 * alone, iteration all of them, in the list's order. Ids are the raw items' (`parse` must keep them).
 */
export class LazyParsedMap<T extends { id: string }> implements ReadonlyMap<string, T> {
  readonly #raw: ReadonlyMap<string, unknown>;
  readonly #parsed = new Map<string, T>();

  constructor(
    items: readonly { id: string }[],
    private readonly parse: (item: unknown) => T,
  ) {
    this.#raw = new Map(items.map((item) => [item.id, item]));
  }

  get size(): number {
    return this.#raw.size;
  }
  get(key: string): T | undefined {
    const done = this.#parsed.get(key);
    if (done !== undefined) return done;
    if (!this.#raw.has(key)) return undefined;
    const parsed = this.parse(this.#raw.get(key));
    if (parsed.id !== key) throw new Error(`built-in "${key}" parsed to id "${parsed.id}"`);
    this.#parsed.set(key, parsed);
    return parsed;
  }
  has(key: string): boolean {
    return this.#raw.has(key);
  }
  forEach(fn: (value: T, key: string, map: ReadonlyMap<string, T>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
  *entries(): MapIterator<[string, T]> {
    for (const k of this.#raw.keys()) yield [k, this.get(k)!];
  }
  *keys(): MapIterator<string> {
    yield* this.#raw.keys();
  }
  *values(): MapIterator<T> {
    for (const k of this.#raw.keys()) yield this.get(k)!;
  }
  [Symbol.iterator](): MapIterator<[string, T]> {
    return this.entries();
  }
}
