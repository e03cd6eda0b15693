/**
 * One piece of long work the user started and can cancel (a try-it, a challenge's judging, an
 * account autopsy): whether it runs, its progress, and its cancel. The view shows it with
 * JobProgress; a cancelled job answers code 'cancelled', which views treat as no error.
 */
import type { ApiError, Result } from '../lib/contract.ts';
import type { ReplayProgress } from '../lib/api.ts';

export class Job {
  running = $state(false);
  progress = $state.raw<ReplayProgress | null>(null);
  #abort: AbortController | null = null;

  /** Runs `work` (a call given the progress callback and the abort signal); a running job is cancelled first. */
  async run<T>(
    work: (onProgress: (p: ReplayProgress) => void, signal: AbortSignal) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    this.cancel();
    const abort = new AbortController();
    this.#abort = abort;
    this.running = true;
    this.progress = { done: 0, total: 1, label: 'starting' };
    try {
      return await work((p) => {
        if (this.#abort === abort) this.progress = p;
      }, abort.signal);
    } finally {
      if (this.#abort === abort) {
        this.#abort = null;
        this.running = false;
        this.progress = null;
      }
    }
  }

  cancel(): void {
    this.#abort?.abort();
  }
}

/** True for the answer of a job the user cancelled (not an error to show). */
export function wasCancelled(error: ApiError | null | undefined): boolean {
  return error?.code === 'cancelled';
}
