/**
 * The desktop services as a host sees them: sign-in, keychain-backed session, sync proxy, and
 * the events they raise. Both hosts (Electron main, browser host) build this once and hand it
 * to the IPC handlers; neither knows how tokens are kept.
 *
 * What crosses to the renderer is decided here and in domain/ipc-contract.ts: session status,
 * results and stream messages — never an access token, refresh token or keychain entry.
 *
 * Wiping the device is built here once: whenever the session ends (sign-out, Okta refusing to
 * renew it, or any call meeting `403 user_inactive`), the session has already dropped its tokens
 * and the refresh token; this deletes the replica key and then emits `session:wipe`, on which the
 * renderer closes and removes its replica. Without the key, a replica left on disk stays sealed.
 */

import { LOCK_AFTER_MINUTES } from '../../domain/desktop-settings';
import type {
  Connectivity,
  IpcEvent,
  IpcEventPayload,
  LockReason,
  SessionStatus,
  WipeReason,
} from '../../domain/ipc-contract';
import { createDesktopLock } from './lock/desktop-lock';
import type { OsUserCheck } from './lock/os-user-check';
import { getOrCreateDeviceId } from './secret-store/device-id';
import { deleteReplicaKey, getOrCreateReplicaKey } from './secret-store/replica-key';
import type { SecretResult, SecretStore } from './secret-store/secret-store';
import { type Schedule, scheduleWithTimers } from './session/offline-standing';
import type { SessionConfigInput } from './session/session-config';
import { createSessionService, type SessionService } from './session/session-service';
import type { OpenExternal } from './session/sign-in-flow';
import { createSyncProxy, type SyncProxy } from './sync-proxy/sync-proxy';

export type DesktopEvent = Extract<
  IpcEvent,
  'session:changed' | 'session:wipe' | 'sync:event' | 'sync:connectivity-changed'
>;
export type DesktopEventListener = <E extends DesktopEvent>(event: E, payload: IpcEventPayload<E>) => void;

export interface DesktopServicesDeps {
  readonly config: SessionConfigInput;
  readonly secretStore: SecretStore;
  readonly openExternal: OpenExternal;
  readonly fetch?: typeof fetch;
  /** Auto-lock: minutes without activity (default 10, 0 never), the OS user check, a test clock. */
  readonly lock?: {
    readonly afterMs?: number;
    readonly userCheck?: OsUserCheck;
    readonly now?: () => number;
    readonly schedule?: Schedule;
  };
}

export interface DesktopServices {
  readonly session: SessionService;
  readonly sync: SyncProxy;
  /**
   * The replica's encryption key for our own renderer (the IPC wrapper has checked the sender):
   * it encrypts credential fields at rest. Refresh tokens never leave main; this key protects only
   * the local replica, which the renderer must be able to read.
   */
  replicaKey(): Promise<SecretResult<{ key: string }> | NotSignedIn | Locked>;
  /** The session's status with the lock state: what `session:status` and `session:changed` carry. */
  status(): SessionStatus;
  /** True while locked: the IPC layer refuses secrets, sync, api calls and launches. */
  locked(): boolean;
  /** Locks a signed-in session (menu, shortcut, idle, screen lock, suspend); the status it leaves. */
  lock(reason: LockReason): SessionStatus;
  /** Resolves once the lock state is saved where the next start reads it. */
  lockRemembered(): Promise<void>;
  /** The OS user check where there is one, else Okta re-authentication of the same person. */
  unlock(): Promise<
    | { readonly ok: true; readonly value: SessionStatus }
    | { readonly ok: false; readonly code: string; readonly reason: string }
  >;
  /** The user is active (the page, or the OS idle time): the idle clock counts from `at`. */
  activity(at?: number): void;
  /** The lock timeout changed in the settings: from now on, without a restart (0 never). */
  setLockAfterMs(afterMs: number): void;
  /** Subscribe the host's event sink (Electron webContents.send, browser-host emit). */
  onEvent(listener: DesktopEventListener): () => void;
  /** Start-up: silent sign-in from the keychain; starts the live stream when it succeeds. */
  start(): Promise<SessionStatus>;
  close(): void;
}

type NotSignedIn = { readonly ok: false; readonly code: 'not_signed_in'; readonly reason: string };
type Locked = { readonly ok: false; readonly code: 'locked'; readonly reason: string };

