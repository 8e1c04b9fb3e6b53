/**
 * Which sync-server routes the renderer may reach through the generic `api` passthrough.
 *
 * The renderer is not trusted (secrets stay in main): it can ask main to call the server with the
 * user's token, but only on routes named here, so a compromised renderer cannot use the token
 * for anything else (SCIM, admin-only internals, other hosts). Replication routes are absent
 * on purpose: they go through `sync:pull`/`sync:push`, whose inputs are validated separately.
 */
export const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/**
 * `:param` segments match one id (the `Id` alphabet of domain/records.ts). These are the sync
 * server's routes (sync-server/okta/routes.ts, launch/routes.ts, scim/token-routes.ts); the server
 * authorises each call by role, this list only bounds what the user's token can be used for.
 */
const ALLOWED_ROUTES: ReadonlyArray<readonly [ApiMethod, string]> = [
  ['PUT', '/api/v1/workspace/extended-access'],
  ['POST', '/api/v1/workspace/remove-all-extensions'],
  ['POST', '/api/v1/accounts/:id/extend'],
  ['DELETE', '/api/v1/accounts/:id/extend'],
  ['POST', '/api/v1/accounts/:id/sync'],
  ['POST', '/api/v1/collections/:id/extend'],
  ['DELETE', '/api/v1/collections/:id/extend'],
  ['POST', '/api/v1/me/sync-extended'],
  ['GET', '/api/v1/okta/status'],
  // Workspace settings → Okta connection → Refresh (admins; one authenticated call to Okta).
  ['POST', '/api/v1/okta/connection/check'],
  ['POST', '/api/v1/launch/:id/authorize'],
  // The owner's settings screen shows a new SCIM token once, to paste into Okta's provisioning tab.
  ['POST', '/api/v1/scim-token'],
  ['GET', '/api/v1/scim-token'],
  ['DELETE', '/api/v1/scim-token'],
  // The admins' Audit log screen (sync-server/audit/routes.ts); filters travel in the query.
  ['GET', '/api/v1/audit'],
  // All members → a member → Role (sync-server/users/set-role-route.ts decides who may give what).
  ['PUT', '/api/v1/users/:id/role'],
  // Teams → an Okta team → Workspace role for members (sync-server/users/team-role-route.ts; Owners).
  ['PUT', '/api/v1/teams/:id/role'],
  // All members → a deactivated member → Permanently delete (sync-server/users/erase-route.ts; Owners).
  ['POST', '/api/v1/users/:id/erase'],
  // Admin → Orphaned accounts: list them and give one a new Owner (sync-server/accounts/orphan-routes.ts).
  ['GET', '/api/v1/accounts/orphaned'],
  ['POST', '/api/v1/accounts/:id/owner'],
  // Account logos (sync-server/accounts/logo-routes.ts): the list's index and images, the Owner's upload.
  ['GET', '/api/v1/accounts/logos'],
  ['GET', '/api/v1/accounts/:id/logo'],
  ['PUT', '/api/v1/accounts/:id/logo'],
  ['DELETE', '/api/v1/accounts/:id/logo'],
  // Which replicated user is the signed-in person (sync-server/users/me-route.ts).
  ['GET', '/api/v1/me'],
  // My Profile → All-Access Mode, and the header's "turn it off" (sync-server/users/all-access-route.ts).
  ['PUT', '/api/v1/me/all-access'],
];

const ID_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

export type RouteCheck =
  | { readonly ok: true; readonly pathAndQuery: string }
  | { readonly ok: false; readonly code: 'route_not_allowed'; readonly reason: string };

function segmentsMatch(pattern: string[], actual: string[]): boolean {
  if (pattern.length !== actual.length) return false;
  return pattern.every((expected, index) => {
    const segment = actual[index] ?? '';
    return expected.startsWith(':') ? ID_SEGMENT.test(segment) : expected === segment;
  });
}

/**
 * Accepts only an absolute path on the sync server (never a URL, so the host cannot change),
 * without dot segments or encoded separators, whose method and shape are on the list.
 */
export function checkApiRoute(method: string, path: string): RouteCheck {
  const refuse = (reason: string): RouteCheck => ({ ok: false, code: 'route_not_allowed', reason });
  if (!path.startsWith('/api/v1/') || path.startsWith('//')) return refuse('only /api/v1/ paths');
  if (/[\\\s#]|%2f|%5c|%2e/i.test(path)) return refuse('encoded or unusual characters in path');
  const [pathname = '', query] = path.split('?', 2);
  const segments = pathname.split('/').slice(1);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return refuse('empty or dot segments in path');
  }
  const allowed = ALLOWED_ROUTES.some(
    ([allowedMethod, pattern]) => allowedMethod === method && segmentsMatch(pattern.split('/').slice(1), segments),
  );
  if (!allowed) return refuse(`${method} ${pathname} is not on the allow-list`);
  return { ok: true, pathAndQuery: query === undefined ? pathname : `${pathname}?${query}` };
}
