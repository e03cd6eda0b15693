/**
 * The JSON Schema of the scenario format, generated from its zod schema (format.ts), which is built
 * from the engine's own schemas: the committed copy (scenario.v1.schema.json, what editors and the
 * README point at) is checked against a fresh generation by a test, so the two cannot drift.
 */
import { z } from 'zod';
import { SCENARIO_FORMAT, SCENARIO_FORMAT_VERSION, ScenarioDocumentSchema } from './format.ts';

/** The JSON Schema (draft 2020-12) of a scenario file, version 1. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ScenarioDocumentSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...generated,
    title: `Cascade Lab scenario (${SCENARIO_FORMAT}, version ${SCENARIO_FORMAT_VERSION})`,
    description:
      'A crash to replay: assets and their price series, venues and depth, gas, the window and step, one or more protocols (each with its population, design and oracle), a ledger of what happened, and published outcomes with sources. Generated from the engine\u2019s schemas; see the README.',
  };
}
