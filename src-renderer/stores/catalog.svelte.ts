/**
 * What the app lists (scenarios, designs, glossary), loaded once from main and reloadable. Each list
 * keeps its own error so a view can show it in place with a retry.
 */
import * as api from '../lib/api.ts';
import type { ApiError, DesignSummary, GlossaryEntry, Result, ScenarioCard } from '../lib/contract.ts';
import { termMatcher } from '../lib/glossary-links.ts';

class Loadable<T> {
  value = $state.raw<T | null>(null);
  error = $state.raw<ApiError | null>(null);
  loading = $state(false);
  #pending: Promise<void> | null = null;

  constructor(private readonly fetcher: () => Promise<Result<T>>) {}

  /** Loads once; later calls reuse the value unless `force`. */
  load(force = false): Promise<void> {
    if (!force && (this.value !== null || this.#pending)) return this.#pending ?? Promise.resolve();
    this.loading = true;
    this.#pending = this.fetcher().then((r) => {
      if (r.ok) {
        this.value = r.value;
        this.error = null;
      } else this.error = r.error;
      this.loading = false;
      this.#pending = null;
    });
    return this.#pending;
  }
}

class Catalog {
  scenarios = new Loadable<ScenarioCard[]>(api.listScenarios);
  designs = new Loadable<DesignSummary[]>(api.listDesigns);
  glossary = new Loadable<GlossaryEntry[]>(api.listGlossary);
  /** Matches glossary terms in prose (empty until the glossary loads). */
  matcher = $derived(termMatcher(this.glossary.value ?? []));
  slugs = $derived(new Set((this.glossary.value ?? []).map((e) => e.slug)));

  designName(id: string): string {
    return this.designs.value?.find((d) => d.id === id)?.name ?? id;
  }

  scenario(id: string): ScenarioCard | undefined {
    return this.scenarios.value?.find((s) => s.id === id);
  }
}

export const catalog = new Catalog();
