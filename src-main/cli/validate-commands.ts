/**
 * `validate`: built-in scenarios against their curated targets, user scenarios (the store holds them)
 * against the outcomes their documents publish with a measure — one protocol through the same
 * validation grid as a built-in, several protocols through the grid over the several-protocol
 * replay; with none, one line says so (nothing is run). Without an id: every built-in, then every
 * one of yours that publishes something to compare with.
 */
import { validateCrash } from '../services/crash-validation.ts';
import { loadCrash } from '../services/crash-store.ts';
import type { Store } from '../services/library.ts';
import { listLibraryScenarios, loadScenario, resolveRunnable } from '../services/library.ts';
import { publishedTargets } from '../services/scenario-file/compile.ts';
import { getUserScenarioDocument } from '../services/user-scenarios.ts';
import { getScenario, listScenarios } from '../services/replay-service.ts';
import type { ValidationReport } from '../services/validation-service.ts';
import { runValidation } from '../services/validation-service.ts';
import type { Parsed } from './args.ts';
import { allowOnly, positionals } from './args.ts';
import { renderValidation } from './render.ts';

interface ValidateIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** One scenario's validation and the title its table is printed under. */
export interface Validated {
  report: ValidationReport;
  title: string;
}

/** Why a user scenario whose document publishes no outcome with a measure has nothing to compare. */
function nothingToCompareLine(id: string, published: number): string {
  const why =
    published === 0
      ? 'its document publishes no outcome'
      : `none of its ${published} published outcome${published === 1 ? '' : 's'} has a "measure" and an "amount"`;
  return `scenario "${id}": nothing to validate against, ${why}; add a published entry with "measure" (e.g. { "kind": "liquidated-value" }) and "amount" to compare the replay with it (see the scenario format in the README)`;
}

const progressTo =
  (id: string, io: ValidateIo) =>
  (done: number, total: number): void => {
    if (done < total) io.err(`validating ${id}: run ${done + 1} of ${total}\r`);
    else io.err(`validating ${id}: ${total} runs done\n`);
  };

/** Built-in scenarios' validations (each its curated targets), progress on stderr. */
export function builtinValidations(ids: string[], io: ValidateIo): Validated[] {
  return ids.map((id) => ({
    report: runValidation(id, { onProgress: progressTo(id, io) }),
    title: getScenario(id).title,
  }));
}

/**
 * A user scenario's validation: its published outcomes with a measure, one protocol through the same
 * grid as a built-in, several through the grid over the several-protocol replay. The line saying why
 * when it publishes none (nothing is run).
 */
function validateUser(store: Store, id: string, io: ValidateIo): Validated | string {
  // An unknown id is refused here, naming the known ones.
  loadScenario(store, id, { allowSeveralProtocols: true });
  const crash = loadCrash(store, id);
  const doc = getUserScenarioDocument(store, id);
  const targets = publishedTargets(doc);
  if (targets.length === 0) return nothingToCompareLine(id, doc.published?.length ?? 0);
  const onProgress = progressTo(id, io);
  if (crash) {
    return {
      report: validateCrash(crash, targets, { onProgress }),
      title: `${crash.protocols[0]!.scenario.title} (${crash.protocols.length} protocols on the same venues)`,
    };
  }
  const { scenario, historical } = resolveRunnable(store, id);
  return { report: runValidation(id, { onProgress }, { scenario, historical }), title: scenario.title };
}

/** `validate ID [--json]` on a user scenario. */
export function validateStored(store: Store, p: Parsed, io: ValidateIo): number {
  allowOnly(p, 'validate', ['json']);
  const [id] = positionals(p, 'validate', ['scenario']);
  const v = validateUser(store, id!, io);
  if (typeof v === 'string') {
    if (p.bools.has('json')) io.out(`${JSON.stringify({ scenarioId: id, rows: [], note: v })}\n`);
    else io.out(`${v}\n`);
    return 0;
  }
  if (p.bools.has('json')) io.out(`${JSON.stringify(v.report)}\n`);
  else io.out(renderValidation(v.report, v.title));
  return 0;
}

/**
 * Every user scenario in the store that publishes an outcome with a measure, in the store's order;
 * each one that publishes none is named on stderr with what to add.
 */
export function userValidations(store: Store, io: ValidateIo): Validated[] {
  const out: Validated[] = [];
  for (const meta of listLibraryScenarios(store)) {
    if (meta.builtin) continue;
    const v = validateUser(store, meta.id, io);
    if (typeof v === 'string') io.err(`skipped: ${v}\n`);
    else out.push(v);
  }
  return out;
}

/** Prints validations as `validate` without an id does: one JSON object, or the tables one after another. */
export function printValidations(all: Validated[], p: Parsed, io: ValidateIo): number {
  if (p.bools.has('json')) io.out(`${JSON.stringify({ scenarios: all.map((v) => v.report) })}\n`);
  else io.out(all.map((v) => renderValidation(v.report, v.title)).join('\n'));
  return 0;
}

/** `validate [--json]` with a store: every built-in scenario, then every one of yours with published outcomes. */
export function validateEverything(store: Store, p: Parsed, io: ValidateIo): number {
  allowOnly(p, 'validate', ['json']);
  positionals(p, 'validate', []);
  const builtins = builtinValidations(
    listScenarios().map((s) => s.id),
    io,
  );
  return printValidations([...builtins, ...userValidations(store, io)], p, io);
}
