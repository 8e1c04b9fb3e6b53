/**
 * Org-wide, per-minute rate-limit buckets (developer.okta.com/docs/reference/rl-global-mgmt/,
 * defaults of the Workforce Identity column, configurable) and the concurrency limit
 * (developer.okta.com/docs/reference/rl-additional-limits/: 75 concurrent API transactions per org).
 * Okta counts each bucket in one-minute windows and reports the window's end in
 * `X-Rate-Limit-Reset` as epoch seconds (developer.okta.com/docs/reference/rl-best-practices/).
 */
export const DEFAULT_RATE_LIMITS = {
  'api/v1/apps': 100,
  'api/v1/apps/{id}': 500,
  'api/v1/groups': 500,
  'api/v1/groups/{id}': 1000,
  'api/v1/users': 600,
  'api/v1/users/{id}': 2000,
  'api/v1/users*': 600,
  'api/v1/*': 1200,
} as const;
export type BucketName = keyof typeof DEFAULT_RATE_LIMITS;
export type RateLimitConfig = Record<BucketName, number>;
export const DEFAULT_CONCURRENCY_LIMIT = 75;

const ID = '[^/]+';

/**
 * Which bucket a request counts against. Endpoints ending in `*` in Okta's tables collect every
 * call under that base path that no more specific row matches.
 */
export function bucketFor(method: string, path: string): BucketName {
  const p = path.replace(/\/+$/, '');
  if (p === '/api/v1/apps') return 'api/v1/apps';
  if (new RegExp(`^/api/v1/apps/${ID}$`).test(p)) return 'api/v1/apps/{id}';
  if (p.startsWith('/api/v1/apps/')) return 'api/v1/apps';
  if (p === '/api/v1/groups') return 'api/v1/groups';
  if (new RegExp(`^/api/v1/groups/${ID}$`).test(p)) return 'api/v1/groups/{id}';
  if (p.startsWith('/api/v1/groups/')) return 'api/v1/groups';
  if (p === '/api/v1/users') return 'api/v1/users';
  if (method === 'GET' && new RegExp(`^/api/v1/users/${ID}$`).test(p)) return 'api/v1/users/{id}';
  if (p.startsWith('/api/v1/users/')) return 'api/v1/users*';
  return 'api/v1/*';
}

export interface Window {
  startMs: number;
  used: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds at which the current window ends. */
  resetEpochSeconds: number;
  window: Window;
}

/** Take one request from a bucket's fixed one-minute window. Pure: the caller stores `window`. */
export function takeFromWindow(previous: Window | undefined, limit: number, nowMs: number): RateDecision {
  const current = previous && nowMs < previous.startMs + 60_000 ? previous : { startMs: nowMs, used: 0 };
  const allowed = current.used < limit;
  const window = allowed ? { startMs: current.startMs, used: current.used + 1 } : current;
  return {
    allowed,
    limit,
    remaining: Math.max(0, limit - window.used),
    resetEpochSeconds: Math.ceil((current.startMs + 60_000) / 1000),
    window,
  };
}

export class RateLimiter {
  readonly #windows = new Map<BucketName, Window>();

  constructor(
    readonly limits: RateLimitConfig,
    private readonly now: () => number,
  ) {}

  take(bucket: BucketName): RateDecision {
    const decision = takeFromWindow(this.#windows.get(bucket), this.limits[bucket], this.now());
    this.#windows.set(bucket, decision.window);
    return decision;
  }
}
