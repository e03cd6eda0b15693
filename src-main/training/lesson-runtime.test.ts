/**
 * A try-it may replace a whole part of the design by choosing among options (here the liquidation
 * mechanism), not only a number: the format names any field by path.
 */
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { runReplays } from '../services/replay-service.ts';
import { BUILTIN_LESSONS } from './builtin-lessons.ts';
import type { TryItStep } from './lesson.ts';
import { TrainingFileError, parseLesson } from './lesson.ts';
import { bindSteps, judgeTryIt, tryItAnswerText, tryItDesign } from './lesson-runtime.ts';
import { measurableReplay } from './measures.ts';

const flip = PRESETS.get('maker-2020-flip')!;
const clip = PRESETS.get('maker-2021-clip')!;

function mechanismLesson() {
  const base = structuredClone(BUILTIN_LESSONS.get('auctions-keepers')!) as unknown as {
    id: string;
    steps: unknown[];
  };
  base.id = 'mechanism-swap';
  base.steps = [
    {
      id: 'swap',
      kind: 'try-it',
      title: 'Change the mechanism',
      prompt: 'Pick the liquidation mechanism that ends zero-bid auctions.',
      field: 'liquidation',
      input: {
        kind: 'choice',
        options: [
          { label: 'English auction (flip)', value: flip.liquidation },
          { label: 'Dutch auction (clip)', value: clip.liquidation },
        ],
      },
      goal: {
        label: 'no zero-bid auctions',
        measure: { of: 'run', metric: 'zero-bid-auctions' },
        op: '<=',
        value: 0,
      },
      explanation: 'A Dutch auction has no bidding window to win with a zero bid.',
    },
    { id: 'debrief', kind: 'debrief', title: 'Debrief', text: 'Done.' },
  ];
  return parseLesson(base);
}

describe('try-it with options', () => {
  it('replaces a whole part of the design and is judged by the engine', () => {
    const lesson = mechanismLesson();
    const step = lesson.steps[0] as TryItStep;
    const [base] = runReplays({ scenarioId: 'black-thursday-2020', designs: [flip], seed: 1 });
    const view = bindSteps(lesson, measurableReplay(base!), [], flip, 'ETH')[0]!;
    expect(view).toMatchObject({
      kind: 'try-it',
      input: { kind: 'choice', options: [{ index: 0 }, { index: 1, label: 'Dutch auction (clip)' }] },
    });
    const changed = parseDesign(tryItDesign(step, flip, { option: 1 }));
    expect(changed.liquidation.kind).toBe('dutch-auction');
    const [tried] = runReplays({ scenarioId: 'black-thursday-2020', designs: [changed, flip], seed: 1 });
    const result = judgeTryIt(step, { option: 1 }, measurableReplay(tried!), null, 'ETH');
    expect(result).toMatchObject({ met: true, valueText: 'liquidation: Dutch auction (clip)' });
    expect(judgeTryIt(step, { option: 0 }, measurableReplay(base!), null, 'ETH').met).toBe(false);
  });

  it('refuses an answer of the wrong kind or out of range, naming it', () => {
    const step = mechanismLesson().steps[0] as TryItStep;
    expect(() => tryItDesign(step, flip, { option: 2 })).toThrow(TrainingFileError);
    expect(() => tryItDesign(step, flip, { value: 3 })).toThrow(/answer\.option/);
    const numeric = BUILTIN_LESSONS.get('black-thursday-loop')!.steps.find(
      (s) => s.kind === 'try-it',
    ) as TryItStep;
    expect(() => tryItDesign(numeric, flip, { value: 5 })).toThrow(
      /answer\.value: .* must be from 10 to 500/,
    );
    expect(tryItAnswerText(numeric, { value: 200 })).toBe('keepers.gasCapMedianGwei = 200 gwei');
  });
});
