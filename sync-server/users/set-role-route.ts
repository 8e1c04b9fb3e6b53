/**
 * `PUT /api/v1/users/:id/role` body `{ role }`: an admin changes a member's workspace role. This
 * is a command, not a replicated field edit — pushes may never write users
 * (domain/change-policy.ts) — so the server decides every change with the domain rule
 * `decideRoleChange` (domain/role-change.ts) on the users as they are inside the write lock, and
 * refuses with its reason code and sentence. The write is audited (`user.setRole`, the admin as
 * actor, the same write the operator's `roles set` makes) and reaches every replica like any other.
 * A demotion below Super Admin clears the member's All-Access Mode in that same write.
 *
 * The command sets the role given by hand (`manualRole`); the effective `role` stays at least what
 * the member's Okta-mapped teams give (group-roles.ts), and the answer's `notice` says so then.
 */
import type { FastifyPluginAsync } from 'fastify';
import { settleAllAccess } from '../../domain/access';
import { type User, WorkspaceRole } from '../../domain/records';
import { decideRoleChange, groupRoleNotice, type RoleChangeReason } from '../../domain/role-change';
import { api } from '../../domain/wire/api';
import { withGroupRole } from '../../domain/workspace-roles';
import type { Authenticator } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import type { Db } from '../store/db';
import { liveTeams } from '../store/record-queries';
import type { RecordsRepo } from '../store/records-repo';
import { liveUsers } from './live-users';

export interface SetRoleRouteOptions {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
  now?: () => Date;
}

type Outcome =
  | { kind: 'changed'; user: User; notice: string | null }
  | { kind: 'missing' }
  | { kind: 'refused'; reason: RoleChangeReason; message: string };

export const setRoleRoute: FastifyPluginAsync<SetRoleRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  serveRoute(app, api.setRole, {
    invalid: {
      params: 'The id in the path is not a valid id.',
      body: `The body must be { "role": one of ${WorkspaceRole.options.join(', ')} }.`,
    },
    handler: async ({ request, input }) => {
      // Who may change roles at all is answered before the path or body are even read.
      const { principal, state } = await authorize(opts.authenticate, request, 'users.setRole');
      const params = input.params();
      const body = input.body();
      const actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId } as const;
      const outcome = await opts.db.transaction(async (tx): Promise<Outcome> => {
        await opts.repo.lockDirectory(tx);
        const users = await liveUsers(tx, opts.repo);
        const target = users.find((u) => u.id === params.id);
        if (target === undefined) return { kind: 'missing' };
        const ws = { ...state.index, users: new Map(users.map((u) => [u.id, u])) };
        const decision = decideRoleChange(ws, principal.user.id, target.id, body.role);
        if (!decision.allowed) return { kind: 'refused', reason: decision.reason, message: decision.message };
        const teams = await liveTeams(tx);
        if (target.manualRole === body.role) {
          return { kind: 'changed', user: target, notice: groupRoleNotice(target, teams) };
        }
        // Below Super Admin nobody holds All-Access Mode: it is cleared in the same write.
        const next = settleAllAccess(
          withGroupRole({ ...target, manualRole: body.role, updatedAt: now().toISOString() }, teams),
        );
        await opts.repo.put(tx, 'users', next, actor, 'user.setRole');
        return { kind: 'changed', user: next, notice: groupRoleNotice(next, teams) };
      });
      if (outcome.kind === 'missing') throw new ApiError(404, 'not_found', 'There is no such user in this workspace.');
      if (outcome.kind === 'refused') throw new ApiError(403, outcome.reason, outcome.message);
      return outcome.notice === null ? outcome.user : { ...outcome.user, notice: outcome.notice };
    },
  });
};
