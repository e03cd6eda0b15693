import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from './builtin-lessons.ts';
import { gateMessage, lessonGate } from './lesson-gate.ts';

const steps = [
  { id: 'intro', kind: 'narration', title: 'Intro' },
  { id: 'guess', kind: 'predict', title: 'Guess' },
  { id: 'seen', kind: 'narration', title: 'What happened' },
  { id: 'fix', kind: 'try-it', title: 'Fix it' },
  { id: 'debrief', kind: 'debrief', title: 'Debrief' },
];

describe('lesson gate', () => {
  it('stops at the first unanswered prediction, then at the first untried try-it, then nowhere', () => {
    expect(lessonGate(steps, new Set(), new Set())).toMatchObject({ index: 1, kind: 'predict' });
    // A try-it tried before the prediction does not open the prediction's gate.
    expect(lessonGate(steps, new Set(), new Set(['fix']))).toMatchObject({ index: 1, stepId: 'guess' });
    expect(lessonGate(steps, new Set(['guess']), new Set())).toMatchObject({ index: 3, kind: 'try-it' });
    expect(lessonGate(steps, new Set(['guess']), new Set(['fix']))).toBeNull();
  });

  it('says what to do, with the step as the student sees it', () => {
    const gate = lessonGate(steps, new Set(), new Set())!;
    expect(gateMessage(gate)).toMatch(/prediction at step 2 \(“Guess”\)/);
    expect(gateMessage(lessonGate(steps, new Set(['guess']), new Set())!)).toMatch(/step 4 .*at least once/);
  });

  it('gates every built-in lesson at its first prediction or try-it', () => {
    for (const lesson of BUILTIN_LESSONS.values()) {
      const first = lesson.steps.findIndex((s) => s.kind === 'predict' || s.kind === 'try-it');
      if (first < 0) continue;
      expect(lessonGate(lesson.steps, new Set(), new Set())?.index, lesson.id).toBe(first);
    }
  });
});
