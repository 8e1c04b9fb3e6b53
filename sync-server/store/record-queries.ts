/**
 * The named reads of the `records` table by what a document holds (its jsonb fields), so callers
 * say what they want and the SQL lives in one place. Each statement keeps the predicate of the
 * index it relies on (migrations 0001 and 0101); reads by id and the write path's reads are
 * records-reader.ts, the write path itself records-repo.ts.
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

async function docs<T>(q: Queryable, sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
  return (await q.query<{ doc: T }>(sql, params)).map((r) => r.doc);
}
