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
import type { LockReason } from '../../../domain/ipc-contract';
import type { Schedule } from '../session/offline-standing';
import type { SessionResult, SessionStatus } from '../session/session-status';
import { createIdleClock } from './idle-clock';
import type { OsUserCheck } from './os-user-check';

/** Default minutes without activity before the app locks (LATCHKEY_LOCK_AFTER_MINUTES). */
export const DEFAULT_LOCK_AFTER_MINUTES = 10;

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
}

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
  sessionChanged(status: { readonly signedIn: boolean }): void;
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

  function lock(why: LockReason): boolean {
    if (lockedAt !== null || !deps.session.status().signedIn) return false;
    lockedAt = deps.now();
    reason = why;
    clock.stop();
    clockRunning = false;
    deps.onChange();
    return true;
  }

  function release(): void {
    lockedAt = null;
    reason = null;
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
        if (lockedAt !== null) {
          lockedAt = null;
          reason = null;
        }
        return;
      }
      if (lockedAt === null && !clockRunning) {
        clock.start();
        clockRunning = true;
      }
    },
    close() {
      clock.stop();
      clockRunning = false;
    },
  };
}
