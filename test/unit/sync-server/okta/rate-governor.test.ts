import { describe, expect, it } from 'vitest';
import {
  admit,
  admitBackground,
  type BucketState,
  type CallPriority,
  concurrencyCap,
  observe,
  parseRateHeaders,
  RateGovernor,
  reserveOf,
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

describe('admitBackground (the drift sweep spends only spare budget)', () => {
  it('never starts while a normal call waits for the bucket', () => {
    expect(admitBackground(bucket(), 0, 8, 1, 0.2)).toEqual({ go: false, waitForRelease: true });
    expect(admitBackground(bucket(), 0, 8, 0, 0.2)).toEqual({ go: true });
  });

  it('leaves the reserve of each window to normal calls, waiting for the reset', () => {
    expect(reserveOf(100, 0.2)).toBe(20);
    expect(reserveOf(3, 0.2)).toBe(1);
    expect(admitBackground(bucket({ budget: 21 }), 0, 8, 0, 0.2)).toEqual({ go: true });
    expect(admitBackground(bucket({ budget: 20 }), 45_000, 8, 0, 0.2)).toEqual({ go: false, waitMs: 15_000 });
  });

  it('keeps the normal concurrency cap as the bucket drains', () => {
    expect(admitBackground(bucket({ budget: 50, inFlight: 4 }), 0, 8, 0, 0.2)).toEqual({
      go: false,
      waitForRelease: true,
    });
  });
});

describe('RateGovernor priorities', () => {
  /** A governor on a manual clock: sleeps resolve only when the test advances time. */
  function manual() {
    let now = 0;
    const sleepers: { at: number; wake: () => void }[] = [];
    const admitted: { priority: CallPriority; normalWaiting: number }[] = [];
    const gov = new RateGovernor({
      maxConcurrency: 1,
      now: () => now,
      random: () => 0,
      resetJitterMs: 0,
      sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
      onAdmit: (e) => admitted.push({ priority: e.priority, normalWaiting: e.normalWaiting }),
    });
    const advance = async (to: number) => {
      now = to;
      for (const s of sleepers.splice(0)) if (s.at <= now) s.wake();
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    return { gov, admitted, advance };
  }
  const headers = (remaining: number) => ({ limit: 10, remaining, resetEpochSeconds: 60 });
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };

  it('a normal call waiting behind a background one goes first when the call ends', async () => {
    const { gov, admitted } = manual();
    const first = await gov.acquire('apps*', 'background');
    first(headers(9), 200);
    const held = await gov.acquire('apps*', 'background'); // concurrency 1: the bucket is busy
    const order: string[] = [];
    const bg = gov.acquire('apps*', 'background').then((r) => {
      order.push('background');
      return r;
    });
    const normal = gov.acquire('apps*', 'normal').then((r) => {
      order.push('normal');
      return r;
    });
    await flush();
    expect(gov.waitingNormal('apps*')).toBe(1);
    held(headers(8), 200);
    (await normal)(headers(7), 200);
    (await bg)(headers(6), 200);
    expect(order).toEqual(['normal', 'background']);
    // No background call was admitted while a normal one waited.
    expect(admitted.filter((a) => a.priority === 'background').every((a) => a.normalWaiting === 0)).toBe(true);
  });

  it('background calls stop at the reserve and resume after the reset; normal calls still get the reserve', async () => {
    const { gov, admitted, advance } = manual();
    // Limit 10, reserve 2: background may take the window down to 3 left.
    let remaining = 10;
    for (let i = 0; i < 8; i++) {
      const r = await gov.acquire('apps*', 'background');
      remaining -= 1;
      r(headers(remaining), 200);
    }
    let bgAdmitted = false;
    const bg = gov.acquire('apps*', 'background').then((r) => {
      bgAdmitted = true;
      return r;
    });
    await flush();
    expect(bgAdmitted).toBe(false);
    // The reserve is there for an incremental change, at once.
    const n1 = await gov.acquire('apps*', 'normal');
    n1(headers(1), 200);
    const n2 = await gov.acquire('apps*', 'normal');
    n2(headers(0), 200);
    expect(bgAdmitted).toBe(false);
    await advance(60_000);
    (await bg)({ limit: 10, remaining: 9, resetEpochSeconds: 120 }, 200);
    expect(bgAdmitted).toBe(true);
    expect(admitted.map((a) => a.priority).slice(-3)).toEqual(['normal', 'normal', 'background']);
  });
});
