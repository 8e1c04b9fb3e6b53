import { describe, expect, it } from 'vitest';
import { configFromArgs } from '../../../../sync-server/config';
import { oktaAuthOf, oktaConfigFromArgs } from '../../../../sync-server/okta/config';

describe('Okta configuration', () => {
  it('is off without an org URL', () => {
    expect(oktaConfigFromArgs({}, {})).toBeUndefined();
  });

  it('takes the SSWS token from the flag or, out of sight of ps, from the environment', () => {
    const flag = oktaConfigFromArgs({ 'okta-org-url': 'https://acme.okta.com', 'okta-api-token': 'T1' }, {});
    expect(flag && oktaAuthOf(flag)).toEqual({ kind: 'ssws', token: 'T1' });
    const env = oktaConfigFromArgs({ 'okta-org-url': 'https://acme.okta.com' }, { LATCHKEY_OKTA_API_TOKEN: 'T2' });
    expect(env && oktaAuthOf(env)).toEqual({ kind: 'ssws', token: 'T2' });
  });

  it('refuses an org without credentials and a URL that is not http(s)', () => {
    expect(() => oktaConfigFromArgs({ 'okta-org-url': 'https://acme.okta.com' }, {})).toThrow(/--okta-api-token/);
    expect(() => oktaConfigFromArgs({ 'okta-org-url': 'ftp://acme', 'okta-api-token': 'T' }, {})).toThrow();
  });

  it('reaches the server configuration through the command line', () => {
    const config = configFromArgs(
      [
        '--issuer',
        'https://acme.okta.com/oauth2/default',
        '--okta-org-url',
        'https://acme.okta.com',
        '--okta-api-token',
        'T3',
      ],
      {},
    );
    expect(config.okta).toEqual({ orgUrl: 'https://acme.okta.com', apiToken: 'T3', sweepIntervalMs: 6 * 3600_000 });
  });

  it('sweeps for drift every 6 hours unless told another interval, or none', () => {
    const org = { 'okta-org-url': 'https://acme.okta.com', 'okta-api-token': 'T' };
    expect(oktaConfigFromArgs(org, {})?.sweepIntervalMs).toBe(6 * 3600_000);
    expect(oktaConfigFromArgs({ ...org, 'okta-sweep-interval': '90m' }, {})?.sweepIntervalMs).toBe(90 * 60_000);
    expect(oktaConfigFromArgs(org, { LATCHKEY_OKTA_SWEEP_INTERVAL: '1d' })?.sweepIntervalMs).toBe(86_400_000);
    expect(oktaConfigFromArgs({ ...org, 'okta-sweep-interval': 'off' }, {})?.sweepIntervalMs).toBe(0);
    expect(() => oktaConfigFromArgs({ ...org, 'okta-sweep-interval': '10s' }, {})).toThrow(/at least 1m/);
    expect(() => oktaConfigFromArgs({ ...org, 'okta-sweep-interval': 'soon' }, {})).toThrow(/30m, 6h or 1d/);
  });
});
