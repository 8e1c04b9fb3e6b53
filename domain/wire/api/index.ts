/**
 * The HTTP contract of the sync server's `/api/v1` routes: method, path, params, query, body,
 * success status and body, error codes, and whether the desktop's renderer may call it.
 *
 * Outside it, each with a contract of its own: replication pull, push and the live stream
 * (domain/wire/replication.ts, called by main's sync proxy), SCIM under `/scim/v2` (Okta's
 * protocol, sync-server/scim/), the chiclet's HTML launch page `GET /launch/:accountId`, and
 * the operators' `/healthz` and `/readyz`.
 */

import { REPLICATION_ROUTES } from '../replication';
import { accountsApi } from './accounts';
import { auditApi } from './audit';
import { type RouteSpec, routeKey } from './define-route';
import { launchApi } from './launch';
import { oktaApi } from './okta';
import { scimTokenApi } from './scim-token';
import { usersApi } from './users';

export * from './define-route';
export * from './errors';

export const api = {
  ...oktaApi,
  ...launchApi,
  ...scimTokenApi,
  ...auditApi,
  ...usersApi,
  ...accountsApi,
} as const;
export type ApiRoutes = typeof api;
export type ApiRouteName = keyof ApiRoutes;

export const API_ROUTES: readonly RouteSpec[] = Object.values(api);

/** `/api/v1` routes the server answers that this contract leaves to their own (see above). */
export const OUTSIDE_CONTRACT: readonly string[] = Object.values(REPLICATION_ROUTES).map(routeKey);
