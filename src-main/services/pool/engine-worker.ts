/**
 * The engine pool's worker entry (bundled to build/main/engine-worker.js by tools/build-main.js).
 * Piscina calls the export named for a task's kind (tasks.ts TASK_ENTRIES) with the message below;
 * the worker stays warm between tasks, so each task pays no start-up cost.
 */
import type { MessagePort } from 'node:worker_threads';
import type { TaskInput, TaskKind, TaskOutput } from './tasks.ts';
import type { TaskNote, TaskOutcome } from './task-runner.ts';
import { runTask } from './task-runner.ts';

/** What main sends with each task. */
export interface WorkerTaskMessage<K extends TaskKind> {
  input: TaskInput<K>;
  /** Progress and the "started" note go back through this port (transferred with the task). */
  port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: main stores 1 at index 0 to stop the task. */
  control: Int32Array;
  /** Time the task may run, ms, counted from when it starts here. */
  budgetMs: number;
}

function hosted<K extends TaskKind>(kind: K) {
  return (msg: WorkerTaskMessage<K>): TaskOutcome<TaskOutput<K>> => {
    try {
      return runTask(kind, msg.input, msg.control, msg.budgetMs, (note: TaskNote) =>
        msg.port.postMessage(note),
      );
    } finally {
      msg.port.close();
    }
  };
}

export const replay = hosted('replay');
export const trackAccount = hosted('track-account');
export const validate = hosted('validate');
export const sweep = hosted('sweep');
