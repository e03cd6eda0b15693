import { describe, expect, it } from 'vitest';
import { parseCheckedJson } from './safe-json.ts';

describe('parseCheckedJson', () => {
  it('refuses a forbidden key however the JSON spells it, at any depth', () => {
    for (const text of [
      '{"__proto__":{"x":1}}',
      '{"a":[{"constructor":1}]}',
      '{"a":{"prototype":null}}',
      // \u escapes spell the same keys without their letters appearing in the text.
      '{"\\u005f\\u005fproto\\u005f\\u005f":{"x":1}}',
      '{"a":{"\\u0063onstructor":1}}',
    ]) {
      expect(() => parseCheckedJson(text, 'Doc')).toThrow(
        /Doc contains the key "(__proto__|constructor|prototype)"/,
      );
    }
  });

  it('parses everything else, words that merely contain the names as values included', () => {
    expect(parseCheckedJson('{"a":[1,2.5,{"b":"x"}],"c":null}', 'Doc')).toEqual({
      a: [1, 2.5, { b: 'x' }],
      c: null,
    });
    expect(parseCheckedJson('{"note":"the prototype\\u0021"}', 'Doc')).toEqual({ note: 'the prototype!' });
    expect(() => parseCheckedJson('{"a":', 'Doc')).toThrow(/Doc is not valid JSON/);
  });
});
