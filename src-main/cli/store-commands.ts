/**
 * The `cascade-lab` commands that use the database: import, runs, replay --save, export-run, bundle
 * and db. Each opens the store (seeding the built-in library), runs on the same services as the
 * app, and closes it. Bad input exits with status 2 and one located line; a database that cannot be
 * used exits with status 1 and says what to do.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { explainStoreFailure, storeErrorExit } from '../services/app-errors.ts';
import { fmtUsd } from '../services/format.ts';
import { describeBundleImport, exportBundleFile, importBundleFile } from '../services/bundle-service.ts';
import type { Store } from '../services/library.ts';
import { openLibraryStore, resolveDesignRef, restoreBackup, seedLibrary } from '../services/library.ts';
import { resolveDataDir, storeExists } from '../services/open-app-store.ts';
import {
  InputError,
  isBuiltinScenario,
  reportJson,
  resolvableWithoutStore,
} from '../services/replay-service.ts';
import {
  exportRunCsv,
  exportRunJson,
  listSavedRuns,
  runAndSave,
  runStoredScenario,
} from '../services/runs-service.ts';
import type { StoredRunSummary } from '../services/runs-service.ts';
import type { PopulationHelper } from '../services/population/population-helper.ts';
import type { Parsed } from './args.ts';
import { allowOnly, intFlag, optional, positionals, textFlag } from './args.ts';
import { renderReplay } from './render.ts';
import { refuseProtocolFlag, replayCrash } from './crash-commands.ts';
import { loadCrash } from '../services/crash-store.ts';
import { validateEverything, validateStored } from './validate-commands.ts';
import { cmdChallenge, cmdLessons, cmdPack } from './training-commands.ts';
import { cmdCompareStored, cmdImportData, cmdScenario, cmdScenarios } from './scenario-commands.ts';

/** What the command line needs from its caller (a subset of CliIo, to keep this module standalone). */
interface StoreIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readFile?: (path: string) => string;
  dataDir?: string;
  populationHelper?: PopulationHelper | null;
}

export const STORE_COMMANDS: ReadonlySet<string> = new Set([
  'import',
  'scenario',
  'scenarios',
  'runs',
  'export-run',
  'bundle',
  'db',
  'lessons',
  'challenge',
  'pack',
]);

/** Whether a `--design` of the command names a design saved in the store. */
export function designsNeedStore(p: Parsed): boolean {
  return (p.flags.get('design') ?? []).some((ref) => !resolvableWithoutStore(ref));
}

/**
 * Whether the command needs the database: the database commands, and `replay` when it saves, names
 * a scenario that is not built in (a user scenario), or a design saved in the store.
 */
export function needsStore(command: string, p: Parsed, dataDir?: string): boolean {
  if (STORE_COMMANDS.has(command)) return true;
  if (command === 'validate') {
    // Without an id: the built-ins, and yours when there is a store to hold any (none is created).
    if (p.positional[0] === undefined) return storeExists(dataDir ?? resolveDataDir());
    return !isBuiltinScenario(p.positional[0]);
  }
  if (command !== 'replay' && command !== 'compare') return false;
  if (command === 'replay' && p.bools.has('save')) return true;
  const scenario = p.positional[0];
  if (scenario !== undefined && !isBuiltinScenario(scenario)) return true;
  return designsNeedStore(p);
}

export { storeErrorExit };

/**
 * Opens the store in the data folder (seeding the library), prints what the user should know about
 * it (stray files moved aside, …), runs `fn`, closes it. A disk failure during `fn` (full disk,
 * read-only folder) is explained, not reported as an internal error.
 */
export async function withStore<T>(io: StoreIo, fn: (store: Store) => Promise<T> | T): Promise<T> {
  const { store } = await openLibraryStore({ dataDir: io.dataDir ?? resolveDataDir() });
  try {
    for (const notice of [...store.movedAsideNotes(), ...store.openReport.notices]) {
      io.err(`cascade-lab: note: ${notice}\n`);
    }
    return await fn(store);
  } catch (error) {
    throw explainStoreFailure(error, store.dataDir) ?? error;
  } finally {
    store.close();
  }
}

