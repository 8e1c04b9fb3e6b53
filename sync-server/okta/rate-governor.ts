/**
 * Paces calls to Okta by what Okta says about each rate-limit bucket, so a large first sync runs
 * at the rate-limit floor instead of bouncing off 429s.
 *
 * Okta reports, on every Management API response, `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining`
 * and `X-Rate-Limit-Reset` (epoch seconds when the window refills) per bucket, and answers 429
 * once a bucket is empty (developer.okta.com/docs/reference/rl-best-practices/). It also limits
 * concurrent requests per org (developer.okta.com/docs/reference/rl2-limits/, "Concurrent rate
 * limits"). So: never have more requests in flight than the bucket has left; lower concurrency
 * as the bucket drains; when it is empty, wait for its reset (plus a little jitter so several
 * server processes do not stampede at the same instant).
 *
 * Calls have a priority. Incremental changes (the outbox) are `normal`; the drift sweep's are
 * `background` and use only spare budget: a background call never starts while a normal one
 * waits for the same bucket, and never takes the last `reserve` calls of a window, so a change
 * made while a sweep runs finds budget left and is not held behind the sweep.
 *
 * `admit` and `admitBackground` are the pure decisions; `RateGovernor` holds the per-bucket state
 * and the waiting.
 */

export interface BucketState {
  /** Unknown until the first response of the bucket arrives. */
  limit: number | null;
  /** Calls this process may still start in the current window (already net of calls in flight). */
  budget: number;
  /** Epoch ms when the current window refills; 0 when unknown. */
  resetAtMs: number;
  inFlight: number;
  /** The latest window Okta has reported, epoch ms; responses from older windows are stale. */
  seenResetMs: number;
}

export type Admission = { go: true } | { go: false; waitMs: number } | { go: false; waitForRelease: true };

export interface RateHeaders {
  limit: number;
  remaining: number;
  resetEpochSeconds: number;
}

/** May one more call start now? */
export function admit(s: BucketState, nowMs: number, maxConcurrency: number): Admission {
  if (s.limit === null) {
    // One probe until Okta tells us the bucket's size.
    return s.inFlight === 0 ? { go: true } : { go: false, waitForRelease: true };
  }
  if (s.budget <= 0) {
    if (s.resetAtMs > nowMs) return { go: false, waitMs: s.resetAtMs - nowMs };
    return s.inFlight === 0 ? { go: true } : { go: false, waitForRelease: true };
  }
  return s.inFlight < concurrencyCap(s, maxConcurrency) ? { go: true } : { go: false, waitForRelease: true };
}

export type CallPriority = 'normal' | 'background';

/** Calls of a window left to normal calls: `fraction` of the limit, at least one. */
export function reserveOf(limit: number, fraction: number): number {
  return Math.max(1, Math.ceil(limit * fraction));
}

/**
 * May one more background call start now? Only when no normal call waits for the bucket and
 * more than the reserve is left of the window; otherwise it waits for the window's reset or for
 * a call to end (when the waiting normal calls will have gone first).
 */
export function admitBackground(
  s: BucketState,
  nowMs: number,
  maxConcurrency: number,
  normalWaiting: number,
  reserveFraction: number,
): Admission {
  if (normalWaiting > 0) return { go: false, waitForRelease: true };
  if (s.limit === null) return s.inFlight === 0 ? { go: true } : { go: false, waitForRelease: true };
  if (s.budget <= reserveOf(s.limit, reserveFraction)) {
    if (s.resetAtMs > nowMs) return { go: false, waitMs: s.resetAtMs - nowMs };
    return s.inFlight === 0 && s.budget > 0 ? { go: true } : { go: false, waitForRelease: true };
  }
  return admit(s, nowMs, maxConcurrency);
}

/** Full concurrency while the bucket is full, down to one call as it drains. */
export function concurrencyCap(s: BucketState, maxConcurrency: number): number {
  if (s.limit === null || s.limit <= 0) return 1;
  return Math.max(1, Math.min(maxConcurrency, s.budget, Math.ceil((maxConcurrency * s.budget) / s.limit)));
}

/** A window that has passed refills to the full limit (Okta's buckets reset, they do not leak). */
export function rollOver(s: BucketState, nowMs: number): void {
  if (s.limit !== null && s.resetAtMs !== 0 && nowMs >= s.resetAtMs) {
    s.budget = s.limit - s.inFlight;
    s.resetAtMs = 0;
  }
}

