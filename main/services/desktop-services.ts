/**
 * The desktop services as a host sees them: sign-in, keychain-backed session, sync proxy, and
 * the events they raise. Both hosts (Electron main, browser host) build this once and hand it
 * to the IPC handlers; neither knows how tokens are kept.
 *
 * What crosses to the renderer is decided here and in domain/ipc-contract.ts: session status,
 * results and stream messages — never an access token, refresh token or keychain entry.
 */
import type { Connectivity, IpcEvent, IpcEventPayload, SessionStatus } from '../../domain/ipc-contract';
import { getOrCreateDeviceId } from './secret-store/device-id';
import { getOrCreateReplicaKey } from './secret-store/replica-key';
import type { SecretResult, SecretStore } from './secret-store/secret-store';
import type { SessionConfigInput } from './session/session-config';
import { createSessionService, type SessionService } from './session/session-service';
import type { OpenExternal } from './session/sign-in-flow';
import { createSyncProxy, type SyncProxy } from './sync-proxy/sync-proxy';

export type DesktopEvent = Extract<IpcEvent, 'session:changed' | 'sync:event' | 'sync:connectivity-changed'>;
export type DesktopEventListener = <E extends DesktopEvent>(event: E, payload: IpcEventPayload<E>) => void;

export interface DesktopServicesDeps {
  readonly config: SessionConfigInput;
  readonly secretStore: SecretStore;
  readonly openExternal: OpenExternal;
  readonly fetch?: typeof fetch;
}

export interface DesktopServices {
  readonly session: SessionService;
  readonly sync: SyncProxy;
  /**
   * The replica's encryption key for our own renderer (the IPC wrapper has checked the sender):
   * it encrypts credential fields at rest. Refresh tokens never leave main; this key protects only
   * the local replica, which the renderer must be able to read.
   */
  replicaKey(): Promise<SecretResult<{ key: string }>>;
  /** Subscribe the host's event sink (Electron webContents.send, browser-host emit). */
  onEvent(listener: DesktopEventListener): () => void;
  /** Start-up: silent sign-in from the keychain; starts the live stream when it succeeds. */
  start(): Promise<SessionStatus>;
  close(): void;
}

export function createDesktopServices(deps: DesktopServicesDeps): DesktopServices {
  const session = createSessionService({
    config: deps.config,
    secretStore: deps.secretStore,
    openExternal: deps.openExternal,
    fetch: deps.fetch,
  });
  let deviceId: Promise<string> | null = null;
  const sync = createSyncProxy({
    syncServerUrl: session.config.syncServerUrl,
    tokens: session,
    fetch: deps.fetch,
    deviceId: () => {
      deviceId ??= getOrCreateDeviceId(deps.secretStore);
      return deviceId;
    },
  });
  const listeners = new Set<DesktopEventListener>();
  const emit: DesktopEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };

  let unsubscribeStream: (() => void) | null = null;
  const followSession = (status: SessionStatus) => {
    emit('session:changed', status);
    // The live stream needs a token: run it exactly while someone is signed in.
    if (status.signedIn && !unsubscribeStream) {
      unsubscribeStream = sync.subscribe((message) => emit('sync:event', message));
    } else if (!status.signedIn && unsubscribeStream) {
      unsubscribeStream();
      unsubscribeStream = null;
    }
  };
  const stopSession = session.onChange(followSession);
  const stopConnectivity = sync.onConnectivity((state: Connectivity) => emit('sync:connectivity-changed', state));

  return {
    session,
    sync,
    async replicaKey() {
      const key = await getOrCreateReplicaKey(deps.secretStore);
      return key.ok ? { ok: true, value: { key: key.value } } : key;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await session.restore();
      return session.status();
    },
    close() {
      stopSession();
      stopConnectivity();
      unsubscribeStream?.();
      sync.close();
      session.cancelSignIn();
    },
  };
}
