import { describe, expect, it } from 'vitest';
import { createDesktopLock, type LockSession } from '../../../../../main/services/lock/desktop-lock';
import { createIdleClock } from '../../../../../main/services/lock/idle-clock';
import { type OsUserCheck, touchIdUserCheck } from '../../../../../main/services/lock/os-user-check';
import type { SessionResult, SessionStatus } from '../../../../../main/services/session/session-status';
import { effectiveSettings } from '../../../../../main/services/settings/effective-settings';

/** A clock and timer the test moves by hand: no waiting, no real time. */
function manualTime() {
  let now = 1_000_000;
  const timers: Array<{ at: number; run: () => void; live: boolean }> = [];
  return {
    now: () => now,
    schedule: (run: () => void, ms: number) => {
      const timer = { at: now + ms, run, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        now = next.at;
        next.live = false;
        next.run();
      }
      now = until;
    },
  };
}

const MINUTE = 60_000;

describe('idle clock', () => {
  it('fires once after the idle time, counting from the last activity', () => {
    const time = manualTime();
    let idle = 0;
    const clock = createIdleClock({ afterMs: 10 * MINUTE, ...time, onIdle: () => idle++ });
    clock.start();
    time.advance(6 * MINUTE);
    clock.activity();
    time.advance(6 * MINUTE);
    expect(idle).toBe(0);
    time.advance(4 * MINUTE);
    expect(idle).toBe(1);
    time.advance(60 * MINUTE);
    expect(idle).toBe(1);
  });

  it('takes activity reported with its own time (the OS idle time), ignoring older reports', () => {
    const time = manualTime();
    let idle = 0;
    const clock = createIdleClock({ afterMs: 10 * MINUTE, ...time, onIdle: () => idle++ });
    clock.start();
    time.advance(9 * MINUTE);
    clock.activity(time.now() - MINUTE);
    clock.activity(time.now() - 5 * MINUTE);
    time.advance(1 * MINUTE);
    expect(idle).toBe(0);
    time.advance(8 * MINUTE);
    expect(idle).toBe(1);
  });

  it('never fires when stopped, or when set to 0 minutes', () => {
    const time = manualTime();
    let idle = 0;
    const stopped = createIdleClock({ afterMs: MINUTE, ...time, onIdle: () => idle++ });
    stopped.start();
    stopped.stop();
    const never = createIdleClock({ afterMs: 0, ...time, onIdle: () => idle++ });
    never.start();
    time.advance(24 * 60 * MINUTE);
    expect(idle).toBe(0);
  });
});

const BOB: SessionStatus = {
  signedIn: true,
  user: { subject: '00ubob', email: 'bob@example.com', name: 'Bob' },
  remembered: true,
  persistenceUnavailableReason: null,
  connectivity: 'online',
  restoring: false,
  signedOutBecause: null,
};
const SIGNED_OUT: SessionStatus = { ...BOB, signedIn: false, user: null };

function lockWith(options: { userCheck?: OsUserCheck; reauth?: SessionResult<SessionStatus, string> } = {}) {
  const time = manualTime();
  let status = BOB;
  const reauthCalls: number[] = [];
  const session: LockSession = {
    status: () => status,
    reauthenticate: async (since) => {
      reauthCalls.push(since);
      return options.reauth ?? { ok: true, value: status };
    },
  };
  let changes = 0;
  const lock = createDesktopLock({
    session,
    afterMs: 10 * MINUTE,
    ...time,
    userCheck: options.userCheck,
    onChange: () => changes++,
  });
  lock.sessionChanged(status);
  return {
    lock,
    time,
    reauthCalls,
    changes: () => changes,
    signOut() {
      status = SIGNED_OUT;
      lock.sessionChanged(status);
    },
  };
}

