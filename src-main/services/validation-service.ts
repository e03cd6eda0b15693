/**
 * Validation as a use case (CLI `validate`, the app's Validation panel): runs a built-in scenario's
 * validation grid (engine/validation.ts) with progress and cancel, and keeps finished reports per
 * scenario id, scenario version and engine version (a validation is deterministic, so a cached report
 * is the same report).
 */
import type { ValidationReport } from '../engine/validation.ts';

export type { ValidationReport, ValidationRow } from '../engine/validation.ts';
import { validateScenario } from '../engine/validation.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import type { Design, Scenario } from './replay-service.ts';
import { getScenario, historicalDesign } from './replay-service.ts';

export interface ValidationHooks {
  onProgress?: (done: number, total: number, label: string) => void;
  shouldCancel?: () => boolean;
}

const cache = new Map<string, ValidationReport>();

/**
 * Validates a scenario: a built-in by id (InputError for an unknown one), or a user scenario resolved
 * in main (`resolved`: the scenario and the design it is calibrated against). Cached per scenario,
 * its version and the engine version.
 */
export function runValidation(
  scenarioId: string,
  hooks: ValidationHooks = {},
  resolved?: { scenario: Scenario; historical: Design },
): ValidationReport {
  const scenario = resolved?.scenario ?? getScenario(scenarioId);
  const historical = resolved?.historical ?? historicalDesign(scenario);
  const key = `${resolved ? 'user:' : ''}${scenario.id}@${scenario.version}/${ENGINE_VERSION}`;
  const cached = cache.get(key);
  if (cached) {
    hooks.onProgress?.(cached.runs, cached.runs, 'validation (cached)');
    return cached;
  }
  const report = validateScenario(scenario, historical, {
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.shouldCancel ? { shouldCancel: hooks.shouldCancel } : {}),
  });
  cache.set(key, report);
  return report;
}
