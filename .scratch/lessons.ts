import { runReplays } from '../src-main/services/replay-service.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { parseDesign } from '../src-main/engine/design.ts';
import { BUILTIN_LESSONS } from '../src-main/training/builtin-lessons.ts';
import { judgeTryIt, tryItDesign } from '../src-main/training/lesson-runtime.ts';
import { measurableReplay } from '../src-main/training/measures.ts';
const cases: [string, string, any[]][] = JSON.parse(process.env.CASES!);
for (const [lid, sid, answers] of cases) {
  const lesson = BUILTIN_LESSONS.get(lid)! as any;
  const step = lesson.steps.find((s: any) => s.id === sid);
  const design = PRESETS.get(lesson.designId)!;
  for (const a of answers) {
    const changed = parseDesign(tryItDesign(step, design, a));
    const [tried, base] = runReplays({ scenarioId: lesson.scenarioId, designs: [changed, design], seed: lesson.seed });
    const j = judgeTryIt(step, a, measurableReplay(tried!), measurableReplay(base!), lesson.scenarioId);
    console.log(lid, sid, JSON.stringify(a), j.met, j.measuredText, j.targetText);
  }
}
