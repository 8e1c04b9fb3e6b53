/**
 * Commands on members and teams, and the caller's own record (sync-server/users/*-route.ts).
 * Users and teams are read-only to replication pushes (domain/change-policy.ts): these are the
 * only ways an app changes them.
 */
import { z } from 'zod';
import { Id, Team, User, WorkspaceRole } from '../../records';
import { AllAccessState, SetAllAccessBody } from '../all-access';
import { EraseAnswer } from '../erase';
import { Me } from '../me';
import { defineRoute } from './define-route';
import { DENY_REASONS, ERASE_REFUSALS, GATE_ERRORS, ROLE_CHANGE_REFUSALS } from './errors';
import { IdParams } from './okta';

export const SetRoleBody = z.object({ role: WorkspaceRole }).strict();
export type SetRoleBody = z.infer<typeof SetRoleBody>;
/** The member as written; `notice` when their Okta-mapped teams keep a higher role. */
export const SetRoleAnswer = User.extend({ notice: z.string().optional() });
export type SetRoleAnswer = z.infer<typeof SetRoleAnswer>;

/** null removes the team's mapping. */
export const TeamRoleBody = z.object({ role: WorkspaceRole.nullable() }).strict();
export type TeamRoleBody = z.infer<typeof TeamRoleBody>;
export const TeamRoleAnswer = z.object({ team: Team, changedUserIds: z.array(Id) });
export type TeamRoleAnswer = z.infer<typeof TeamRoleAnswer>;

export const UnlinkOktaAnswer = z.object({ userId: Id, linked: z.literal(false) });
export type UnlinkOktaAnswer = z.infer<typeof UnlinkOktaAnswer>;

const DENIED = [...GATE_ERRORS, ...DENY_REASONS] as const;

export const usersApi = {
  /** Which replicated user the signed-in person is; takes no input, so nobody else is asked about. */
  me: defineRoute({
    method: 'GET',
    path: '/api/v1/me',
    response: Me,
    errors: DENIED,
    desktop: true,
  }),
  /** A Super Admin or Owner turns their own All-Access Mode on or off. */
  setAllAccess: defineRoute({
    method: 'PUT',
    path: '/api/v1/me/all-access',
    body: SetAllAccessBody,
    response: AllAccessState,
    errors: [...DENIED, 'not_found'],
    desktop: true,
  }),
  /** An admin sets a member's workspace role (domain/role-change.ts decides). */
  setRole: defineRoute({
    method: 'PUT',
    path: '/api/v1/users/:id/role',
    params: IdParams,
    body: SetRoleBody,
    response: SetRoleAnswer,
    errors: [...DENIED, ...ROLE_CHANGE_REFUSALS, 'not_found'],
    desktop: true,
  }),
  /** An Owner maps a team Okta pushed to a workspace role; 409 `team_not_from_okta` otherwise. */
  setTeamRole: defineRoute({
    method: 'PUT',
    path: '/api/v1/teams/:id/role',
    params: IdParams,
    body: TeamRoleBody,
    response: TeamRoleAnswer,
    errors: [...DENIED, 'not_found', 'team_not_from_okta'],
    desktop: true,
  }),
  /** An Owner permanently erases a deactivated member's data (domain/user-erasure.ts). */
  eraseUser: defineRoute({
    method: 'POST',
    path: '/api/v1/users/:id/erase',
    params: IdParams,
    response: EraseAnswer,
    errors: [...DENIED, ...ERASE_REFUSALS],
    desktop: true,
  }),
  /** An admin removes a user's link to their Okta identity. No screen offers it: not for the app. */
  unlinkOkta: defineRoute({
    method: 'POST',
    path: '/api/v1/users/:id/unlink-okta',
    params: IdParams,
    response: UnlinkOktaAnswer,
    errors: [...DENIED, 'not_found'],
    desktop: false,
  }),
} as const;
