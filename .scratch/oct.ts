import { replay } from '../src-main/engine/replay.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { october2025 } from '../src-main/scenarios/october-2025.ts';
const base = PRESETS.get('hyperliquid-2025')!;
for (const lim of (process.env.LIMS ?? '20,40,60,100').split(',').map(Number)) {
  const d = structuredClone(base) as any;
  d.liquidation.backstopVault.maxHoldingUsd = lim * 1e6;
  for (const seed of [1]) {
    const r = replay(october2025, d, d, { seed });
    const adl = r.summary.backstops.firstAdlStep;
    const t = r.timeline.startSec + adl * r.stepSeconds - Date.parse('2025-10-10T21:15:03Z') / 1000;
    let liq = 0; const a = (Date.parse('2025-10-10T21:15:00Z')/1000 - r.timeline.startSec)/3, b=(Date.parse('2025-10-10T21:28:00Z')/1000 - r.timeline.startSec)/3;
    for (let i = a; i < b; i++) liq += r.run.series.collateralLiquidatedUsd[i]!;
    console.log(lim, seed, 'firstADL', adl < 0 ? 'none' : t.toFixed(0), 'adl', (r.summary.backstops.adlNotionalUsd / 1e6).toFixed(0), 'liq window', (liq/1e6).toFixed(0), 'liq total', (r.summary.liquidatedUsd / 1e6).toFixed(0));
  }
}
