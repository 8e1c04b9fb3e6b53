/**
 * Which accounts' Okta apps a record change can alter (shares through a user, team,
 * collection or team on a collection; team membership from SCIM; deactivation; account name,
 * app name or label change; account removal; extend and un-extend).
 *
 * `affectedBy` is pure: it names the records to expand (`AffectedRefs`); `resolveAccounts`
 * turns them into account ids with SQL over the `records` table, inside the writer's
 * transaction so it sees the change itself.
 */
import type { Account, Share, Team, User, WorkspaceSettings } from '../../domain/records';
import type { Queryable } from '../store/db';
import type { Change } from '../store/records-repo';

export interface AffectedRefs {
  accountIds: string[];
  collectionIds: string[];
  teamIds: string[];
  userIds: string[];
  /** Every extended account (the feature was turned back on). */
  all: boolean;
}

const none = (): AffectedRefs => ({ accountIds: [], collectionIds: [], teamIds: [], userIds: [], all: false });

/** Account fields that change the projection; server-written status fields are not among them. */
const PROJECTED_ACCOUNT_FIELDS = ['name', 'appName', 'collectionId'] as const;

export function affectedBy(change: Change): AffectedRefs {
  const refs = none();
  switch (change.collection) {
    case 'accounts': {
      const b = change.before as Account | null;
      const a = change.after as Account | null;
      const id = (a ?? b)?.id;
      if (id === undefined) break;
      const extendedChanged = isExtended(b) !== isExtended(a);
      const projectedChanged = b === null || a === null || PROJECTED_ACCOUNT_FIELDS.some((f) => b[f] !== a[f]);
      if (extendedChanged || (projectedChanged && (isExtended(a) || isExtended(b)))) refs.accountIds.push(id);
      break;
    }
    case 'shares': {
      for (const s of [change.before, change.after] as (Share | null)[]) {
        if (s === null) continue;
        if (s.itemType === 'account') refs.accountIds.push(s.itemId);
        else refs.collectionIds.push(s.itemId);
      }
      break;
    }
    case 'teams': {
      const b = change.before as Team | null;
      const a = change.after as Team | null;
      const before = new Set(b?.memberIds ?? []);
      const after = new Set(a?.memberIds ?? []);
      const membershipChanged = before.size !== after.size || [...before].some((m) => !after.has(m));
      const id = (a ?? b)?.id;
      if (id !== undefined && membershipChanged) refs.teamIds.push(id);
      break;
    }
    case 'users': {
      const b = change.before as User | null;
      const a = change.after as User | null;
      const id = (a ?? b)?.id;
      if (id !== undefined && eligibility(b) !== eligibility(a)) refs.userIds.push(id);
      break;
    }
    case 'collections': {
      // Deleting a collection ends every share through it.
      if (change.after === null && change.before !== null) refs.collectionIds.push(change.before.id);
      break;
    }
    case 'settings': {
      const b = change.before as WorkspaceSettings | null;
      const a = change.after as WorkspaceSettings | null;
      // Off freezes Okta as it is (nothing to queue); back on catches up with everything.
      if (a?.extendedAccessEnabled === true && b?.extendedAccessEnabled !== true) refs.all = true;
      break;
    }
    case 'credentials':
      // Secrets never reach Okta.
      break;
  }
  return refs;
}

function isExtended(a: Account | null): boolean {
  return a !== null && a.extensionState !== 'off';
}

/** What about a user decides whether they may hold chiclets (okta-projection.ts, mayHoldChiclet). */
function eligibility(u: User | null): string {
  if (u === null) return 'absent';
  return JSON.stringify([u.active, u.removedAt !== null, u.role === 'loginOnly', u.externalId]);
}

/** Expands the refs to account ids, reading the workspace as the transaction sees it. */
export async function resolveAccounts(tx: Queryable, refs: AffectedRefs): Promise<string[]> {
  const ids = new Set(refs.accountIds);
  const teamIds = new Set(refs.teamIds);
  const collectionIds = new Set(refs.collectionIds);

  if (refs.userIds.length > 0) {
    const rows = await tx.query<{ kind: string; id: string }>(
      `select 'team' as kind, id from records
        where collection = 'teams' and not deleted and doc->'memberIds' ?| $1::text[]
       union all
       select doc->>'itemType' as kind, doc->>'itemId' as id from records
        where collection = 'shares' and not deleted and doc->>'granteeType' = 'user' and doc->>'granteeId' = any($1::text[])`,
      [refs.userIds],
    );
    for (const r of rows) addRef(r.kind, r.id, ids, teamIds, collectionIds);
  }
  if (teamIds.size > 0) {
    const rows = await tx.query<{ kind: string; id: string }>(
      `select doc->>'itemType' as kind, doc->>'itemId' as id from records
        where collection = 'shares' and not deleted and doc->>'granteeType' = 'team' and doc->>'granteeId' = any($1::text[])`,
      [[...teamIds]],
    );
    for (const r of rows) addRef(r.kind, r.id, ids, teamIds, collectionIds);
  }
  if (collectionIds.size > 0) {
    const rows = await tx.query<{ id: string }>(
      `select id from records where collection = 'accounts' and doc->>'collectionId' = any($1::text[])`,
      [[...collectionIds]],
    );
    for (const r of rows) ids.add(r.id);
  }
  return [...ids];
}

function addRef(kind: string, id: string, accounts: Set<string>, teams: Set<string>, collections: Set<string>): void {
  if (kind === 'account') accounts.add(id);
  else if (kind === 'collection') collections.add(id);
  else if (kind === 'team') teams.add(id);
}