export async function runStoreCommand(command: string, p: Parsed, io: StoreIo): Promise<number> {
  switch (command) {
    case 'import':
      return cmdImportData(p, io, (fn) => withStore(io, fn));
    case 'scenario':
      return cmdScenario(p, io, (fn) => withStore(io, fn));
    case 'scenarios':
      return cmdScenarios(p, io, (fn) => withStore(io, fn));
    case 'compare':
      return cmdCompareStored(p, io, (fn) => withStore(io, fn));
    case 'runs':
      return cmdRuns(p, io);
    case 'replay':
      return cmdReplayStored(p, io);
    case 'validate':
      return withStore(io, (store) =>
        p.positional[0] === undefined ? validateEverything(store, p, io) : validateStored(store, p, io),
      );
    case 'export-run':
      return cmdExportRun(p, io);
    case 'bundle':
      return cmdBundle(p, io);
    case 'db':
      return cmdDb(p, io);
    case 'lessons':
      return withStore(io, (store) => cmdLessons(p, io, store));
    case 'challenge':
      return withStore(io, (store) => cmdChallenge(p, io, store));
    case 'pack':
      return withStore(io, (store) => cmdPack(p, io, store));
    default:
      throw new InputError(`unknown command "${command}"`);
  }
}

async function cmdRuns(p: Parsed, io: StoreIo): Promise<number> {
  allowOnly(p, 'runs', ['scenario', 'json']);
  positionals(p, 'runs', []);
  const scenarioId = textFlag(p, 'scenario');
  return withStore(io, (store) => {
    const runs = listSavedRuns(store, scenarioId !== undefined ? { scenarioId } : {});
    if (p.bools.has('json')) {
      io.out(`${JSON.stringify(runs)}\n`);
      return 0;
    }
    if (runs.length === 0) {
      io.out('no saved runs (save one with: cascade-lab replay <scenario> --save)\n');
      return 0;
    }
    for (const r of runs) {
      const s = (r.summary as Partial<StoredRunSummary> | null)?.summary;
      const outcome = s ? `liquidated ${fmtUsd(s.liquidatedUsd)}, bad debt ${fmtUsd(s.badDebtUsd)}` : '';
      io.out(
        `${r.id}  ${new Date(r.createdAtMs).toISOString().slice(0, 19).replace('T', ' ')}  ${r.scenarioId} v${r.scenarioVersion}  ${r.designId ?? r.designHash}  seed ${r.seed}  ${r.accounts} accounts  ${outcome}\n`,
      );
    }
    return 0;
  });
}

async function cmdReplayStored(p: Parsed, io: StoreIo): Promise<number> {
  allowOnly(p, 'replay', ['design', 'seed', 'accounts', 'step', 'json', 'save', 'protocol']);
  const [scenarioId] = positionals(p, 'replay', ['scenario']);
  const refs = p.flags.get('design') ?? [];
  if (refs.length > 1) throw new InputError('replay takes one --design (use compare for several)');
  return withStore(io, (store) => {
    const crash = loadCrash(store, scenarioId!);
    if (crash) return replayCrash(store, crash, p, io);
    refuseProtocolFlag(p, scenarioId!);
    const request = {
      scenarioId: scenarioId!,
      ...(refs[0] !== undefined ? { design: resolveDesignRef(refs[0], store, io.readFile) } : {}),
      seed: intFlag(p, 'seed') ?? 1,
      ...optional('accounts', intFlag(p, 'accounts')),
      ...optional('stepSeconds', intFlag(p, 'step')),
      ...(io.populationHelper ? { populationHelper: io.populationHelper } : {}),
    };
    const saved = p.bools.has('save') ? runAndSave(store, request) : undefined;
    const result = saved?.result ?? runStoredScenario(store, request).result;
    if (p.bools.has('json')) {
      io.out(`${JSON.stringify({ ...reportJson(result), ...(saved ? { runId: saved.meta.id } : {}) })}\n`);
    } else {
      io.out(renderReplay(result));
      if (saved) io.out(`saved run ${saved.meta.id}\n`);
    }
    return 0;
  });
}

async function cmdExportRun(p: Parsed, io: StoreIo): Promise<number> {
  allowOnly(p, 'export-run', ['csv', 'json', 'out']);
  const [runId] = positionals(p, 'export-run', ['run id']);
  const csv = p.bools.has('csv');
  const json = p.bools.has('json');
  if (csv === json) throw new InputError('export-run needs exactly one of --csv or --json');
  const out = textFlag(p, 'out');
  return withStore(io, (store) => {
    const text = csv ? exportRunCsv(store, runId!).csv : exportRunJson(store, runId!).json;
    if (out === undefined) {
      io.out(text);
      return 0;
    }
    const file = path.resolve(out);
    try {
      writeFileSync(file, text, 'utf8');
    } catch (e) {
      throw new InputError(
        `--out ${out}: cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); choose a writable path`,
      );
    }
    io.out(`wrote ${file} (${Buffer.byteLength(text)} bytes)\n`);
    return 0;
  });
}

