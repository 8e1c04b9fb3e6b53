import { ipcFailure, type LatchkeyApi } from '../../../domain/ipc-contract';
import { keepNextToken, takeLaunchToken } from './launch-token';
import { createWsBridge } from './ws-bridge';

declare global {
  interface Window {
    /** Set by `preload/` in Electron; absent in the browser host. */
    latchkey?: LatchkeyApi;
  }
}

/** Electron's preload bridge when present, otherwise the browser host's WebSocket. */
export function pickBridge(): LatchkeyApi {
  if (window.latchkey) return window.latchkey;
  const token = takeLaunchToken(window.location, window.history, window.sessionStorage);
  if (!token) return unconnectedBridge('This window was opened without its launch token. Start Latchkey again.');
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsBridge(`${scheme}//${window.location.host}/ipc`, token, (next) =>
    keepNextToken(window.sessionStorage, next),
  );
}

function unconnectedBridge(message: string): LatchkeyApi {
  return {
    invoke: () => Promise.resolve(ipcFailure('disconnected', message)),
    on: () => () => {},
  };
}
