/**
 * Account re-run worker (bundled to build/main/track-worker.js): re-runs one account of a finished
 * replay (account-rerun.ts), posts progress, then the result or an error, and exits. Cancellation:
 * main stores 1 in the shared flag; the engine polls it and throws CancelledError.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { toApiError } from './app-errors.ts';
import { rerunAccount } from './account-rerun.ts';
import type { TrackWorkerData, TrackWorkerMessage } from './track-jobs.ts';

if (isMainThread || !parentPort) {
  throw new Error('track-worker.js is a worker thread: main starts it (see track-jobs.ts)');
}

const port = parentPort;
const { request, cancelFlag } = workerData as TrackWorkerData;
const post = (msg: TrackWorkerMessage) => port.postMessage(msg);

try {
  const result = rerunAccount(request, {
    onProgress: (done, total, label) => post({ type: 'progress', done, total, label }),
    shouldCancel: () => Atomics.load(cancelFlag, 0) === 1,
  });
  post({ type: 'done', result });
} catch (e) {
  post({ type: 'error', error: toApiError(e) });
}
