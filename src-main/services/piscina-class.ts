/**
 * piscina (worker pools), loaded the first time a pool is made: importing it costs every process
 * ~15 ms at start, and a command-line replay makes no pool. It is a CommonJS package, so a
 * synchronous `require` serves (pool constructors stay synchronous).
 */
import type { Piscina } from 'piscina';
import { lazyPackage } from '../store/lazy-package.ts';

/** piscina's pool class, loaded on first use. */
export const piscinaClass = lazyPackage('piscina', (m) => (m as { Piscina: typeof Piscina }).Piscina);
