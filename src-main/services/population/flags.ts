/** A helper task's flag: running, done, failed (population-worker.ts raises it, the caller waits on it). */
export const FLAG_RUNNING = 0;
export const FLAG_DONE = 1;
export const FLAG_FAILED = 2;

/**
 * The worker's state, one Int32 in shared memory both threads change by compare-and-exchange: idle
 * (it may be given a task), busy (a task was posted and not finished), retired (it let itself go
 * after `RETIRE_AFTER_MS` without a task; the caller draws alone from then on).
 */
export const WORKER_IDLE = 0;
export const WORKER_BUSY = 1;
export const WORKER_RETIRED = 2;

/**
 * Idle this long after a task, the worker exits, giving back its ~15 MB (its own JavaScript heap and
 * code) before the run that it helped reaches its peak memory. Longer than any gap between one
 * population's tasks; a command that draws another population later draws it alone.
 */
export const RETIRE_AFTER_MS = 250;
