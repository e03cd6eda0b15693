/**
 * The population helper's thread (population-helper.ts; bundled to build/main/population-worker.js):
 * runs each task it is sent (a population's collateral ratios, other attributes or scaling, or the
 * accounts' first triggers) on the task's shared columns, then raises the task's flag (1 done, 2
 * failed, with the error posted back) and wakes the waiting thread; after a while without a task
 * it retires (flags.ts).
 */
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import type { AttributeTask, HelperTask, RatioTask, ScaleTask } from '../../engine/helper-tasks.ts';
import { drawAttributes, drawRatios, scaleRows } from '../../engine/population.ts';
import { setTriggers } from '../../engine/simulation/account-health.ts';
import type { TriggerTask } from '../../engine/helper-tasks.ts';
import { FLAG_DONE, FLAG_FAILED, RETIRE_AFTER_MS, WORKER_IDLE, WORKER_RETIRED } from './flags.ts';

export interface HelperTaskMessage {
  task: HelperTask;
  /** One Int32 in shared memory: 0 while the task runs. */
  flag: Int32Array;
}

/**
 * Runs the drawing loops on scratch rows while the thread waits for its first task, so that task
 * runs optimised code from its first row (cold, this thread drew its half at half the caller's speed).
 */
function warmUp(): void {
  const rows = 2048;
  const ratios: RatioTask = {
    kind: 'ratios',
    from: 0,
    to: rows,
    state: Int32Array.of(1, 2, 3, 4),
    skip: 3,
    cumulative: Float64Array.of(0.2, 0.7, 1),
    binFrom: Float64Array.of(1.5, 2, 3),
    binTo: Float64Array.of(2, 3, 5),
    ratios: new Float64Array(rows),
    logs: new Float64Array(rows),
    range: new Float64Array(2),
    endState: new Int32Array(4),
  };
  const task: AttributeTask = {
    kind: 'attributes',
    skip: 5,
    from: 0,
    to: rows,
    state: Int32Array.of(1, 2, 3, 4),
    whaleRows: [7, 0],
    whaleDebtUsd: [1e6],
    response: {
      topUp: 0.3,
      deleverage: 0.2,
      medianDelayMinutes: 30,
      delaySigma: 1,
      reserveMedianRatio: 0.5,
      gasCapMedianGwei: 100,
      gasCapSigma: 0.5,
      targetRatio: 1.5,
      patienceMinutes: 60,
    },
    invAlpha: 1 / 1.5,
    delayMedianSteps: 30,
    debt: new Float64Array(rows),
    whale: new Int16Array(rows),
    responseKind: new Uint8Array(rows),
    responseDelaySteps: new Uint16Array(rows),
    reserve: new Float64Array(rows),
    gasCapGwei: new Float32Array(rows),
  };
  // Cloned as a real task is (deserialised objects have other maps than literals: optimised code
  // made for a literal would be thrown away at the first real task).
  const triggers: TriggerTask = {
    kind: 'triggers',
    from: 0,
    to: rows,
    collateral: new Float64Array(rows).fill(2),
    debt: new Float64Array(rows).fill(150),
    status: new Uint8Array(rows),
    liquidationRatio: 1.5,
    callRatio: 1.6,
    logP0: Math.log(100),
    histScale: 30,
    liqTrigger: new Float64Array(rows),
    callTrigger: new Float64Array(rows),
    logLiqTrigger: new Float64Array(rows),
    histBucket: new Int16Array(rows),
    histDebt: new Float64Array(rows),
    counts: new Int32Array(64),
    debtUsd: new Float64Array(64),
  };
  const scale: ScaleTask = {
    kind: 'scale',
    from: 0,
    to: rows,
    scale: 1.25,
    initialPrice: 100,
    leverage: true,
    debt: new Float64Array(rows).fill(10),
    whale: new Int16Array(rows).fill(-1),
    collateral: new Float64Array(rows),
    reserve: new Float64Array(rows).fill(0.5),
    ratioOf: new Float64Array(rows).fill(2),
  };
  const cloned = structuredClone(task);
  const clonedRatios = structuredClone(ratios);
  const clonedTriggers = structuredClone(triggers);
  const clonedScale = structuredClone(scale);
  for (let k = 0; k < 40; k++) {
    drawRatios(clonedRatios);
    drawAttributes(cloned);
    scaleRows(clonedScale);
    setTriggers(clonedTriggers);
  }
}
warmUp();

/** The channel the helper made: tasks come in on it, a failure's message goes back on it. */
const { port, state } = workerData as { port: MessagePort; state: Int32Array };

let retire: ReturnType<typeof setTimeout> | undefined;

port.on('message', ({ task, flag }: HelperTaskMessage) => {
  clearTimeout(retire);
  let done = FLAG_DONE;
  try {
    if (task.kind === 'ratios') drawRatios(task);
    else if (task.kind === 'scale') scaleRows(task);
    else if (task.kind === 'triggers') setTriggers(task);
    else drawAttributes(task);
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
