import { describe, expect, it } from 'vitest';
import { checkTransport, SessionConfig } from '../../../../../main/services/session/session-config';
import { needsRefresh, REFRESH_SKEW_MS, type TokenSet } from '../../../../../main/services/session/token-set';

describe('which issuers and servers tokens may travel to', () => {
  it.each([
    ['https://example.okta.com/oauth2/default', true, false],
    ['http://127.0.0.1:4000/oauth2/default', true, true],
    ['http://[::1]:4000/oauth2/default', true, true],
    ['http://localhost:4000', true, true],
  ])('accepts %s', (url, ok, insecureLoopback) => {
    expect(checkTransport(url)).toEqual({ ok, insecureLoopback });
  });

  it.each([
    'http://example.okta.com/oauth2/default',
    'http://127.0.0.1.evil.example/oauth2/default',
    'http://localhost.evil.example',
    'http://10.0.0.5:4000',
    'ftp://127.0.0.1/',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(checkTransport(url)).toMatchObject({ ok: false, code: 'insecure_url' });
  });

  it('fills the scopes a remembered sign-in needs', () => {
    const config = SessionConfig.parse({
      issuer: 'https://example.okta.com/oauth2/default',
      clientId: 'latchkey-desktop',
      audience: 'api://latchkey',
      syncServerUrl: 'https://sync.example.com',
    });
    expect(config.scopes).toContain('offline_access');
    expect(config.scopes).toContain('openid');
  });
});

describe('when an access token needs refreshing', () => {
  const tokens: TokenSet = {
    accessToken: 'at',
    refreshToken: 'rt',
    idToken: null,
    expiresAt: 1_000_000,
    identity: { subject: 'u', email: null, name: null },
  };
  it('is fresh until the skew window before expiry', () => {
    expect(needsRefresh(tokens, tokens.expiresAt - REFRESH_SKEW_MS - 1)).toBe(false);
    expect(needsRefresh(tokens, tokens.expiresAt - REFRESH_SKEW_MS)).toBe(true);
    expect(needsRefresh(tokens, tokens.expiresAt + 1)).toBe(true);
  });
});
