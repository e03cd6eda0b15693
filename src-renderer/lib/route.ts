/** The app's address: #/<view>[/<anchor>] (e.g. #/glossary/osm), so reload and links keep the place. */

export const VIEWS = [
  'library',
  'replay',
  'design',
  'compare',
  'sweep',
  'lessons',
  'challenges',
  'progress',
  'glossary',
  'import',
  'new-scenario',
] as const;
export type View = (typeof VIEWS)[number];

/** Reads a location hash; anything unknown is the Library. */
export function parseHash(hash: string): { view: View; anchor: string | null } {
  const [, first, ...rest] = hash.replace(/^#/, '').split('/');
  const view = (VIEWS as readonly string[]).includes(first ?? '') ? (first as View) : 'library';
  return { view, anchor: rest.length > 0 && rest[0] ? decodeURIComponent(rest.join('/')) : null };
}