/** What every refusal says while locked (main/ipc/lock-guard.ts uses the same). */
export const LOCKED_FAILURE: Locked = { ok: false, code: 'locked', reason: 'Latchkey is locked: unlock it first.' };

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
    onUserInactive: () => {
      session.endForDeactivation().catch((error: unknown) => {
        // The local end already happened before anything could throw; only Okta's revocation is left.
        console.error('[desktop] revoking the deactivated session at Okta failed', { error });
      });
    },
  });
  const listeners = new Set<DesktopEventListener>();
  const emit: DesktopEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };

  let unsubscribeStream: (() => void) | null = null;
  const withLock = (status: SessionStatus): SessionStatus => ({
    ...status,
    locked: status.signedIn && lock.locked(),
    lockedBecause: status.signedIn ? lock.lockedBecause() : null,
  });
  const announce = (sessionStatus: SessionStatus) => {
    const status = withLock(sessionStatus);
    emit('session:changed', status);
    // The live stream needs a token: run it exactly while someone is signed in and unlocked.
    const wanted = status.signedIn && !status.locked;
    if (wanted && !unsubscribeStream) {
      unsubscribeStream = sync.subscribe((message) => emit('sync:event', message));
    } else if (!wanted && unsubscribeStream) {
      unsubscribeStream();
      unsubscribeStream = null;
    }
  };
  const lock = createDesktopLock({
    session,
    afterMs: deps.lock?.afterMs ?? LOCK_AFTER_MINUTES.default * 60_000,
    now: deps.lock?.now ?? Date.now,
    schedule: deps.lock?.schedule ?? scheduleWithTimers,
    userCheck: deps.lock?.userCheck,
    onChange: () => announce(session.status()),
    memory: deps.secretStore.availability.available
      ? {
          load: async () => {
            const stored = await deps.secretStore.get('session-lock');
            return stored.ok ? stored.value : null;
          },
          save: async (value) => {
            if (value === null) await deps.secretStore.delete('session-lock');
            else await deps.secretStore.set('session-lock', value);
          },
        }
      : undefined,
    log: (message, context) => console.error(`[desktop] ${message}`, context),
  });
  const followSession = (status: SessionStatus) => {
    lock.sessionChanged(status);
    announce(status);
  };
  const stopSession = session.onChange(followSession);

  // Keychain work on the replica key runs one at a time, so a renderer asking for the key while the
  // session ends cannot create a fresh one after the wipe deleted it.
  let keyWork: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const next = keyWork.then(work, work);
    keyWork = next.catch(() => undefined);
    return next;
  };
  const wipe = async (reason: WipeReason) => {
    try {
      await serialised(() => deleteReplicaKey(deps.secretStore));
    } finally {
      emit('session:wipe', { reason });
    }
  };
  const stopEnded = session.onEnded((reason) =>
    wipe(reason).catch((error: unknown) => {
      // The renderer was still told to wipe; a keychain that refused the delete is worth a line.
      console.error('[desktop] deleting the replica key failed', { error });
    }),
  );
  const stopConnectivity = sync.onConnectivity((state: Connectivity) => emit('sync:connectivity-changed', state));

  return {
    session,
    sync,
    async replicaKey() {
      // Only for a signed-in person: after a wipe, a renderer must not get (or make) a key again.
      if (!session.status().signedIn) {
        return { ok: false, code: 'not_signed_in', reason: 'sign in to open the replica' } as const;
      }
      if (lock.locked()) return LOCKED_FAILURE;
      const key = await serialised(() => getOrCreateReplicaKey(deps.secretStore));
      return key.ok ? { ok: true, value: { key: key.value } } : key;
    },
    status: () => withLock(session.status()),
    locked: () => lock.locked(),
    lock(reason) {
      lock.lock(reason);
      return withLock(session.status());
    },
    lockRemembered: () => lock.remembered(),
    async unlock() {
      const answer = await lock.unlock();
      return answer.ok ? { ok: true, value: withLock(session.status()) } : answer;
    },
    activity: (at) => lock.activity(at),
    setLockAfterMs: (afterMs) => lock.setAfterMs(afterMs),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      // A lock left by the previous run holds before the restored session is announced.
      await lock.loadRemembered();
      await session.restore();
      return session.status();
    },
    close() {
      lock.close();
      stopSession();
      stopEnded();
      stopConnectivity();
      unsubscribeStream?.();
      sync.close();
      session.cancelSignIn();
    },
  };
}
