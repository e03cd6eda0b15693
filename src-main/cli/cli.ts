/**
 * The `cascade-lab` command line: the same services as the app, and only them (the lint's layer
 * table keeps it from reaching the engine, the store or the training logic directly). `runCli` is pure of process state
 * (arguments in, text out, exit status returned) so tests drive it in-process; main.ts binds it to
 * the process. Bad input exits with status 2 and one line naming the problem, never a stack trace.
 *
 * Commands that need the database (import, runs, replay --save, export-run, bundle, db) are
 * asynchronous and go through `runCliAsync`, which opens the store in `resolveDataDir()` (or
 * `io.dataDir`), brings its built-in library up to date, runs the command and closes the store.
 * Everything else runs without touching the disk.
 */
import { isUserInputError, storeErrorExit } from '../services/app-errors.ts';
import type { PopulationHelper } from '../services/population/population-helper.ts';
import type { Design } from '../services/replay-service.ts';
import {
  InputError,
  getScenario,
  listOracleVariants,
  listPresets,
  listScenarios,
  reportJson,
  runReplays,
} from '../services/replay-service.ts';
import type { Parsed } from './args.ts';
import { allowOnly, intFlag, optional, parseArgs } from './args.ts';
import { renderCompare, renderReplay } from './render.ts';
import { builtinValidations, printValidations } from './validate-commands.ts';
import { STORE_COMMANDS, needsStore, runStoreCommand, withStore } from './store-commands.ts';
import { listSavedDesigns, resolveDesignRef } from '../services/library.ts';
import type { Store } from '../services/library.ts';
import { runSweepCommand } from './sweep-commands.ts';
import { SweepSpecError } from '../services/sweep/sweep-spec.ts';
import { SweepNeedsConfirmation } from '../services/sweep/sweep-service.ts';

export { renderCompare, renderReplay };

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readFile?: (path: string) => string;
  /** Data folder of the store for the database commands; default resolveDataDir() (CASCADE_LAB_DATA_DIR overrides). */
  dataDir?: string;
  /** Aborts a running sweep or queue worker (main.ts binds it to SIGINT and SIGTERM). */
  stopSignal?: AbortSignal;
  /** Draws part of a large population on another thread (main.ts starts one for replay and compare). */
  populationHelper?: PopulationHelper | null;
}

export const USAGE = `usage:
  cascade-lab scenarios [--json]
  cascade-lab designs
  cascade-lab replay <scenario> [--design <preset|preset+oracle|file.json|saved design id>] [--protocol NAME] [--seed N] [--accounts N] [--step SECONDS] [--json] [--save]
  cascade-lab compare <scenario> --design A --design B [--design C …] [--protocol NAME] [--seed N] [--accounts N] [--json]  (a design: preset, saved design id or file.json; --protocol: whose design changes in a scenario with several)
  cascade-lab validate [<scenario>] [--json]  (a built-in or one of yours: its published outcomes with a measure; without one, every built-in, then yours)
  cascade-lab import <file> [--asset SYMBOL] [--kind price|gas|positions|ledger] [--venue NAME] [--tz ZONE] [--date-order mdy|dmy] [--bar-time open|close] [--delimiter ,|;|tab|"|"] [--time-column NAME] [--value-column NAME] [--json]
  cascade-lab scenario create --name NAME --series ID[,ID…] [--template SCENARIO] [--population FILE] [--protocol NAME=DESIGN …] [--gas FILE] [--ledger FILE] [--start ISO --end ISO] [--step SECONDS] [--id ID] [--json]
  cascade-lab scenario validate <file> [--json] | scenario export <id> [--out FILE] | scenario import <file> [--id ID] [--json] | scenario delete <id> | scenario schema [--out FILE]
  cascade-lab runs [--scenario ID] [--json]
  cascade-lab export-run <run id> --csv|--json [--out FILE]
  cascade-lab bundle export <file> [--scenario ID …] [--run ID …] [--design ID …]
  cascade-lab bundle import <file>
  cascade-lab db check | db backup | db restore <backup file> | db dismiss
  cascade-lab lessons [--json]
  cascade-lab challenge check <design.json|design id> --challenge ID [--json]
  cascade-lab pack export <file> [--lesson ID …] [--challenge ID …] [--title TEXT]
  cascade-lab pack import <file>
  cascade-lab sweep run <sweep.json> [--workers N] [--queue redis://HOST:PORT] [--json] [--yes]
  cascade-lab sweep run --scenario ID --design REF [--design REF …] [--vary PATH=FROM:TO:COUNT …] [--seeds A-B] [--shock FROM:TO:COUNT] [--accounts N] [--protocol NAME] [--workers N] [--queue URL] [--json] [--yes]  (--protocol, or "protocol" in the file: whose design varies in a scenario with several)
  cascade-lab sweep status <id> [--json] | sweep resume <id> [--workers N] [--queue URL] | sweep export <id> --csv|--json [--out FILE] | sweep list [--json]
  cascade-lab worker --queue redis://HOST:PORT [--workers N]`;

