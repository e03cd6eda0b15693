/**
 * A CommonJS package (or a node: built-in) loaded the first time it is used, by a synchronous
 * `require`: importing it at the top would cost every process its load at start (better-sqlite3's
 * native addon ~7 ms, piscina ~15 ms, node:zlib a few) though most commands never use it, and
 * the command line runs as a CommonJS bundle (cli/launch.ts) where `import()` is not available.
 * Resolved from this module's location (in a bundle: the bundle's), like any import.
 */
import { createRequire } from 'node:module';
import { once } from '../engine/lazy-map.ts';

/** A function returning the package `name` (what `pick` takes from it), loaded on its first call. */
export function lazyPackage<T>(name: string, pick: (module: unknown) => T = (m) => m as T): () => T {
  return once(() => pick(createRequire(import.meta.url)(name)));
}
