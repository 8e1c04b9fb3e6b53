/**
 * `GET /api/v1/audit`: the workspace's audit log for admins and above (domain policy action
 * 'audit.view'), filtered by kind, person and record, newest first, paged by cursor
 * (domain/wire/audit.ts). Authenticated like every /api/v1 route; the query is validated with zod
 * before any SQL runs.
 */
import type { FastifyPluginAsync } from 'fastify';
import { decide } from '../../domain/policy';
import { AuditQuery } from '../../domain/wire/audit';
import type { Authenticator } from '../auth/authenticate';
import type { Db } from '../store/db';
import { readAudit } from './audit-query';

export interface AuditRoutesOptions {
  db: Db;
  authenticate: Authenticator;
}

export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (app, opts) => {
  app.get('/api/v1/audit', async (request, reply) => {
    const { principal, state } = await opts.authenticate(request);
    const decision = decide(state.index, principal.user.id, 'audit.view');
    if (!decision.allowed) {
      return reply.code(403).send({ error: { code: decision.reason, message: decision.message } });
    }
    const query = AuditQuery.safeParse(request.query);
    if (!query.success) {
      const detail = query.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
      return reply.code(400).send({ error: { code: 'bad_request', message: `Invalid audit filter — ${detail}.` } });
    }
    // no-store: who did what is admin information; no cache between here and the screen keeps it.
    return reply.header('cache-control', 'no-store').send(await readAudit(opts.db, query.data));
  });
};
