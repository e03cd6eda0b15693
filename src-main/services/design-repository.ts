/**
 * Where user-authored designs live. The app service talks to this interface only, so the SQLite
 * store can back it later (src-main/store/designs.ts) without touching any host. Synchronous on
 * purpose: better-sqlite3 is synchronous, and a design is a few kilobytes.
 */
import type { Design } from '../engine/design.ts';
import { canonicalJson, parseDesign } from '../engine/design.ts';
import type { Store } from '../store/index.ts';
import { getDesign, listDesigns, saveDesign, StoreError } from '../store/index.ts';

export interface DesignRepository {
  /** Every saved design, oldest first. */
  list(): Design[];
  get(id: string): Design | undefined;
  /** Inserts or replaces the design with this id. The caller has validated it and refused preset ids. */
  save(design: Design): void;
}

/** Keeps designs for the life of the process (until the store backs the repository). */
export class InMemoryDesignRepository implements DesignRepository {
  readonly #designs = new Map<string, Design>();

  list(): Design[] {
    return [...this.#designs.values()].map((d) => structuredClone(d));
  }

  get(id: string): Design | undefined {
    const d = this.#designs.get(id);
    return d ? structuredClone(d) : undefined;
  }

  save(design: Design): void {
    this.#designs.set(design.id, structuredClone(design));
  }
}

/**
 * User designs in the SQLite store: they survive restarts. Presets live there too (seeded by the
 * library) but are served from the engine's PRESETS, so this lists and returns user designs only.
 */
export class StoreDesignRepository implements DesignRepository {
  constructor(private readonly store: Store) {}

  list(): Design[] {
    return listDesigns(this.store)
      .filter((m) => !m.preset)
      .map((m) => parseDesign(JSON.parse(getDesign(this.store, m.id).json)));
  }

  get(id: string): Design | undefined {
    try {
      const record = getDesign(this.store, id);
      return record.preset ? undefined : parseDesign(JSON.parse(record.json));
    } catch (e) {
      if (e instanceof StoreError && e.code === 'not-found') return undefined;
      throw e;
    }
  }

  save(design: Design): void {
    saveDesign(this.store, { id: design.id, name: design.name, json: canonicalJson(design) });
  }
}
