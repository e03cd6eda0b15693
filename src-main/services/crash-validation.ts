/**
 * Validation of a user scenario with several protocols on one crash against the outcomes its
 * document publishes (issue 14): the validation grid (seeds × assumption settings; a user scenario
 * states no unpinned assumption, so the setting is the scenario as written) over the
 * several-protocol replay, every protocol on its historical design. A published outcome naming a
 * protocol is compared with that protocol's figure; one naming none with the total of every
 * protocol (only measures that add up across protocols: compile.ts refuses the others). Same
 * report shape as a one-protocol validation, so hosts render it the same way.
 */
import type { ReplayResult } from '../engine/replay.ts';
import { replayMulti } from '../engine/replay-multi.ts';
import type { ValidationReport, ValidationRow } from '../engine/validation.ts';
import { VALIDATION_SEEDS, measure, targetRow } from '../engine/validation.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { unitsOf } from '../engine/scenario.ts';
import type { StoredCrash } from './crash-service.ts';
import type { PublishedTarget } from './scenario-file/compile.ts';
import type { ValidationHooks } from './validation-service.ts';

/** The value of a published target on one run of the crash: its protocol's, or the sum over all. */
function valueOf(crash: StoredCrash, t: PublishedTarget, results: ReplayResult[]): number {
  if (t.protocol !== null) {
    const k = crash.protocols.findIndex((p) => p.name === t.protocol);
    return measure(t.target.measure, results[k]!);
  }
  return results.reduce((sum, r) => sum + measure(t.target.measure, r), 0);
}

/**
 * Runs the grid and builds the table (rows: the published outcomes that carry a measure, in the
 * document's order). Throws the engine's CancelledError when cancelled.
 */
export function validateCrash(
  crash: StoredCrash,
  targets: PublishedTarget[],
  hooks: ValidationHooks = {},
): ValidationReport {
  const seeds = [...VALIDATION_SEEDS];
  const variants = ['as written'];
  const total = seeds.length * variants.length;
  const values = targets.map(() => [] as number[]);
  let warnings: string[] = [];
  let done = 0;
  for (const seed of seeds) {
    hooks.onProgress?.(done, total, `as written, seed ${seed}`);
    const r = replayMulti(crash.protocols, [], {
      seed,
      // No target reads a wave's endogenous share: skip its counterfactual passes.
      attributeWaves: 0,
      ...(hooks.shouldCancel ? { shouldCancel: hooks.shouldCancel } : {}),
    });
    const results = r.protocols.map((p) => p.result);
    if (done === 0) warnings = results[0]!.calibration.diagnostics.warnings;
    targets.forEach((t, i) => values[i]!.push(valueOf(crash, t, results)));
    done++;
  }
  hooks.onProgress?.(total, total, 'validation done');
  const rows: ValidationRow[] = targets.map((t, i) => {
    const row = targetRow(t.target, values[i]!);
    return t.protocol === null
      ? { ...row, note: row.note === null ? null : `${row.note}; compared with the sum over every protocol` }
      : row;
  });
  const count = (st: ValidationRow['status']) => rows.filter((r) => r.status === st).length;
  const first = crash.protocols[0]!;
  const accounts = crash.protocols.reduce((n, p) => n + p.scenario.population.defaultAccounts, 0);
  const step = first.scenario.defaultStepSeconds;
  return {
    scenarioId: crash.id,
    scenarioVersion: crash.version,
    engineVersion: ENGINE_VERSION,
    historicalDesign: crash.protocols.map((p) => `${p.name}: ${p.historical.id}`).join(', '),
    numeraire: unitsOf(first.scenario).numeraire,
    seeds,
    accounts,
    stepSeconds: step,
    variants,
    runs: total,
    rows,
    fitted: [],
    uncertain: [],
    calibrationWarnings: warnings,
    counts: { pass: count('pass'), miss: count('miss'), fitted: count('fitted') },
    note: `Median and 10–90% band over ${total} runs of the crash with every protocol (${crash.protocols.map((p) => p.name).join(', ')}) on its historical design and the same venues: seeds ${seeds.join(', ')} × the scenario as written (a scenario you brought states no unpinned assumption to vary), ${accounts} accounts in all, ${step} s steps. A figure naming a protocol is compared with that protocol's; one naming none with the total of every protocol. The published figures are yours, not checked by the lab.`,
  };
}
