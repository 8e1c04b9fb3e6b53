/**
 * Auto-lock, enforced in main (the renderer is never trusted to lock itself). Locked means: the
 * IPC layer refuses the replica key, sync, api calls, clipboard copies and launches with code
 * `locked` (main/ipc/lock-guard.ts), the live stream stops, and `session:changed` says
 * `locked: true`, on which the renderer closes its replica and drops every decrypted value.
 *
 * It locks on the user's request, after `afterMs` without activity (idle-clock.ts), and when the
 * OS locks the screen or suspends (power-lock.ts). Only a signed-in session locks; signing out
 * or a wipe ends the lock with the session.
 *
 * Unlock needs the user: the OS's own check where one exists (Touch ID: os-user-check.ts),
 * otherwise, or when it is refused, Okta re-authentication of the same person with a fresh
 * `auth_time` (session-service.ts `reauthenticate`). Concurrent unlocks share one attempt.
 */
import { z } from 'zod';
import { LockReason } from '../../../domain/ipc-contract';
import type { Schedule } from '../session/offline-standing';
import type { SessionResult, SessionStatus } from '../session/session-status';
import { createIdleClock } from './idle-clock';
import type { OsUserCheck } from './os-user-check';

export interface LockSession {
  status(): SessionStatus;
  reauthenticate(since: number): Promise<SessionResult<SessionStatus, string>>;
}

export interface DesktopLockDeps {
  readonly session: LockSession;
  /** Milliseconds without activity before locking; 0: never by idleness. */
  readonly afterMs: number;
  readonly now: () => number;
  readonly schedule: Schedule;
  readonly userCheck?: OsUserCheck;
  /** The lock state changed: the host re-announces the session status. */
  readonly onChange: () => void;
  /**
   * Where the lock outlives the process (the keychain beside the refresh token): quitting a locked
   * app and starting it again must not unlock it. Absent without a keychain (the session then
   * ends with the process anyway).
   */
  readonly memory?: LockMemory;
  readonly log?: (message: string, context: Record<string, unknown>) => void;
}

export interface LockMemory {
  load(): Promise<string | null>;
  save(value: string | null): Promise<void>;
}

const StoredLock = z.object({ lockedAt: z.number().int().nonnegative(), reason: LockReason });

export type UnlockResult = SessionResult<SessionStatus, string>;

export interface DesktopLock {
  locked(): boolean;
  lockedBecause(): LockReason | null;
  /** Locks a signed-in session; false when nobody is signed in or it is locked already. */
  lock(reason: LockReason): boolean;
  unlock(): Promise<UnlockResult>;
  /** User activity (default now), from the page or the OS's idle time. */
  activity(at?: number): void;
  /** Follows the session: a sign-in starts the idle clock, an end clears the lock. */
  sessionChanged(status: { readonly signedIn: boolean; readonly restoring?: boolean }): void;
  /** Before the start-up restore: a lock left by the previous run is in force again. */
  loadRemembered(): Promise<void>;
  /** The settings changed the idle time: it applies to the idle period already running. */
  setAfterMs(afterMs: number): void;
  /** Resolves once every lock state change so far is in the keychain (a quit right after a lock keeps it). */
  remembered(): Promise<void>;
  close(): void;
}

export function createDesktopLock(deps: DesktopLockDeps): DesktopLock {
  let lockedAt: number | null = null;
  let reason: LockReason | null = null;
  let unlocking: Promise<UnlockResult> | null = null;
  const clock = createIdleClock({
    afterMs: deps.afterMs,
    now: deps.now,
    schedule: deps.schedule,
    onIdle: () => lock('idle'),
  });
  let clockRunning = false;
  // Keychain writes one at a time, in the order the state changed.
  let memoryWork: Promise<void> = Promise.resolve();
  const remember = (value: { lockedAt: number; reason: LockReason } | null) => {
    const memory = deps.memory;
    if (!memory) return;
    memoryWork = memoryWork
      .then(() => memory.save(value === null ? null : JSON.stringify(value)))
      .catch((error: unknown) => deps.log?.('could not remember the lock state', { error }));
  };

  function lock(why: LockReason): boolean {
    if (lockedAt !== null || !deps.session.status().signedIn) return false;
    lockedAt = deps.now();
    reason = why;
    remember({ lockedAt, reason });
    clock.stop();
    clockRunning = false;
    deps.onChange();
    return true;
  }

  function release(): void {
    lockedAt = null;
    reason = null;
    remember(null);
    clock.start();
    clockRunning = true;
    deps.onChange();
  }

  async function attemptUnlock(since: number): Promise<UnlockResult> {
    if (deps.userCheck?.available() && (await deps.userCheck.confirm('unlock Latchkey'))) {
      if (lockedAt === since) release();
      return { ok: true, value: deps.session.status() };
    }
    const answer = await deps.session.reauthenticate(since);
    if (!answer.ok) return answer;
    // Still the same lock (the session did not end meanwhile): lift it.
    if (lockedAt === since) release();
    return { ok: true, value: deps.session.status() };
  }

  return {
    locked: () => lockedAt !== null,
    lockedBecause: () => reason,
    lock,
    unlock() {
      if (lockedAt === null) return Promise.resolve({ ok: true, value: deps.session.status() });
      unlocking ??= attemptUnlock(lockedAt).finally(() => {
        unlocking = null;
      });
      return unlocking;
    },
    activity(at) {
      if (lockedAt === null) clock.activity(at);
    },
    sessionChanged(status) {
      if (!status.signedIn) {
        clock.stop();
        clockRunning = false;
        // While the start-up restore runs the remembered lock waits for its outcome.
        if (lockedAt !== null && !status.restoring) {
          lockedAt = null;
          reason = null;
          remember(null);
        }
        return;
      }
      if (lockedAt === null && !clockRunning) {
        clock.start();
        clockRunning = true;
      }
    },
    async loadRemembered() {
      const stored = await deps.memory?.load().catch((error: unknown) => {
        deps.log?.('could not read the lock state', { error });
        return null;
      });
      if (!stored) return;
      try {
        const parsed = StoredLock.safeParse(JSON.parse(stored));
        if (parsed.success && lockedAt === null) {
          lockedAt = parsed.data.lockedAt;
          reason = parsed.data.reason;
        }
      } catch {
        // Not ours: nothing to restore.
      }
    },
    remembered: () => memoryWork,
    setAfterMs: (afterMs) => clock.setAfterMs(afterMs),
    close() {
      clock.stop();
      clockRunning = false;
    },
  };
}
