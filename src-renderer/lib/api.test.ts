import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent, CascadeApi } from './contract.ts';

describe('takeToken', () => {
  it('takes the token from the query and strips it', async () => {
    const { takeToken } = await import('./api.ts');
    expect(takeToken('http://127.0.0.1:5000/?token=abc#/replay', null)).toEqual({
      token: 'abc',
      cleanUrl: '/#/replay',
    });
    expect(takeToken('http://127.0.0.1:5000/?a=1&token=abc', 'old')).toEqual({
      token: 'abc',
      cleanUrl: '/?a=1',
    });
    expect(takeToken('http://127.0.0.1:5000/', 'stored')).toEqual({ token: 'stored', cleanUrl: null });
    expect(takeToken('http://127.0.0.1:5000/', null)).toEqual({ token: null, cleanUrl: null });
  });
});

/** A fake preload: replay.start answers a job id, then progress and done arrive as events. */
function fakeCascade(opts: { fail?: boolean } = {}): CascadeApi & { calls: string[] } {
  const listeners = new Set<(e: ApiEvent) => void>();
  const calls: string[] = [];
  const emit = (e: ApiEvent): void => listeners.forEach((l) => l(e));
  return {
    calls,
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async call(channel, input) {
      calls.push(channel);
      if (channel === 'replay.start') {
        // Events for the job arrive before the answer does (a fast job): they must not be lost.
        emit({ type: 'job.progress', jobId: 'j1', done: 1, total: 2, label: 'calibrating' });
        setTimeout(() => {
          emit({ type: 'job.progress', jobId: 'other', done: 9, total: 9, label: 'not mine' });
          emit({ type: 'job.progress', jobId: 'j1', done: 2, total: 2, label: 'replaying' });
          emit(
            opts.fail
              ? { type: 'job.done', jobId: 'j1', ok: false, error: { code: 'failed', message: 'boom' } }
              : { type: 'job.done', jobId: 'j1', ok: true },
          );
        }, 5);
        return { ok: true, value: { jobId: 'j1' } } as never;
      }
      if (channel === 'replay.result') return { ok: true, value: [{ runId: 'r1', input }] } as never;
      if (channel === 'jobs.cancel') return { ok: true, value: { cancelled: true } } as never;
      return { ok: false, error: { code: 'not-found', message: channel } };
    },
  };
}

describe('runReplay', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('reports progress for its own job and answers the runs', async () => {
    const fake = fakeCascade();
    vi.stubGlobal('window', { cascade: fake });
    const { runReplay } = await import('./api.ts');
    const progress: string[] = [];
    const r = await runReplay('s', ['d'], 1, undefined, (p) =>
      progress.push(`${p.done}/${p.total} ${p.label}`),
    );
    expect(r.ok).toBe(true);
    expect(progress).toEqual(['1/2 calibrating', '2/2 replaying']);
    expect(fake.calls).toEqual(['replay.start', 'replay.result']);
  });

  it('answers the job’s error', async () => {
    vi.stubGlobal('window', { cascade: fakeCascade({ fail: true }) });
    const { runReplay } = await import('./api.ts');
    const r = await runReplay('s', ['d'], 1, 10, () => {});
    expect(r).toEqual({ ok: false, error: { code: 'failed', message: 'boom' } });
  });

  it('cancels the job when the signal aborts', async () => {
    const fake = fakeCascade();
    vi.stubGlobal('window', { cascade: fake });
    const { runReplay } = await import('./api.ts');
    const abort = new AbortController();
    const pending = runReplay('s', ['d'], 1, undefined, () => abort.abort(), abort.signal);
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('cancelled');
    expect(fake.calls).toContain('jobs.cancel');
  });
});
