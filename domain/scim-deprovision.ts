/**
 * What deactivating (SCIM `active: false`) or deleting a user changes, decided in one pure
 * function. Seed okta-user-provisioning-with-scim.md: deactivated users have "their associated
 * access grants … removed", privileged identities they could use may need "password rotation",
 * and reactivated users "reappear as valid users … however, account access grants must be
 * reassigned" — so nothing that granted access may survive the deactivation:
 *
 * - every direct share to the user is removed;
 * - the user leaves every team (a kept membership would silently restore team access on
 *   reactivation; Okta re-sends membership for groups it still pushes);
 * - every account the user could use, by any path, is flagged `rotationRequired`, because the
 *   user may know its password. The flag keeps the first time it was raised
 *   (`rotationRequiredAt`) and gains the departed user's id (`rotationDepartedUserIds`), so an
 *   account already waiting for a new password after an earlier departure names both people.
 */
import { effectiveRole } from './access';
import type { Account, Share, Team, WorkspaceSnapshot } from './records';
import { flagForRotation } from './rotation';
import { indexWorkspace } from './workspace-index';

export interface DeprovisionPlan {
  sharesToRemove: Share[];
  teamsToUpdate: Team[];
  accountsToFlag: Account[];
}

/**
 * `snapshot` must hold the user as they were before the change, and at least every record that
 * can grant them access (their shares, their teams and those teams' shares, the collections and
 * accounts those reach).
 */
export function planDeprovision(snapshot: WorkspaceSnapshot, userId: string, at: string): DeprovisionPlan {
  const ws = indexWorkspace(snapshot);
  const accountsToFlag = snapshot.accounts.filter(
    (account) =>
      !(account.rotationRequired && account.rotationDepartedUserIds.includes(userId)) &&
      effectiveRole(ws, userId, account.id).role !== null,
  );
  return {
    sharesToRemove: snapshot.shares.filter((s) => s.granteeType === 'user' && s.granteeId === userId),
    teamsToUpdate: snapshot.teams
      .filter((t) => t.memberIds.includes(userId))
      .map((t) => ({ ...t, memberIds: t.memberIds.filter((id) => id !== userId) })),
    accountsToFlag: accountsToFlag.map((a) => flagForRotation(a, userId, at)),
  };
}
