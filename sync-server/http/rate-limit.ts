/**
 * A token bucket per client (keyed by remote address): `burst` requests at once, refilled at
 * `perSecond`. When empty the caller answers 429 with `Retry-After` in whole seconds (RFC 9110
 * §10.2.3 delay-seconds; RFC 6585 §4), which Okta's provisioning client honours before retrying.
 */
export interface RateLimitConfig {
  perSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Generous for Okta's provisioning pace (a handful of requests per second), tight for a runaway client. */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { perSecond: 200, burst: 400 };

const MAX_TRACKED_CLIENTS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.config.burst, at: now };
    bucket.tokens = Math.min(this.config.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.config.perSecond);
    bucket.at = now;
    if (!this.buckets.has(key)) this.remember(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
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
