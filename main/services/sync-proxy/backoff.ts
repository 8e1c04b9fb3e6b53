/**
 * Reconnect delays for the live stream: exponential with "equal jitter" (each client picks a
 * random delay between half the exponential cap and the cap), so a server restart is not answered by every desktop
 * reconnecting in the same instant. A pure function; `random` is passed in for tests.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };

/** Delay before reconnect attempt `attempt` (0 for the first retry after a drop). */
export function reconnectDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const cap = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(cap / 2 + (random() * cap) / 2);
}
