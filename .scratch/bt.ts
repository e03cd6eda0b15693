import { replay } from '../src-main/engine/replay.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { blackThursday } from '../src-main/scenarios/black-thursday.ts';
const d = PRESETS.get('maker-2020-flip')!;
const variants: Record<string, (s: any) => void> = {
  reverted: () => {},
  tuned: (s) => { s.keepers.count = 12; s.keepers.gasCapMedianGwei = 50; s.keepers.gasCapSigma = 0.6; s.assets[0].venues[0].depthUsd = 10e6;
    s.population.collateralRatioBins = [3,6,10,12,20,24,25].map((w, i) => ({ ...s.population.collateralRatioBins[i], weight: w })); },
};
for (const [name, f] of Object.entries(variants)) for (const seed of [1, 2, 3]) {
  const s = structuredClone(blackThursday); f(s);
  const r = replay(s, d, d, { seed });
  console.log(name, seed, (r.summary.badDebtUsd / 1e6).toFixed(2), (r.summary.zeroBidShare * 100).toFixed(1), r.summary.accountsLiquidated);
}
