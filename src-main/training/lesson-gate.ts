/**
 * Where a lesson waits for the student. A prediction is a question asked BEFORE the replay shows
 * the answer, so the lesson cannot move past it (and reveal what happened) until it is locked in;
 * a try-it is the lesson's exercise, so it must be tried at least once (solved or not) before the
 * lesson can move on or count as completed. Pure: the handlers and the player share it.
 */

/** The first step the student cannot move past yet, and why. */
export interface LessonGate {
  index: number;
  stepId: string;
  kind: 'predict' | 'try-it';
  title: string;
}

/**
 * The first unanswered prediction or untried try-it, in lesson order; null when every one is done.
 * @param answered ids of predict steps with a locked-in answer.
 * @param tried ids of try-it steps with at least one attempt judged by the engine.
 */
export function lessonGate(
  steps: readonly { id: string; kind: string; title: string }[],
  answered: ReadonlySet<string>,
  tried: ReadonlySet<string>,
): LessonGate | null {
  for (let index = 0; index < steps.length; index++) {
    const s = steps[index]!;
    if (s.kind === 'predict' && !answered.has(s.id))
      return { index, stepId: s.id, kind: 'predict', title: s.title };
    if (s.kind === 'try-it' && !tried.has(s.id))
      return { index, stepId: s.id, kind: 'try-it', title: s.title };
  }
  return null;
}

/** What the student has to do at a gate, in one line (step numbers are 1-based, as shown). */
export function gateMessage(gate: LessonGate): string {
  return gate.kind === 'predict'
    ? `lock in your prediction at step ${gate.index + 1} (“${gate.title}”) first: the replay waits there until it is in`
    : `try the change at step ${gate.index + 1} (“${gate.title}”) at least once first: run the engine with a value of your own`;
}
