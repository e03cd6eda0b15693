/**
 * The built-in library in the store: every shipped scenario (with its observed price series) and
 * every preset design, seeded from the definitions in the repo when a store opens and upgraded in
 * place when this app ships a newer version. User scenarios and designs are never touched (the store
 * enforces it: seeding writes only built-in/preset rows).
 *
 * Scenarios are looked up in the store first, so user scenarios (made from imports, or received in
 * bundles) replay exactly like the built-in ones.
 */
import type { Design } from '../engine/design.ts';
import { DesignError, canonicalJson, parseDesign } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import type { Scenario } from '../engine/scenario.ts';
import { ScenarioError, parseScenario } from '../engine/scenario.ts';
import { observationSeries } from '../engine/observed-path.ts';
import { BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import {
  getDesign,
  getScenario as getStoredScenario,
  listDesigns,
  getScenarioDocument,
  getSeries,
  listScenarioDocuments,
  listScenarios as listStoredScenarios,
  openStore,
  seedBuiltins,
  seedPresetDesigns,
  StoreError,
} from '../store/index.ts';
import type {
  BuiltinScenarioDefinition,
  OpenStoreOptions,
  PresetDesignDefinition,
  PresetSeedReport,
  ScenarioMeta,
  SeedReport,
  Store,
} from '../store/index.ts';
import { InputError, resolveDesign } from './replay-service.ts';
import type { DesignFileReader, SavedDesignLookup } from './replay-service.ts';

/** The store, for hosts that hold one open (the CLI): its type and its restore-from-backup. */
export type { Store } from '../store/index.ts';
export { restoreBackup } from '../store/index.ts';

/** What seeding did to scenarios and to designs. */
export interface LibrarySeedReport {
  scenarios: SeedReport;
  designs: PresetSeedReport;
}

/** The store definition of a shipped scenario: its JSON and one price series per asset. */
export function builtinScenarioDefinition(scenario: Scenario): BuiltinScenarioDefinition {
  // Built when seeding writes the row (a new or upgraded built-in), never at a start that finds
  // every built-in stored at its version.
  let json: string | undefined;
  let series: BuiltinScenarioDefinition['series'];
  return {
    id: scenario.id,
    version: scenario.version,
    title: scenario.title,
    get json() {
      return (json ??= JSON.stringify(scenario));
    },
    get series() {
      return (series ??= scenario.assets.map((asset) => {
        // Bars are stored as their opens and closes (the scenario's JSON keeps the full OHLC).
        const points = observationSeries(asset.observed);
        return {
          asset: asset.id,
          venue: 'observed',
          kind: 'price' as const,
          timestampsMs: Float64Array.from(points, ([t]) => t * 1000),
          values: Float64Array.from(points, ([, p]) => p),
          source: asset.observed.source,
        };
      }));
    },
  };
}

/** The store definition of a preset design (canonical JSON, so an unchanged preset is not rewritten). */
export function presetDesignDefinition(design: Design): PresetDesignDefinition {
  return { id: design.id, name: design.name, json: canonicalJson(design) };
}

/**
 * Seeds (or upgrades) the built-in scenarios and preset designs in one call. Defaults: everything
 * this app ships. Returns what was inserted, upgraded, left alone, or blocked by a user row.
 */
export function seedLibrary(
  store: Store,
  shipped: { scenarios?: readonly Scenario[]; designs?: Iterable<Design> } = {},
): LibrarySeedReport {
  const scenarios = (shipped.scenarios ?? BUILTIN_SCENARIO_LIST).map(builtinScenarioDefinition);
  const designs = [...(shipped.designs ?? PRESETS.values())].map(presetDesignDefinition);
  return { scenarios: seedBuiltins(store, scenarios), designs: seedPresetDesigns(store, designs) };
}

/** Opens the store and brings its built-in library up to date (what every host does at start). */
export async function openLibraryStore(
  options: OpenStoreOptions,
): Promise<{ store: Store; seed: LibrarySeedReport }> {
  const store = await openStore(options);
  try {
    return { store, seed: seedLibrary(store) };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** Scenarios in the store (built-ins first). */
export function listLibraryScenarios(store: Store): ScenarioMeta[] {
  return listStoredScenarios(store);
}

/**
 * A scenario from the store, validated by the engine. Throws InputError naming the known ids when
 * there is none with this id, or saying what is wrong with a stored definition.
 */
export function loadScenario(
  store: Store,
  id: string,
  options: { allowSeveralProtocols?: boolean } = {},
): { scenario: Scenario; version: number; builtin: boolean } {
  let record;
  try {
    record = getStoredScenario(store, id);
  } catch (error) {
    if (error instanceof StoreError && error.code === 'not-found') {
      const known = listStoredScenarios(store).map((s) => s.id);
      throw new InputError(`unknown scenario "${id}" (known: ${known.join(', ')})`);
    }
    throw error;
  }
  if (!record.builtin && options.allowSeveralProtocols !== true) refuseSeveralProtocols(store, id);
  try {
    const scenario = parseScenario(JSON.parse(record.json));
    if (scenario.id !== record.id) {
      throw new ScenarioError(
        `scenario.id: "${scenario.id}" differs from its store id "${record.id}"`,
        'scenario.id',
      );
    }
    return { scenario, version: record.version, builtin: record.builtin };
  } catch (error) {
    if (error instanceof ScenarioError || error instanceof SyntaxError) {
      throw new InputError(
        `stored scenario "${id}" is not valid for this engine: ${error.message}; re-import or recreate it`,
      );
    }
    throw error;
  }
}

/**
 * The store's saved (user) designs as a lookup for {@link resolveDesign}: undefined when there is
 * none with this id (or it is a preset row); InputError when a stored design no longer validates.
 */
export function savedDesignLookup(store: Store): SavedDesignLookup {
  return (id) => {
    let record;
    try {
      record = getDesign(store, id);
    } catch (error) {
      if (error instanceof StoreError && error.code === 'not-found') return undefined;
      throw error;
    }
    try {
      return parseDesign(JSON.parse(record.json));
    } catch (error) {
      if (error instanceof DesignError || error instanceof SyntaxError) {
        throw new InputError(`saved design "${id}" is not valid for this engine: ${error.message}`);
      }
      throw error;
    }
  };
}

/**
 * Resolves a design reference with the store's saved designs: what every host that has a store
 * uses (see {@link resolveDesign} for the forms accepted).
 */
export function resolveDesignRef(
  ref: string,
  store: Store | null,
  readFile?: DesignFileReader | null,
): Design {
  return resolveDesign(ref, readFile, store === null ? undefined : savedDesignLookup(store));
}

/** The user's saved designs (presets excluded), by name. */
export function listSavedDesigns(store: Store): { id: string; name: string; updatedAtMs: number }[] {
  return listDesigns(store)
    .filter((d) => !d.preset)
    .map((d) => ({ id: d.id, name: d.name, updatedAtMs: d.updatedAtMs }));
}

/**
 * Refuses a user scenario with several protocols where one protocol is run at a time (the
 * one-protocol run path): replay, compare, --save, validate, sweeps (with a protocol named) and the
 * autopsy run them together.
 */
function refuseSeveralProtocols(store: Store, id: string): void {
  const document = getScenarioDocument(store, id);
  if (document === null || document.protocols <= 1) return;
  const names = (JSON.parse(document.json) as { protocols?: { name?: unknown }[] }).protocols
    ?.map((p) => String(p.name))
    .join(', ');
  throw new InputError(
    `scenario "${id}" has ${document.protocols} protocols (${names}) sharing one crash; this runs one protocol at a time. Replay, Compare, validation and sweeps run every protocol together on the same venues (cascade-lab replay ${id} [--save]; compare ${id} --protocol NAME --design A --design B; validate ${id}; sweep run --scenario ${id} --protocol NAME --design D)`,
  );
}

/**
 * A design by id: a preset, else a design saved in the store (validated). Throws InputError when
 * neither has it. No oracle variants and no files: for ids stored in scenarios and requests.
 */
export function loadDesign(store: Store, id: string): Design {
  const design = PRESETS.get(id) ?? savedDesignLookup(store)(id);
  if (design === undefined) {
    throw new InputError(
      `unknown design "${id}" (presets: ${[...PRESETS.keys()].join(', ')}; or the id of a saved design)`,
    );
  }
  return design;
}

/**
 * Everything a replay of a stored scenario needs, resolved in main (workers get the objects, not
 * ids): the scenario as the store holds it (built-in or user; several protocols refused), the
 * design it is calibrated against (a preset, else a saved design), its version and origin. The one
 * place hosts resolve a scenario for a run.
 */
export function resolveRunnable(
  store: Store,
  id: string,
): { scenario: Scenario; historical: Design; version: number; builtin: boolean } {
  const { scenario, version, builtin } = loadScenario(store, id);
  return { scenario, historical: loadDesign(store, scenario.historicalDesignId), version, builtin };
}

/** Protocols per user scenario (from its stored document); a scenario absent here has one. */
export function scenarioProtocolCounts(store: Store): Map<string, number> {
  return new Map(listScenarioDocuments(store).map((d) => [d.scenarioId, d.protocols]));
}

/**
 * The asset of a stored (imported) series; InputError naming `field` when there is none with this
 * id (the id is the one `import` printed).
 */
export function storedSeriesAsset(store: Store, id: string, field: string): string {
  try {
    return getSeries(store, id).asset;
  } catch (e) {
    if (e instanceof StoreError && e.code === 'not-found')
      throw new InputError(`${field}: no stored series with this id (see the id cascade-lab import printed)`);
    throw e;
  }
}
