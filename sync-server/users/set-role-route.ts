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
import { z } from 'zod';
import { settleAllAccess } from '../../domain/access';
import { decide } from '../../domain/policy';
import { Id, type User, WorkspaceRole } from '../../domain/records';
import { decideRoleChange, groupRoleNotice, type RoleChangeReason } from '../../domain/role-change';
import { withGroupRole } from '../../domain/workspace-roles';
import type { Authenticator } from '../auth/authenticate';
import { ApiError } from '../http/api-error';
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

const Params = z.object({ id: Id });
const Body = z.object({ role: WorkspaceRole }).strict();

type Outcome =
  | { kind: 'changed'; user: User; notice: string | null }
  | { kind: 'missing' }
  | { kind: 'refused'; reason: RoleChangeReason; message: string };

export const setRoleRoute: FastifyPluginAsync<SetRoleRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  app.put('/api/v1/users/:id/role', async (request, reply) => {
    const { principal, state } = await opts.authenticate(request);
    // Who may change roles at all is answered before the path or body are even read.
    const may = decide(state.index, principal.user.id, 'users.setRole');
    if (!may.allowed) return reply.code(403).send({ error: { code: may.reason, message: may.message } });
    const params = Params.safeParse(request.params);
    if (!params.success) throw new ApiError(400, 'bad_request', 'The id in the path is not a valid id.');
    const body = Body.safeParse(request.body);
    if (!body.success) {
      throw new ApiError(
        400,
        'bad_request',
        `The body must be { "role": one of ${WorkspaceRole.options.join(', ')} }.`,
      );
    }
    const actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId } as const;
    const outcome = await opts.db.transaction(async (tx): Promise<Outcome> => {
      await opts.repo.lockDirectory(tx);
      const users = await liveUsers(tx, opts.repo);
      const target = users.find((u) => u.id === params.data.id);
      if (target === undefined) return { kind: 'missing' };
      const ws = { ...state.index, users: new Map(users.map((u) => [u.id, u])) };
      const decision = decideRoleChange(ws, principal.user.id, target.id, body.data.role);
      if (!decision.allowed) return { kind: 'refused', reason: decision.reason, message: decision.message };
      const teams = await liveTeams(tx);
      if (target.manualRole === body.data.role) {
        return { kind: 'changed', user: target, notice: groupRoleNotice(target, teams) };
      }
      // Below Super Admin nobody holds All-Access Mode: it is cleared in the same write.
      const next = settleAllAccess(
        withGroupRole({ ...target, manualRole: body.data.role, updatedAt: now().toISOString() }, teams),
      );
      await opts.repo.put(tx, 'users', next, actor, 'user.setRole');
      return { kind: 'changed', user: next, notice: groupRoleNotice(next, teams) };
    });
    if (outcome.kind === 'missing') throw new ApiError(404, 'not_found', 'There is no such user in this workspace.');
    if (outcome.kind === 'refused') {
      return reply.code(403).send({ error: { code: outcome.reason, message: outcome.message } });
    }
    return outcome.notice === null ? outcome.user : { ...outcome.user, notice: outcome.notice };
  });
};
