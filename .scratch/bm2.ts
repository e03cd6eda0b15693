import { runReplays } from '../src-main/services/replay-service.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { parseDesign } from '../src-main/engine/design.ts';
const h = PRESETS.get('reg-t-1987')!;
const off = parseDesign({ ...h, id: 'no-insurers', options: { ...h.options!, insurersActive: false } });
const [a, b] = runReplays({ scenarioId: 'black-monday-1987', designs: [h, off], seed: 1 });
const share = 1 - Math.log(1 - b!.summary.drawdown.simulated) / Math.log(1 - a!.summary.drawdown.simulated);
console.log('dd on', a!.summary.drawdown.simulated, 'off', b!.summary.drawdown.simulated, 'share', share, 'ampl', a!.summary.amplification, b!.summary.amplification, 'ins net', a!.summary.flowsUsd.insurance, 'peak iv', (a!.run as any).options?.peakAtmIv);
