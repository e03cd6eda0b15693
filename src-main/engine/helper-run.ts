/**
 * Runs a population helper's task (helper-tasks.ts) where it is received: the helper's worker thread
 * (services/population) and the tests' in-thread helpers. The one place that knows which function
 * does each kind.
 */
import type { HelperTask } from './helper-tasks.ts';
import { drawAttributes, drawRatios, scaleRows } from './population.ts';
import { setTriggers } from './simulation/account-health.ts';
import { fileBuckets } from './bucket-filing.ts';

export function runHelperTask(task: HelperTask): void {
  switch (task.kind) {
    case 'ratios':
      return drawRatios(task);
    case 'attributes':
      return drawAttributes(task);
    case 'scale':
      return scaleRows(task);
    case 'triggers':
      return setTriggers(task);
    case 'buckets':
      return fileBuckets(task);
  }
}
