/**
 * `GET /api/v1/audit`: the workspace's audit log for admins and above (domain policy action
 * 'audit.view'), filtered by kind, person and record, newest first, paged by cursor
 * (domain/wire/audit.ts, contract in domain/wire/api/audit.ts). Authenticated like every /api/v1 route; the query is validated with zod
 * before any SQL runs.
 */
import type { FastifyPluginAsync } from 'fastify';
import { api } from '../../domain/wire/api';
import type { Authenticator } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import type { Db } from '../store/db';
import { readAudit } from './audit-query';

export interface AuditRoutesOptions {
  db: Db;
  authenticate: Authenticator;
}

export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (app, opts) => {
  serveRoute(app, api.auditLog, {
    invalid: {
      query: (error) => {
        const detail = error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
        return new ApiError(400, 'bad_request', `Invalid audit filter — ${detail}.`);
      },
    },
    handler: async ({ request, reply, input }) => {
      await authorize(opts.authenticate, request, 'audit.view');
      const query = input.query();
      // no-store: who did what is admin information; no cache between here and the screen keeps it.
      reply.header('cache-control', 'no-store');
      return readAudit(opts.db, query);
    },
  });
};
