/**
 * piscina (worker pools), loaded the first time a pool is made: importing it costs every process
 * ~15 ms at start, and a command-line replay makes no pool. It is a CommonJS package, so a
 * synchronous `require` serves (pool constructors stay synchronous).
 */
import { createRequire } from 'node:module';
import type { Piscina } from 'piscina';

let piscina: typeof Piscina | undefined;

/** piscina's pool class, loaded on first use. */
export function piscinaClass(): typeof Piscina {
  return (piscina ??= (createRequire(import.meta.url)('piscina') as { Piscina: typeof Piscina }).Piscina);
}
