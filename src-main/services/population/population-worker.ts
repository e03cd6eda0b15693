/**
 * The population helper's thread (population-helper.ts; bundled to build/main/population-worker.js):
 * runs each task it is sent (a population's collateral ratios, other attributes or scaling, the
 * accounts' first triggers, or the call index's first filing) on the task's shared columns, then
 * raises the task's flag (1 done, 2 failed, with the error posted back) and wakes the waiting
 * thread; after a while without a task it retires (flags.ts).
 */
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import type { HelperTask } from '../../engine/helper-tasks.ts';
import { runHelperTask } from '../../engine/helper-run.ts';
import { FLAG_DONE, FLAG_FAILED, RETIRE_AFTER_MS, WORKER_IDLE, WORKER_RETIRED } from './flags.ts';

export interface HelperTaskMessage {
  task: HelperTask;
  /** One Int32 in shared memory: 0 while the task runs. */
  flag: Int32Array;
}

/** The channel the helper made: tasks come in on it, a failure's message goes back on it. */
const { port, state } = workerData as { port: MessagePort; state: Int32Array };

let retire: ReturnType<typeof setTimeout> | undefined;

port.on('message', ({ task, flag }: HelperTaskMessage) => {
  clearTimeout(retire);
  let done = FLAG_DONE;
  try {
    runHelperTask(task);
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
    done = FLAG_FAILED;
  }
  // Idle again before the caller sees the task finished, so that its next task finds the worker idle.
  Atomics.store(state, 0, WORKER_IDLE);
  Atomics.store(flag, 0, done);
  Atomics.notify(flag, 0);
  // No task for a while: retire, unless one was posted meanwhile (the exchange then finds it busy).
  retire = setTimeout(() => {
    if (Atomics.compareExchange(state, 0, WORKER_IDLE, WORKER_RETIRED) !== WORKER_IDLE) return;
    port.close();
    process.exit(0);
  }, RETIRE_AFTER_MS);
});
