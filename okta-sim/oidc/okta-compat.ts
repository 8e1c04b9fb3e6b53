/**
 * Request rewrites that make oidc-provider answer as Okta does.
 *
 * Okta issues a refresh token whenever `offline_access` is requested and the app allows the
 * refresh-token grant (developer.okta.com/docs/guides/refresh-tokens/main/). oidc-provider follows
 * OpenID Connect Core §11 and drops `offline_access` unless `prompt=consent` is present. So an
 * authorization request that asks for `offline_access` without any `prompt` gets `prompt=consent`
 * added; the sign-in routes approve consent for the first-party client without showing a page,
 * so the user sees exactly what Okta shows.
 *
 * Okta also publishes RFC 8414 metadata at `/.well-known/oauth-authorization-server`; here it is
 * the same document as the OpenID discovery one.
 */
export function rewriteForOkta(pathAndQuery: string): string {
  const url = new URL(pathAndQuery, 'http://sim.invalid');
  if (url.pathname === '/.well-known/oauth-authorization-server') {
    return `/.well-known/openid-configuration${url.search}`;
  }
  if (url.pathname === '/v1/authorize') {
    const scopes = (url.searchParams.get('scope') ?? '').split(' ');
    if (scopes.includes('offline_access') && !url.searchParams.has('prompt')) {
      url.searchParams.set('prompt', 'consent');
      return `${url.pathname}${url.search}`;
    }
  }
  return pathAndQuery;
}
