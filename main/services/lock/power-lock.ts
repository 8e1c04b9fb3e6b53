/**
 * Electron's side of auto-lock: `powerMonitor` events lock at once ('lock-screen': the OS locked
 * the screen; 'suspend': the machine goes to sleep), and the OS's idle time — input anywhere on
 * the machine, not only in our window — is polled and fed to the desktop's idle clock as the
 * time of the last activity. Takes the part of `powerMonitor` it uses, so it is tested without
 * Electron (main/index.ts hands it the real one).
 */
import type { LockReason } from '../../../domain/ipc-contract';
import type { Schedule } from '../session/offline-standing';

export interface PowerMonitorLike {
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  removeListener(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  /** Seconds since the last input anywhere on the machine. */
  getSystemIdleTime(): number;
}

export interface PowerLockTarget {
  lock(reason: LockReason): unknown;
  activity(at: number): void;
}

/** How often the OS idle time is read: fine enough for an idle time of minutes. */
export const IDLE_POLL_MS = 15_000;

export function followPowerMonitor(
  monitor: PowerMonitorLike,
  target: PowerLockTarget,
  clock: { now: () => number; schedule: Schedule },
): () => void {
  const onLockScreen = () => target.lock('screen-locked');
  const onSuspend = () => target.lock('suspend');
  monitor.on('lock-screen', onLockScreen);
  monitor.on('suspend', onSuspend);
  let cancel: (() => void) | null = null;
  const poll = () => {
    target.activity(clock.now() - monitor.getSystemIdleTime() * 1000);
    cancel = clock.schedule(poll, IDLE_POLL_MS);
  };
  poll();
  return () => {
    cancel?.();
    monitor.removeListener('lock-screen', onLockScreen);
    monitor.removeListener('suspend', onSuspend);
  };
}
