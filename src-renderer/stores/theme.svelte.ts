/** Light or dark theme: follows the system until the user chooses, then remembers the choice. */
import type { Palette, ThemeMode } from '../lib/palette.ts';
import { PALETTES } from '../lib/palette.ts';

const KEY = 'cascade-lab.theme';

function readSaved(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: follow the system
  }
}

class Theme {
  mode = $state<ThemeMode>('light');
  palette: Palette = $derived(PALETTES[this.mode]);

  constructor() {
    if (typeof window === 'undefined') return;
    const saved = readSaved();
    const system = window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    this.#apply(saved === 'dark' || saved === 'light' ? saved : system);
  }

  toggle(): void {
    const next = this.mode === 'dark' ? 'light' : 'dark';
    this.#apply(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Not remembered; the toggle still works for this session.
    }
  }

  #apply(mode: ThemeMode): void {
    this.mode = mode;
    document.documentElement.dataset['theme'] = mode;
  }
}

export const theme = new Theme();
