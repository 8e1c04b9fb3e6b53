import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OktaApiError, oktaErrors } from './api/errors';
import type { OrgActions } from './org-actions';
import type { Provisioner } from './scim/provisioner';

const GroupParam = z.object({ id: z.string().min(1).max(200) });
const ScimTargetBody = z.object({ baseUrl: z.url({ protocol: /^https?$/ }), token: z.string().min(1) });

/**
 * Simulator-only endpoints for what Okta offers only in its Admin Console (Group Push, the Tasks
 * page, the provisioning connection). Same SSWS token as the Management API.
 */
export function registerSimRoutes(
  app: FastifyInstance,
  opts: { apiToken: string; actions: OrgActions; provisioner: Provisioner },
): void {
  app.register(
    async (sim) => {
      sim.addHook('onRequest', async (req, reply) => {
        const [scheme, token] = (req.headers.authorization ?? '').split(' ');
        const ok =
          scheme === 'SSWS' &&
          token !== undefined &&
          timingSafeEqual(
            createHash('sha256').update(token).digest(),
            createHash('sha256').update(opts.apiToken).digest(),
          );
        if (!ok) return reply.code(401).send(oktaErrors.invalidToken().body());
        return undefined;
      });
      sim.setErrorHandler((err, _req, reply) => {
        if (err instanceof OktaApiError) return reply.code(err.status).send(err.body());
        if (err instanceof z.ZodError)
          return reply.code(400).send(
            oktaErrors
              .validation(
                'body',
                err.issues.map((i) => i.message),
              )
              .body(),
          );
        return reply.code(500).send(oktaErrors.internal().body());
      });

      sim.post('/groups/:id/push', async (req, reply) => {
        opts.provisioner.pushGroup(opts.actions.group(GroupParam.parse(req.params).id));
        return reply.code(202).send({});
      });
      sim.get('/tasks', async () => opts.provisioner.tasks());
      sim.put('/scim-target', async (req, reply) => {
        opts.provisioner.setTarget(ScimTargetBody.parse(req.body));
        return reply.code(204).send();
      });
    },
    { prefix: '/sim' },
  );
}
