/**
 * The workspace read fresh from `records` (everything but credentials: secrets never enter these
 * paths), assembled by the domain's `workspaceSnapshotOf`, so every reader applies the same
 * default settings. `WorkspaceCache` (workspace-cache.ts) is the incremental reader for access
 * checks; it may hold stale account names (labels come from names), so the Okta projection, the
 * orphaned-accounts view and SCIM deprovisioning read here.
 */
import { type WorkspaceSnapshot, workspaceSettings, workspaceSnapshotOf } from '../../domain/records';
import { indexWorkspace, type WorkspaceIndex } from '../../domain/workspace-index';
import type { Queryable } from '../store/db';
import {
  liveAccountsByIdOrCollection,
  liveCollections,
  liveSettings,
  liveWorkspaceDocs,
  sharesGrantedToAny,
  storedUser,
  teamsWithMember,
} from '../store/record-queries';

/** The whole workspace `q` sees, indexed. */
export async function readWorkspace(q: Queryable): Promise<WorkspaceIndex> {
  return indexWorkspace(workspaceSnapshotOf(await liveWorkspaceDocs(q)));
}

/**
 * The part of the workspace that decides what `userId` can reach: the user (read as active, so
 * their access is judged as it was before they left), the teams they are in, the shares they
 * hold directly or through a team, and the collections and accounts those shares reach. Reads
 * only that part: SCIM deprovisions one user at a time in a workspace of any size.
 */
export async function readAccessSnapshot(q: Queryable, userId: string): Promise<WorkspaceSnapshot> {
  const user = await storedUser(q, userId);
  const teams = await teamsWithMember(q, userId);
  const shares = await sharesGrantedToAny(q, [userId, ...teams.map((t) => t.id)]);
  const held = shares.filter((s) =>
    s.granteeType === 'user' ? s.granteeId === userId : teams.some((t) => t.id === s.granteeId),
  );
  const collectionIds = held.filter((s) => s.itemType === 'collection').map((s) => s.itemId);
  const accountIds = held.filter((s) => s.itemType === 'account').map((s) => s.itemId);
  const collections = await liveCollections(q, collectionIds);
  const accounts = await liveAccountsByIdOrCollection(q, accountIds, collectionIds);
  return {
    settings: workspaceSettings(await liveSettings(q)),
    users: user ? [{ ...user, active: true, removedAt: null }] : [],
    teams,
    collections,
    accounts,
    shares: held,
  };
}
