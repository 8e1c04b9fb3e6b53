/**
 * `/api/v1/scim-token`: a workspace owner creates or rotates (POST), inspects (GET) and revokes
 * (DELETE) the SCIM token, authorised by the domain policy action 'workspace.manageScimToken'
 * with the caller's OIDC identity like every `/api/v1` route. The plain token appears only in
 * the POST response; it is never logged and never readable again.
 */
import type { FastifyPluginAsync } from 'fastify';
import { api } from '../../domain/wire/api';
import type { Authenticator } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import type { Db } from '../store/db';
import { revokeScimToken, rotateScimToken } from './token';

export interface ScimTokenRoutesOptions {
  db: Db;
  /** The sync server's OIDC gate (401/403 as for every /api/v1 route). */
  authenticate: Authenticator;
}

export const scimTokenRoutes: FastifyPluginAsync<ScimTokenRoutesOptions> = async (app, opts) => {
  serveRoute(app, api.createScimToken, {
    handler: async ({ request, reply }) => {
      const { principal } = await authorize(opts.authenticate, request, 'workspace.manageScimToken');
      const { token, createdAt } = await rotateScimToken(opts.db, principal.user.id);
      // no-store: the token must not linger in any cache between here and the owner's screen.
      reply.header('cache-control', 'no-store');
      return { token, createdAt };
    },
  });

  serveRoute(app, api.scimTokenInfo, {
    handler: async ({ request }) => {
      await authorize(opts.authenticate, request, 'workspace.manageScimToken');
      const rows = await opts.db.query<{ created_at: string; created_by: string | null }>(
        'select created_at, created_by from scim_token where id = 1',
      );
      const row = rows[0];
      return row
        ? { exists: true as const, createdAt: row.created_at, createdBy: row.created_by }
        : { exists: false as const };
    },
  });

  serveRoute(app, api.revokeScimToken, {
    handler: async ({ request }) => {
      await authorize(opts.authenticate, request, 'workspace.manageScimToken');
      if (!(await revokeScimToken(opts.db))) throw new ApiError(404, 'not_found', 'There is no SCIM token.');
      return null;
    },
  });
};
