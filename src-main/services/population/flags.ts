/** A helper task's flag: running, done, failed (population-worker.ts raises it, the caller waits on it). */
export const FLAG_RUNNING = 0;
export const FLAG_DONE = 1;
export const FLAG_FAILED = 2;
