/** The audit log for admins and above (sync-server/audit/routes.ts). */
import { AuditPage, AuditQuery } from '../audit';
import { defineRoute } from './define-route';
import { DENY_REASONS, GATE_ERRORS, RATE_LIMITED } from './errors';

export const auditApi = {
  auditLog: defineRoute({
    method: 'GET',
    path: '/api/v1/audit',
    query: AuditQuery,
    response: AuditPage,
    errors: [...GATE_ERRORS, ...DENY_REASONS, RATE_LIMITED],
    desktop: true,
  }),
} as const;
