/**
 * Brings one account's Okta app in line with the projection: read what Okta holds (the app by
 * its stored id, or — after an interrupted create — by its launch URL), plan the fewest calls
 * (domain/okta-plan.ts) and make them. A first sync reads nothing: with no app on record the
 * actual state is "no app", so it costs exactly one create plus one call per assignee.
 *
 * An existing app costs two reads, the app and its users, and a third, its groups, when a group
 * shows through a member or a person is to be unassigned (`needsGroupRead`): an Okta admin may
 * have assigned a group, which Latchkey never does. What differs from what Latchkey last applied is
 * drift (domain/okta-drift.ts), returned so the caller records it in the audit log.
 *
 * Throws `OktaCallError` when a call fails; everything already applied stays applied and is
 * recorded, so the retry starts from where Okta is.
 */
import { type AppliedApp, findDrift, type OktaDrift } from '../../domain/okta-drift';
import { type ActualApp, needsGroupRead, type OktaCall, planAccount } from '../../domain/okta-plan';
import type { DesiredApp } from '../../domain/okta-projection';
import type { Queryable } from '../store/db';
import { type AppLink, deleteLink, readLink, writeLink } from './app-links';
import { syncLogo } from './logo-sync';
import type { AppRead, OktaApps } from './okta-client';

export interface ReconcileResult {
  /** The account's Okta app after the pass, null when it has none. */
  appId: string | null;
  calls: OktaCall[];
  /** Changes an Okta admin made that this pass overwrote. */
  drift: OktaDrift[];
}

/** What Okta held, already read (the drift sweep reads every app before fixing a few). */
export interface ReadState {
  link: AppLink | null;
  actual: ActualApp | null;
  userNames: ReadonlyMap<string, string>;
}

export async function reconcileAccount(
  db: Queryable,
  okta: OktaApps,
  accountId: string,
  desired: DesiredApp | null,
  known?: ReadState,
): Promise<ReconcileResult> {
  const link = await readLink(db, accountId);
  // What was read before is used only if Latchkey has applied nothing to the app since.
  const read =
    known !== undefined && sameLink(known.link, link) ? known : await readState(okta, link, desired, 'whenNeeded');
  const { actual } = read;
  const drift = findDrift(desired, applied(link), actual, (id) => read.userNames.get(id) ?? id);
  const calls = planAccount(desired, actual);
  let appId = actual?.appId ?? null;

  for (const call of calls) {
    switch (call.kind) {
      case 'createApp':
        // The intent is committed before Okta is asked, so a crash right after is recoverable.
        await writeLink(db, { accountId, appId: null, label: call.label, url: call.url });
        appId = await okta.createBookmarkApp(call.label, call.url);
        await writeLink(db, { accountId, appId, label: call.label, url: call.url });
        break;
      case 'replaceApp':
        await okta.replaceApp(call.appId, call.label, call.url);
        await writeLink(db, { accountId, appId: call.appId, label: call.label, url: call.url });
        break;
      case 'activateApp':
        await okta.activateApp(call.appId);
        break;
      case 'assignUser':
        await okta.assignUser(call.appId ?? required(appId), call.oktaUserId);
        break;
      case 'unassignUser':
        await ignoreNotFound(okta.unassignUser(call.appId, call.oktaUserId));
        break;
      case 'unassignGroup':
        await ignoreNotFound(okta.unassignGroup(call.appId, call.groupId));
        break;
      case 'deactivateApp':
        await ignoreNotFound(okta.deactivateApp(call.appId));
        break;
      case 'deleteApp':
        await ignoreNotFound(okta.deleteApp(call.appId));
        appId = null;
        break;
    }
  }

  if (desired === null) {
    if (link !== null) await deleteLink(db, accountId);
  } else if (
    appId !== null &&
    (link?.appId !== appId ||
      link.label !== desired.label ||
      link.url !== desired.url ||
      !sameSet(link.assignees ?? null, desired.assigneeOktaUserIds))
  ) {
    await writeLink(db, {
      accountId,
      appId,
      label: desired.label,
      url: desired.url,
      assignees: desired.assigneeOktaUserIds,
    });
  }
  // The icon follows the app; only a changed logo costs a call.
  if (desired !== null && appId !== null) await syncLogo(db, okta, accountId, appId);
  return { appId, calls, drift };
}

/** Reads what Okta holds for the account's app: nothing for a new app, two or three reads for one that exists. */
export async function readState(
  okta: OktaApps,
  link: AppLink | null,
  desired: DesiredApp | null,
  groups: 'always' | 'whenNeeded',
): Promise<ReadState> {
  const app = await readApp(okta, link);
  return readAssignments(okta, link, app, desired, groups);
}

/**
 * The users and groups of an app already read (or listed); none when the app is to be deleted.
 * Groups are listed `always` (the sweep: an empty group goes too) or `whenNeeded` (`needsGroupRead`).
 */
export async function readAssignments(
  okta: OktaApps,
  link: AppLink | null,
  app: AppRead | null,
  desired: DesiredApp | null,
  groupRead: 'always' | 'whenNeeded',
): Promise<ReadState> {
  if (app === null) return { link, actual: null, userNames: new Map() };
  // Deleting an app drops its assignments: no need to read them first.
  if (desired === null) return { link, actual: { ...app, assigneeOktaUserIds: [], groups: [] }, userNames: new Map() };
  const [users, always] = await Promise.all([
    okta.listAppUsers(app.appId),
    groupRead === 'always' ? okta.listAppGroups(app.appId) : null,
  ]);
  const groups = always ?? (needsGroupRead(users, desired) ? await okta.listAppGroups(app.appId) : []);
  return {
    link,
    // Users who hold the app only through a group leave with the group; only direct ones count.
    actual: {
      ...app,
      assigneeOktaUserIds: users.filter((u) => u.scope === 'USER').map((u) => u.oktaUserId),
      groups,
    },
    userNames: new Map(users.map((u) => [u.oktaUserId, u.userName])),
  };
}

function applied(link: AppLink | null): AppliedApp | null {
  return link === null
    ? null
    : { appId: link.appId, label: link.label, url: link.url, assignees: link.assignees ?? null };
}

function sameLink(a: AppLink | null, b: AppLink | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.appId === b.appId &&
    a.label === b.label &&
    a.url === b.url &&
    JSON.stringify(a.assignees ?? null) === JSON.stringify(b.assignees ?? null)
  );
}

function sameSet(a: readonly string[] | null, b: readonly string[]): boolean {
  if (a === null) return false;
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((id) => y.has(id));
}

async function readApp(okta: OktaApps, link: AppLink | null): Promise<AppRead | null> {
  if (link === null) return null;
  let app: AppRead | null = null;
  if (link.appId !== null) {
    app = await okta.getApp(link.appId);
  } else {
    // An interrupted create: adopt the app it made, remove any extra copies.
    const [first, ...extra] = await okta.findAppsByUrl(link.url, link.label);
    for (const dup of extra) {
      if (dup.status === 'ACTIVE') await ignoreNotFound(okta.deactivateApp(dup.appId));
      await ignoreNotFound(okta.deleteApp(dup.appId));
    }
    app = first ?? null;
  }
  return app;
}

async function ignoreNotFound(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'not_found') throw err;
  }
}

function required(appId: string | null): string {
  if (appId === null) throw new Error('assignUser planned without an app');
  return appId;
}
