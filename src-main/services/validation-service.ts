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
import { getScenario, historicalDesign } from './replay-service.ts';

export interface ValidationHooks {
  onProgress?: (done: number, total: number, label: string) => void;
  shouldCancel?: () => boolean;
}

const cache = new Map<string, ValidationReport>();

/** Validates a built-in scenario (InputError for an unknown id). Cached per scenario and engine version. */
export function runValidation(scenarioId: string, hooks: ValidationHooks = {}): ValidationReport {
  const scenario = getScenario(scenarioId);
  const key = `${scenario.id}@${scenario.version}/${ENGINE_VERSION}`;
  const cached = cache.get(key);
  if (cached) {
    hooks.onProgress?.(cached.runs, cached.runs, 'validation (cached)');
    return cached;
  }
  const report = validateScenario(scenario, historicalDesign(scenario), {
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.shouldCancel ? { shouldCancel: hooks.shouldCancel } : {}),
  });
  cache.set(key, report);
  return report;
}
