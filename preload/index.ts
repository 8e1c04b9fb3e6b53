import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import {
  type IpcChannel,
  type IpcEvent,
  type IpcResult,
  ipcFailure,
  isIpcChannel,
  isIpcEvent,
  type LatchkeyApi,
} from '../domain/ipc-contract';

// Exposes exactly the IPC contract as `window.latchkey` — never `ipcRenderer` itself, and never the
// IPC event object (it carries `sender`). Main checks everything again: this file is a convenience,
// not the security boundary. Electron security checklist §20 (do not expose Electron APIs).

function invoke(channel: IpcChannel, input?: unknown): Promise<IpcResult<unknown>> {
  if (!isIpcChannel(channel))
    return Promise.resolve(ipcFailure('unknown-channel', `No such channel: ${String(channel)}`));
  return ipcRenderer.invoke(channel, input);
}

function on(event: IpcEvent, listener: (payload: unknown) => void): () => void {
  if (!isIpcEvent(event)) throw new TypeError(`No such event: ${String(event)}`);
  const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(event, forward);
  return () => ipcRenderer.removeListener(event, forward);
}

contextBridge.exposeInMainWorld('latchkey', { invoke, on } as LatchkeyApi);
