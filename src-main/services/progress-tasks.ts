/**
 * Calls that run the engine under a progress id the caller chose (a try-it, a challenge, an account
 * autopsy): while one runs, its progress goes out as `job.progress` events with that id, and
 * `jobs.cancel` with the id stops it — the call then answers code 'cancelled'. A call without a
 * progress id runs the same way, unseen and uncancellable.
 */
import type { ApiEvent } from '../contract/api.ts';
import { AppError, invalidInput } from './app-errors.ts';

/** What running work reports to, and hears cancellation from. */
export interface TaskLike {
  progress(done: number, total: number, label: string): void;
  /** Runs `cancel` when the task is cancelled (at once if it already is); answers the unsubscribe. */
  onCancel(cancel: () => void): () => void;
}

export interface Task extends TaskLike {
  readonly cancelled: boolean;
  /** Throws AppError 'cancelled' when the task was cancelled. */
  check(): void;
  close(): void;
}

export class ProgressTasks {
  readonly #running = new Map<string, { cancelled: boolean; hooks: Set<() => void> }>();

  constructor(private readonly emit: (ctx: { emit(e: ApiEvent): void }, e: ApiEvent) => void) {}

  /** A task for `id` (null when the call named none); refuses an id already running. */
  open(id: string | undefined, ctx: { emit(e: ApiEvent): void }): Task | null {
    if (id === undefined) return null;
    if (this.#running.has(id))
      throw invalidInput(`progressId "${id}" is already in use: use a new one per call`, 'progressId');
    const state = { cancelled: false, hooks: new Set<() => void>() };
    this.#running.set(id, state);
    const emit = this.emit;
    const running = this.#running;
    return {
      get cancelled() {
        return state.cancelled;
      },
      progress(done, total, label) {
        if (!state.cancelled) emit(ctx, { type: 'job.progress', jobId: id, done, total, label });
      },
      onCancel(cancel) {
        if (state.cancelled) {
          cancel();
          return () => {};
        }
        state.hooks.add(cancel);
        return () => state.hooks.delete(cancel);
      },
      check() {
        if (state.cancelled) throw new AppError('cancelled', 'the job was cancelled');
      },
      close() {
        running.delete(id);
      },
    };
  }

  /** Cancels the call running under `id`; false when there is none. */
  cancel(id: string): boolean {
    const state = this.#running.get(id);
    if (!state) return false;
    if (!state.cancelled) {
      state.cancelled = true;
      for (const h of state.hooks) h();
    }
    return true;
  }

  cancelAll(): void {
    for (const id of [...this.#running.keys()]) this.cancel(id);
  }
}

/**
 * Part `index` of `count` equal parts of a task (a challenge's hidden seeds): progress is scaled
 * into the part and its label prefixed.
 */
export function taskPart(
  task: TaskLike | null,
  index: number,
  count: number,
  prefix: string,
): TaskLike | null {
  if (!task) return null;
  const SCALE = 1000;
  // A run reports its phases one after the other, each from 0 (calibration, then each design): the
  // bar never goes back, it waits until the fraction passes where it stands.
  let shown = 0;
  return {
    progress: (done, total, label) => {
      shown = Math.max(shown, total > 0 ? Math.min(done, total) / total : 0);
      task.progress(Math.round(SCALE * (index + shown)), SCALE * count, `${prefix}: ${label}`);
    },
    onCancel: (cancel) => task.onCancel(cancel),
  };
}
