/**
 * `/api/v1/scim-token`: a workspace owner creates or rotates (POST), inspects (GET) and revokes
 * (DELETE) the SCIM token, authorised by the domain policy action 'workspace.manageScimToken'
 * with the caller's OIDC identity like every `/api/v1` route. The plain token appears only in
 * the POST response; it is never logged and never readable again.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { decide } from '../../domain/policy';
import { api } from '../../domain/wire/api';
import type { Authenticator } from '../auth/authenticate';
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
  const authorise = async (req: FastifyRequest): Promise<string> => {
    const { principal, state } = await opts.authenticate(req);
    const userId = principal.user.id;
    const decision = decide(state.index, userId, 'workspace.manageScimToken');
    if (!decision.allowed) throw new ApiError(403, decision.reason, decision.message);
    return userId;
  };

  serveRoute(app, api.createScimToken, {
    handler: async ({ request, reply }) => {
      const userId = await authorise(request);
      const { token, createdAt } = await rotateScimToken(opts.db, userId);
      // no-store: the token must not linger in any cache between here and the owner's screen.
      reply.header('cache-control', 'no-store');
      return { token, createdAt };
    },
  });

  serveRoute(app, api.scimTokenInfo, {
    handler: async ({ request }) => {
      await authorise(request);
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
      await authorise(request);
      if (!(await revokeScimToken(opts.db))) throw new ApiError(404, 'not_found', 'There is no SCIM token.');
      return null;
    },
  });
};
