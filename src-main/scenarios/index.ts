/** The built-in scenario library, validated at load. */
import type { Scenario } from '../engine/scenario.ts';
import { parseScenario } from '../engine/scenario.ts';
import { blackThursday } from './black-thursday.ts';

export const BUILTIN_SCENARIOS: ReadonlyMap<string, Scenario> = new Map(
  [blackThursday].map((s) => [s.id, parseScenario(s)]),
);
