/**
 * The idle clock behind auto-lock: told when the user was last active, it calls `onIdle` once
 * `afterMs` have passed without activity. Plain Node with an injected clock and timer, so it is
 * tested without waiting; each host feeds it its own way (the browser host's page reports input
 * while visible, Electron's main reports the OS's idle time: power-lock.ts).
 */
import type { Schedule } from '../session/offline-standing';

export interface IdleClockDeps {
  /** Milliseconds without activity before `onIdle`; 0 or less: never. */
  readonly afterMs: number;
  readonly now: () => number;
  readonly schedule: Schedule;
  readonly onIdle: () => void;
}

export interface IdleClock {
  /** Activity at `at` (default now); an older time than one already known changes nothing. */
  activity(at?: number): void;
  /** Starts counting from now (after sign-in or unlock). */
  start(): void;
  /** Stops counting (locked, signed out). */
  stop(): void;
  /** A new idle time (the settings changed): counts from the last activity, not from now. */
  setAfterMs(afterMs: number): void;
}

export function createIdleClock(deps: IdleClockDeps): IdleClock {
  let afterMs = deps.afterMs;
  let last = 0;
  let running = false;
  let cancel: (() => void) | null = null;

  const arm = () => {
    cancel?.();
    cancel = null;
    if (!running || afterMs <= 0) return;
    const due = last + afterMs - deps.now();
    cancel = deps.schedule(fire, Math.max(0, due));
  };
  function fire(): void {
    cancel = null;
    if (!running) return;
    // Activity may have come in after the timer was set: count again from it.
    if (deps.now() - last < afterMs) {
      arm();
      return;
    }
    running = false;
    deps.onIdle();
  }

  return {
    activity(at = deps.now()) {
      if (at <= last) return;
      last = at;
      // The timer is set for the earliest possible lock; later activity is checked when it fires.
      if (running && cancel === null) arm();
    },
    start() {
      running = true;
      last = Math.max(last, deps.now());
      arm();
    },
    stop() {
      running = false;
      cancel?.();
      cancel = null;
    },
    setAfterMs(next) {
      afterMs = next;
      // Already idle for longer than the new time: the re-armed timer fires at once.
      arm();
    },
  };
}
