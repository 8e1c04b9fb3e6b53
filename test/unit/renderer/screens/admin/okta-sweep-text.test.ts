import { describe, expect, it } from 'vitest';
import type { OktaSweepStatus } from '../../../../../domain/wire/okta-sweep';
import { lastSweepText, scheduleText } from '../../../../../renderer/src/screens/admin/okta-sweep-text';

const sweep = (over: Partial<OktaSweepStatus> = {}): OktaSweepStatus => ({
  intervalMs: 6 * 3600_000,
  running: false,
  lastStartedAt: null,
  lastFinishedAt: null,
  accounts: 0,
  driftFound: 0,
  driftFixed: 0,
  apiCalls: 0,
  lastError: null,
  ...over,
});
const at = (iso: string) => `at ${iso}`;

describe('the Okta drift sweep panel', () => {
  it('says how often the sweep runs, or that it is off', () => {
    expect(scheduleText(sweep())).toBe('Every 6 hours');
    expect(scheduleText(sweep({ intervalMs: 3600_000 }))).toBe('Every hour');
    expect(scheduleText(sweep({ intervalMs: 90 * 60_000 }))).toBe('Every 90 minutes');
    expect(scheduleText(sweep({ intervalMs: 86_400_000 }))).toBe('Every day');
    expect(scheduleText(sweep({ intervalMs: null }))).toBe('Off on this server');
  });

  it('says what the last sweep found and fixed, that one runs, or that none ran yet', () => {
    expect(lastSweepText(sweep(), at)).toBe('None yet');
    expect(lastSweepText(sweep({ running: true, lastStartedAt: 'T1' }), at)).toBe('Running since at T1');
    const done = { lastStartedAt: 'T1', lastFinishedAt: 'T2', accounts: 1000 };
    expect(lastSweepText(sweep(done), at)).toBe('at T2: 1000 extended accounts checked, no drift found');
    expect(lastSweepText(sweep({ ...done, driftFound: 52, driftFixed: 50 }), at)).toBe(
      'at T2: 1000 extended accounts checked, 52 drifts found, 50 fixed',
    );
    expect(
      lastSweepText(
        sweep({ ...done, accounts: 1, driftFound: 1, driftFixed: 0, lastError: 'Okta could not be reached' }),
        at,
      ),
    ).toBe('at T2: 1 extended account checked, 1 drift found, 0 fixed (stopped early: Okta could not be reached)');
  });
});
