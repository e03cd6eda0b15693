/**
 * A read-only map built on first use. The built-in lessons and challenges are validated (zod) as
 * they are built, which costs every command and every app start some tens of milliseconds even when
 * it never opens the training views (a replay from the command line). A bad built-in still fails
 * every test that reads it (builtin-lessons.test.ts, builtin-challenges.test.ts).
 */
export class LazyMap<K, V> implements ReadonlyMap<K, V> {
  #map: ReadonlyMap<K, V> | null = null;

  constructor(private readonly build: () => ReadonlyMap<K, V>) {}

  private get map(): ReadonlyMap<K, V> {
    return (this.#map ??= this.build());
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

/** Built-in items by id, each validated by `parse` (named `${label} ${index}` in its errors) when the map is first read. */
export function builtinsById<T extends { id: string }>(
  items: readonly unknown[],
  parse: (item: unknown, where: string) => T,
  label: string,
): ReadonlyMap<string, T> {
  return new LazyMap(
    () =>
      new Map(
        items.map((item, i) => {
          const parsed = parse(item, `${label} ${i}`);
          return [parsed.id, parsed];
        }),
      ),
  );
}
