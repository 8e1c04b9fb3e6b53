import { describe, expect, it } from 'vitest';
import { connectionText } from '../../../../renderer/src/screens/admin/okta-status';
import { ownSyncSummary, progressView } from '../../../../renderer/src/screens/profile/sync-progress';

describe('Okta sync progress', () => {
  it('is hidden when no run is under way', () => {
    expect(progressView(null)).toBeNull();
    expect(progressView(undefined)).toBeNull();
    expect(progressView({ done: 0, total: 0 })).toBeNull();
  });

  it('reads done of total with a percentage that never passes 100', () => {
    expect(progressView({ done: 1, total: 3 })).toEqual({
      done: 1,
      total: 3,
      percent: 33,
      text: '1 of 3 accounts synced with Okta (33%)',
    });
    expect(progressView({ done: 5, total: 4 })?.percent).toBe(100);
    expect(progressView({ done: 0, total: 1 })?.text).toBe('0 of 1 account synced with Okta (0%)');
  });

  it("summarises the person's own extended accounts", () => {
    expect(ownSyncSummary(['off', 'off'])).toBe('You own no accounts extended to Okta.');
    expect(ownSyncSummary(['synced', 'off'])).toBe('1 of your accounts is extended to Okta: 1 synced.');
    expect(ownSyncSummary(['synced', 'pending', 'error', 'pending'])).toBe(
      '4 of your accounts are extended to Okta: 1 synced, 2 syncing, 1 with errors.',
    );
  });

  it('says whether the server reaches Okta and what waits', () => {
    const progress = { done: 0, total: 0, startedAt: null };
    expect(connectionText({ enabled: true, configured: false, pending: 0, progress })).toMatch(
      /^Not connected\. .*--okta-org-url/,
    );
    expect(connectionText({ enabled: true, configured: true, pending: 0, progress })).toBe(
      'Connected. Okta is up to date.',
    );
    expect(connectionText({ enabled: true, configured: true, pending: 2, progress })).toBe(
      'Connected. 2 accounts waiting to be pushed to Okta.',
    );
  });
});
