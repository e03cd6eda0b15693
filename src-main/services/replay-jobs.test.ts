import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import {
  InProcessReplayExecutor,
  WorkerReplayExecutor,
  bundledWorkerUrl,
  defaultReplayExecutor,
} from './replay-jobs.ts';

describe('defaultReplayExecutor', () => {
  it('uses worker threads when given a worker bundle', () => {
    const url = pathToFileURL('/somewhere/worker.js');
    const executor = defaultReplayExecutor(url, () => {
      throw new Error('must not warn');
    });
    expect(executor).toBeInstanceOf(WorkerReplayExecutor);
    expect((executor as WorkerReplayExecutor).workerUrl).toBe(url);
  });

  it('falls back to the in-process executor from TypeScript sources, and says so loudly', () => {
    // Under vitest this module is replay-jobs.ts: there is no worker.js beside it.
    expect(bundledWorkerUrl()).toBeUndefined();
    const warnings: string[] = [];
    const executor = defaultReplayExecutor(undefined, (l) => warnings.push(l));
    expect(executor).toBeInstanceOf(InProcessReplayExecutor);
    expect(warnings.join('\n')).toMatch(/IN-PROCESS REPLAY FALLBACK/);
  });

  it('in-process: a job cancelled before it starts rejects as cancelled', async () => {
    const executor = new InProcessReplayExecutor();
    const handle = executor.start(
      { scenarioId: 'black-thursday-2020', designs: [], seed: 1, runIdPrefix: 'j' },
      () => {},
    );
    handle.cancel();
    await expect(handle.result).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('worker: a worker file that does not exist fails the job with a Result-ready error', async () => {
    const executor = new WorkerReplayExecutor(pathToFileURL('/nonexistent/cascade-worker.js'));
    const handle = executor.start(
      { scenarioId: 'black-thursday-2020', designs: [], seed: 1, runIdPrefix: 'j' },
      () => {},
    );
    await expect(handle.result).rejects.toMatchObject({ code: 'failed' });
    await executor.close();
  });
});
