import { scenarioAssumptions } from '../src-main/scenarios/describe.ts';
import { BUILTIN_SCENARIOS } from '../src-main/scenarios/index.ts';
for (const id of (process.env.IDS ?? "").split(",")) for (const a of scenarioAssumptions(BUILTIN_SCENARIOS.get(id)!)) console.log('-', a);
