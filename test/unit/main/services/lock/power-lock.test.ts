import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { LockReason } from '../../../../../domain/ipc-contract';
import { followPowerMonitor, IDLE_POLL_MS } from '../../../../../main/services/lock/power-lock';

/** Electron's powerMonitor as far as auto-lock uses it: its two events and the OS idle time. */
class FakePowerMonitor extends EventEmitter {
  idleSeconds = 0;
  getSystemIdleTime(): number {
    return this.idleSeconds;
  }
}

function harness() {
  const monitor = new FakePowerMonitor();
  const locks: LockReason[] = [];
  const activity: number[] = [];
  let now = 5_000_000;
  const pending: Array<() => void> = [];
  const stop = followPowerMonitor(
    monitor,
    { lock: (reason) => locks.push(reason), activity: (at) => activity.push(at) },
    {
      now: () => now,
      schedule: (run, ms) => {
        expect(ms).toBe(IDLE_POLL_MS);
        pending.push(run);
        return () => pending.splice(pending.indexOf(run), 1);
      },
    },
  );
  const tick = (seconds: number) => {
    now += IDLE_POLL_MS;
    monitor.idleSeconds = seconds;
    pending.shift()?.();
  };
  return { monitor, locks, activity, tick, stop, pending, now: () => now };
}

describe('Electron power events and OS idle time', () => {
  it('locks when the OS locks the screen and when the machine suspends', () => {
    const { monitor, locks } = harness();
    monitor.emit('lock-screen');
    monitor.emit('suspend');
    expect(locks).toEqual(['screen-locked', 'suspend']);
  });

  it('reports the last input anywhere on the machine as the idle clock’s activity', () => {
    const { activity, tick, now } = harness();
    tick(3);
    tick(40);
    expect(activity.slice(1)).toEqual([now() - IDLE_POLL_MS - 3_000, now() - 40_000]);
  });

  it('stops listening and polling when stopped', () => {
    const { monitor, locks, stop, pending } = harness();
    stop();
    monitor.emit('lock-screen');
    expect(locks).toEqual([]);
    expect(pending).toEqual([]);
  });
});
