import {
  type IpcErrorCode,
  type IpcResult,
  ipcEvents,
  ipcFailure,
  isIpcChannel,
  isIpcEvent,
  type LatchkeyApi,
} from '../../../domain/ipc-contract';
import { tokenProtocolPrefix, WireServerFrame, wireProtocol } from '../../../domain/ipc-wire';

type Pending = (result: IpcResult<unknown>) => void;

/**
 * `window.latchkey` for the browser host: the same typed interface, carried over one WebSocket that
 * authenticates with a one-time token as a subprotocol. The host's first frame is the token for the
 * next connection, handed to `keepNextToken`. Calls made while connecting wait for the socket; if it
 * closes, every waiting and later call resolves to a `disconnected` failure.
 */
export function createWsBridge(socketUrl: string, token: string, keepNextToken: (token: string) => void): LatchkeyApi {
  const socket = new WebSocket(socketUrl, [wireProtocol, `${tokenProtocolPrefix}${token}`]);
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 0;
  let closedReason: string | null = null;
  let wasOpen = false;

  // One close handler that records the reason before anything awaiting `opened` resumes: browsers
  // run microtasks between event listeners, so a second listener would be too late.
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => {
      wasOpen = true;
      resolve(true);
    });
    socket.addEventListener('close', () => {
      closedReason = wasOpen
        ? 'The connection to the Latchkey host closed. Start Latchkey again.'
        : 'The Latchkey host refused this window or is not running. Start Latchkey again.';
      for (const resolvePending of pending.values()) resolvePending(ipcFailure('disconnected', closedReason));
      pending.clear();
      resolve(false);
    });
  });

  socket.addEventListener('message', (message) => {
    const frame = parseFrame(message.data);
    if (!frame) return;
    if (frame.kind === 'ticket') {
      keepNextToken(frame.token);
      return;
    }
    if (frame.kind === 'response') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
      return;
    }
    if (!isIpcEvent(frame.event)) return;
    const payload = ipcEvents[frame.event].safeParse(frame.payload);
    if (!payload.success) return;
    for (const listener of listeners.get(frame.event) ?? []) listener(payload.data);
  });
  const fail = (code: IpcErrorCode, message: string) => Promise.resolve(ipcFailure(code, message));

  const invoke = async (channel: unknown, input?: unknown): Promise<IpcResult<unknown>> => {
    if (!isIpcChannel(channel)) return fail('unknown-channel', `No such channel: ${String(channel)}`);
    if (!(await opened) || closedReason) return fail('disconnected', closedReason ?? 'Not connected.');
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, input }));
    });
  };

  const on = (event: unknown, listener: (payload: unknown) => void) => {
    if (!isIpcEvent(event)) throw new TypeError(`No such event: ${String(event)}`);
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  };

  return { invoke, on } as LatchkeyApi;
}

function parseFrame(data: unknown): WireServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed = WireServerFrame.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
