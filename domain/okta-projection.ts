/**
 * The Okta projection: what Okta should hold for a workspace. The reconciler diffs this
 * against Okta's actual apps and assignments and makes the smallest set of calls.
 *
 * - One bookmark app per extended account: extended on its own (`extensionState` pending,
 *   synced or error) or through its extended collection (collection-extension.ts `isExtended`).
 * - The workspace's feature flag is deliberately NOT applied here: turning Extended account
 *   access off stops updates (extended-account-access.md), so the reconciler freezes while
 *   the feature is off instead of projecting an empty Okta and deleting every chiclet.
 * - Assignees are the users who may see the chiclet: owner or collaborator through any share,
 *   active, not removed, not Login-only, with an Okta identity (SCIM external ID, the Okta user
 *   id) — extended-account-access.md, "only for users with a SCIM external ID". All-Access
 *   Mode never assigns (see access.ts). Secrets never appear here: only ids, labels and URLs.
 */
import { holdersOf } from './access';
import { isExtended } from './collection-extension';
import { assignLabels, baseLabel, type LabelClaim } from './okta-labels';
import type { User } from './records';
import { isActiveMember, type WorkspaceIndex } from './workspace-index';

export { baseLabel };

export interface DesiredApp {
  accountId: string;
  label: string;
  url: string;
  /** Okta user ids (`00u…`), sorted. */
  assigneeOktaUserIds: string[];
}

export interface ProjectionOptions {
  /** The sync server's launch URL for an account (`…/launch/:accountId`). */
  launchUrl: (accountId: string) => string;
  /** Labels already applied in Okta, by account id — the stability input. */
  currentLabels: ReadonlyMap<string, string>;
}

/** Desired apps sorted by account id. */
export function projectOkta(ws: WorkspaceIndex, opts: ProjectionOptions): DesiredApp[] {
  const extended = [...ws.accounts.values()].filter((a) =>
    isExtended(a, a.collectionId === null ? null : ws.collections.get(a.collectionId)),
  );
  const claims: LabelClaim[] = extended.map((account) => ({
    accountId: account.id,
    base: baseLabel(account),
    extendedAt: account.extendedAt,
  }));
  const labels = assignLabels(claims, opts.currentLabels);

  return extended
    .map((account) => ({
      accountId: account.id,
      label: labels.get(account.id) ?? baseLabel(account),
      url: opts.launchUrl(account.id),
      assigneeOktaUserIds: assigneesOf(ws, account.id),
    }))
    .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}

/** Okta user ids that should be assigned the account's app, sorted. */
export function assigneesOf(ws: WorkspaceIndex, accountId: string): string[] {
  const ids = new Set<string>();
  for (const [userId, access] of holdersOf(ws, { type: 'account', id: accountId })) {
    const user = ws.users.get(userId);
    if (access.role !== null && user !== undefined && mayHoldChiclet(user)) ids.add(user.externalId);
  }
  return [...ids].sort();
}

/**
 * The user-side conditions of `okta.seeChiclet` (policy-table.ts); the item-role side is
 * `holdersOf`. Kept as one predicate so the projection and `decide` cannot disagree.
 */
export function mayHoldChiclet(user: User): user is User & { externalId: string } {
  return isActiveMember(user) && user.role !== 'loginOnly' && user.externalId !== null;
}
