/**
 * `PUT /api/v1/teams/:id/role` body `{ role: WorkspaceRole | null }`: an Owner maps a team Okta
 * pushed to the workspace role its members hold at least while Okta keeps them in the group (null
 * removes the mapping). A command like the role command — pushes never write teams or users
 * (domain/change-policy.ts). Inside the write lock the team gets its `mappedRole` (audited
 * `team.mapRole`) and every member's effective role is recomputed (group-roles.ts; each change
 * audited `user.roleFromGroup`). Only a team Okta pushed may be mapped (`pushedByOkta`). Removing a mapping falls back to what remains, never below the
 * role set by hand, and an Owner by hand is never demoted by it.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { decide } from '../../domain/policy';
import { Id, type Team, WorkspaceRole } from '../../domain/records';
import type { Authenticator } from '../auth/authenticate';
import { ApiError } from '../http/api-error';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { pushedByOkta, settleGroupRoles } from './group-roles';

export interface TeamRoleRouteOptions {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
  now?: () => Date;
}

const Params = z.object({ id: Id });
const Body = z.object({ role: WorkspaceRole.nullable() }).strict();

type Outcome = { kind: 'mapped'; team: Team; changedUserIds: string[] } | { kind: 'missing' } | { kind: 'not_okta' };

export const teamRoleRoute: FastifyPluginAsync<TeamRoleRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  app.put('/api/v1/teams/:id/role', async (request, reply) => {
    const { principal, state } = await opts.authenticate(request);
    // Only an Owner may give every role; asked before the path or body are read.
    const may = decide(state.index, principal.user.id, 'teams.mapRole');
    if (!may.allowed) return reply.code(403).send({ error: { code: may.reason, message: may.message } });
    const params = Params.safeParse(request.params);
    if (!params.success) throw new ApiError(400, 'bad_request', 'The id in the path is not a valid id.');
    const body = Body.safeParse(request.body);
    if (!body.success) {
      throw new ApiError(
        400,
        'bad_request',
        `The body must be { "role": null or one of ${WorkspaceRole.options.join(', ')} }.`,
      );
    }
    const actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId } as const;
    const outcome = await opts.db.transaction(async (tx): Promise<Outcome> => {
      await opts.repo.lockDirectory(tx);
      const team = await opts.repo.get(tx, 'teams', params.data.id);
      if (team === null) return { kind: 'missing' };
      // A team Okta never pushed has no group whose membership it follows.
      if (!(await pushedByOkta(tx, team))) return { kind: 'not_okta' };
      if (team.mappedRole === body.data.role) return { kind: 'mapped', team, changedUserIds: [] };
      const next: Team = { ...team, mappedRole: body.data.role, updatedAt: now().toISOString() };
      await opts.repo.put(tx, 'teams', next, actor, 'team.mapRole');
      const changed = await settleGroupRoles(tx, opts.repo, team.memberIds, actor);
      return { kind: 'mapped', team: next, changedUserIds: changed.map((u) => u.id) };
    });
    if (outcome.kind === 'missing') throw new ApiError(404, 'not_found', 'There is no such team in this workspace.');
    if (outcome.kind === 'not_okta') {
      return reply.code(409).send({
        error: {
          code: 'team_not_from_okta',
          message:
            'Only a team pushed from an Okta group can give a workspace role: its members follow the group in Okta.',
        },
      });
    }
    return { team: outcome.team, changedUserIds: outcome.changedUserIds };
  });
};