async function cmdBundle(p: Parsed, io: StoreIo): Promise<number> {
  const [action, file, ...extra] = p.positional;
  if (action !== 'export' && action !== 'import') {
    throw new InputError(
      `bundle needs "export <file>" or "import <file>"${action ? ` (got "${action}")` : ''}`,
    );
  }
  if (file === undefined) throw new InputError(`bundle ${action} needs <file>`);
  if (extra.length > 0) throw new InputError(`unexpected argument "${extra[0]}"`);
  if (action === 'import') {
    allowOnly(p, 'bundle import', []);
    return withStore(io, (store) => {
      const report = importBundleFile(store, file);
      const lines = describeBundleImport(report);
      io.out(`imported ${path.resolve(file)}\n${lines.map((l) => `  ${l}\n`).join('')}`);
      return 0;
    });
  }
  allowOnly(p, 'bundle export', ['scenario', 'run', 'design']);
  return withStore(io, (store) => {
    const counts = exportBundleFile(store, file, {
      scenarioIds: p.flags.get('scenario') ?? [],
      runIds: p.flags.get('run') ?? [],
      designIds: p.flags.get('design') ?? [],
    });
    const parts = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${n} ${t}`);
    io.out(`wrote ${path.resolve(file)}: ${parts.join(', ')}\n`);
    return 0;
  });
}

async function cmdDb(p: Parsed, io: StoreIo): Promise<number> {
  const [action, ...args] = p.positional;
  allowOnly(p, `db ${action ?? ''}`.trim(), []);
  if (action === 'check') {
    if (args.length > 0) throw new InputError(`unexpected argument "${args[0]}"`);
    return withStore(io, (store) => {
      const report = store.integrityCheck();
      const damaged = store.verifyBlobs();
      io.out(`database     ${store.path} (schema ${store.schemaVersion})\n`);
      io.out(`integrity    ${report.integrity.join('; ')}\n`);
      io.out(
        `foreign keys ${report.foreignKeyViolations.length === 0 ? 'ok' : `${report.foreignKeyViolations.length} violation(s)`}\n`,
      );
      io.out(
        `checksums    ${damaged.length === 0 ? 'ok (every stored blob matches)' : `${damaged.length} damaged`}\n`,
      );
      for (const d of damaged) io.out(`  ${d.message}\n`);
      if (report.ok && damaged.length === 0) return 0;
      io.err(
        'cascade-lab: the database failed its check: restore a backup (cascade-lab db restore <file>); see the lines above\n',
      );
      return 1;
    });
  }
  if (action === 'backup') {
    if (args.length > 0) throw new InputError(`unexpected argument "${args[0]}"`);
    return withStore(io, async (store) => {
      const backup = await store.backupNow('manual');
      io.out(`backup ${backup.path} (${backup.sizeBytes} bytes, schema ${backup.schemaVersion})\n`);
      return 0;
    });
  }
  if (action === 'restore') {
    const [file, ...extra] = args;
    if (file === undefined)
      throw new InputError('db restore needs <backup file> (see the backups folder in the data folder)');
    if (extra.length > 0) throw new InputError(`unexpected argument "${extra[0]}"`);
    // Restore does not open the current database first: it may be the damaged one.
    const { store, report } = await restoreBackup(
      { dataDir: io.dataDir ?? resolveDataDir() },
      path.resolve(file),
    );
    try {
      seedLibrary(store);
    } finally {
      store.close();
    }
    io.out(
      `restored ${report.restoredFrom} (schema ${report.schemaVersion})${report.movedAside.length > 0 ? `; the previous database was moved to ${report.movedAside[0]}` : ''}\n`,
    );
    return 0;
  }
  if (action === 'dismiss') {
    if (args.length > 0) throw new InputError(`unexpected argument "${args[0]}"`);
    const { store } = await openLibraryStore({ dataDir: io.dataDir ?? resolveDataDir() });
    try {
      const count = store.dismissMovedAside();
      io.out(
        count === 0
          ? 'nothing to dismiss: no database was moved aside here\n'
          : `dismissed ${count} note(s); the moved files stay where they are (delete them yourself when sure)\n`,
      );
    } finally {
      store.close();
    }
    return 0;
  }
  throw new InputError(
    `db needs "check", "backup", "restore <file>" or "dismiss"${action ? ` (got "${action}")` : ''}`,
  );
}
