/**
 * A remembered sign-in while Okta cannot be reached: the user keeps working on their replica
 * (issue 7: works fully offline) and the refresh is retried in the background with backoff, so
 * the session comes back by itself. Only a network failure leads here; Okta's `invalid_grant`
 * (revoked, expired, rotated away) ends the session instead — RFC 6749 §5.2.
 */
import { type BackoffPolicy, reconnectDelay } from '../sync-proxy/backoff';
import type { Identity } from './token-set';

/** Okta's /token is rate limited per client; a desktop that is offline should not hammer it on return. */
export const OFFLINE_RETRY: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 };
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

export interface OfflineStanding {
  readonly refreshToken: string;
  readonly identity: Identity;
  /** True when a caller may try Okta now rather than wait for the next scheduled retry. */
  mayProbe(now: number): boolean;
  probed(now: number): void;
  /** Schedules the next background retry after a failed one (exponential, with jitter). */
  scheduleRetry(retry: () => void): void;
  stop(): void;
}

export function offlineStanding(
  refreshToken: string,
  identity: Identity,
  deps: { schedule: Schedule; random: () => number; policy?: BackoffPolicy },
): OfflineStanding {
  let attempt = 0;
  let lastProbeAt = Number.NEGATIVE_INFINITY;
  let cancel: (() => void) | null = null;
  let stopped = false;
  return {
    refreshToken,
    identity,
    mayProbe: (now) => now - lastProbeAt >= OFFLINE_PROBE_MIN_MS,
    probed(now) {
      lastProbeAt = now;
    },
    scheduleRetry(retry) {
      if (stopped) return;
      cancel?.();
      const delay = reconnectDelay(attempt, deps.policy ?? OFFLINE_RETRY, deps.random);
      attempt += 1;
      cancel = deps.schedule(() => {
        cancel = null;
        if (!stopped) retry();
      }, delay);
    },
    stop() {
      stopped = true;
      cancel?.();
      cancel = null;
    },
  };
}
