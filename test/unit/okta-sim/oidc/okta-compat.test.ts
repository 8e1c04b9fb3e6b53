import { describe, expect, it } from 'vitest';
import { rewriteForOkta } from '../../../../okta-sim/oidc/okta-compat';

describe('rewriteForOkta', () => {
  it('adds prompt=consent only when offline_access is asked for without a prompt', () => {
    expect(rewriteForOkta('/v1/authorize?scope=openid%20offline_access&state=s')).toContain('prompt=consent');
    expect(rewriteForOkta('/v1/authorize?scope=openid&state=s')).toBe('/v1/authorize?scope=openid&state=s');
    expect(rewriteForOkta('/v1/authorize?scope=openid+offline_access&prompt=login')).not.toContain('consent');
  });

  it('serves RFC 8414 metadata from the discovery document', () => {
    expect(rewriteForOkta('/.well-known/oauth-authorization-server')).toBe('/.well-known/openid-configuration');
    expect(rewriteForOkta('/v1/keys')).toBe('/v1/keys');
  });
});
