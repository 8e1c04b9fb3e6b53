/**
 * Accounts nobody owns any more, and who owned them. When the last Owner of an account is
 * deprovisioned (inactive and removed users hold no role: access.ts), nobody can edit, share or
 * extend it; workspace admins recover it by giving an active member an Owner share. The list
 * and the recovery command both ask this one rule, so the screen never offers an account the
 * server would refuse.
 */
import { holdersOf } from './access';
import type { Account, Share, User } from './records';
import { displayName, isActiveMember, sharesOn, type WorkspaceIndex } from './workspace-index';

export interface OrphanedAccount {
  account: Account;
  /** Users no longer active whose Owner share (by any path) reached the account, by name. */
  formerOwners: User[];
}

/**
 * True when no active member who may manage it holds Owner on the account by any share path.
 * A Login-only Owner (say, an Owner demoted since) cannot edit or share it (policy-table.ts),
 * so an account owned only by Login-only members is as stuck as one whose Owners left.
 */
export function isOrphaned(ws: WorkspaceIndex, accountId: string): boolean {
  if (!ws.accounts.has(accountId)) return false;
  for (const [userId, access] of holdersOf(ws, { type: 'account', id: accountId })) {
    if (access.role === 'owner' && ws.users.get(userId)?.role !== 'loginOnly') return false;
  }
  return true;
}

/**
 * Every orphaned account, by name. `departedShares` are Owner shares already removed when
 * their holder was deprovisioned (deprovisioning deletes a departing user's direct shares, see
 * scim-deprovision.ts): the store keeps them as tombstones so the screen can still say who
 * owned the account. Shares still in the workspace that reach an inactive user count too.
 */
export function orphanedAccounts(ws: WorkspaceIndex, departedShares: readonly Share[] = []): OrphanedAccount[] {
  const result: OrphanedAccount[] = [];
  for (const account of ws.accounts.values()) {
    if (!isOrphaned(ws, account.id)) continue;
    result.push({ account, formerOwners: formerOwnersOf(ws, account, departedShares) });
  }
  return result.sort(
    (a, b) => a.account.name.localeCompare(b.account.name, 'en') || (a.account.id < b.account.id ? -1 : 1),
  );
}

function formerOwnersOf(ws: WorkspaceIndex, account: Account, departedShares: readonly Share[]): User[] {
  const reachesAccount = (share: Share): boolean =>
    share.role === 'owner' &&
    ((share.itemType === 'account' && share.itemId === account.id) ||
      (share.itemType === 'collection' && account.collectionId !== null && share.itemId === account.collectionId));
  const shares = [
    ...sharesOn(ws, 'account', account.id),
    ...(account.collectionId === null ? [] : sharesOn(ws, 'collection', account.collectionId)),
    ...departedShares,
  ].filter(reachesAccount);
  const found = new Map<string, User>();
  for (const share of shares) {
    const userIds = share.granteeType === 'user' ? [share.granteeId] : (ws.teams.get(share.granteeId)?.memberIds ?? []);
    for (const userId of userIds) {
      const user = ws.users.get(userId);
      // An active holder would make the account owned; only people who left are "former".
      if (user !== undefined && hasLeft(user)) found.set(user.id, user);
    }
  }
  return [...found.values()].sort(
    (a, b) => displayName(a).localeCompare(displayName(b), 'en') || (a.id < b.id ? -1 : 1),
  );
}

/** Deactivated or removed (`isActiveMember` narrows its argument, so its negation is said here). */
function hasLeft(user: User): boolean {
  return !isActiveMember(user);
}

export type NewOwnerRefusal = 'not_orphaned' | 'account_unknown' | 'target_not_member' | 'target_login_only';

export type NewOwnerDecision = { allowed: true } | { allowed: false; reason: NewOwnerRefusal; message: string };

/**
 * May `targetId` be made the Owner of orphaned `accountId`? (Whether the asking admin may
 * recover accounts at all is the policy row `accounts.recoverOrphaned`.) Only while nobody owns
 * it: an account with an Owner is theirs to share, so an admin cannot take it over this way.
 */
export function decideNewOwner(ws: WorkspaceIndex, accountId: string, targetId: string): NewOwnerDecision {
  if (!ws.accounts.has(accountId)) {
    return { allowed: false, reason: 'account_unknown', message: 'This account does not exist or was deleted.' };
  }
  if (!isOrphaned(ws, accountId)) {
    return { allowed: false, reason: 'not_orphaned', message: 'This account still has an Owner: ask them.' };
  }
  const target = ws.users.get(targetId);
  if (!isActiveMember(target)) {
    return {
      allowed: false,
      reason: 'target_not_member',
      message: 'Only an active member of this workspace can become the Owner.',
    };
  }
  if (target.role === 'loginOnly') {
    return {
      allowed: false,
      reason: 'target_login_only',
      message: 'Login-only users cannot own accounts: choose a member who may see credentials.',
    };
  }
  return { allowed: true };
}

/** The members an admin may choose as the new Owner: active and not Login-only, by name. */
export function ownerCandidates(ws: WorkspaceIndex): User[] {
  return [...ws.users.values()]
    .filter((u) => isActiveMember(u) && u.role !== 'loginOnly')
    .sort((a, b) => displayName(a).localeCompare(displayName(b), 'en') || (a.id < b.id ? -1 : 1));
}
