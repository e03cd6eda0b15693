/**
 * `validate ID` on a user scenario (the store holds it): one protocol through the same validation
 * grid as a built-in, several protocols through the grid over the several-protocol replay. The rows
 * are the outcomes the scenario's document publishes with a measure; with none, one line says so
 * (nothing is run).
 */
import { validateCrash } from '../services/crash-validation.ts';
import { loadCrash } from '../services/crash-store.ts';
import type { Store } from '../services/library.ts';
import { loadScenario, resolveRunnable } from '../services/library.ts';
import { publishedTargets } from '../services/scenario-file/compile.ts';
import { getUserScenarioDocument } from '../services/user-scenarios.ts';
import type { ValidationReport } from '../services/validation-service.ts';
import { runValidation } from '../services/validation-service.ts';
import type { Parsed } from './args.ts';
import { allowOnly, positionals } from './args.ts';
import { renderValidation } from './render.ts';

interface ValidateIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The line (and JSON) for a user scenario whose document publishes no outcome with a measure. */
function nothingToCompare(id: string, published: number, p: Parsed, io: ValidateIo): number {
  const why =
    published === 0
      ? 'its document publishes no outcome'
      : `none of its ${published} published outcome${published === 1 ? '' : 's'} has a "measure" and an "amount"`;
  const line = `scenario "${id}": nothing to validate against, ${why}; add a published entry with "measure" (e.g. { "kind": "liquidated-value" }) and "amount" to compare the replay with it (see the scenario format in the README)`;
  if (p.bools.has('json')) io.out(`${JSON.stringify({ scenarioId: id, rows: [], note: line })}\n`);
  else io.out(`${line}\n`);
  return 0;
}

/** `validate ID [--json]` on a user scenario. */
export function validateStored(store: Store, p: Parsed, io: ValidateIo): number {
  allowOnly(p, 'validate', ['json']);
  const [id] = positionals(p, 'validate', ['scenario']);
  // An unknown id is refused here, naming the known ones.
  loadScenario(store, id!, { allowSeveralProtocols: true });
  const crash = loadCrash(store, id!);
  const doc = getUserScenarioDocument(store, id!);
  const published = doc.published?.length ?? 0;
  const targets = publishedTargets(doc);
  if (targets.length === 0) {
    // A built-in's own table is its curated targets; only user scenarios reach here.
    return nothingToCompare(id!, published, p, io);
  }
  const onProgress = (done: number, total: number) => {
    if (done < total) io.err(`validating ${id}: run ${done + 1} of ${total}\r`);
    else io.err(`validating ${id}: ${total} runs done\n`);
  };
  let report: ValidationReport;
  let title: string;
  if (crash) {
    report = validateCrash(crash, targets, { onProgress });
    title = `${crash.protocols[0]!.scenario.title} (${crash.protocols.length} protocols on the same venues)`;
  } else {
    const { scenario, historical } = resolveRunnable(store, id!);
    report = runValidation(id!, { onProgress }, { scenario, historical });
    title = scenario.title;
  }
  if (p.bools.has('json')) io.out(`${JSON.stringify(report)}\n`);
  else io.out(renderValidation(report, title));
  return 0;
}
