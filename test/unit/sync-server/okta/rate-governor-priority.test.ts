import { describe, expect, it } from 'vitest';
import {
  admitBackground,
  type BucketState,
  type CallPriority,
  RateGovernor,
  reserveOf,
} from '../../../../sync-server/okta/rate-governor';

const bucket = (over: Partial<BucketState> = {}): BucketState => ({
  limit: 100,
  budget: 100,
  resetAtMs: 60_000,
  inFlight: 0,
  seenResetMs: 60_000,
  ...over,
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
