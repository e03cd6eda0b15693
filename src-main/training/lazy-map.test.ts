import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from './builtin-lessons.ts';
import { LazyMap } from '../engine/lazy-map.ts';

describe('LazyMap', () => {
  it('builds once, on first read, and reads as the map it builds', () => {
    let builds = 0;
    const m = new LazyMap(() => {
      builds++;
      return new Map([
        ['a', 1],
        ['b', 2],
      ]);
    });
    expect(builds).toBe(0);
    expect(m.get('b')).toBe(2);
    expect(m.has('c')).toBe(false);
    expect(m.size).toBe(2);
    expect([...m]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...m.keys()]).toEqual(['a', 'b']);
    expect([...m.values()]).toEqual([1, 2]);
    expect([...m.entries()]).toEqual([...m]);
    const seen: [string, number][] = [];
    m.forEach((v, k, map) => {
      seen.push([k, v]);
      expect(map).toBe(m);
    });
    expect(seen).toEqual([...m]);
    expect(builds).toBe(1);
  });

  it('reports a bad entry when first read, as the built-ins are', () => {
    const m = new LazyMap<string, number>(() => {
      throw new Error('builtin lesson 3: steps[0].kind: expected one of …');
    });
    expect(() => m.size).toThrow(/builtin lesson 3/);
    expect(BUILTIN_LESSONS.size).toBeGreaterThan(0);
  });
});
