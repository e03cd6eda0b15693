/**
 * Which view is shown: kept in the URL hash (#/replay, #/glossary/osm) so reload and links work.
 * A view with unsaved work (the design editor) registers a leave guard: while it says there is
 * something to lose, leaving the view — a nav link, a glossary term, the back button, a menu
 * command — waits for the user to save, discard or stay (`pendingLeave`, answered by `resolveLeave`).
 */

import { parseHash } from '../lib/route.ts';
import type { View } from '../lib/route.ts';

export { VIEWS } from '../lib/route.ts';
export type { View } from '../lib/route.ts';

/** Unsaved work in the current view. */
export interface LeaveGuard {
  /** True while there is something a move away would lose. */
  dirty(): boolean;
  /** Saves the work; false when it could not be saved (the view then shows why, and the user stays). */
  save(): Promise<boolean>;
  /** Throws the work away. */
  discard(): void;
  /** What would be lost, for the dialog: "your design edits". */
  what: string;
}

export type LeaveChoice = 'save' | 'discard' | 'stay';

class Router {
  view = $state<View>('library');
  anchor = $state<string | null>(null);
  /**
   * A move that would lose unsaved work, waiting for the user's choice; null when none. `action`
   * says what the move does ("Leaving this view"); `proceed` makes it.
   */
  pendingLeave = $state.raw<{ what: string; action: string; proceed: () => void } | null>(null);
  #guard: LeaveGuard | null = null;
  /** Set while `resolveLeave` saves (the dialog shows it). */
  saving = $state(false);

  constructor() {
    if (typeof window === 'undefined') return;
    this.#read();
    window.addEventListener('hashchange', () => this.#onHashChange());
  }

  #read(): void {
    const { view, anchor } = parseHash(location.hash);
    this.view = view;
    this.anchor = anchor;
  }

  #current(): string {
    return hashOf(this.view, this.anchor ?? undefined);
  }

  /** The back button or a typed address already moved the hash: put it back and ask first. */
  #onHashChange(): void {
    const target = location.hash || '#/library';
    if (this.#mustAsk(target)) {
      history.replaceState(history.state, '', this.#current());
      this.#ask('Leaving this view', () => this.#apply(target));
      return;
    }
    this.#read();
  }

  /** Only leaving the guarded view needs asking; moving inside it (its own anchors) does not. */
  #mustAsk(hash: string): boolean {
    if (!this.#guard?.dirty()) return false;
    return parseHash(hash).view !== this.view;
  }

  /** True while the current view has work a move away would lose (closing the window asks too). */
  unsaved(): boolean {
    return this.#guard?.dirty() ?? false;
  }

  /** Registers the current view's unsaved work; answers the function that removes it. */
  guard(g: LeaveGuard): () => void {
    this.#guard = g;
    return () => {
      if (this.#guard === g) this.#guard = null;
    };
  }

  /**
   * Asks before following a link to `hash` when it would leave unsaved work; answers true when the
   * caller should stop (the dialog now decides).
   */
  intercept(hash: string): boolean {
    if (!this.#mustAsk(hash)) return false;
    this.#ask('Leaving this view', () => this.#apply(hash));
    return true;
  }

  /**
   * Runs `proceed` now when nothing unsaved would be lost, else once the user has saved or
   * discarded (never if they stay). For moves inside a view that replace its work (another design).
   */
  confirmLoss(action: string, proceed: () => void): void {
    if (this.#guard?.dirty()) this.#ask(action, proceed);
    else proceed();
  }

  #ask(action: string, proceed: () => void): void {
    this.pendingLeave = { what: this.#guard!.what, action, proceed };
  }

  go(view: View, anchor?: string): void {
    const hash = hashOf(view, anchor);
    if (this.intercept(hash)) return;
    this.#apply(hash);
  }

  #apply(hash: string): void {
    const { view, anchor } = parseHash(hash);
    if (location.hash !== hash) location.hash = hash;
    this.view = view;
    this.anchor = anchor;
  }

  /** The user's answer to `pendingLeave`: save then go, discard then go, or stay. */
  async resolveLeave(choice: LeaveChoice): Promise<void> {
    const pending = this.pendingLeave;
    if (!pending) return;
    if (choice === 'stay') {
      this.pendingLeave = null;
      return;
    }
    if (choice === 'save' && this.#guard) {
      this.saving = true;
      const saved = await this.#guard.save();
      this.saving = false;
      if (!saved) {
        // The view shows what is wrong beside the field; the user stays to fix it.
        this.pendingLeave = null;
        return;
      }
    } else if (choice === 'discard') this.#guard?.discard();
    this.pendingLeave = null;
    pending.proceed();
  }
}

function hashOf(view: View, anchor?: string): string {
  return `#/${view}${anchor ? `/${encodeURIComponent(anchor)}` : ''}`;
}

export const router = new Router();

/** The href of a view or a glossary entry. */
export function hrefOf(view: View, anchor?: string): string {
  return hashOf(view, anchor);
}
