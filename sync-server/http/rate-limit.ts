/**
 * A token bucket per key (a remote address, a user): `burst` requests at once, refilled at
 * `perSecond`. When empty the caller answers 429 with `Retry-After` in whole seconds (RFC 9110
 * §10.2.3 delay-seconds; RFC 6585 §4), which Okta's provisioning client honours before retrying.
 */
export interface RateLimitConfig {
  perSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** SCIM: generous for Okta's provisioning pace (a handful of requests per second), tight for a runaway client. */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { perSecond: 200, burst: 400 };

/**
 * SCIM requests with a wrong or missing token, per address: Okta never sends one once set up,
 * so 20 mistakes are plenty; then one guess per 3 s — 256-bit tokens make guessing hopeless
 * anyway, this keeps a guesser from costing the store anything.
 */
export const DEFAULT_FAILED_AUTH_LIMIT: RateLimitConfig = { perSecond: 1 / 3, burst: 20 };

/** `n` requests a minute, all of them at once if need be. */
export const perMinute = (n: number): RateLimitConfig => ({ perSecond: n / 60, burst: n });

const MAX_TRACKED_CLIENTS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): RateDecision {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return this.refusal(bucket);
  }

  /** Would `take` allow one now? Consumes nothing (a failure budget is spent only on failure). */
  peek(key: string): RateDecision {
    const bucket = this.refilled(key);
    return bucket.tokens >= 1 ? { allowed: true } : this.refusal(bucket);
  }

  private refilled(key: string): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.config.burst, at: now };
    bucket.tokens = Math.min(this.config.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.config.perSecond);
    bucket.at = now;
    if (!this.buckets.has(key)) this.remember(key, bucket);
    return bucket;
  }

  private refusal(bucket: { tokens: number }): RateDecision {
    const seconds = (1 - bucket.tokens) / this.config.perSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
  }

  private remember(key: string, bucket: { tokens: number; at: number }): void {
    // Bounded memory under address spraying: forget the oldest client (Map keeps insertion order).
    if (this.buckets.size >= MAX_TRACKED_CLIENTS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.set(key, bucket);
  }
}
