/**
 * Runs one task of the engine pool and reports how it ended, the same way in a worker thread and
 * in the in-process fallback: progress and a "started" note go to `post`; the task stops when the
 * control flag is raised (cancel) or when its time budget is spent, and says which.
 */
import type { ApiError } from '../../contract/api.ts';
import { CancelledError } from '../../engine/simulate.ts';
import { toApiError } from '../app-errors.ts';
import type { TaskInput, TaskKind, TaskOutput } from './tasks.ts';
import { TASK_HANDLERS } from './tasks.ts';

/** Messages a running task sends back while it runs. */
export type TaskNote = { type: 'started' } | { type: 'progress'; done: number; total: number; label: string };

/** How a task ended. */
export type TaskOutcome<T> =
  { ok: true; value: T } | { ok: false; reason: 'cancelled' | 'budget' | 'error'; error: ApiError };

/** Index 0 of the control array: 1 once main asks the task to stop. */
export const CANCEL_SLOT = 0;

export function runTask<K extends TaskKind>(
  kind: K,
  input: TaskInput<K>,
  control: Int32Array,
  budgetMs: number,
  post: (note: TaskNote) => void,
): TaskOutcome<TaskOutput<K>> {
  post({ type: 'started' });
  const deadline = performance.now() + budgetMs;
  let overBudget = false;
  const shouldCancel = (): boolean => {
    if (Atomics.load(control, CANCEL_SLOT) === 1) return true;
    if (performance.now() > deadline) overBudget = true;
    return overBudget;
  };
  const handler = TASK_HANDLERS[kind] as (input: TaskInput<K>, hooks: unknown) => TaskOutput<K>;
  try {
    if (shouldCancel()) throw new CancelledError();
    const value = handler(input, {
      onProgress: (done: number, total: number, label: string) =>
        post({ type: 'progress', done, total, label }),
      shouldCancel,
    });
    return { ok: true, value };
  } catch (e) {
    if (overBudget)
      return { ok: false, reason: 'budget', error: { code: 'invalid-input', message: 'over budget' } };
    if (e instanceof CancelledError || Atomics.load(control, CANCEL_SLOT) === 1) {
      return {
        ok: false,
        reason: 'cancelled',
        error: { code: 'cancelled', message: 'the job was cancelled' },
      };
    }
    return { ok: false, reason: 'error', error: toApiError(e) };
  }
}
