/**
 * Scenarios users bring: create one from a document (or from the command line's flags), validate,
 * update, duplicate, export, import and delete it. A stored user scenario is its resolved document
 * (everything inline: see scenario-file/resolve.ts) plus the engine definition compiled from it,
 * plus the designs its protocols run (saved as user designs, so every replay path finds them),
 * written in one transaction.
 *
 * Several protocols in one crash are stored, exported and shared like one; replay and compare run
 * them together on the same venues (crash-store.ts, crash-service.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Design } from '../engine/design.ts';
import { canonicalJson, designHash, parseDesign } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import type { Scenario } from '../engine/scenario.ts';
import { ScenarioError } from '../engine/scenario.ts';
import {
  deleteUserScenario,
  getDesign,
  getScenario as getStoredScenario,
  getScenarioDocument,
  saveDesign,
  saveScenarioWithDocument,
  scenarioIdFree,
  StoreError,
} from '../store/index.ts';
import type { ScenarioMeta, Store } from '../store/index.ts';
import { assertResolved, compileScenario, effectiveDesign } from './scenario-file/compile.ts';
import type { ResolvedDocument } from './scenario-file/compile.ts';
import type { ScenarioDocument } from './scenario-file/format.ts';
import {
  SCENARIO_FORMAT_VERSION,
  parseScenarioDocument,
  parseScenarioDocumentText,
} from './scenario-file/format.ts';
import { resolveDocument } from './scenario-file/resolve.ts';
import { InputError } from './replay-service.ts';

/** What was stored, and what the user should know. */
export interface SavedUserScenario {
  meta: ScenarioMeta;
  /** The engine definition of the first protocol. */
  scenario: Scenario;
  document: ResolvedDocument;
  protocols: string[];
  warnings: string[];
}

/** Every protocol compiled (each validated by the engine); the first is what the store keeps. */
function compileAll(doc: ResolvedDocument, version: number): Scenario[] {
  return doc.protocols.map((_, i) => compileScenario(doc, version, i));
}

function sameDesign(a: Design, b: Design): boolean {
  return designHash(a) === designHash(b);
}

/**
 * Saves the designs the protocols run that are not presets (inside the caller's transaction). A
 * saved design with the same id and other values is never overwritten: the document must rename it.
 */
function saveProtocolDesigns(store: Store, doc: ResolvedDocument): void {
  doc.protocols.forEach((p, i) => {
    const design = effectiveDesign(p);
    const preset = PRESETS.get(design.id);
    if (preset !== undefined) {
      if (sameDesign(preset, design)) return;
      throw new ScenarioError(
        `scenario.protocols.${i}.design.id: "${design.id}" is a preset's id but the design differs from the preset; give your design its own id`,
        `scenario.protocols.${i}.design.id`,
      );
    }
    let existing: Design | null = null;
    try {
      existing = parseDesign(JSON.parse(getDesign(store, design.id).json));
    } catch (e) {
      if (!(e instanceof StoreError && e.code === 'not-found')) throw e;
    }
    if (existing !== null) {
      if (sameDesign(existing, design)) return;
      throw new ScenarioError(
        `scenario.protocols.${i}.design.id: a saved design "${design.id}" already exists with other values; give this design another id`,
        `scenario.protocols.${i}.design.id`,
      );
    }
    const presetName = [...PRESETS.values()].some(
      (d) => d.name.trim().toLowerCase() === design.name.trim().toLowerCase(),
    );
    saveDesign(store, {
      id: design.id,
      name: presetName ? `${design.name} (${doc.id})` : design.name,
      json: canonicalJson(design),
    });
  });
}

function saveResolved(
  store: Store,
  doc: ResolvedDocument,
  version: number,
  scenarios: Scenario[],
): ScenarioMeta {
  return saveScenarioWithDocument(
    store,
    {
      id: doc.id,
      title: doc.name,
      version,
      scenarioJson: JSON.stringify(scenarios[0]),
      formatVersion: SCENARIO_FORMAT_VERSION,
      protocols: doc.protocols.length,
      documentJson: JSON.stringify(doc),
    },
    () => saveProtocolDesigns(store, doc),
  );
}

/** Options of create/import. */
export interface CreateOptions {
  /** Folder that file references are relative to (the command line); null refuses files (the app). */
  baseDir: string | null;
  /** Use this id instead of the document's. */
  id?: string;
}

