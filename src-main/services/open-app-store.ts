/**
 * What every host does at start with the data folder: open the SQLite store, bring the built-in
 * library up to date, and back user designs with it. A store that cannot be opened (corrupt, from a
 * newer app, unsafe location) does not stop the app: the message says what happened (and where the
 * damaged file was moved and which backup can be restored), and the app runs without saving.
 */
import type { Store } from '../store/index.ts';

/** Where the app keeps its data (CASCADE_LAB_DATA_DIR, else the platform's app-data folder). */
export { resolveDataDir } from '../store/index.ts';
import type { DesignRepository } from './design-repository.ts';
import { InMemoryDesignRepository, StoreDesignRepository } from './design-repository.ts';
import { openLibraryStore } from './library.ts';

export interface AppStore {
  store: Store | null;
  designs: DesignRepository;
  /** Set when the store could not be opened: what the user should read. */
  problem: string | null;
  close(): void;
}

export async function openAppStore(dataDir: string): Promise<AppStore> {
  try {
    const { store } = await openLibraryStore({ dataDir });
    return { store, designs: new StoreDesignRepository(store), problem: null, close: () => store.close() };
  } catch (e) {
    return {
      store: null,
      designs: new InMemoryDesignRepository(),
      problem: `Cascade Lab could not open its data folder ${dataDir}: ${(e as Error).message} — designs made now will not be saved.`,
      close: () => {},
    };
  }
}
