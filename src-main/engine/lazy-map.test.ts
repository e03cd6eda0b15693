import { describe, expect, it } from 'vitest';
import { LazyParsedMap } from './lazy-map.ts';

describe('LazyParsedMap', () => {
  const items = [
    { id: 'a', v: 1 },
    { id: 'b', v: 2 },
    { id: 'c', v: -1 },
  ];
  const parser = () => {
    const parsed: string[] = [];
    const parse = (item: unknown): { id: string; v: number } => {
      const it = item as { id: string; v: number };
      parsed.push(it.id);
      if (it.v < 0) throw new Error(`built-in ${it.id}: v must be ≥ 0`);
      return { id: it.id, v: it.v * 10 };
    };
    return { parsed, parse };
  };

  it('parses an item when it is first read, once, and only that item', () => {
    const { parsed, parse } = parser();
    const m = new LazyParsedMap(items, parse);
    expect(parsed).toEqual([]);
    expect(m.size).toBe(3);
    expect(m.has('c')).toBe(true);
    expect(m.has('z')).toBe(false);
    expect(m.get('z')).toBeUndefined();
    expect([...m.keys()]).toEqual(['a', 'b', 'c']);
    expect(parsed).toEqual([]);
    expect(m.get('b')).toEqual({ id: 'b', v: 20 });
    expect(m.get('b')).toBe(m.get('b'));
    expect(parsed).toEqual(['b']);
  });

  it('iterates every item in the list’s order, and a bad one fails when read', () => {
    const { parse } = parser();
    const m = new LazyParsedMap(items.slice(0, 2), parse);
    expect([...m]).toEqual([
      ['a', { id: 'a', v: 10 }],
      ['b', { id: 'b', v: 20 }],
    ]);
    expect([...m.values()].map((x) => x.v)).toEqual([10, 20]);
    const seen: string[] = [];
    m.forEach((v, k, map) => {
      seen.push(`${k}=${v.v}`);
      expect(map).toBe(m);
    });
    expect(seen).toEqual(['a=10', 'b=20']);
    const bad = new LazyParsedMap(items, parser().parse);
    expect(bad.get('a')!.v).toBe(10);
    expect(() => bad.get('c')).toThrow(/built-in c: v must be ≥ 0/);
    expect(() => [...bad.values()]).toThrow(/built-in c/);
  });

  it('refuses a parse that changes the id', () => {
    const m = new LazyParsedMap([{ id: 'a' }], () => ({ id: 'b' }));
    expect(() => m.get('a')).toThrow(/"a" parsed to id "b"/);
  });
});
