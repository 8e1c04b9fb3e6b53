/**
 * Who holds which workspace role, as rules without I/O. A workspace always has an active Owner:
 * without one nobody can turn Extended account access on, manage the SCIM token or make anyone
 * an Admin. The first Owner of a deployment comes from the operator (`roles set`, or the e-mail
 * in LATCHKEY_OWNER_EMAIL when Okta first provisions that person).
 */
import type { Team, User, WorkspaceRole } from './records';
import { hasWorkspaceRole, isActiveMember } from './workspace-index';

export type RoleChangeRefusal = { ok: false; reason: 'last_owner'; message: string };
export type RoleChangeCheck = { ok: true } | RoleChangeRefusal;

/** Would giving `userId` the role `next` leave the workspace without an active Owner? */
export function checkKeepsAnOwner(users: Iterable<User>, userId: string, next: WorkspaceRole): RoleChangeCheck {
  if (next === 'owner') return { ok: true };
  let otherOwners = 0;
  let isOwner = false;
  for (const user of users) {
    // Only a role given by hand counts: an Owner by Okta group stops being one when Okta removes
    // them from the group, which no check here could refuse.
    if (!isActiveMember(user) || user.manualRole !== 'owner') continue;
    if (user.id === userId) isOwner = true;
    else otherOwners += 1;
  }
  if (isOwner && otherOwners === 0) {
    return {
      ok: false,
      reason: 'last_owner',
      message: 'This is the workspace’s last Owner: make someone else Owner first, so the workspace always has one.',
    };
  }
  return { ok: true };
}

/**
 * The role of a user Okta provisions: `user`, except the person the operator named as the first
 * Owner (`ownerEmail`), while the workspace has no active Owner.
 */
export function roleOnProvision(
  users: Iterable<User>,
  userName: string,
  ownerEmail: string | undefined,
): WorkspaceRole {
  if (!ownerEmail || ownerEmail.trim().toLowerCase() !== userName.trim().toLowerCase()) return 'user';
  for (const user of users) if (isActiveMember(user) && user.role === 'owner') return 'user';
  return 'owner';
}

/**
 * Role from an Okta group: an Owner maps an Okta-pushed team to a workspace role, and its members
 * hold at least that role while they are in it. The effective role is the highest of the role set
 * by hand and every mapping of the user's teams, so a mapping never lowers anyone, and leaving a
 * mapped team falls back to the highest that remains (never below the role set by hand).
 */
export function effectiveWorkspaceRole(manualRole: WorkspaceRole, mappedRoles: Iterable<WorkspaceRole>): WorkspaceRole {
  let role = manualRole;
  for (const mapped of mappedRoles) if (!hasWorkspaceRole(role, mapped)) role = mapped;
  return role;
}

/** The mapped teams `userId` is a member of, highest role first (then by name, for a stable answer). */
export function groupRolesOf(
  userId: string,
  teams: Iterable<Team>,
): { teamId: string; teamName: string; role: WorkspaceRole }[] {
  const found: { teamId: string; teamName: string; role: WorkspaceRole }[] = [];
  for (const team of teams) {
    // Only the Owner's command sets a mapping, and only on a team Okta pushed (team-role-route.ts).
    if (team.mappedRole === null || !team.memberIds.includes(userId)) continue;
    found.push({ teamId: team.id, teamName: team.displayName, role: team.mappedRole });
  }
  return found.sort(
    (a, b) =>
      Number(hasWorkspaceRole(b.role, a.role)) - Number(hasWorkspaceRole(a.role, b.role)) ||
      a.teamName.localeCompare(b.teamName, 'en'),
  );
}

/** `user` with `role` recomputed from its manual role and `teams`; the same object when nothing changes. */
export function withGroupRole(user: User, teams: Iterable<Team>): User {
  const role = effectiveWorkspaceRole(
    user.manualRole,
    groupRolesOf(user.id, teams).map((g) => g.role),
  );
  return role === user.role ? user : { ...user, role };
}

/**
 * The team whose mapping gives `user` their role, when it is higher than the role set by hand
 * (what the member's details show as "overrides the role set by hand"); null otherwise.
 */
export function winningGroupRole(
  user: User,
  teams: Iterable<Team>,
): { teamId: string; teamName: string; role: WorkspaceRole } | null {
  const best = groupRolesOf(user.id, teams)[0];
  if (best === undefined || hasWorkspaceRole(user.manualRole, best.role)) return null;
  return best;
}
