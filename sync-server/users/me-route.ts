/**
 * `GET /api/v1/me`: the caller's own user record (domain/wire/me.ts), so the desktop knows which of
 * the replicated users is the signed-in person. Identity comes only from the verified token
 * (auth/authenticate.ts maps its subject to the user); the route takes no input, so there is no
 * way to ask about anyone else.
 */
import type { FastifyPluginAsync } from 'fastify';
import { api } from '../../domain/wire/api';
import { meOf } from '../../domain/wire/me';
import type { Authenticator } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { serveRoute } from '../http/serve-route';

export interface MeRouteOptions {
  authenticate: Authenticator;
}

export const meRoute: FastifyPluginAsync<MeRouteOptions> = async (app, opts) => {
  serveRoute(app, api.me, {
    handler: async ({ request }) => {
      const { principal } = await authorize(opts.authenticate, request, 'me.view');
      return meOf(principal.user);
    },
  });
};