/** Folds one response's headers into the bucket. `status` 429 empties the bucket until reset. */
export function observe(s: BucketState, h: RateHeaders, status: number): void {
  const resetAtMs = h.resetEpochSeconds * 1000;
  const stale = resetAtMs < s.seenResetMs || (resetAtMs === s.seenResetMs && s.resetAtMs === 0);
  if (stale) return;
  s.seenResetMs = resetAtMs;
  if (resetAtMs !== s.resetAtMs) {
    // A window we have not seen: Okta's count may not yet include the calls still in flight.
    s.limit = h.limit;
    s.resetAtMs = resetAtMs;
    s.budget = h.remaining - s.inFlight;
  } else {
    s.limit = h.limit;
    s.budget = Math.min(s.budget, h.remaining - s.inFlight);
  }
  if (status === 429) s.budget = Math.min(s.budget, 0);
}

export function parseRateHeaders(get: (name: string) => string | null | undefined): RateHeaders | null {
  const raw = ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset'].map((n) => get(n) ?? '');
  // A duplicated header arrives comma-joined (OKTA-112507): unusable.
  if (raw.some((v) => !/^\d+$/.test(v.trim()))) return null;
  const [limit, remaining, reset] = raw.map(Number) as [number, number, number];
  return { limit, remaining, resetEpochSeconds: reset };
}

export interface GovernorOptions {
  maxConcurrency: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Upper bound of the jitter added after a reset, ms. */
  resetJitterMs?: number;
  /** Share of each window's limit that background calls leave to normal ones (default 0.2). */
  backgroundReserve?: number;
  /** Observes each admission (tests assert the order of priorities with it). */
  onAdmit?: (e: { bucket: string; priority: CallPriority; normalWaiting: number }) => void;
}

export class RateGovernor {
  private readonly buckets = new Map<string, BucketState>();
  private readonly waiters = new Map<string, Array<() => void>>();
  /** Background waiters, woken after the normal ones so those re-check first. */
  private readonly backgroundWaiters = new Map<string, Array<() => void>>();
  /** Normal calls waiting per bucket (for a release or a reset). */
  private readonly normalWaiting = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly jitterMs: number;

  constructor(private readonly opts: GovernorOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = opts.random ?? Math.random;
    this.jitterMs = opts.resetJitterMs ?? 50;
  }

  state(bucket: string): BucketState {
    let s = this.buckets.get(bucket);
    if (s === undefined) {
      s = { limit: null, budget: 0, resetAtMs: 0, inFlight: 0, seenResetMs: 0 };
      this.buckets.set(bucket, s);
    }
    return s;
  }

  /** Normal calls now waiting for `bucket`. */
  waitingNormal(bucket: string): number {
    return this.normalWaiting.get(bucket) ?? 0;
  }

  /** Resolves when a call may start; the returned function must be called when it ends. */
  async acquire(
    bucket: string,
    priority: CallPriority = 'normal',
  ): Promise<(h: RateHeaders | null, status: number) => void> {
    const s = this.state(bucket);
    const background = priority === 'background';
    let counted = false;
    try {
      for (;;) {
        rollOver(s, this.now());
        const a = background
          ? admitBackground(
              s,
              this.now(),
              this.opts.maxConcurrency,
              this.waitingNormal(bucket),
              this.opts.backgroundReserve ?? 0.2,
            )
          : admit(s, this.now(), this.opts.maxConcurrency);
        if (a.go) break;
        if (!background && !counted) {
          counted = true;
          this.normalWaiting.set(bucket, this.waitingNormal(bucket) + 1);
        }
        if ('waitMs' in a) await this.sleep(a.waitMs + this.random() * this.jitterMs);
        else
          await new Promise<void>((resolve) =>
            (background ? this.backgroundQueue(bucket) : this.queue(bucket)).push(resolve),
          );
      }
    } finally {
      if (counted) this.normalWaiting.set(bucket, this.waitingNormal(bucket) - 1);
    }
    this.opts.onAdmit?.({ bucket, priority, normalWaiting: this.waitingNormal(bucket) });
    s.inFlight += 1;
    s.budget -= 1;
    let released = false;
    return (h, status) => {
      if (released) return;
      released = true;
      s.inFlight -= 1;
      if (h !== null) observe(s, h, status);
      else if (status === 429) s.budget = Math.min(s.budget, 0);
      for (const wake of this.queue(bucket).splice(0)) wake();
      for (const wake of this.backgroundQueue(bucket).splice(0)) wake();
    };
  }

  private backgroundQueue(bucket: string): Array<() => void> {
    let q = this.backgroundWaiters.get(bucket);
    if (q === undefined) {
      q = [];
      this.backgroundWaiters.set(bucket, q);
    }
    return q;
  }

  private queue(bucket: string): Array<() => void> {
    let q = this.waiters.get(bucket);
    if (q === undefined) {
      q = [];
      this.waiters.set(bucket, q);
    }
    return q;
  }
}
