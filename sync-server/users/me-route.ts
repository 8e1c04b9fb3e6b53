/**
 * `GET /api/v1/me`: the caller's own user record (domain/wire/me.ts), so the desktop knows which of
 * the replicated users is the signed-in person. Identity comes only from the verified token
 * (auth/authenticate.ts maps its subject to the user); the route takes no input, so there is no
 * way to ask about anyone else.
 */
import type { FastifyPluginAsync } from 'fastify';
import { decide } from '../../domain/policy';
import { type Me, meOf } from '../../domain/wire/me';
import type { Authenticator } from '../auth/authenticate';

export interface MeRouteOptions {
  authenticate: Authenticator;
}

export const meRoute: FastifyPluginAsync<MeRouteOptions> = async (app, opts) => {
  app.get('/api/v1/me', async (request, reply) => {
    const { principal, state } = await opts.authenticate(request);
    const may = decide(state.index, principal.user.id, 'me.view');
    if (!may.allowed) return reply.code(403).send({ error: { code: may.reason, message: may.message } });
    const answer: Me = meOf(principal.user);
    return answer;
  });
};
