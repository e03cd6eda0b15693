import { validateScenario } from '../src-main/engine/validation.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { BUILTIN_SCENARIOS } from '../src-main/scenarios/index.ts';
const ids = process.env.IDS!.split(',');
for (const id of ids) {
  const s = BUILTIN_SCENARIOS.get(id)!;
  const t0 = Date.now();
  const r = validateScenario(s, PRESETS.get(s.historicalDesignId)!, { seeds: (process.env.SEEDS ?? '1,2,3').split(',').map(Number) });
  console.log(id, `${((Date.now() - t0) / 1000).toFixed(1)}s`, r.calibrationWarnings);
  for (const row of r.rows) console.log(' ', row.id.padEnd(28), row.status.padEnd(6), row.value.toPrecision(4).padStart(10), row.median.toPrecision(4).padStart(10), `[${row.p10.toPrecision(3)}, ${row.p90.toPrecision(3)}]`);
}
