/**
 * Electron main's IPC handler with fake events (no Electron binary here): only our own page's top
 * frame is served, events go back to the asking window, and a window's engine work is stopped when
 * its web contents is destroyed or its renderer dies — through the signal each call carries.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ApiEvent, Result } from '../contract/api.ts';
import type { CallContext } from '../services/app-service.ts';
import { IPC_EVENT } from './ipc.ts';
import type { IpcSender } from './ipc-calls.ts';
import { createIpcCallHandler } from './ipc-calls.ts';

class FakeContents extends EventEmitter implements IpcSender {
  destroyed = false;
  sent: { channel: string; payload: unknown }[] = [];
  constructor(readonly id: number) {
    super();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

const ownFrame = { url: 'app://cascade/index.html', parent: null };

function setup() {
  const calls: { channel: unknown; ctx: CallContext }[] = [];
  const logs: string[] = [];
  const handler = createIpcCallHandler(
    async (channel, _input, ctx) => {
      calls.push({ channel, ctx });
      ctx.emit({ type: 'job.progress', jobId: 'j', done: 0, total: 1, label: 'queued' } satisfies ApiEvent);
      return { ok: true, value: channel } satisfies Result<unknown>;
    },
    (l) => logs.push(l),
  );
  return { handler, calls, logs };
}

describe('createIpcCallHandler', () => {
  it('dispatches calls from our page and sends its events back to that window only', async () => {
    const { handler, calls } = setup();
    const win = new FakeContents(1);
    expect(await handler({ senderFrame: ownFrame, sender: win }, 'scenarios.list', {})).toEqual({
      ok: true,
      value: 'scenarios.list',
    });
    expect(win.sent).toEqual([
      { channel: IPC_EVENT, payload: expect.objectContaining({ type: 'job.progress' }) },
    ]);
    expect(calls[0]!.ctx.signal?.aborted).toBe(false);
  });

  it('refuses other frames and origins without dispatching', async () => {
    const { handler, calls, logs } = setup();
    const win = new FakeContents(2);
    for (const frame of [
      null,
      { url: 'https://evil.example/', parent: null },
      { url: ownFrame.url, parent: {} },
    ]) {
      expect(await handler({ senderFrame: frame, sender: win }, 'scenarios.list', {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(calls).toEqual([]);
    expect(logs).toHaveLength(3);
  });

  it('aborts the signal of every call a window made once the window is destroyed', async () => {
    const { handler, calls } = setup();
    const a = new FakeContents(3);
    const b = new FakeContents(4);
    await handler({ senderFrame: ownFrame, sender: a }, 'challenges.submit', {});
    await handler({ senderFrame: ownFrame, sender: a }, 'replay.start', {});
    await handler({ senderFrame: ownFrame, sender: b }, 'lessons.tryIt', {});
    expect(handler.liveSenders()).toBe(2);
    a.destroy();
    expect(calls.map((c) => c.ctx.signal?.aborted)).toEqual([true, true, false]);
    expect(handler.liveSenders()).toBe(1);
    // A destroyed window gets no new work.
    expect(await handler({ senderFrame: ownFrame, sender: a }, 'scenarios.list', {})).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
  });

  it('aborts when the renderer process dies', async () => {
    const { handler, calls } = setup();
    const win = new FakeContents(5);
    await handler({ senderFrame: ownFrame, sender: win }, 'replay.start', {});
    win.emit('render-process-gone');
    expect(calls[0]!.ctx.signal?.aborted).toBe(true);
    // The next call from a reloaded renderer gets a fresh signal.
    await handler({ senderFrame: ownFrame, sender: win }, 'replay.start', {});
    expect(calls[1]!.ctx.signal?.aborted).toBe(false);
  });
});