describe('desktop lock', () => {
  it('says when a lock is saved for the next start, which a slow keychain can delay', async () => {
    const saved: Array<string | null> = [];
    let finishSave = (): void => {};
    let saveStarted = (): void => {};
    const started = new Promise<void>((resolve) => {
      saveStarted = resolve;
    });
    const lock = createDesktopLock({
      session: { status: () => BOB, reauthenticate: async () => ({ ok: true, value: BOB }) },
      afterMs: 10 * MINUTE,
      ...manualTime(),
      onChange: () => {},
      memory: {
        load: async () => null,
        save: (value) =>
          new Promise<void>((resolve) => {
            finishSave = () => {
              saved.push(value);
              resolve();
            };
            saveStarted();
          }),
      },
    });
    lock.sessionChanged(BOB);
    expect(lock.lock('manual')).toBe(true);
    let remembered = false;
    const done = lock.remembered().then(() => {
      remembered = true;
    });
    await started;
    expect(remembered).toBe(false);
    finishSave();
    await done;
    expect(saved).toEqual([expect.stringContaining('"reason":"manual"')]);
  });

  it('locks a signed-in session after ten idle minutes, not before, and says it was idleness', () => {
    const { lock, time, changes } = lockWith();
    time.advance(9 * MINUTE);
    lock.activity();
    time.advance(9 * MINUTE);
    expect(lock.locked()).toBe(false);
    time.advance(MINUTE);
    expect(lock.locked()).toBe(true);
    expect(lock.lockedBecause()).toBe('idle');
    expect(changes()).toBe(1);
  });

  it('activity while locked unlocks nothing', () => {
    const { lock } = lockWith();
    expect(lock.lock('screen-locked')).toBe(true);
    lock.activity();
    expect(lock.locked()).toBe(true);
    expect(lock.lock('manual')).toBe(false);
    expect(lock.lockedBecause()).toBe('screen-locked');
  });

  it('unlocks through Okta re-authentication since the lock, and the idle clock starts again', async () => {
    const { lock, time, reauthCalls } = lockWith();
    time.advance(MINUTE);
    lock.lock('manual');
    const lockedAt = time.now();
    expect(await lock.unlock()).toMatchObject({ ok: true });
    expect(reauthCalls).toEqual([lockedAt]);
    expect(lock.locked()).toBe(false);
    time.advance(10 * MINUTE);
    expect(lock.lockedBecause()).toBe('idle');
  });

  it('stays locked, saying why, when Okta re-authentication fails', async () => {
    const { lock } = lockWith({
      reauth: { ok: false, code: 'unlock_other_user', reason: 'Okta signed in cy@example.com' },
    });
    lock.lock('manual');
    expect(await lock.unlock()).toEqual({
      ok: false,
      code: 'unlock_other_user',
      reason: 'Okta signed in cy@example.com',
    });
    expect(lock.locked()).toBe(true);
  });

  it('takes the OS user check where there is one, and falls back to Okta when it is refused', async () => {
    let answer = true;
    const asked: string[] = [];
    const userCheck: OsUserCheck = {
      available: () => true,
      confirm: async (reason) => {
        asked.push(reason);
        return answer;
      },
    };
    const { lock, reauthCalls } = lockWith({ userCheck });
    lock.lock('suspend');
    expect(await lock.unlock()).toMatchObject({ ok: true });
    expect(reauthCalls).toEqual([]);
    expect(asked).toEqual(['unlock Latchkey']);

    answer = false;
    lock.lock('manual');
    expect(await lock.unlock()).toMatchObject({ ok: true });
    expect(reauthCalls).toHaveLength(1);
  });

  it('concurrent unlocks share one attempt', async () => {
    const { lock, reauthCalls } = lockWith();
    lock.lock('manual');
    const [a, b] = await Promise.all([lock.unlock(), lock.unlock()]);
    expect(a).toEqual(b);
    expect(reauthCalls).toHaveLength(1);
  });

  it('nobody signed in: nothing locks; signing out ends a lock', () => {
    const { lock, signOut, time } = lockWith();
    lock.lock('manual');
    signOut();
    expect(lock.locked()).toBe(false);
    expect(lock.lock('manual')).toBe(false);
    time.advance(60 * MINUTE);
    expect(lock.locked()).toBe(false);
  });
});

describe('LATCHKEY_LOCK_AFTER_MINUTES', () => {
  const minutes = (env: Record<string, string>) =>
    effectiveSettings({ env, stored: { lockAfterMinutes: 20 }, file: 'settings.json', fileWarnings: [] });
  it('overrides the stored minutes, takes 0 (never) and fractions, and keeps the stored value for nonsense', () => {
    expect(minutes({}).values.lockAfterMinutes).toBe(20);
    expect(minutes({ LATCHKEY_LOCK_AFTER_MINUTES: '0' }).values.lockAfterMinutes).toBe(0);
    expect(minutes({ LATCHKEY_LOCK_AFTER_MINUTES: '0.05' }).values.lockAfterMinutes * MINUTE).toBe(3000);
    const bad = minutes({ LATCHKEY_LOCK_AFTER_MINUTES: 'soon' });
    expect(bad.values.lockAfterMinutes).toBe(20);
    expect(bad.warnings.join('\n')).toContain('LATCHKEY_LOCK_AFTER_MINUTES=soon is ignored');
    expect(minutes({ LATCHKEY_LOCK_AFTER_MINUTES: '-1' }).values.lockAfterMinutes).toBe(20);
  });
});

describe('a new lock timeout from the settings', () => {
  it('applies to the idle period already running, without a restart', () => {
    const time = manualTime();
    let idle = 0;
    const clock = createIdleClock({ afterMs: 10 * MINUTE, ...time, onIdle: () => idle++ });
    clock.start();
    time.advance(3 * MINUTE);
    clock.setAfterMs(MINUTE);
    // Idle for three minutes already: a one-minute timeout locks now.
    time.advance(0);
    expect(idle).toBe(1);
  });

  it('can be lengthened or turned off (0) while counting', () => {
    const time = manualTime();
    let idle = 0;
    const clock = createIdleClock({ afterMs: 10 * MINUTE, ...time, onIdle: () => idle++ });
    clock.start();
    time.advance(5 * MINUTE);
    clock.setAfterMs(30 * MINUTE);
    time.advance(20 * MINUTE);
    expect(idle).toBe(0);
    clock.setAfterMs(0);
    time.advance(600 * MINUTE);
    expect(idle).toBe(0);
    clock.setAfterMs(MINUTE);
    time.advance(0);
    expect(idle).toBe(1);
  });
});

describe('Touch ID as the OS user check', () => {
  it('exists only on macOS with Electron’s Touch ID calls, and a refused prompt is a no', async () => {
    expect(touchIdUserCheck({}, 'darwin')).toBeUndefined();
    const prompts: string[] = [];
    const preferences = {
      canPromptTouchID: () => true,
      promptTouchID: async (reason: string) => {
        prompts.push(reason);
        if (prompts.length > 1) throw new Error('cancelled');
      },
    };
    expect(touchIdUserCheck(preferences, 'linux')).toBeUndefined();
    const check = touchIdUserCheck(preferences, 'darwin');
    expect(check?.available()).toBe(true);
    expect(await check?.confirm('unlock Latchkey')).toBe(true);
    expect(await check?.confirm('unlock Latchkey')).toBe(false);
  });
});
