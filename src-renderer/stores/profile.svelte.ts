/**
 * The student using the app: local profiles from main, and which one is active. The choice is
 * remembered in this browser; after a restart the remembered profile (or the only one) is picked.
 */
import * as api from '../lib/api.ts';
import type { ApiError, ProfileView } from '../lib/contract.ts';

const KEY = 'cascade-lab.profile';

function remembered(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

class Profiles {
  list = $state.raw<ProfileView[]>([]);
  activeId = $state<string | null>(null);
  error = $state.raw<ApiError | null>(null);
  loaded = $state(false);
  active = $derived(this.list.find((p) => p.id === this.activeId) ?? null);

  async load(): Promise<void> {
    const r = await api.listProfiles();
    if (!r.ok) {
      this.error = r.error;
      return;
    }
    this.list = r.value;
    this.error = null;
    this.loaded = true;
    const want = this.activeId ?? remembered();
    const pick = r.value.find((p) => p.id === want) ?? (r.value.length === 1 ? r.value[0] : undefined);
    if (pick) this.choose(pick.id);
  }

  choose(id: string): void {
    this.activeId = id;
    try {
      localStorage.setItem(KEY, id);
    } catch {
      // Storage disabled: the choice lasts as long as the page.
    }
  }

  /** Creates a profile and makes it active; answers the error to show beside the name field. */
  async create(name: string): Promise<ApiError | null> {
    const r = await api.createProfile(name);
    if (!r.ok) return r.error;
    this.list = [...this.list, r.value];
    this.choose(r.value.id);
    return null;
  }
}

export const profiles = new Profiles();
