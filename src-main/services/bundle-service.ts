/**
 * Shareable bundles: scenarios, designs, runs and notes in one SQLite file that another copy of the
 * app imports. Wraps the store's exportBundle/importBundle and adds what a user expects to travel
 * along: the user designs the selected runs and scenarios refer to, and the notes on everything.
 */
import { DesignError } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { ScenarioError, parseScenario } from '../engine/scenario.ts';
import { assertResolved, compileScenario } from './scenario-file/compile.ts';
import { parseScenarioDocument } from './scenario-file/format.ts';
import { exportBundle, getDesign, getRun, getScenario, importBundle, StoreError } from '../store/index.ts';
import type { BundleCounts, BundleImportReport, Store } from '../store/index.ts';

/** What to share. Runs bring their scenarios; everything brings the user designs it refers to. */
export interface BundleRequest {
  scenarioIds?: readonly string[];
  runIds?: readonly string[];
  designIds?: readonly string[];
  /** Default true: notes on every exported scenario, design and run go along. */
  includeNotes?: boolean;
}

/** A user design (not a preset) saved in this store under `id`. */
function isUserDesign(store: Store, id: string | null | undefined): id is string {
  if (id === null || id === undefined || PRESETS.has(id)) return false;
  try {
    return !getDesign(store, id).preset;
  } catch (error) {
    if (error instanceof StoreError && error.code === 'not-found') return false;
    throw error;
  }
}

/**
 * Writes a bundle file with the selection, the user designs its runs used and its scenarios are
 * calibrated against, and (by default) the notes. Returns the rows written per table.
 */
export function exportBundleFile(store: Store, file: string, req: BundleRequest): BundleCounts {
  const runIds = [...new Set(req.runIds ?? [])];
  const scenarioIds = new Set(req.scenarioIds ?? []);
  const designIds = new Set(req.designIds ?? []);
  for (const id of runIds) {
    const run = getRun(store, id);
    scenarioIds.add(run.scenarioId);
    if (isUserDesign(store, run.designId)) designIds.add(run.designId);
  }
  for (const id of scenarioIds) {
    const historical = (JSON.parse(getScenario(store, id).json) as { historicalDesignId?: unknown })
      .historicalDesignId;
    if (typeof historical === 'string' && isUserDesign(store, historical)) designIds.add(historical);
  }
  if (runIds.length === 0 && scenarioIds.size === 0 && designIds.size === 0) {
    throw new StoreError(
      'store-input',
      'The bundle would be empty: name at least one scenario, run or design to share.',
    );
  }
  return exportBundle(store, file, {
    runIds,
    scenarioIds: [...scenarioIds],
    designIds: [...designIds],
    includeNotes: req.includeNotes ?? true,
  });
}

/**
 * Checks one scenario of a bundle with the engine before anything is stored: its definition must
 * parse, and a user scenario's document must parse and compile (a bundle that would fail only at
 * replay time is refused whole).
 */
function validateBundleScenario(
  file: string,
  scenario: { id: string; version: number; builtin: boolean; json: string },
  document: { protocols: number; json: string } | null,
): void {
  const refuse = (message: string): never => {
    throw new StoreError(
      'bundle-invalid',
      `The bundle ${file} holds scenario "${scenario.id}", which is not valid: ${message}; nothing was imported (export it again from an app that replays it).`,
    );
  };
  try {
    const parsed = parseScenario(JSON.parse(scenario.json));
    if (parsed.id !== scenario.id) refuse(`its definition's id is "${parsed.id}"`);
    if (document === null) return;
    const doc = parseScenarioDocument(JSON.parse(document.json));
    assertResolved(doc);
    if (doc.id !== scenario.id) refuse(`its document's id is "${doc.id}"`);
    if (doc.protocols.length !== document.protocols) refuse('its document does not match its protocol count');
    doc.protocols.forEach((_, i) => compileScenario(doc, scenario.version, i));
  } catch (e) {
    if (e instanceof ScenarioError || e instanceof DesignError || e instanceof SyntaxError) refuse(e.message);
    throw e;
  }
}

/** Imports a bundle file in one transaction; nothing here is ever overwritten (see store/bundles.ts). */
export function importBundleFile(store: Store, file: string): BundleImportReport {
  return importBundle(store, file, {
    validateScenario: (scenario, document) => validateBundleScenario(file, scenario, document),
  });
}

/** One line per table that changed: `runs: 2 inserted (1 under a new id), 0 skipped`. */
export function describeBundleImport(report: BundleImportReport): string[] {
  return (Object.keys(report.inserted) as (keyof BundleCounts)[])
    .filter((t) => report.inserted[t] + report.skipped[t] > 0)
    .map(
      (t) =>
        `${t}: ${report.inserted[t]} inserted${report.renamed[t] > 0 ? ` (${report.renamed[t]} under a new id)` : ''}, ${report.skipped[t]} already here`,
    );
}
