import { z } from 'zod';
import { Id } from './records';

// The one contract between the renderer and its host (Electron main over IPC, or the browser host
// over a WebSocket). Both sides import this file, so a channel cannot drift (GitHub Desktop's
// ipc-shared.ts). Channels are `<area>:<verb>`; later issues add `session:*` (sign-in, sign-out,
// status — tokens NEVER cross to the renderer, only capabilities), `sync:*` (main proxies
// replication and adds the bearer token), `launch:*` and keychain capabilities.

export const hostKinds = ['electron', 'browser'] as const;
export const HostKind = z.enum(hostKinds);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  version: z.string().min(1),
  platform: z.string().min(1),
  host: HostKind,
});
export type AppInfo = z.infer<typeof AppInfo>;

/** Request/response channels: the renderer asks, the host answers. */
export const ipcChannels = {
  'app:info': { input: z.void(), output: AppInfo },
} as const;

/** Events the host pushes to the renderer unasked. */
export const ipcEvents = {
  // A `latchkey://launch/:accountId` deep link arrived (an Okta chiclet click).
  'launch:requested': z.object({ accountId: Id }),
} as const;

export type IpcChannel = keyof typeof ipcChannels;
export type IpcInput<C extends IpcChannel> = z.input<(typeof ipcChannels)[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.output<(typeof ipcChannels)[C]['output']>;
export type IpcEvent = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEvent> = z.output<(typeof ipcEvents)[E]>;

export const ipcErrorCodes = [
  'unknown-channel',
  'bad-input',
  'untrusted-sender',
  'handler-failed',
  'disconnected',
] as const;
export const IpcErrorCode = z.enum(ipcErrorCodes);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export const IpcFailure = z.object({
  ok: z.literal(false),
  code: IpcErrorCode,
  message: z.string(),
});
export type IpcFailure = z.infer<typeof IpcFailure>;

/** Every call resolves to a result value: expected failures are values the UI must handle. */
export type IpcResult<T> = { ok: true; value: T } | IpcFailure;

/**
 * What the renderer sees as `window.latchkey` in Electron, and what the WebSocket bridge implements
 * in the browser host. Nothing else of the host is reachable from the renderer.
 */
export interface LatchkeyApi {
  invoke<C extends IpcChannel>(
    channel: C,
    ...input: IpcInput<C> extends undefined | void ? [] : [IpcInput<C>]
  ): Promise<IpcResult<IpcOutput<C>>>;
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
}

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && Object.hasOwn(ipcChannels, value);
}

export function isIpcEvent(value: unknown): value is IpcEvent {
  return typeof value === 'string' && Object.hasOwn(ipcEvents, value);
}

export function ipcFailure(code: IpcErrorCode, message: string): IpcFailure {
  return { ok: false, code, message };
}
