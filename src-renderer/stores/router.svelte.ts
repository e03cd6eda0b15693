/** Which view is shown: kept in the URL hash (#/replay, #/glossary/osm) so reload and links work. */

import { parseHash } from '../lib/route.ts';
import type { View } from '../lib/route.ts';

export { VIEWS } from '../lib/route.ts';
export type { View } from '../lib/route.ts';

class Router {
  view = $state<View>('library');
  anchor = $state<string | null>(null);

  constructor() {
    if (typeof window === 'undefined') return;
    this.#read();
    window.addEventListener('hashchange', () => this.#read());
  }

  #read(): void {
    const { view, anchor } = parseHash(location.hash);
    this.view = view;
    this.anchor = anchor;
  }

  go(view: View, anchor?: string): void {
    const hash = `#/${view}${anchor ? `/${encodeURIComponent(anchor)}` : ''}`;
    if (location.hash !== hash) location.hash = hash;
    this.view = view;
    this.anchor = anchor ?? null;
  }
}

export const router = new Router();

/** The href of a view or a glossary entry. */
export function hrefOf(view: View, anchor?: string): string {
  return `#/${view}${anchor ? `/${encodeURIComponent(anchor)}` : ''}`;
}
