/**
 * Sweep worker thread (bundled to build/main/sweep-worker.js): piscina calls the default export with
 * one task and posts back its results. The module stays loaded between tasks, so calibrations cached
 * in sweep-run.ts are reused by every later task of the same scenario and seed.
 */
import type { SweepRunResult, SweepTask } from './sweep-run.ts';
import { executeSweepTask } from './sweep-run.ts';

export default function runSweepTask(task: SweepTask): SweepRunResult[] {
  return executeSweepTask(task);
}
