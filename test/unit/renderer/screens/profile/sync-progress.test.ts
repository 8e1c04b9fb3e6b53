import { describe, expect, it } from 'vitest';
import type { OktaConnection } from '../../../../../domain/wire/okta-connection';
import { connectionText } from '../../../../../renderer/src/screens/admin/okta-status';
import { ownSyncSummary, progressView } from '../../../../../renderer/src/screens/profile/sync-progress';

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
    const connection = (state: OktaConnection['state'], message = ''): OktaConnection => ({
      state,
      message,
      checkedAt: null,
      httpStatus: null,
      oktaErrorCode: null,
      scopes: [],
      lastRefusal: null,
    });
    const configured = { enabled: true, configured: true, progress };
    expect(
      connectionText({
        enabled: true,
        configured: false,
        pending: 0,
        progress,
        connection: connection('not_configured'),
      }),
    ).toMatch(/^Not connected\. .*--okta-org-url/);
    expect(connectionText({ ...configured, pending: 0, connection: connection('connected') })).toBe(
      'Connected. Okta is up to date.',
    );
    expect(connectionText({ ...configured, pending: 2, connection: connection('connected') })).toBe(
      'Connected. 2 accounts waiting to be pushed to Okta.',
    );
  });

  it('never says Connected before an authenticated call succeeded', () => {
    const progress = { done: 0, total: 0, startedAt: null };
    const refused: OktaConnection = {
      state: 'refused',
      message: 'Okta refused Latchkey\'s credentials: 401 E0000011 "Invalid token provided". Create a new token…',
      checkedAt: '2026-01-01T00:00:00.000Z',
      httpStatus: 401,
      oktaErrorCode: 'E0000011',
      scopes: [],
      lastRefusal: null,
    };
    const base = { enabled: true, configured: true, pending: 0, progress };
    expect(connectionText({ ...base, connection: refused })).toBe(`Not connected. ${refused.message}`);
    expect(
      connectionText({ ...base, connection: { ...refused, state: 'checking', message: 'Checking the connection…' } }),
    ).toBe('Checking the connection…');
  });
});
