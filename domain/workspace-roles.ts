/**
 * Who holds which workspace role, as rules without I/O. A workspace always has an active Owner:
 * without one nobody can turn Extended account access on, manage the SCIM token or make anyone
 * an Admin. The first Owner of a deployment comes from the operator (`roles set`, or the e-mail
 * in LATCHKEY_OWNER_EMAIL when Okta first provisions that person).
 */
import type { User, WorkspaceRole } from './records';
import { isActiveMember } from './workspace-index';

export type RoleChangeRefusal = { ok: false; reason: 'last_owner'; message: string };
export type RoleChangeCheck = { ok: true } | RoleChangeRefusal;

/** Would giving `userId` the role `next` leave the workspace without an active Owner? */
export function checkKeepsAnOwner(users: Iterable<User>, userId: string, next: WorkspaceRole): RoleChangeCheck {
  if (next === 'owner') return { ok: true };
  let otherOwners = 0;
  let isOwner = false;
  for (const user of users) {
    if (!isActiveMember(user) || user.role !== 'owner') continue;
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
