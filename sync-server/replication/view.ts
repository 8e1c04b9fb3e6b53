/**
 * What one user may see of a stored row: the record (users and teams redacted by the domain's rules),
 * or nothing. Pull filtering and push conflicts both answer through here, so a conflict can
 * never show a user more than a pull would.
 */
import { redactTeamFor, redactUserFor } from '../../domain/access';
import type { Team, User } from '../../domain/records';
import type { CollectionName, Doc } from '../../domain/wire/collections';
import type { Tombstone, WireDoc } from '../../domain/wire/replication';
import type { StoredRow } from '../store/records-repo';
import type { WorkspaceState } from '../workspace/workspace-cache';

export function maySee(state: WorkspaceState, userId: string, collection: CollectionName, id: string): boolean {
  // Every active member sees the workspace settings, its users and its teams (to share with them).
  return visibleIdsOf(state, userId, collection)?.has(id) ?? true;
}

/** The ids of an item collection the user may see; null for the collections every member sees whole. */
export function visibleIdsOf(
  state: WorkspaceState,
  userId: string,
  collection: CollectionName,
): ReadonlySet<string> | null {
  const v = state.visibility(userId);
  switch (collection) {
    case 'accounts':
      return v.accountIds;
    case 'collections':
      return v.collectionIds;
    case 'shares':
      return v.shareIds;
    case 'credentials':
      return v.credentialAccountIds;
    default:
      return null;
  }
}

/** The live document as `userId` sees it, or null when deleted or not theirs to see. */
export function liveView(
  state: WorkspaceState,
  userId: string,
  row: StoredRow | null,
): (Doc & { _deleted: false }) | null {
  if (row === null || row.deleted || !maySee(state, userId, row.collection, row.id)) return null;
  const doc =
    row.collection === 'users'
      ? redactUserFor(state.index, userId, row.doc as User)
      : row.collection === 'teams'
        ? redactTeamFor(state.index, userId, row.doc as Team)
        : row.doc;
  return { ...doc, _deleted: false };
}

export function tombstone(id: string): Tombstone {
  return { id, _deleted: true };
}

export function wireView(
  state: WorkspaceState,
  userId: string,
  id: string,
  row: StoredRow | null,
): WireDoc<CollectionName> {
  return (liveView(state, userId, row) as WireDoc<CollectionName> | null) ?? tombstone(id);
}
