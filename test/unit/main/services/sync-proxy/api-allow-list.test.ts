import { describe, expect, it } from 'vitest';
import { equalJitterMs } from '../../../../../domain/backoff';
import { API_ROUTES, api, pathOf, routeKey } from '../../../../../domain/wire/api';
import { ALLOWED_ROUTES, checkApiRoute } from '../../../../../main/services/sync-proxy/api-allow-list';
import { RECONNECT_BACKOFF } from '../../../../../main/services/sync-proxy/event-stream';

describe('the api passthrough allow-list', () => {
  it.each([
    ['GET', '/api/v1/okta/status'],
    ['POST', '/api/v1/accounts/acc_1/extend'],
    ['DELETE', '/api/v1/collections/coll-1/extend'],
    ['PUT', '/api/v1/workspace/extended-access'],
    ['POST', '/api/v1/me/sync-extended'],
    ['GET', '/api/v1/okta/status?verbose=1'],
    ['POST', '/api/v1/okta/connection/check'],
    ['POST', '/api/v1/launch/acc_1/authorize'],
    ['PUT', '/api/v1/users/user-bob/role'],
    ['POST', '/api/v1/users/user-bob/erase'],
    ['GET', '/api/v1/accounts/orphaned'],
    ['POST', '/api/v1/accounts/acc_1/owner'],
    ['PUT', '/api/v1/me/all-access'],
    ['GET', '/api/v1/me'],
  ])('lets %s %s through', (method, path) => {
    expect(checkApiRoute(method, path)).toEqual({ ok: true, pathAndQuery: path });
  });

  it.each([
    ['GET', 'https://evil.example/api/v1/okta/status', 'a full URL would change the host'],
    ['GET', '//evil.example/api/v1/okta/status', 'protocol-relative'],
    ['GET', '/api/v1/../../scim/v2/Users', 'dot segments'],
    ['GET', '/api/v1/accounts/%2e%2e/extension', 'encoded dots'],
    ['GET', '/api/v1/accounts/a%2fb/extension', 'encoded slash'],
    ['GET', '/api/v1/accounts/a\\b/extension', 'backslash'],
    ['GET', '/api/v1/okta/status#fragment', 'fragment'],
    ['GET', '/api/v1/okta/status/', 'trailing slash'],
    ['GET', '/scim/v2/Users', 'SCIM is Okta’s, not the renderer’s'],
    ['POST', '/api/v1/me', 'only reading who one is'],
    ['GET', '/api/v1/me/user-bob', 'nobody else is looked up through it'],
    ['GET', '/api/v1/replication/accounts/pull', 'replication goes through sync:pull'],
    ['DELETE', '/api/v1/okta/status', 'method not listed for the route'],
    ['POST', '/api/v1/accounts/acc_1/extend/extra', 'extra segment'],
    ['POST', `/api/v1/accounts/${'a'.repeat(65)}/extend`, 'id too long'],
    ['get', '/api/v1/okta/status', 'methods are upper case'],
    ['GET', '/api/v1/accounts/acc_1/extension', 'not a server route'],
    ['POST', '/api/v1/users/user-bob/unlink-okta', 'a server route the app has no screen for'],
    ['PUT', '/api/v1/users/user-bob/active', 'only the role of a user changes from the app'],
    ['DELETE', '/api/v1/users/user-bob/erase', 'erasure is a POST command'],
    ['POST', '/api/v1/users/user-bob/erase/../../scim-token', 'no way around the pattern'],
    ['DELETE', '/api/v1/accounts/acc_1/owner', 'an Owner is only ever given from the app'],
  ])('refuses %s %s (%s)', (method, path) => {
    expect(checkApiRoute(method, path)).toMatchObject({ ok: false, code: 'route_not_allowed' });
  });
});

describe('the allow-list and the HTTP contract', () => {
  it('is exactly the contract routes marked for the desktop', () => {
    const desktop = API_ROUTES.filter((route) => route.desktop).map(routeKey);
    expect(ALLOWED_ROUTES.map(([method, path]) => `${method} ${path}`).sort()).toEqual(desktop.sort());
  });

  it('lets every desktop route through with ids in its path, and no other contract route', () => {
    for (const route of API_ROUTES) {
      const path = pathOf(route, { id: 'acc_1', accountId: 'acc_1' });
      expect(checkApiRoute(route.method, path).ok, routeKey(route)).toBe(route.desktop);
    }
  });

  it('keeps what the app must never reach off the list', () => {
    expect(api.launchSecrets.desktop).toBe(false);
    expect(api.unlinkOkta.desktop).toBe(false);
    expect(checkApiRoute('POST', '/api/v1/launch/acc_1/secrets')).toMatchObject({ ok: false });
  });
});

describe('stream reconnect backoff', () => {
  const policy = RECONNECT_BACKOFF;
  it('grows with each failed attempt and never exceeds the cap', () => {
    const lowest = (attempt: number) => equalJitterMs(attempt, policy, () => 0);
    const highest = (attempt: number) => equalJitterMs(attempt, policy, () => 0.999_999);
    expect(lowest(0)).toBe(250);
    expect(lowest(3)).toBe(2_000);
    expect(highest(3)).toBeLessThanOrEqual(4_000);
    expect(highest(50)).toBeLessThanOrEqual(30_000);
    expect(lowest(50)).toBe(15_000);
  });
});
