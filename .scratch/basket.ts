import { replay } from '../src-main/engine/replay.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { blackThursday } from '../src-main/scenarios/black-thursday.ts';
const flip = PRESETS.get('maker-2020-flip')!;
for (const id of ['maker-2020-flip', 'aave-v3', 'compound-market-sale']) {
  const r = replay(blackThursday, PRESETS.get(id)!, flip, { seed: 7, accounts: 2000, stepSeconds: 300 });
  console.log(`['${id}', ${r.summary.badDebtUsd}, ${r.summary.liquidatedUsd}],`);
}
