import { describe, expect, it } from 'vitest';
import {
  admit,
  type BucketState,
  concurrencyCap,
  observe,
  parseRateHeaders,
  RateGovernor,
  rollOver,
} from '../../../../sync-server/okta/rate-governor';

const bucket = (over: Partial<BucketState> = {}): BucketState => ({
  limit: 100,
  budget: 100,
  resetAtMs: 60_000,
  inFlight: 0,
  seenResetMs: 60_000,
  ...over,
});

describe('admit', () => {
  it('sends one probe while the bucket size is unknown', () => {
    expect(admit(bucket({ limit: null, budget: 0 }), 0, 8)).toEqual({ go: true });
    expect(admit(bucket({ limit: null, budget: 0, inFlight: 1 }), 0, 8)).toEqual({ go: false, waitForRelease: true });
  });

  it('waits for X-Rate-Limit-Reset once the bucket is empty', () => {
    expect(admit(bucket({ budget: 0 }), 45_000, 8)).toEqual({ go: false, waitMs: 15_000 });
  });

  it('starts no call the bucket has no room for (budget is net of calls in flight)', () => {
    expect(admit(bucket({ budget: 0, inFlight: 2 }), 0, 8)).toMatchObject({ go: false });
    expect(admit(bucket({ budget: 50, inFlight: 4 }), 0, 8)).toEqual({ go: false, waitForRelease: true });
    expect(admit(bucket({ budget: 50, inFlight: 3 }), 0, 8)).toEqual({ go: true });
  });

  it('lowers concurrency as X-Rate-Limit-Remaining falls', () => {
    const caps = [100, 50, 25, 10, 1].map((budget) => concurrencyCap(bucket({ budget }), 8));
    expect(caps).toEqual([8, 4, 2, 1, 1]);
    for (let i = 1; i < caps.length; i++) expect(caps[i]).toBeLessThanOrEqual(caps[i - 1] as number);
  });
});

describe('observe and rollOver', () => {
  it('learns the bucket from headers and counts calls still in flight against it', () => {
    const s = bucket({ limit: null, budget: 0, resetAtMs: 0, seenResetMs: 0, inFlight: 3 });
    observe(s, { limit: 100, remaining: 90, resetEpochSeconds: 60 }, 200);
    expect(s).toMatchObject({ limit: 100, budget: 87, resetAtMs: 60_000 });
  });

  it('empties the bucket on a 429 until its reset', () => {
    const s = bucket({ budget: 50 });
    observe(s, { limit: 100, remaining: 0, resetEpochSeconds: 60 }, 429);
    expect(s.budget).toBe(0);
    expect(admit(s, 59_000, 8)).toEqual({ go: false, waitMs: 1000 });
  });

  it('refills a window that has passed, and ignores late answers from it', () => {
    const s = bucket({ budget: 0 });
    rollOver(s, 60_000);
    expect(s.budget).toBe(100);
    observe(s, { limit: 100, remaining: 0, resetEpochSeconds: 60 }, 200);
    expect(s.budget).toBe(100);
    observe(s, { limit: 100, remaining: 97, resetEpochSeconds: 120 }, 200);
    expect(s).toMatchObject({ budget: 97, resetAtMs: 120_000 });
  });

  it('reads Okta rate-limit headers and refuses duplicated ones', () => {
    const h = new Map([
      ['x-rate-limit-limit', '100'],
      ['x-rate-limit-remaining', '42'],
      ['x-rate-limit-reset', '1700000000'],
    ]);
    expect(parseRateHeaders((n) => h.get(n))).toEqual({ limit: 100, remaining: 42, resetEpochSeconds: 1_700_000_000 });
    h.set('x-rate-limit-reset', '1700000000, 1700000000');
    expect(parseRateHeaders((n) => h.get(n))).toBeNull();
    expect(parseRateHeaders(() => null)).toBeNull();
  });
});

describe('RateGovernor', () => {
  /** A simulated Okta bucket: fixed windows, counts every call, 429 past the limit. */
  function fakeOkta(limit: number, windowMs: number, clock: { now: number }) {
    let windowStart = 0;
    let used = 0;
    let rejected = 0;
    return {
      call(): { status: number; h: { limit: number; remaining: number; resetEpochSeconds: number } } {
        if (clock.now >= windowStart + windowMs) {
          windowStart = Math.floor(clock.now / windowMs) * windowMs;
          used = 0;
        }
        used += 1;
        const status = used > limit ? 429 : 200;
        if (status === 429) rejected += 1;
        return {
          status,
          h: { limit, remaining: Math.max(0, limit - used), resetEpochSeconds: (windowStart + windowMs) / 1000 },
        };
      },
      rejected: () => rejected,
    };
  }

  it('runs a burst at the rate-limit floor with no 429', async () => {
    const clock = { now: 0 };
    const okta = fakeOkta(10, 1000, clock);
    const governor = new RateGovernor({
      maxConcurrency: 4,
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
      random: () => 0,
    });
    const calls = 35;
    await Promise.all(
      Array.from({ length: calls }, async () => {
        const release = await governor.acquire('apps*');
        await Promise.resolve();
        const { status, h } = okta.call();
        release(h, status);
      }),
    );
    expect(okta.rejected()).toBe(0);
    // 35 calls at 10 per 1 s window need the 4th window: the floor is 3 s.
    expect(clock.now).toBe(3000);
  });
});
