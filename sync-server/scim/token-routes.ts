/**
 * `/api/v1/scim-token`: a workspace owner creates or rotates (POST), inspects (GET) and revokes
 * (DELETE) the SCIM token, authorised by the domain policy action 'workspace.manageScimToken'
 * with the caller's OIDC identity like every `/api/v1` route. The plain token appears only in
 * the POST response; it is never logged and never readable again.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { decide } from '../../domain/policy';
import type { Authenticator } from '../auth/authenticate';
import type { Db } from '../store/db';
import { revokeScimToken, rotateScimToken } from './token';

export interface ScimTokenRoutesOptions {
  db: Db;
  /** The sync server's OIDC gate (401/403 as for every /api/v1 route). */
  authenticate: Authenticator;
}

export const scimTokenRoutes: FastifyPluginAsync<ScimTokenRoutesOptions> = async (app, opts) => {
  const authorise = async (req: FastifyRequest, reply: FastifyReply): Promise<string | null> => {
    const { principal, state } = await opts.authenticate(req);
    const userId = principal.user.id;
    const decision = decide(state.index, userId, 'workspace.manageScimToken');
    if (!decision.allowed) {
      await reply.code(403).send({ error: { code: decision.reason, message: decision.message } });
      return null;
    }
    return userId;
  };

  app.post('/api/v1/scim-token', async (req, reply) => {
    const userId = await authorise(req, reply);
    if (userId === null) return reply;
    const { token, createdAt } = await rotateScimToken(opts.db, userId);
    // no-store: the token must not linger in any cache between here and the owner's screen.
    return reply.code(201).header('cache-control', 'no-store').send({ token, createdAt });
  });

  app.get('/api/v1/scim-token', async (req, reply) => {
    if ((await authorise(req, reply)) === null) return reply;
    const rows = await opts.db.query<{ created_at: string; created_by: string | null }>(
      'select created_at, created_by from scim_token where id = 1',
    );
    const row = rows[0];
    return reply.send(row ? { exists: true, createdAt: row.created_at, createdBy: row.created_by } : { exists: false });
  });

  app.delete('/api/v1/scim-token', async (req, reply) => {
    if ((await authorise(req, reply)) === null) return reply;
    const existed = await revokeScimToken(opts.db);
    return existed
      ? reply.code(204).send()
      : reply.code(404).send({ error: { code: 'not_found', message: 'There is no SCIM token.' } });
  });
};
