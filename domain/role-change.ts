/**
 * "May this member give that member this workspace role, and if not, why?" — the rule the sync
 * server enforces on `PUT /api/v1/users/:id/role` and the members screen shows before asking.
 *
 * Nobody grants more than they hold: Owners give any role, Super Admins give Admin, User and
 * Login-only, Admins give User and Login-only; and each may only change someone who already holds
 * a role they could give (a Super Admin cannot demote an Owner). Nobody changes their own role, so
 * nobody promotes themselves. The workspace always keeps an active Owner (workspace-roles.ts).
 */
import { type DenyReason, decide } from './policy';
import { type Team, type User, WORKSPACE_ROLES, type WorkspaceRole } from './records';
import { displayName, isActiveMember, type WorkspaceIndex } from './workspace-index';
import { checkKeepsAnOwner, winningGroupRole } from './workspace-roles';

export type RoleChangeReason = DenyReason | 'target_unknown' | 'self_role_change' | 'role_above_actor' | 'last_owner';

export type RoleChangeDecision = { allowed: true } | { allowed: false; reason: RoleChangeReason; message: string };

const ASSIGNABLE: Readonly<Record<WorkspaceRole, readonly WorkspaceRole[]>> = {
  owner: WORKSPACE_ROLES,
  superAdmin: ['admin', 'user', 'loginOnly'],
  admin: ['user', 'loginOnly'],
  user: [],
  loginOnly: [],
};

const ROLE_NAMES: Readonly<Record<WorkspaceRole, string>> = {
  owner: 'Owner',
  superAdmin: 'Super Admin',
  admin: 'Admin',
  user: 'User',
  loginOnly: 'Login-only',
};

/** The roles someone holding `actorRole` may give (and take away), most powerful first. */
export function assignableRoles(actorRole: WorkspaceRole): readonly WorkspaceRole[] {
  return ASSIGNABLE[actorRole];
}

export function decideRoleChange(
  ws: WorkspaceIndex,
  actorId: string,
  targetId: string,
  next: WorkspaceRole,
): RoleChangeDecision {
  const base = decide(ws, actorId, 'users.setRole');
  if (!base.allowed) return base;
  const actor = ws.users.get(actorId);
  const target = ws.users.get(targetId);
  if (actor === undefined) return deny('user_unknown', 'You are not a member of this workspace.');
  if (target === undefined || target.removedAt !== null) {
    return deny('target_unknown', 'This member is no longer in the workspace.');
  }
  if (target.id === actor.id) {
    // The last Owner learns the one thing that would let their role change: another Owner first.
    const keeps = checkKeepsAnOwner(ws.users.values(), target.id, next);
    if (!keeps.ok) return deny(keeps.reason, keeps.message);
    return deny('self_role_change', `Nobody can change their own workspace role. Ask ${otherOwnersText(ws, actor.id)}`);
  }
  const mayGive = ASSIGNABLE[actor.role];
  if (!mayGive.includes(target.role) || !mayGive.includes(next)) {
    const names = mayGive.map((role) => ROLE_NAMES[role]).join(', ');
    return deny(
      'role_above_actor',
      `As ${article(actor.role)} ${ROLE_NAMES[actor.role]} you can only give the roles ${names}, and only to members who hold one of them. Ask ${otherOwnersText(ws, actor.id)}`,
    );
  }
  const keeps = checkKeepsAnOwner(ws.users.values(), target.id, next);
  if (!keeps.ok) return deny(keeps.reason, keeps.message);
  return { allowed: true };
}

/** The name people see for a workspace role ("Super Admin"). */
export function workspaceRoleLabel(role: WorkspaceRole): string {
  return ROLE_NAMES[role];
}

/**
 * When an Okta group's mapping keeps `user` above the role set by hand, the sentence that says so
 * ("Bob stays Admin while in the Okta group Support, which gives Admin."); null otherwise. The role
 * command answers it and the member's details show it.
 */
export function groupRoleNotice(user: User, teams: Iterable<Team>): string | null {
  const winning = winningGroupRole(user, teams);
  if (winning === null) return null;
  const name = ROLE_NAMES[winning.role];
  return `${displayName(user)} stays ${name} while in the Okta group ${winning.teamName}, which gives ${name}.`;
}

/**
 * What the member's details say when a mapping gives the role: "Role from Okta group Support:
 * Admin (overrides the role set by hand: User)"; null when the role set by hand is the role.
 */
export function groupRoleText(user: User, teams: Iterable<Team>): string | null {
  const winning = winningGroupRole(user, teams);
  if (winning === null) return null;
  return `Role from Okta group ${winning.teamName}: ${ROLE_NAMES[winning.role]} (overrides the role set by hand: ${ROLE_NAMES[user.manualRole]})`;
}

function deny(reason: RoleChangeReason, message: string): RoleChangeDecision {
  return { allowed: false, reason, message };
}

function article(role: WorkspaceRole): string {
  return role === 'admin' || role === 'owner' ? 'an' : 'a';
}

/** "an Owner: Ada Lovelace." or "an Owner." when no other active Owner can be named. */
function otherOwnersText(ws: WorkspaceIndex, exceptId: string): string {
  const names: string[] = [];
  for (const user of ws.users.values()) {
    if (user.id !== exceptId && isActiveMember(user) && user.role === 'owner') names.push(displayName(user));
  }
  names.sort((a, b) => a.localeCompare(b, 'en'));
  return names.length === 0 ? 'an Owner.' : `an Owner: ${names.slice(0, 3).join(', ')}.`;
}
