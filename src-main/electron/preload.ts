/**
 * The preload (bundled to build/main/preload.cjs: sandboxed preloads are CommonJS and may require
 * only `electron` and a few builtins). Exposes exactly `window.cascade = { call, onEvent }`, the
 * contract's CascadeApi — never ipcRenderer itself, never a generic send.
 */
import type { IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiEvent, CascadeApi } from '../contract/api.ts';
import { IPC_CALL, IPC_EVENT } from './ipc.ts';

const api: CascadeApi = {
  call: (channel, input) => ipcRenderer.invoke(IPC_CALL, channel, input),
  onEvent: (listener) => {
    const handler = (_event: IpcRendererEvent, apiEvent: ApiEvent) => listener(apiEvent);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld('cascade', api);