/** Resolves and compiles without storing: what `scenario validate` reports. */
export async function checkScenarioDocument(
  store: Store,
  input: unknown,
  options: CreateOptions,
): Promise<{ document: ResolvedDocument; scenarios: Scenario[]; warnings: string[] }> {
  const doc = parseScenarioDocument(input);
  const resolved = await resolveDocument(options.id !== undefined ? { ...doc, id: options.id } : doc, {
    store,
    baseDir: options.baseDir,
  });
  const scenarios = compileAll(resolved, 1);
  return { document: resolved, scenarios, warnings: [] };
}

/** Creates a user scenario from a document. Refuses an id that a built-in or another scenario holds. */
export async function createUserScenario(
  store: Store,
  input: unknown,
  options: CreateOptions,
): Promise<SavedUserScenario> {
  const { document, scenarios, warnings } = await checkScenarioDocument(store, input, options);
  if (!scenarioIdFree(store, document.id)) {
    throw new ScenarioError(
      `scenario.id: "${document.id}" is taken (a built-in or one of yours); give the scenario another id or name`,
      'scenario.id',
    );
  }
  const meta = saveResolved(store, document, 1, scenarios);
  return {
    meta,
    scenario: scenarios[0]!,
    document,
    protocols: document.protocols.map((p) => p.name),
    warnings,
  };
}

function userDocument(store: Store, id: string): { doc: ResolvedDocument; version: number } {
  const record = getStoredScenario(store, id);
  if (record.builtin) {
    throw new InputError(
      `"${id}" is a built-in scenario: it cannot be changed or deleted; duplicate it to make your own`,
    );
  }
  const stored = getScenarioDocument(store, id);
  if (stored === null) {
    throw new InputError(
      `scenario "${id}" was saved without a document (an older import); create it again from its data`,
    );
  }
  const doc = parseScenarioDocument(JSON.parse(stored.json));
  assertResolved(doc);
  return { doc, version: record.version };
}

/** The stored document of a user scenario (for editing, duplicating, exporting). */
export function getUserScenarioDocument(store: Store, id: string): ResolvedDocument {
  return userDocument(store, id).doc;
}

/** Replaces a user scenario's document (its version goes up: earlier runs keep theirs). */
export async function updateUserScenario(
  store: Store,
  id: string,
  input: unknown,
): Promise<SavedUserScenario> {
  const { version } = userDocument(store, id);
  const doc = parseScenarioDocument(input);
  const resolved = await resolveDocument({ ...doc, id }, { store, baseDir: null });
  const scenarios = compileAll(resolved, version + 1);
  const meta = saveResolved(store, resolved, version + 1, scenarios);
  return {
    meta,
    scenario: scenarios[0]!,
    document: resolved,
    protocols: resolved.protocols.map((p) => p.name),
    warnings: [],
  };
}

function freeId(store: Store, base: string): string {
  const stem = base.slice(0, 56).replace(/-+$/, '');
  for (let n = 2; ; n++) {
    const id = `${stem}-${n}`;
    if (scenarioIdFree(store, id)) return id;
  }
}

/** Copies a scenario (a user's, or a built-in's document when it has one) under a new id and name. */
export async function duplicateUserScenario(
  store: Store,
  id: string,
  name?: string,
): Promise<SavedUserScenario> {
  const { doc } = userDocument(store, id);
  const copyName = name ?? `${doc.name} (copy)`;
  return createUserScenario(store, { ...doc, name: copyName, id: freeId(store, doc.id) }, { baseDir: null });
}

/** The scenario file of a user scenario: the resolved document, pretty JSON (what `scenario export` writes). */
export function exportUserScenario(store: Store, id: string): { fileName: string; text: string } {
  const doc = getUserScenarioDocument(store, id);
  return { fileName: `${doc.id}.scenario.json`, text: `${JSON.stringify(doc, null, 2)}\n` };
}

/** Reads, validates and stores a scenario file (files it names are relative to it). */
export async function importScenarioFile(
  store: Store,
  file: string,
  options: { id?: string } = {},
): Promise<SavedUserScenario> {
  const doc = readScenarioFile(file);
  return createUserScenario(store, doc, { baseDir: path.dirname(path.resolve(file)), ...options });
}

/** Parses a scenario file from disk (one-line errors naming the file or the field). */
export function readScenarioFile(file: string): ScenarioDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); check the path`,
    );
  }
  return parseScenarioDocumentText(text, path.basename(file));
}

/** Deletes a user scenario (with its document); a built-in is refused, saying so. */
export function deleteScenario(store: Store, id: string): void {
  const record = getStoredScenario(store, id);
  if (record.builtin) {
    throw new InputError(
      `"${id}" is a built-in scenario and cannot be deleted (only scenarios you made or imported can)`,
    );
  }
  deleteUserScenario(store, id);
}
