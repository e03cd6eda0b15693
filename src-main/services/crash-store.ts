/**
 * A stored user scenario with several protocols as the engine runs it: every protocol's compiled
 * scenario (its own population, the shared assets, venues and gas) and its design with its oracle.
 */
import { getScenarioDocument } from '../store/index.ts';
import type { Store } from '../store/index.ts';
import type { StoredCrash } from './crash-service.ts';
import { loadScenario } from './library.ts';
import { compileScenario, effectiveDesign } from './scenario-file/compile.ts';
import { getUserScenarioDocument } from './user-scenarios.ts';

/** The protocols of a stored user scenario when it has two or more; null for every other scenario. */
export function loadCrash(store: Store, id: string): StoredCrash | null {
  const stored = getScenarioDocument(store, id);
  if (stored === null || stored.protocols <= 1) return null;
  const { version } = loadScenario(store, id, { allowSeveralProtocols: true });
  const doc = getUserScenarioDocument(store, id);
  return {
    id,
    version,
    protocols: doc.protocols.map((p, k) => ({
      name: p.name,
      scenario: compileScenario(doc, version, k),
      historical: effectiveDesign(p),
    })),
  };
}
