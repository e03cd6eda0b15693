import { describe, expect, it } from 'vitest';
import { linkTerms, termMatcher } from './glossary-links.ts';

const entries = [
  { term: 'Debt auction', slug: 'debt-auction', definition: '' },
  { term: 'debt', slug: 'debt', definition: '' },
  { term: 'keeper', slug: 'keeper', definition: '' },
  { term: 'OSM', slug: 'osm', definition: '' },
];

describe('glossary links', () => {
  const m = termMatcher(entries);

  it('links the longest term, whole words, plurals, once each', () => {
    const segs = linkTerms('A debt auction covers debt; keepers bid. Keepers again.', m);
    expect(segs.filter((s) => s.slug).map((s) => [s.text, s.slug])).toEqual([
      ['debt auction', 'debt-auction'],
      ['debt', 'debt'],
      ['keepers', 'keeper'],
    ]);
    expect(segs.map((s) => s.text).join('')).toBe('A debt auction covers debt; keepers bid. Keepers again.');
  });

  it('does not link inside words', () => {
    expect(linkTerms('indebted OSMosis', m).some((s) => s.slug)).toBe(false);
  });

  it('passes text through without a glossary', () => {
    expect(linkTerms('plain', termMatcher([]))).toEqual([{ text: 'plain' }]);
  });
});
