import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../sync-server/http/rate-limit';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with an integer Retry-After, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('okta').allowed)).toEqual([true, true, true]);
    const refused = limiter.take('okta');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('someone-else').allowed).toBe(true);
    now += 500;
    expect(limiter.take('okta').allowed).toBe(true);
  });

  it('rounds a long wait up to whole seconds', () => {
    const limiter = new RateLimiter({ perSecond: 0.25, burst: 1 }, () => 0);
    limiter.take('k');
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });
});
