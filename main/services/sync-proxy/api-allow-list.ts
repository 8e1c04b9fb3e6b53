/**
 * Which sync-server routes the renderer may reach through the generic `api` passthrough.
 *
 * The renderer is not trusted (secrets stay in main): it can ask main to call the server with the
 * user's token, but only on routes listed here, so a compromised renderer cannot use the token
 * for anything else (SCIM, admin-only internals, other hosts). Replication routes are absent
 * on purpose: they go through `sync:pull`/`sync:push`, whose inputs are validated separately.
 */
import { API_ROUTES, type ApiMethod } from '../../../domain/wire/api';

/**
 * The routes of the HTTP contract (domain/wire/api/) marked `desktop: true`; `:param` segments
 * match one id (the `Id` alphabet of domain/records.ts). The server authorises each call by role;
 * this list only bounds what the user's token can be used for.
 */
export const ALLOWED_ROUTES: ReadonlyArray<readonly [ApiMethod, string]> = API_ROUTES.filter(
  (route) => route.desktop,
).map((route) => [route.method, route.path] as const);

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
