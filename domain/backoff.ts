/**
 * Waiting before a retry: the ceiling doubles with each attempt from `baseMs` up to `capMs`, and a
 * random share of it is taken ("Exponential Backoff And Jitter", AWS Architecture Blog) so that many
 * clients retrying after one outage spread apart instead of arriving together. `random` is passed
 * in, so tests choose it.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

/** The ceiling of attempt `attempt` (0 for the first retry). */
function ceilingMs(attempt: number, policy: BackoffPolicy): number {
  // 2^30 times any base is past any cap; larger exponents only risk Infinity.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
}

/** Full jitter: uniform in [0, ceiling]. Best spread; for workers that may retry at once. */
export function fullJitterMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  return Math.floor(random() * ceilingMs(attempt, policy));
}

/**
 * Equal jitter: uniform in [ceiling / 2, ceiling]. Never near zero, so a desktop that lost its
 * server does not hammer it; still spread, so a server restart is not answered by every desktop
 * in the same instant.
 */
export function equalJitterMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const cap = ceilingMs(attempt, policy);
  return Math.floor(cap / 2 + (random() * cap) / 2);
}
