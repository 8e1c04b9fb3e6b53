/**
 * A remembered sign-in while Okta cannot be reached: the user keeps working on their replica
 * (the app works fully offline) and the refresh is retried in the background with backoff, so
 * the session comes back by itself. Only a network failure leads here; Okta's `invalid_grant`
 * (revoked, expired, rotated away) ends the session instead — RFC 6749 §5.2.
 */
import { type BackoffPolicy, equalJitterMs } from '../../../domain/backoff';
import type { Identity } from './token-set';

/** Okta's /token is rate limited per client; a desktop that is offline should not hammer it on return. */
export const OFFLINE_RETRY: BackoffPolicy = { baseMs: 1_000, capMs: 30_000 };
/** Callers asking for a token (replication, the live stream) may probe Okta at most this often. */
export const OFFLINE_PROBE_MIN_MS = 1_000;

export type Schedule = (run: () => void, ms: number) => () => void;

export const scheduleWithTimers: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  // A pending retry must not keep a host process alive on its own.
  timer.unref?.();
  return () => clearTimeout(timer);
};

export type RefreshOutcome = 'refreshed' | 'unreachable' | 'rejected' | 'failed';

/** What a refresh outcome means for a session that is offline: the pure rule, tested on its own. */
export function nextStanding(outcome: RefreshOutcome): 'online' | 'offline' | 'signed-out' {
  if (outcome === 'refreshed') return 'online';
  if (outcome === 'rejected') return 'signed-out';
  // Unreachable, or an answer we did not expect (a 5xx page): Okta may be back later; keep the user's work.
  return 'offline';
}

type RefreshAnswer =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly code: string; readonly reason: string };
type Unreachable = { readonly ok: false; readonly code: 'idp_unreachable'; readonly reason: string };

export interface OfflineDeps<R extends RefreshAnswer> {
  /** The session's one-at-a-time refresh; on success or `invalid_grant` the session stops this standing. */
  refresh(refreshToken: string): Promise<R>;
  now(): number;
  schedule: Schedule;
  random: () => number;
  policy?: BackoffPolicy;
}

export interface OfflineStanding<R> {
  readonly refreshToken: string;
  readonly identity: Identity;
  /** Someone needs a token now: try Okta, unless it was tried less than OFFLINE_PROBE_MIN_MS ago. */
  probe(): Promise<R | Unreachable>;
  stop(): void;
}

/** Entered right after a refresh failed for want of a network: the first retry is scheduled at once. */
export function offlineStanding<R extends RefreshAnswer>(
  refreshToken: string,
  identity: Identity,
  deps: OfflineDeps<R>,
): OfflineStanding<R> {
  let attempt = 0;
  // Entered right after a refresh failed: that attempt counts as the last probe.
  let lastProbeAt = deps.now();
  let cancel: (() => void) | null = null;
  let stopped = false;

  function scheduleRetry(): void {
    if (stopped) return;
    cancel?.();
    const delay = equalJitterMs(attempt, deps.policy ?? OFFLINE_RETRY, deps.random);
    attempt += 1;
    cancel = deps.schedule(retry, delay);
  }

  function retry(): void {
    cancel = null;
    if (stopped) return;
    void deps.refresh(refreshToken).then(
      (result) => {
        const outcome: RefreshOutcome = result.ok
          ? 'refreshed'
          : result.code === 'session_expired'
            ? 'rejected'
            : 'unreachable';
        if (nextStanding(outcome) === 'offline') scheduleRetry();
      },
      // An unexpected answer (a 5xx page) is not a verdict on the sign-in: keep the work, retry later.
      () => scheduleRetry(),
    );
  }

  scheduleRetry();
  return {
    refreshToken,
    identity,
    probe() {
      const now = deps.now();
      if (now - lastProbeAt < OFFLINE_PROBE_MIN_MS) {
        return Promise.resolve({
          ok: false,
          code: 'idp_unreachable',
          reason: 'Okta could not be reached a moment ago',
        });
      }
      lastProbeAt = now;
      return deps.refresh(refreshToken);
    },
    stop() {
      stopped = true;
      cancel?.();
      cancel = null;
    },
  };
}
