/**
 * Drift: what an Okta admin changed on an extended account's app behind Latchkey's back, found
 * by comparing what Okta holds now (`ActualApp`) with what Latchkey last applied there
 * (`AppliedApp`, kept in `okta_apps`). Latchkey's RBAC is the source of truth, so each drift
 * found is overwritten by the same pass (okta-plan.ts) and recorded in the audit log with one of
 * the sentences below — they are defined here once, for the server's audit rows and the desktop's
 * audit screen alike.
 *
 * A difference that comes from a change made in Latchkey (a new share, an unshare, a rename) is
 * not drift: it is a difference between what Latchkey wants and what it last applied, and Okta
 * still holds the latter.
 */
import { z } from 'zod';
import type { ActualApp } from './okta-plan';
import type { DesiredApp } from './okta-projection';

/** What Latchkey last applied to an account's app. `assignees` null: not recorded (older rows). */
export interface AppliedApp {
  appId: string | null;
  label: string;
  url: string;
  assignees: readonly string[] | null;
}

const AppLabel = z.string().max(400);

export const OktaDrift = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('groupAssigned'),
    appLabel: AppLabel,
    groupId: z.string().max(100),
    groupName: z.string().max(400),
  }),
  z.object({
    kind: z.literal('userAssigned'),
    appLabel: AppLabel,
    oktaUserId: z.string().max(100),
    userName: z.string().max(400),
  }),
  z.object({
    kind: z.literal('userUnassigned'),
    appLabel: AppLabel,
    oktaUserId: z.string().max(100),
    userName: z.string().max(400),
  }),
  z.object({ kind: z.literal('relabelled'), appLabel: AppLabel, oktaLabel: AppLabel }),
  z.object({ kind: z.literal('urlChanged'), appLabel: AppLabel }),
  z.object({ kind: z.literal('deactivated'), appLabel: AppLabel }),
  z.object({ kind: z.literal('deleted'), appLabel: AppLabel }),
]);
export type OktaDrift = z.infer<typeof OktaDrift>;

/** The audit action of a drift overwritten by a sync (detail: `{ drift: OktaDrift }`). */
export const DRIFT_AUDIT_ACTION = 'okta.driftOverwritten';
/** The audit action of a finished drift sweep (detail: `{ sweep: SweepSummary }`). */
export const SWEEP_AUDIT_ACTION = 'okta.driftSweep';

export const SweepSummary = z.object({
  accounts: z.number().int().min(0),
  driftFound: z.number().int().min(0),
  driftFixed: z.number().int().min(0),
  apiCalls: z.number().int().min(0),
});
export type SweepSummary = z.infer<typeof SweepSummary>;

/**
 * Drift on one account's app. `userName` names an Okta user for the audit sentence (their
 * Okta login when Okta listed it); `desired` null (the app is being removed) has no drift.
 */
export function findDrift(
  desired: DesiredApp | null,
  applied: AppliedApp | null,
  actual: ActualApp | null,
  userName: (oktaUserId: string) => string = (id) => id,
): OktaDrift[] {
  if (desired === null) return [];
  const appLabel = desired.label;
  if (actual === null) {
    // Only an app Latchkey had made and recorded can have been deleted behind its back.
    return applied?.appId != null ? [{ kind: 'deleted', appLabel }] : [];
  }
  const found: OktaDrift[] = [];
  if (applied !== null && actual.label !== applied.label && actual.label !== desired.label) {
    found.push({ kind: 'relabelled', appLabel, oktaLabel: actual.label });
  }
  if (applied !== null && actual.url !== applied.url && actual.url !== desired.url) {
    found.push({ kind: 'urlChanged', appLabel });
  }
  if (actual.status !== 'ACTIVE') found.push({ kind: 'deactivated', appLabel });
  for (const g of [...(actual.groups ?? [])].sort((a, b) => a.groupId.localeCompare(b.groupId))) {
    found.push({ kind: 'groupAssigned', appLabel, groupId: g.groupId, groupName: g.name });
  }
  // Unrecorded assignees: take Latchkey's wish as what it applied (the pass that recorded
  // nothing had no later change to apply, or the change is pending and shows up as its own).
  const was = new Set(applied?.assignees ?? desired.assigneeOktaUserIds);
  const want = new Set(desired.assigneeOktaUserIds);
  const has = new Set(actual.assigneeOktaUserIds);
  for (const id of [...has].sort()) {
    if (!was.has(id) && !want.has(id))
      found.push({ kind: 'userAssigned', appLabel, oktaUserId: id, userName: userName(id) });
  }
  for (const id of [...was].sort()) {
    if (want.has(id) && !has.has(id))
      found.push({ kind: 'userUnassigned', appLabel, oktaUserId: id, userName: userName(id) });
  }
  return found;
}

/** Page sizes Okta allows (Apps API): apps 200, app users 500, app group assignments 200. */
export const PAGE = { apps: 200, appUsers: 500, appGroups: 200 } as const;

/**
 * The least number of calls a sweep can read everything it compares with: every bookmark app of
 * the org in pages (the list cannot be narrowed to Latchkey's apps), then each swept app's users
 * and groups (Okta offers no list of assignments across apps).
 */
export function minimumSweepCalls(
  bookmarkAppsInOrg: number,
  swept: readonly { users: number; groups: number }[],
): number {
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  return swept.reduce(
    (sum, app) => sum + pages(app.users, PAGE.appUsers) + pages(app.groups, PAGE.appGroups),
    pages(bookmarkAppsInOrg, PAGE.apps),
  );
}

/** The audit log's sentence for a drift that was overwritten. */
export function driftSentence(d: OktaDrift): string {
  const app = `app ${quote(d.appLabel)}`;
  switch (d.kind) {
    case 'groupAssigned':
      return `Okta drift overwritten: group ${quote(d.groupName)} unassigned from ${app}`;
    case 'userAssigned':
      return `Okta drift overwritten: user ${d.userName} unassigned from ${app}`;
    case 'userUnassigned':
      return `Okta drift overwritten: user ${d.userName} assigned to ${app} again`;
    case 'relabelled':
      return `Okta drift overwritten: ${app}, relabelled ${quote(d.oktaLabel)} in Okta, has its label back`;
    case 'urlChanged':
      return `Okta drift overwritten: the launch URL of ${app} is Latchkey's again`;
    case 'deactivated':
      return `Okta drift overwritten: ${app}, deactivated in Okta, is active again`;
    case 'deleted':
      return `Okta drift overwritten: ${app}, deleted in Okta, was created again`;
  }
}

/** The audit log's sentence for a finished sweep. */
export function sweepSentence(s: SweepSummary): string {
  const found = s.driftFound === 1 ? '1 drift' : `${s.driftFound} drifts`;
  return `Okta drift sweep of ${s.accounts} extended account${s.accounts === 1 ? '' : 's'}: ${found} found, ${s.driftFixed} fixed`;
}

function quote(s: string): string {
  return `“${s}”`;
}
