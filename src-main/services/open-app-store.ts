/**
 * What every host does at start with the data folder: open the SQLite store, bring the built-in
 * library up to date, and back user designs with it. A store that cannot be opened (from a newer
 * app, unsafe or read-only location) does not stop the app: the message says what happened, and
 * the app runs without saving. A damaged store is moved aside (kept) and a new one is opened, so the
 * app can save; the move is reported (`storage.status()`) until the user restores a backup or
 * dismisses it, on this start and every later one.
 */
import type { StoreStatus } from '../contract/api.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_DB_FILE_NAME,
  StoreCorruptError,
  chooseNativeBinding,
  useNativeBinding,
} from '../store/index.ts';
import type { BindingChoice, Store } from '../store/index.ts';

/** Where the app keeps its data (CASCADE_LAB_DATA_DIR, else the platform's app-data folder). */
export { resolveDataDir } from '../store/index.ts';

/** Whether the data folder holds a store already (nothing is created to find out). */
export function storeExists(dataDir: string): boolean {
  return existsSync(path.join(dataDir, DEFAULT_DB_FILE_NAME));
}
import type { DesignRepository } from './design-repository.ts';
import { InMemoryDesignRepository, StoreDesignRepository } from './design-repository.ts';
import { openLibraryStore } from './library.ts';
import { InputError } from './replay-service.ts';

/**
 * Under Electron in development, loads better-sqlite3's Electron build from build/native/electron
 * (store/native-binding.ts); packaged or under Node, the module's own. Call before openAppStore.
 */
export function selectNativeBinding(ctx: { packaged: boolean; rootDir: string }): BindingChoice {
  const choice = chooseNativeBinding({
    electronVersion: process.versions['electron'],
    packaged: ctx.packaged,
    rootDir: ctx.rootDir,
    platform: process.platform,
    arch: process.arch,
    abi: process.versions.modules,
  });
  useNativeBinding(choice);
  return choice;
}

/** The data folder's state as the app shows it, and the two things the user can do about it. */
export interface StorageStatusSource {
  status(): StoreStatus;
  /** Forgets the moved-aside notes (the files stay). */
  dismiss(): StoreStatus;
  /** Restores the backup named `backupId` (a name from status().backups) in place of the database. */
  restore(backupId: string): Promise<StoreStatus>;
}

export interface AppStore {
  store: Store | null;
  designs: DesignRepository;
  /** Set when the store could not be opened: what the user should read. */
  problem: string | null;
  storage: StorageStatusSource;
  close(): void;
}

/** The status of a folder whose store is open. */
function openStatus(store: Store, problem: string | null): StoreStatus {
  return {
    dataDir: store.dataDir,
    saving: true,
    problem,
    movedAside: store
      .movedAside()
      .map((r) => ({ movedTo: r.movedTo[0] ?? '', atMs: r.atMs, reason: r.reason })),
    notes: [...store.movedAsideNotes('app'), ...store.openReport.notices],
    backups: store.listBackups().map((b) => ({
      id: b.path.split(/[\\/]/).at(-1) ?? b.path,
      createdAtMs: b.createdAtMs,
      schemaVersion: b.schemaVersion,
      sizeBytes: b.sizeBytes,
    })),
  };
}

function storageOf(store: Store, firstProblem: string | null): StorageStatusSource {
  let problem = firstProblem;
  return {
    status: () => openStatus(store, problem),
    dismiss: () => {
      store.dismissMovedAside();
      problem = null;
      return openStatus(store, problem);
    },
    restore: async (backupId) => {
      const backup = store.listBackups().find((b) => b.path.split(/[\\/]/).at(-1) === backupId);
      if (backup === undefined) {
        throw new InputError(`no backup "${backupId}" in ${store.dataDir}: pick one from the list`);
      }
      await store.restoreBackup(backup.path);
      problem = null;
      return openStatus(store, problem);
    },
  };
}

/** A host without a usable data folder: nothing is saved, and the status says why. */
export function storageWithoutStore(dataDir: string | null, problem: string): StorageStatusSource {
  const status = (): StoreStatus => ({
    dataDir,
    saving: false,
    problem,
    movedAside: [],
    notes: [],
    backups: [],
  });
  return {
    status,
    dismiss: status,
    restore: () =>
      Promise.reject(
        new InputError(
          'the data folder could not be opened, so nothing can be restored from the app: use cascade-lab db restore <backup file>',
        ),
      ),
  };
}

export async function openAppStore(dataDir: string): Promise<AppStore> {
  let damaged: string | null = null;
  try {
    let opened;
    try {
      opened = await openLibraryStore({ dataDir });
    } catch (e) {
      if (!(e instanceof StoreCorruptError)) throw e;
      // Moved aside and recorded: a new database opens in its place; the banner reports the move.
      damaged = e.message;
      opened = await openLibraryStore({ dataDir });
    }
    const { store } = opened;
    return {
      store,
      designs: new StoreDesignRepository(store),
      problem: damaged,
      // The banner reports the move through the moved-aside note, with what to do.
      storage: storageOf(store, null),
      close: () => store.close(),
    };
  } catch (e) {
    const problem = `Cascade Lab could not open its data folder ${dataDir}: ${(e as Error).message} — designs made now will not be saved.`;
    return {
      store: null,
      designs: new InMemoryDesignRepository(),
      problem,
      storage: storageWithoutStore(dataDir, problem),
      close: () => {},
    };
  }
}
