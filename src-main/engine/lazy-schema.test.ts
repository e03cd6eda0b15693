import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { lazySchema } from './lazy-schema.ts';
import { describeIssue } from './zod-issues.ts';
import { parseOptionsDesign } from './options/spec.ts';

describe('a schema built on first use', () => {
  it('is built when a parse first reaches it, once, and parses and reports as the schema it wraps', () => {
    const makeBook = () => z.strictObject({ depth: z.number().min(0).max(10), name: z.string() });
    const buildBook = vi.fn(makeBook);
    const book = lazySchema(buildBook);
    // A lazy venue holding the lazy book, optional in a scenario (as the options specs sit in one).
    const buildVenue = vi.fn(() => z.strictObject({ book }));
    const scenario = z.strictObject({ venue: lazySchema(buildVenue).optional() });
    expect(buildVenue).not.toHaveBeenCalled();
    expect(buildBook).not.toHaveBeenCalled();
    // A scenario without a venue never reaches the book (zod reads the venue's optionality).
    expect(scenario.parse({})).toEqual({});
    expect(buildBook).not.toHaveBeenCalled();
    const ok = { venue: { book: { depth: 4, name: 'b' } } };
    expect(scenario.parse(ok)).toEqual(ok);
    expect(scenario.parse(ok)).toEqual(ok);
    expect(buildBook).toHaveBeenCalledTimes(1);
    expect(buildVenue).toHaveBeenCalledTimes(1);
    // The same issue, and the same message naming the field and the range, as the plain schema's.
    const input = { venue: { book: { depth: 12, name: 'c' } } };
    const plain = z.strictObject({ venue: z.strictObject({ book: makeBook() }).optional() });
    const viaLazy = scenario.safeParse(input);
    const viaPlain = plain.safeParse(input);
    expect(viaLazy.success || viaPlain.success).toBe(false);
    const a = describeIssue('x', viaLazy.error!.issues[0]!, { schema: scenario, input });
    const b = describeIssue('x', viaPlain.error!.issues[0]!, { schema: plain, input });
    expect(a).toEqual(b);
    expect(a.message).toMatch(/^x\.venue\.book\.depth: .*10.*12/);
    expect(buildBook).toHaveBeenCalledTimes(1);
  });

  it('the options design (built on first use) still names the field of a bad value', () => {
    expect(() =>
      parseOptionsDesign({
        marginModel: {
          kind: 'per-position',
          shortOptionBase: 2,
          shortOptionFloor: 0.1,
          futuresMaintenance: 0.05,
        },
        hedging: null,
        ivFeedback: true,
        liquidationPenalty: 0.02,
      }),
    ).toThrow(/optionsDesign\.marginModel\.shortOptionBase/);
  });
});
