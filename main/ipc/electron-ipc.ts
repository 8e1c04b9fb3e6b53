import { ipcMain, type WebContents } from 'electron';
import { type IpcEvent, type IpcEventPayload, ipcChannels, ipcEvents, ipcFailure } from '../../domain/ipc-contract';
import { type AppOrigin, isTrustedAppUrl } from '../security/trusted-url';
import type { Dispatch } from './dispatch';

// The only module that touches `ipcMain` (GitHub Desktop's rule): every channel is registered here,
// through one wrapper, so no handler can forget the sender check.

/**
 * Registers one `ipcMain.handle` per contract channel. A call whose sending frame is not our app
 * page (a navigated-away frame, an injected iframe) is refused before the input is even parsed.
 * Electron security checklist §17: validate the sender of all IPC messages.
 */
export function registerIpcHandlers(dispatch: Dispatch, origin: AppOrigin): () => void {
  const channels = Object.keys(ipcChannels);
  for (const channel of channels) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedAppUrl(event.senderFrame?.url, origin)) {
        return ipcFailure('untrusted-sender', `${channel} refused: the caller is not the Latchkey window`);
      }
      return dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Pushes a contract event to a window, checked against its schema first. */
export function sendIpcEvent<E extends IpcEvent>(target: WebContents, event: E, payload: IpcEventPayload<E>): void {
  target.send(event, ipcEvents[event].parse(payload));
}
