import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asciiBundle } from './bundles.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cascade-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('asciiBundle', () => {
  it('turns characters outside ASCII in comments into ?, one per UTF-16 unit (columns unchanged)', () => {
    const file = path.join(dir, 'a.cjs');
    const lines = [
      "'use strict';",
      '/** The step’s price → its impact. */',
      ' * a block comment line: × and 𝛼',
      '// a line comment — with a dash',
      'const s = "\\u2019";',
      '  *gen() {',
    ];
    writeFileSync(file, lines.join('\n'));
    asciiBundle(file);
    const out = readFileSync(file, 'utf8').split('\n');
    expect(out[1]).toBe('/** The step?s price ? its impact. */');
    expect(out[2]).toBe(' * a block comment line: ? and ??');
    expect(out[3]).toBe('// a line comment ? with a dash');
    out.forEach((l, k) => expect(l.length, `line ${k + 1}`).toBe(lines[k]!.length));
    expect(out[4]).toBe(lines[4]);
    expect(out[5]).toBe(lines[5]);
  });

  it('refuses a character outside ASCII in code, naming the line, and leaves the file as it was', () => {
    const file = path.join(dir, 'b.cjs');
    const text = "'use strict';\n// fine — a comment\nconst minus = /(−|-)/;\n";
    writeFileSync(file, text);
    expect(() => asciiBundle(file)).toThrow(/b\.cjs:3: a character outside ASCII in code .*\\u escape/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