function reportError(e: unknown, io: CliIo): number {
  if (isUserInputError(e) || e instanceof SweepSpecError || e instanceof SweepNeedsConfirmation) {
    io.err(`cascade-lab: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 2;
  }
  const store = storeErrorExit(e);
  if (store !== undefined) {
    io.err(`cascade-lab: ${store.message}\n`);
    return store.exit;
  }
  io.err(`cascade-lab: internal error: ${(e as Error).message ?? String(e)}\n`);
  return 1;
}

/** Where `designs`, `replay` and `compare` find designs: presets and files, plus saved ones with a store. */
interface CliDesigns {
  resolve(ref: string): Design;
  /** The user's saved designs; null when the store was not opened. */
  saved: { id: string; name: string }[] | null;
}

function designsWithoutStore(io: CliIo): CliDesigns {
  return { resolve: (ref) => resolveDesignRef(ref, null, io.readFile), saved: null };
}

function designsInStore(store: Store, io: CliIo): CliDesigns {
  return { resolve: (ref) => resolveDesignRef(ref, store, io.readFile), saved: listSavedDesigns(store) };
}

/** The commands that run without the database. Database commands need {@link runCliAsync}. */
export function runCli(argv: string[], io: CliIo, designs: CliDesigns = designsWithoutStore(io)): number {
  try {
    return dispatch(argv, io, designs);
  } catch (e) {
    // Usage errors keep their usage text (several lines); everything else is one line.
    if (e instanceof InputError && e.message.startsWith('unknown command')) {
      io.err(`cascade-lab: ${e.message}\n`);
      return 2;
    }
    return reportError(e, io);
  }
}

/** Every command, the database ones included (what the `cascade-lab` executable runs). */
export async function runCliAsync(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    const p = parseArgs(rest);
    if ((command === 'sweep' || command === 'worker') && !p.bools.has('help')) {
      return await runSweepCommand(command, p, io);
    }
    if (command !== undefined && !p.bools.has('help') && needsStore(command, p, io.dataDir)) {
      return await runStoreCommand(command, p, io);
    }
    // Saved designs live in the store: listing them opens it (a compare naming one is a store command).
    if (!p.bools.has('help') && command === 'designs') {
      return await withStore(io, (store) => runCli(argv, io, designsInStore(store, io)));
    }
  } catch (e) {
    return reportError(e, io);
  }
  return runCli(argv, io);
}

function dispatch(argv: string[], io: CliIo, designs: CliDesigns): number {
  const [command, ...rest] = argv;
  const p = parseArgs(rest);
  if (!command || command === 'help' || command === '--help' || p.bools.has('help')) {
    io.out(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'scenarios':
      return cmdScenarios(p, io);
    case 'designs':
      allowOnly(p, 'designs', []);
      return cmdDesigns(io, designs);
    case 'replay':
      return cmdReplay(p, io, designs);
    case 'compare':
      return cmdCompare(p, io, designs);
    case 'validate':
      return cmdValidate(p, io);
    default:
      if (STORE_COMMANDS.has(command)) {
        throw new Error(`"${command}" uses the database: call runCliAsync (the cascade-lab executable does)`);
      }
      throw new InputError(`unknown command "${command}"\n${USAGE}`);
  }
}

function cmdScenarios(p: Parsed, io: CliIo): number {
  allowOnly(p, 'scenarios', ['json']);
  const list = listScenarios();
  if (p.bools.has('json')) {
    io.out(
      `${JSON.stringify(list.map((s) => ({ id: s.id, title: s.title, date: s.dateLabel, historicalDesign: s.historicalDesignId, summary: s.summary })))}\n`,
    );
    return 0;
  }
  for (const s of list)
    io.out(
      `${s.id.padEnd(24)} ${s.dateLabel}  ${s.title}\n${' '.repeat(25)}historical design: ${s.historicalDesignId}\n`,
    );
  return 0;
}

function cmdDesigns(io: CliIo, designs: CliDesigns): number {
  io.out('presets:\n');
  for (const d of listPresets()) io.out(`  ${d.id.padEnd(24)} ${d.name}\n`);
  if (designs.saved !== null) {
    io.out('saved designs (use the id like a preset):\n');
    if (designs.saved.length === 0) io.out('  (none yet: save one in the app’s design editor)\n');
    for (const d of designs.saved) io.out(`  ${d.id.padEnd(24)} ${d.name}\n`);
  }
  io.out('oracle variants (mix in as preset+variant or saved-id+variant):\n');
  for (const v of listOracleVariants()) io.out(`  ${v.id.padEnd(24)} ${v.description}\n`);
  return 0;
}

function needScenario(p: Parsed): string {
  const id = p.positional[0];
  if (!id) throw new InputError(`name a scenario (see: cascade-lab scenarios)`);
  if (p.positional.length > 1) throw new InputError(`unexpected argument "${p.positional[1]}"`);
  return id;
}

function cmdReplay(p: Parsed, io: CliIo, designs: CliDesigns): number {
  allowOnly(p, 'replay', ['design', 'seed', 'accounts', 'step', 'json']);
  const scenario = getScenario(needScenario(p));
  const refs = p.flags.get('design') ?? [scenario.historicalDesignId];
  if (refs.length > 1) throw new InputError('replay takes one --design (use compare for several)');
  const design = designs.resolve(refs[0]!);
  const [result] = runReplays({
    scenarioId: scenario.id,
    designs: [design],
    seed: intFlag(p, 'seed') ?? 1,
    ...optional('accounts', intFlag(p, 'accounts')),
    ...optional('stepSeconds', intFlag(p, 'step')),
    ...(io.populationHelper ? { populationHelper: io.populationHelper } : {}),
  });
  if (p.bools.has('json')) io.out(`${JSON.stringify(reportJson(result!))}\n`);
  else io.out(renderReplay(result!));
  return 0;
}

function cmdCompare(p: Parsed, io: CliIo, designs: CliDesigns): number {
  allowOnly(p, 'compare', ['design', 'seed', 'accounts', 'step', 'json']);
  const scenario = getScenario(needScenario(p));
  const refs = p.flags.get('design') ?? [];
  if (refs.length < 2) throw new InputError('compare needs at least two --design options');
  if (refs.length > 4) throw new InputError('compare takes at most four designs');
  const results = runReplays({
    scenarioId: scenario.id,
    designs: refs.map((r) => designs.resolve(r)),
    seed: intFlag(p, 'seed') ?? 1,
    ...optional('accounts', intFlag(p, 'accounts')),
    ...optional('stepSeconds', intFlag(p, 'step')),
    ...(io.populationHelper ? { populationHelper: io.populationHelper } : {}),
  });
  if (p.bools.has('json')) {
    io.out(
      `${JSON.stringify({ scenario: scenario.id, seed: results[0]!.seed, runs: results.map(reportJson) })}\n`,
    );
    return 0;
  }
  io.out(renderCompare(results));
  return 0;
}

/**
 * `validate [SCENARIO] [--json]`: each published outcome beside the simulated median and its 10–90%
 * band over seeds and the unpinned assumptions (all built-in scenarios without an id, and yours too
 * when the data folder has a store: store-commands.ts, validate-commands.ts). Progress goes
 * to stderr; the exit status is 0 whether targets pass or miss (the table says which and why).
 */
function cmdValidate(p: Parsed, io: CliIo): number {
  allowOnly(p, 'validate', ['json']);
  if (p.positional.length > 1) throw new InputError(`unexpected argument "${p.positional[1]}"`);
  const one = p.positional[0];
  const ids = one ? [getScenario(one).id] : listScenarios().map((s) => s.id);
  const all = builtinValidations(ids, io);
  if (one && p.bools.has('json')) {
    io.out(`${JSON.stringify(all[0]!.report)}\n`);
    return 0;
  }
  return printValidations(all, p, io);
}
