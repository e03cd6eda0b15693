/**
 * Replay worker thread (bundled to build/main/worker.js). Runs one replay job from `workerData`,
 * posts progress, then the stored runs or an error, and exits. Cancellation: main stores 1 in the
 * shared flag; the engine polls it every 64 steps and throws CancelledError.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { toApiError } from './app-errors.ts';
import type { ReplayWorkerData, ReplayWorkerMessage } from './replay-jobs.ts';
import { executeReplayJob } from './replay-jobs.ts';

if (isMainThread || !parentPort) {
  throw new Error(
    'worker.js is a worker thread: main starts it (see replay-jobs.ts); do not run it directly',
  );
}

const port = parentPort;
const { request, cancelFlag } = workerData as ReplayWorkerData;
const post = (msg: ReplayWorkerMessage) => port.postMessage(msg);

try {
  const runs = executeReplayJob(request, {
    onProgress: (done, total, label) => post({ type: 'progress', done, total, label }),
    shouldCancel: () => Atomics.load(cancelFlag, 0) === 1,
  });
  post({ type: 'done', runs });
} catch (e) {
  post({ type: 'error', error: toApiError(e) });
}
