/** Splits text into plain runs and glossary terms, so narration and labels link to the glossary. */
import type { GlossaryEntry } from './contract.ts';

export type Segment = { text: string; slug?: string };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A matcher for the glossary's terms: whole words, case-insensitive, longest term first (so
 * "debt auction" wins over "debt"); a plural "s" is accepted.
 */
export function termMatcher(entries: readonly GlossaryEntry[]): {
  re: RegExp | null;
  slugOf: Map<string, string>;
} {
  const slugOf = new Map<string, string>();
  for (const e of entries) if (e.term.trim()) slugOf.set(e.term.trim().toLowerCase(), e.slug);
  const terms = [...slugOf.keys()].sort((a, b) => b.length - a.length);
  if (terms.length === 0) return { re: null, slugOf };
  return {
    re: new RegExp(`(?<![\\w-])(${terms.map(escapeRegExp).join('|')})(s|es)?(?![\\w-])`, 'gi'),
    slugOf,
  };
}

/** Segments of `text`; each term is linked once per text (its first occurrence), to keep prose readable. */
export function linkTerms(text: string, matcher: ReturnType<typeof termMatcher>): Segment[] {
  if (!matcher.re) return [{ text }];
  const out: Segment[] = [];
  const seen = new Set<string>();
  let last = 0;
  matcher.re.lastIndex = 0;
  for (let m = matcher.re.exec(text); m; m = matcher.re.exec(text)) {
    const slug = matcher.slugOf.get(m[1]!.toLowerCase());
    if (!slug || seen.has(slug)) continue;
    seen.add(slug);
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ text: m[0], slug });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
