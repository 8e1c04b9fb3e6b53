/**
 * `POST /api/v1/users/:id/unlink-okta`: an admin removes a user's link to their Okta identity
 * (SCIM externalId), the one way that link changes — SCIM refuses to move it (users-service.ts),
 * since sign-in maps an Okta subject to the user holding that externalId. Afterwards nobody signs
 * in as this user until Okta provisions a link again. Authorised by the domain policy action
 * 'users.unlinkOkta'; the write is audited (`user.unlinkOkta`) with the admin as actor, and it
 * reaches replicas and the Okta projection like every record write.
 */
import type { FastifyPluginAsync } from 'fastify';
import { api } from '../../domain/wire/api';
import type { Authenticator } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';

export interface UnlinkOktaRouteOptions {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
  now?: () => Date;
}

export const unlinkOktaRoute: FastifyPluginAsync<UnlinkOktaRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  serveRoute(app, api.unlinkOkta, {
    invalid: { params: 'The id in the path is not a valid id.' },
    handler: async ({ request, input }) => {
      const { principal } = await authorize(opts.authenticate, request, 'users.unlinkOkta');
      const params = input.params();
      const actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId } as const;
      const user = await opts.db.transaction(async (tx) => {
        const current = await opts.repo.getForUpdate(tx, 'users', params.id);
        if (current === null || current.removedAt !== null) return null;
        if (current.externalId === null) return current;
        const next = { ...current, externalId: null, updatedAt: now().toISOString() };
        await opts.repo.put(tx, 'users', next, actor, 'user.unlinkOkta');
        return next;
      });
      if (user === null) throw new ApiError(404, 'not_found', 'There is no such user in this workspace.');
      return { userId: user.id, linked: false as const };
    },
  });
};
