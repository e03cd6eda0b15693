/** The built-in scenario library (each checked against the engine's schema by scenarios.test.ts). */
import type { Scenario } from '../engine/scenario.ts';
import { blackMonday1987 } from './black-monday-1987.ts';
import { blackThursday } from './black-thursday.ts';
import { blackThursdayOptions } from './black-thursday-options.ts';
import { compoundDai2020 } from './compound-dai-2020.ts';
import { crvCurve2023 } from './crv-curve-2023.ts';
import { ftxCollapse2022 } from './ftx-collapse-2022.ts';
import { lunaUst2022 } from './luna-ust-2022.ts';
import { october2025 } from './october-2025.ts';
import { stethDiscount2022 } from './steth-discount-2022.ts';

/**
 * Built-in scenarios: Black Thursday first (the flagship the newcomer path and the lessons start
 * from), then the later crashes by date, then 1987 (the seed story of portfolio insurance).
 */
export const BUILTIN_SCENARIO_LIST: readonly Scenario[] = [
  blackThursday,
  blackThursdayOptions,
  compoundDai2020,
  lunaUst2022,
  stethDiscount2022,
  ftxCollapse2022,
  crvCurve2023,
  october2025,
  blackMonday1987,
];

/**
 * By id. Not re-validated at load: these are constants of the code, and scenarios.test.ts asserts
 * that each one parses through the engine's schema to itself, so parsing them here again (about
 * half a second of zod in every engine worker and host start) could only repeat that test.
 */
export const BUILTIN_SCENARIOS: ReadonlyMap<string, Scenario> = new Map(
  BUILTIN_SCENARIO_LIST.map((s) => [s.id, s]),
);
