import { replay } from '../src-main/engine/replay.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { blackMonday1987 } from '../src-main/scenarios/black-monday-1987.ts';
const d = PRESETS.get('reg-t-1987')!;
for (const depth of (process.env.DEPTHS ?? '0.4,1,2,4').split(',').map(Number)) {
  const s = structuredClone(blackMonday1987);
  s.assets[0]!.venues[0]!.depthUsd = depth * 1e9;
  const r = replay(s, d, d, { seed: 1 });
  const dg = r.calibration.diagnostics;
  const ins = r.summary.flowsUsd.insurance;
  console.log(depth, 'obsFall', dg.observedFall.toFixed(3), 'Fmove', dg.fundamentalMoveOverFall.toFixed(3), 'Fdd', dg.fundamentalDrawdown.toFixed(3), 'maxI', dg.maxImpact.toFixed(3), 'ampl', r.summary.amplification.toFixed(2), 'ins', (ins/1e9).toFixed(2), 'liq', (r.summary.liquidatedUsd/1e9).toFixed(2), dg.warnings.length);
}
