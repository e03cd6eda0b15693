import { fitCheck } from '../src-main/services/fit-check.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { BUILTIN_SCENARIO_LIST } from '../src-main/scenarios/index.ts';
for (const s of BUILTIN_SCENARIO_LIST) for (const d of PRESETS.values()) {
  const f = fitCheck(s, d);
  if (f.length) console.log(s.id.padEnd(28), d.id.padEnd(30), f.map((x) => x.level).join(','));
}
