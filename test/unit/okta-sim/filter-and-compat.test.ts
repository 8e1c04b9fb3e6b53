import { describe, expect, it } from 'vitest';
import { OktaApiError } from '../../../okta-sim/api/errors';
import { parseFilter } from '../../../okta-sim/api/filter';
import { rewriteForOkta } from '../../../okta-sim/oidc/okta-compat';

describe('parseFilter', () => {
  it('reads eq clauses joined by and', () => {
    expect(parseFilter('status eq "ACTIVE" and user.id eq "00u1"', ['status', 'user.id'])).toEqual([
      { attr: 'status', value: 'ACTIVE' },
      { attr: 'user.id', value: '00u1' },
    ]);
    expect(parseFilter('  ', ['status'])).toEqual([]);
  });

  it('refuses other operators and attributes with E0000031', () => {
    for (const f of ['status sw "A"', 'label eq "x"', 'status eq ACTIVE', 'status eq "A" or name eq "b"']) {
      expect(() => parseFilter(f, ['status', 'name'])).toThrow(OktaApiError);
    }
  });
});

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
