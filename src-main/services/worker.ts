/**
 * Replay worker thread (bundled to build/main/worker.js). Runs one replay job (or one scenario's
 * validation) from `workerData`,
 * posts progress, then the stored runs or an error, and exits. Cancellation: main stores 1 in the
 * shared flag; the engine polls it every 64 steps and throws CancelledError.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { toApiError } from './app-errors.ts';
import type { ReplayWorkerData, ReplayWorkerMessage } from './replay-jobs.ts';
import { executeReplayJob } from './replay-jobs.ts';
import { runValidation } from './validation-service.ts';

if (isMainThread || !parentPort) {
  throw new Error(
    'worker.js is a worker thread: main starts it (see replay-jobs.ts); do not run it directly',
  );
}

const port = parentPort;
const { request, validate, cancelFlag } = workerData as ReplayWorkerData;
const post = (msg: ReplayWorkerMessage) => port.postMessage(msg);
const hooks = {
  onProgress: (done: number, total: number, label: string) => post({ type: 'progress', done, total, label }),
  shouldCancel: () => Atomics.load(cancelFlag, 0) === 1,
};

try {
  if (validate !== undefined) post({ type: 'validated', report: runValidation(validate, hooks) });
  else if (request) post({ type: 'done', runs: executeReplayJob(request, hooks) });
  else throw new Error('worker.js: neither a replay request nor a scenario to validate');
} catch (e) {
  post({ type: 'error', error: toApiError(e) });
}
