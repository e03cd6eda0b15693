import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lazyPackage } from './lazy-package.ts';

const req = createRequire(import.meta.url);

describe('lazyPackage', () => {
  it('loads the package at its first call, not before, and gives the same module after', () => {
    const file = req.resolve('piscina');
    delete req.cache[file];
    const piscina = lazyPackage('piscina', (m) => (m as { Piscina: unknown }).Piscina);
    expect(req.cache[file]).toBeUndefined();
    const first = piscina();
    expect(req.cache[file]).toBeDefined();
    expect(typeof first).toBe('function');
    expect(piscina()).toBe(first);
  });

  it('names a package that is not installed when it is first used', () => {
    const missing = lazyPackage('cascade-lab-no-such-package');
    expect(() => missing()).toThrow(/cascade-lab-no-such-package/);
  });
});
