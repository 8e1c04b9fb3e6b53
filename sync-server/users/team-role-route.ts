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
import { type Team, WorkspaceRole } from '../../domain/records';
import { api } from '../../domain/wire/api';
import type { Authenticator } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { pushedByOkta, settleGroupRoles } from './group-roles';

export interface TeamRoleRouteOptions {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
  now?: () => Date;
}

type Outcome = { kind: 'mapped'; team: Team; changedUserIds: string[] } | { kind: 'missing' } | { kind: 'not_okta' };

export const teamRoleRoute: FastifyPluginAsync<TeamRoleRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  serveRoute(app, api.setTeamRole, {
    invalid: {
      params: 'The id in the path is not a valid id.',
      body: `The body must be { "role": null or one of ${WorkspaceRole.options.join(', ')} }.`,
    },
    handler: async ({ request, input }) => {
      // Only an Owner may give every role; asked before the path or body are read.
      const { principal } = await authorize(opts.authenticate, request, 'teams.mapRole');
      const params = input.params();
      const body = input.body();
      const actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId } as const;
      const outcome = await opts.db.transaction(async (tx): Promise<Outcome> => {
        await opts.repo.lockDirectory(tx);
        const team = await opts.repo.get(tx, 'teams', params.id);
        if (team === null) return { kind: 'missing' };
        // A team Okta never pushed has no group whose membership it follows.
        if (!(await pushedByOkta(tx, team))) return { kind: 'not_okta' };
        if (team.mappedRole === body.role) return { kind: 'mapped', team, changedUserIds: [] };
        const next: Team = { ...team, mappedRole: body.role, updatedAt: now().toISOString() };
        await opts.repo.put(tx, 'teams', next, actor, 'team.mapRole');
        const changed = await settleGroupRoles(tx, opts.repo, team.memberIds, actor);
        return { kind: 'mapped', team: next, changedUserIds: changed.map((u) => u.id) };
      });
      if (outcome.kind === 'missing') throw new ApiError(404, 'not_found', 'There is no such team in this workspace.');
      if (outcome.kind === 'not_okta') {
        throw new ApiError(
          409,
          'team_not_from_okta',
          'Only a team pushed from an Okta group can give a workspace role: its members follow the group in Okta.',
        );
      }
      return { team: outcome.team, changedUserIds: outcome.changedUserIds };
    },
  });
};
