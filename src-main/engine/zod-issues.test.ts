/**
 * Range errors say the range (zod-issues.ts). Every numeric field of every preset design is pushed
 * out of range both ways; each refusal names the field, says what is allowed and the value given,
 * and never says "must be a number" of a number (it did in 49 cases).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DesignError, parseDesign } from './design.ts';
import { PRESETS } from './presets.ts';
import { describeIssue, describeRange } from './zod-issues.ts';

/** Every path to a number inside `value`. */
function numberPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'number') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    numberPaths(v, [...path, Array.isArray(value) ? Number(k) : k]),
  );
}

function withValue(design: unknown, path: (string | number)[], v: unknown): unknown {
  const copy = structuredClone(design) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = v;
  return copy;
}

function refusal(input: unknown): DesignError | undefined {
  try {
    parseDesign(input);
    return undefined;
  } catch (e) {
    if (e instanceof DesignError) return e;
    throw e;
  }
}

describe('range errors', () => {
  it('say the range and the value for every numeric field of every preset, never "must be a number"', () => {
    let cases = 0;
    for (const preset of PRESETS.values()) {
      for (const path of numberPaths(preset)) {
        if (path[0] === 'schemaVersion') continue;
        const field = ['design', ...path].join('.');
        for (const v of [1e12, -1e12]) {
          const e = refusal(withValue(preset, path, v));
          if (e === undefined || e.field !== field) continue; // in range, or refused by a cross-field rule
          cases++;
          expect(e.message.startsWith(`${field}: `)).toBe(true);
          expect(e.message).not.toMatch(/must be a number$|must be a number \(/);
          expect(e.message).not.toMatch(/Too (big|small)/);
          expect(e.message).toContain(`(got ${v})`);
        }
      }
    }
    // Each preset's fields, both ways: far more than the 49 cases the walk found.
    expect(cases).toBeGreaterThan(49);
  });

  it('give the exact range from the schema', () => {
    const clip = PRESETS.get('maker-2021-clip')!;
    expect(refusal(withValue(clip, ['margin', 'liquidationRatio'], 50))?.message).toBe(
      'design.margin.liquidationRatio: must be a number between 1 and 10 (got 50)',
    );
    expect(refusal(withValue(clip, ['oracle', 'transform'], { kind: 'osm', hopSeconds: 1e9 }))?.message).toBe(
      'design.oracle.transform.hopSeconds: must be a number above 0 and at most 86400 (got 1000000000)',
    );
    // A check's own explanation is kept, with the value given.
    expect(refusal(withValue(clip, ['margin', 'liquidationRatio'], 0.5))?.message).toBe(
      'design.margin.liquidationRatio: liquidationRatio must be ≥ 1 (collateral worth at least the debt) (got 0.5)',
    );
  });

  it('say what was given when it is not a number', () => {
    const clip = PRESETS.get('maker-2021-clip')!;
    expect(refusal(withValue(clip, ['margin', 'liquidationRatio'], 'high'))?.message).toBe(
      'design.margin.liquidationRatio: must be a number between 1 and 10 (got "high")',
    );
  });

  it('read whole-number and exclusive bounds, and fall back to the issue alone without a schema', () => {
    expect(
      describeRange({
        integer: true,
        min: { value: 0, inclusive: true },
        max: { value: 3, inclusive: true },
      }),
    ).toBe('must be a whole number between 0 and 3');
    expect(describeRange({ integer: false, min: { value: 0, inclusive: false } })).toBe(
      'must be a number above 0',
    );
    const schema = z.number({ error: 'x must be a number' }).positive().max(20);
    const issue = schema.safeParse(25).error!.issues[0]!;
    expect(describeIssue('x', issue).message).toBe('x: must be a number at most 20');
    expect(describeIssue('x', issue, { schema, input: 25 }).message).toBe(
      'x: must be a number above 0 and at most 20 (got 25)',
    );
  });
});
