import { describe, expect, it } from 'vitest';
import { describeConnectionFailure, OktaConnectionMonitor } from '../../../../sync-server/okta/connection-check';
import { TokenRequestRefused } from '../../../../sync-server/okta/governed-executor';
import { OktaCallError } from '../../../../sync-server/okta/okta-client';

const ORG = { orgUrl: 'https://acme.okta.com', auth: 'ssws' as const };
const refusal = (status: number, code: string | null, summary: string) =>
  new OktaCallError(`check the connection: ${summary}`, status === 401 ? 'unauthorized' : 'rejected', status, code);

describe('what a failed connection check tells an admin', () => {
  it('names a 403 and the role the token or service app needs', () => {
    const d = describeConnectionFailure(
      refusal(403, 'E0000006', 'You do not have permission to perform the requested action'),
      ORG,
    );
    expect(d).toMatchObject({ state: 'refused', httpStatus: 403, oktaErrorCode: 'E0000006' });
    expect(d.message).toContain('403 E0000006 "You do not have permission to perform the requested action"');
    expect(d.message).toContain('Application Administrator');
  });

  it('says a service app Okta does not know is refused, and what to check', () => {
    const cause = new TokenRequestRefused(401, 'invalid_client', 'Invalid value for client_id parameter.');
    const d = describeConnectionFailure(
      new OktaCallError('check the connection: x', 'unauthorized', 401, 'invalid_client', { cause }),
      { ...ORG, auth: 'privateKey' },
    );
    expect(d.state).toBe('refused');
    expect(d.message).toContain('(invalid_client: Invalid value for client_id parameter.)');
    expect(d.message).toContain('--okta-private-key-file');
  });

  it('names every scope Okta would not grant', () => {
    const cause = new TokenRequestRefused(
      400,
      'invalid_scope',
      'The following scopes were requested, but not granted: okta.apps.read, okta.apps.manage.',
    );
    const d = describeConnectionFailure(
      new OktaCallError('check the connection: x', 'unauthorized', 400, 'invalid_scope', { cause }),
      { ...ORG, auth: 'privateKey' },
    );
    expect(d).toMatchObject({ state: 'missing_scope', scopes: ['okta.apps.read', 'okta.apps.manage'] });
    expect(d.message).toMatch(/^The Okta service app is missing the scope okta\.apps\.read, okta\.apps\.manage:/);
  });

  it('calls a 5xx a failed check, not a refusal, and keeps URLs out of a network error', () => {
    expect(describeConnectionFailure(refusal(503, null, 'Service Unavailable'), ORG)).toMatchObject({
      state: 'failed',
      httpStatus: 503,
    });
    const network = Object.assign(new Error('request to https://acme.okta.com/api/v1/apps?limit=1 failed'), {
      code: 'ENOTFOUND',
    });
    const d = describeConnectionFailure(
      new OktaCallError('check the connection: x', 'transport', 0, null, { cause: network }),
      ORG,
    );
    expect(d).toMatchObject({ state: 'unreachable', httpStatus: null });
    expect(d.message).toContain('(ENOTFOUND: request to [url] failed)');
  });
});

describe('the connection monitor', () => {
  it('makes one probe for many refusals at once, and spaces refusal-started checks apart', async () => {
    let probes = 0;
    let release: () => void = () => undefined;
    let nowMs = 1_000_000;
    const monitor = new OktaConnectionMonitor({
      ...ORG,
      now: () => new Date(nowMs),
      refusalRecheckMs: 5_000,
      probe: () => {
        probes += 1;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    expect(monitor.current().state).toBe('checking');
    const refused = refusal(401, 'E0000011', 'Invalid token provided');
    for (let i = 0; i < 20; i++) monitor.refused(refused);
    expect(probes).toBe(1);
    const joined = monitor.check();
    release();
    expect((await joined).state).toBe('connected');
    expect(monitor.current().lastRefusal?.message).toContain('Invalid token provided (HTTP 401 E0000011)');

    // Within the spacing, a refusal is recorded but starts no probe; after it, one more.
    monitor.refused(refused);
    expect(probes).toBe(1);
    nowMs += 5_001;
    monitor.refused(refused);
    expect(probes).toBe(2);
    release();
    // Refresh is never held back.
    await monitor.check();
    const refresh = monitor.check();
    release();
    await refresh;
    expect(probes).toBe(3);
  });
});
