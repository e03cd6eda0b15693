import { runReplays } from '../src-main/services/replay-service.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { parseDesign } from '../src-main/engine/design.ts';
import { hiddenSeeds } from '../src-main/training/challenge.ts';
import { BUILTIN_CHALLENGES } from '../src-main/training/builtin-challenges.ts';
const clip = PRESETS.get('maker-2021-clip')!;
const ch = BUILTIN_CHALLENGES.get('bt-bad-debt-70-ltv')!;
for (const lr of [1.3, 1.35, 1.4, 1 / 0.7]) for (const seed of hiddenSeeds(ch)) {
  const d = parseDesign({ ...clip, id: 'c' + Math.round(lr * 1000), margin: { ...clip.margin, liquidationRatio: lr } });
  const [r] = runReplays({ scenarioId: 'black-thursday-2020', designs: [d], seed });
  console.log(lr.toFixed(3), seed, r!.summary.badDebtPctOfDebt.toFixed(3));
}
