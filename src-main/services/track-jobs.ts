/**
 * Runs an account re-run (the autopsy's) off main's event loop: one worker thread per job
 * (build/main/track-worker.js), progress as it goes, cancel through a shared flag the engine polls
 * (a worker that does not stop within a grace period is terminated). From TypeScript sources (unit
 * tests) there is no worker bundle: the re-run then runs on the calling thread, uncancellable.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ApiError } from '../contract/api.ts';
import type { AccountRerunRequest, AccountRerunResult } from './account-rerun.ts';
import { rerunAccount } from './account-rerun.ts';
import { AppError, toApiError } from './app-errors.ts';
import type { TaskLike } from './progress-tasks.ts';

export type TrackWorkerMessage =
  | { type: 'progress'; done: number; total: number; label: string }
  | { type: 'done'; result: AccountRerunResult }
  | { type: 'error'; error: ApiError };

export interface TrackWorkerData {
  request: AccountRerunRequest;
  cancelFlag: Int32Array;
}

/** The worker bundle next to the running bundle, if there is one. */
export function bundledTrackWorkerUrl(): URL | undefined {
  const url = new URL('./track-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

const cancelled = () => new AppError('cancelled', 'the job was cancelled');

/** Re-runs one account in a worker (or in process without a bundle), reporting to `task`. */
export async function runAccountRerun(
  request: AccountRerunRequest,
  task: TaskLike | null,
  workerUrl: URL | undefined = bundledTrackWorkerUrl(),
  cancelGraceMs = 2000,
): Promise<AccountRerunResult> {
  if (!workerUrl) {
    let stop = false;
    const off = task?.onCancel(() => (stop = true));
    try {
      if (stop) throw cancelled();
      return rerunAccount(request, { onProgress: (d, t, l) => task?.progress(d, t, l) });
    } finally {
      off?.();
    }
  }
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerUrl, { workerData: { request, cancelFlag } satisfies TrackWorkerData });
  let wasCancelled = false;
  let grace: NodeJS.Timeout | undefined;
  const off = task?.onCancel(() => {
    wasCancelled = true;
    Atomics.store(cancelFlag, 0, 1);
    grace = setTimeout(() => void worker.terminate(), cancelGraceMs);
    grace.unref();
  });
  try {
    return await new Promise<AccountRerunResult>((resolve, reject) => {
      worker.on('message', (msg: TrackWorkerMessage) => {
        if (msg.type === 'progress') task?.progress(msg.done, msg.total, msg.label);
        else if (msg.type === 'done') {
          if (wasCancelled) reject(cancelled());
          else resolve(msg.result);
        } else
          reject(
            wasCancelled ? cancelled() : new AppError(msg.error.code, msg.error.message, msg.error.field),
          );
      });
      worker.on('error', (e) =>
        reject(wasCancelled ? cancelled() : new AppError('failed', toApiError(e).message)),
      );
      worker.on('exit', (code) =>
        reject(
          wasCancelled
            ? cancelled()
            : new AppError('failed', `the account re-run stopped unexpectedly (exit code ${code})`),
        ),
      );
    });
  } finally {
    off?.();
    if (grace) clearTimeout(grace);
    void worker.terminate();
  }
}
