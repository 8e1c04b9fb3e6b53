/**
 * Brings one account's Okta app in line with the projection: read what Okta holds (the app by
 * its stored id, or — after an interrupted create — by its launch URL), plan the fewest calls
 * (domain/okta-plan.ts) and make them. A first sync reads nothing: with no app on record the
 * actual state is "no app", so it costs exactly one create plus one call per assignee.
 *
 * Throws `OktaCallError` when a call fails; everything already applied stays applied and is
 * recorded, so the retry starts from where Okta is.
 */
import { type ActualApp, type OktaCall, planAccount } from '../../domain/okta-plan';
import type { DesiredApp } from '../../domain/okta-projection';
import type { Queryable } from '../store/db';
import { type AppLink, deleteLink, readLink, writeLink } from './app-links';
import type { AppRead, OktaApps } from './okta-client';

export interface ReconcileResult {
  /** The account's Okta app after the pass, null when it has none. */
  appId: string | null;
  calls: OktaCall[];
}

export async function reconcileAccount(
  db: Queryable,
  okta: OktaApps,
  accountId: string,
  desired: DesiredApp | null,
): Promise<ReconcileResult> {
  const link = await readLink(db, accountId);
  const actual = await readActual(okta, link, desired !== null);
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
  } else if (appId !== null && (link?.appId !== appId || link.label !== desired.label || link.url !== desired.url)) {
    await writeLink(db, { accountId, appId, label: desired.label, url: desired.url });
  }
  return { appId, calls };
}

async function readActual(okta: OktaApps, link: AppLink | null, wantApp: boolean): Promise<ActualApp | null> {
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
  if (app === null) return null;
  // Deleting an app drops its assignments: no need to read them first.
  const assignees = wantApp ? await okta.listAssignees(app.appId) : [];
  return { ...app, assigneeOktaUserIds: assignees };
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
