/**
 * The Okta diff: from what Okta should hold for one account (`DesiredApp`, okta-projection.ts)
 * and what it holds now (`ActualApp`, read from the Management API), the fewest calls that make
 * Okta match. Latchkey's RBAC is the source of truth (extended-account-access.md: "if they do,
 * Latchkey overwrites these changes in the next sync"), so drift made inside Okta — an extra
 * assignment, a renamed label, a changed URL, a deactivated app — is always overwritten.
 *
 * Call counts follow the Okta Apps API:
 * - a new app is one `POST /api/v1/apps` (created ACTIVE), then one assignment per user;
 * - a label or URL change is one full-replace `PUT /api/v1/apps/{id}`;
 * - removing an app is `POST …/lifecycle/deactivate` then `DELETE` (Okta refuses to delete an
 *   ACTIVE app); deleting the app drops its assignments, so no unassign calls precede it.
 *
 * Okta allows two assignment shapes on a bookmark app (Management API, ApplicationUsers and
 * ApplicationGroups): a user directly (`scope: USER`) and a group, whose members are then listed
 * as app users with `scope: GROUP`. Latchkey assigns people only directly, so every group
 * assignment is drift: it is removed (`DELETE /api/v1/apps/{id}/groups/{groupId}`), and its
 * members' `GROUP` rows go with it. A wanted person who held the chiclet only through a group is
 * assigned directly first, so they never lose it in between.
 */
import type { DesiredApp } from './okta-projection';

export interface ActualApp {
  appId: string;
  label: string;
  url: string;
  status: 'ACTIVE' | 'INACTIVE';
  /** Okta user ids assigned to the app directly (`scope: USER`); group-scoped rows are not listed here. */
  assigneeOktaUserIds: readonly string[];
  /** Groups assigned to the app; absent when they were not read (a removal needs no read). */
  groups?: readonly AppGroupRead[];
}

export interface AppGroupRead {
  groupId: string;
  /** The group's name as Okta shows it (for the audit sentence); the id when Okta did not say. */
  name: string;
}

export type OktaCall =
  | { kind: 'createApp'; label: string; url: string }
  | { kind: 'replaceApp'; appId: string; label: string; url: string }
  | { kind: 'activateApp'; appId: string }
  | { kind: 'assignUser'; appId: string | null; oktaUserId: string }
  | { kind: 'unassignUser'; appId: string; oktaUserId: string }
  | { kind: 'unassignGroup'; appId: string; groupId: string }
  | { kind: 'deactivateApp'; appId: string }
  | { kind: 'deleteApp'; appId: string };

/**
 * Ordered calls. `assignUser` with `appId: null` targets the app created by the preceding
 * `createApp`. Assignments come before unassignments (groups, then users) so a user moving
 * between share paths, or held only through a group, never loses the chiclet in between;
 * output is deterministic (users and groups sorted).
 */
export function planAccount(desired: DesiredApp | null, actual: ActualApp | null): OktaCall[] {
  if (desired === null) {
    if (actual === null) return [];
    const calls: OktaCall[] = [];
    if (actual.status === 'ACTIVE') calls.push({ kind: 'deactivateApp', appId: actual.appId });
    calls.push({ kind: 'deleteApp', appId: actual.appId });
    return calls;
  }

  if (actual === null) {
    return [
      { kind: 'createApp', label: desired.label, url: desired.url },
      ...sorted(desired.assigneeOktaUserIds).map(
        (oktaUserId): OktaCall => ({ kind: 'assignUser', appId: null, oktaUserId }),
      ),
    ];
  }

  const calls: OktaCall[] = [];
  const { appId } = actual;
  if (actual.label !== desired.label || actual.url !== desired.url) {
    calls.push({ kind: 'replaceApp', appId, label: desired.label, url: desired.url });
  }
  if (actual.status !== 'ACTIVE') calls.push({ kind: 'activateApp', appId });

  const want = new Set(desired.assigneeOktaUserIds);
  const have = new Set(actual.assigneeOktaUserIds);
  for (const oktaUserId of sorted(want)) {
    if (!have.has(oktaUserId)) calls.push({ kind: 'assignUser', appId, oktaUserId });
  }
  for (const groupId of sorted((actual.groups ?? []).map((g) => g.groupId))) {
    calls.push({ kind: 'unassignGroup', appId, groupId });
  }
  for (const oktaUserId of sorted(have)) {
    if (!want.has(oktaUserId)) calls.push({ kind: 'unassignUser', appId, oktaUserId });
  }
  return calls;
}

/**
 * Whether a pass over an existing app must also list its group assignments, given its app users
 * (`GET /apps/{id}/users` lists group members with `scope: GROUP`). Yes when a group shows through
 * a member, and when a direct assignee is to be removed (they may also hold the app through a
 * group, and would keep the chiclet). Otherwise a group can only be empty — it gives no chiclet
 * now — and the drift sweep, which always lists groups, removes it. So a share added in Latchkey
 * costs the same two reads it did before groups were looked at.
 */
export function needsGroupRead(
  users: readonly { oktaUserId: string; scope: 'USER' | 'GROUP' }[],
  desired: Pick<DesiredApp, 'assigneeOktaUserIds'>,
): boolean {
  const want = new Set(desired.assigneeOktaUserIds);
  return users.some((u) => u.scope === 'GROUP' || !want.has(u.oktaUserId));
}

/** The least number of calls a first sync of `apps` needs: one create and one assignment per user. */
export function minimumFirstSyncCalls(apps: readonly Pick<DesiredApp, 'assigneeOktaUserIds'>[]): number {
  return apps.reduce((sum, app) => sum + 1 + new Set(app.assigneeOktaUserIds).size, 0);
}

function sorted(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort();
}
