/**
 * The named reads of the `records` table by what a document holds (its jsonb fields), so callers
 * say what they want and the SQL lives in one place. Each statement keeps the predicate of the
 * index it relies on (migrations 0001 and 0101); reads by id and the write path's reads are
 * records-reader.ts, the directory SCIM answers from (users and teams by id, lookup field or
 * filtered page) directory-queries.ts, the write path itself records-repo.ts.
 */
import type { Account, Collection, Share, Team, User, WorkspaceDoc, WorkspaceSettings } from '../../domain/records';
import type { Queryable, SqlParam } from './db';

/** Every live document of the workspace but credentials (secrets never leave through here). */
export async function liveWorkspaceDocs(q: Queryable): Promise<WorkspaceDoc[]> {
  return q.query<WorkspaceDoc>(
    `select collection, doc from records
      where not deleted and collection in ('settings', 'users', 'teams', 'collections', 'accounts', 'shares')`,
  );
}

/** The stored settings document, or undefined before bootstrap. */
export async function liveSettings(q: Queryable): Promise<WorkspaceSettings | undefined> {
  return (await docs<WorkspaceSettings>(q, "select doc from records where collection = 'settings' and not deleted"))[0];
}

/** The user's last stored state, live or deleted. */
export async function storedUser(q: Queryable, userId: string): Promise<User | undefined> {
  return (await docs<User>(q, "select doc from records where collection = 'users' and id = $1", [userId]))[0];
}

/** The live teams whose members include `userId`. */
export async function teamsWithMember(q: Queryable, userId: string): Promise<Team[]> {
  return docs<Team>(
    q,
    "select doc from records where collection = 'teams' and not deleted and jsonb_exists(doc->'memberIds', $1) order by id",
    [userId],
  );
}

/** Live shares granted to any of `granteeIds` (users or teams). */
export async function sharesGrantedToAny(q: Queryable, granteeIds: readonly string[]): Promise<Share[]> {
  return docs<Share>(
    q,
    "select doc from records where collection = 'shares' and not deleted and doc->>'granteeId' = any($1)",
    [[...granteeIds]],
  );
}

/** The live collections of `ids`. */
export async function liveCollections(q: Queryable, ids: readonly string[]): Promise<Collection[]> {
  return docs<Collection>(
    q,
    "select doc from records where collection = 'collections' and not deleted and id = any($1)",
    [[...ids]],
  );
}

/** The live accounts of `accountIds` and every live account in `collectionIds`. */
export async function liveAccountsByIdOrCollection(
  q: Queryable,
  accountIds: readonly string[],
  collectionIds: readonly string[],
): Promise<Account[]> {
  return docs<Account>(
    q,
    `select doc from records where collection = 'accounts' and not deleted
         and (id = any($1) or doc->>'collectionId' = any($2))`,
    [[...accountIds], [...collectionIds]],
  );
}

/** Every live team. */
export async function liveTeams(q: Queryable): Promise<Team[]> {
  return docs<Team>(q, "select doc from records where collection = 'teams' and not deleted");
}

/** The live users of `ids` that exist. */
export async function liveUsers(q: Queryable, ids: readonly string[]): Promise<User[]> {
  return docs<User>(q, "select doc from records where collection = 'users' and not deleted and id = any($1)", [
    [...ids],
  ]);
}

/** The ids of the live shares granted to the user `userId` directly (not through a team), by id. */
export async function shareIdsGrantedToUser(q: Queryable, userId: string): Promise<string[]> {
  return ids(
    q,
    "select id from records where collection = 'shares' and not deleted and doc->>'granteeType' = 'user' and doc->>'granteeId' = $1 order by id",
    [userId],
  );
}

/** The live shares held by one grantee. */
export async function sharesHeldBy(
  q: Queryable,
  granteeType: Share['granteeType'],
  granteeId: string,
): Promise<Share[]> {
  return docs<Share>(
    q,
    "select doc from records where collection = 'shares' and not deleted and doc->>'granteeId' = $1 and doc->>'granteeType' = $2",
    [granteeId, granteeType],
  );
}

/** The ids of the live shares on one item. */
export async function shareIdsOnItem(q: Queryable, itemType: Share['itemType'], itemId: string): Promise<string[]> {
  return ids(
    q,
    "select id from records where collection = 'shares' and not deleted and doc->>'itemType' = $1 and doc->>'itemId' = $2",
    [itemType, itemId],
  );
}

/**
 * Owner shares deleted by an audited `action` (their tombstones keep the share): who owned an
 * account before deprovisioning took their access.
 */
export async function deletedOwnerSharesBy(q: Queryable, action: string): Promise<Share[]> {
  return docs<Share>(
    q,
    `select r.doc from records r
      where r.collection = 'shares' and r.deleted and r.doc->>'role' = 'owner'
        and exists (select 1 from audit_events a
                     where a.collection = 'shares' and a.record_id = r.id and a.action = $1)`,
    [action],
  );
}

/** The live accounts in a collection. */
export async function liveAccountsInCollection(q: Queryable, collectionId: string): Promise<Account[]> {
  return docs<Account>(
    q,
    "select doc from records where collection = 'accounts' and not deleted and doc->>'collectionId' = $1",
    [collectionId],
  );
}

/** The ids of the live accounts in a collection, by id. */
export async function accountIdsInCollection(q: Queryable, collectionId: string): Promise<string[]> {
  return ids(
    q,
    "select id from records where collection = 'accounts' and not deleted and doc->>'collectionId' = $1 order by id",
    [collectionId],
  );
}

/**
 * The ids of the live accounts extended to Okta (`extensionState` not off): all of them, or those
 * among `among`.
 */
export async function extendedAccountIds(q: Queryable, among?: readonly string[]): Promise<string[]> {
  const extended = "collection = 'accounts' and not deleted and coalesce(doc->>'extensionState', 'off') <> 'off'";
  return among === undefined
    ? ids(q, `select id from records where ${extended}`, [])
    : ids(q, `select id from records where ${extended} and id = any($1::text[])`, [[...among]]);
}

async function docs<T>(q: Queryable, sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
  return (await q.query<{ doc: T }>(sql, params)).map((r) => r.doc);
}

async function ids(q: Queryable, sql: string, params: readonly SqlParam[]): Promise<string[]> {
  return (await q.query<{ id: string }>(sql, params)).map((r) => r.id);
}
