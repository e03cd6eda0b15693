/**
 * Electron main's one IPC handler (`cascade:call`), kept free of Electron imports so it is unit
 * tested with fake events: it refuses any sender but our own page's top frame, answers a Result,
 * sends the call's events back to the window that asked, and stops the engine work a window
 * started once that window's web contents is destroyed or its renderer process dies.
 */
import type { ApiEvent, Result } from '../contract/api.ts';
import type { CallContext } from '../services/app-service.ts';
import type { SenderFrame } from './ipc.ts';
import { IPC_EVENT, isTrustedSender } from './ipc.ts';

/** The parts of Electron's WebContents the handler uses. */
export interface IpcSender {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
  once(event: 'destroyed' | 'render-process-gone', listener: () => void): unknown;
}

/** The parts of Electron's IpcMainInvokeEvent the handler uses. */
export interface IpcCallEvent {
  senderFrame: SenderFrame | null | undefined;
  sender: IpcSender;
}

export type Dispatch = (channel: unknown, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

export interface IpcCallHandler {
  (event: IpcCallEvent, channel: unknown, input: unknown): Promise<Result<unknown>>;
  /** Windows with engine work that can still be stopped (for tests and diagnostics). */
  readonly liveSenders: () => number;
}

export function createIpcCallHandler(dispatch: Dispatch, log: (line: string) => void): IpcCallHandler {
  const bySender = new Map<number, AbortController>();

  function signalOf(sender: IpcSender): AbortSignal {
    let controller = bySender.get(sender.id);
    if (!controller) {
      const c = new AbortController();
      const gone = () => {
        if (bySender.get(sender.id) === c) bySender.delete(sender.id);
        c.abort();
      };
      sender.once('destroyed', gone);
      sender.once('render-process-gone', gone);
      bySender.set(sender.id, c);
      controller = c;
    }
    return controller.signal;
  }

  const handler = async (event: IpcCallEvent, channel: unknown, input: unknown) => {
    const frame = event.senderFrame;
    // Our page's top frame only (VS Code's validatedIpcMain rule): no iframe, no other origin.
    if (!isTrustedSender(frame)) {
      log(`cascade-lab: refused an IPC call from ${frame?.url ?? 'a destroyed frame'}`);
      return {
        ok: false,
        error: { code: 'forbidden', message: 'calls are accepted only from Cascade Lab’s own page' },
      } satisfies Result<never>;
    }
    const sender = event.sender;
    if (sender.isDestroyed()) {
      return {
        ok: false,
        error: { code: 'cancelled', message: 'the window that asked is gone' },
      } satisfies Result<never>;
    }
    const emit = (e: ApiEvent) => {
      if (!sender.isDestroyed()) sender.send(IPC_EVENT, e);
    };
    return dispatch(channel, input, { emit, signal: signalOf(sender) });
  };
  return Object.assign(handler, { liveSenders: () => bySender.size });
}
