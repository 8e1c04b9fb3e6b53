/**
 * Which accounts a change can affect — so the Okta outbox re-projects only those, and the
 * sync server knows whose replicas may need tombstones.
 *
 * Reach ignores whether users are active: a user being deactivated must re-project every
 * account they held, and reach computed on the snapshot before the change still lists them.
 * Callers take the union of reach before and after a change (a share moved, a member left).
 */
import type { Share } from './records';
import { accountIdsIn, sharesHeldBy, teamIdsOf, type WorkspaceIndex } from './workspace-index';

export type ReachRef =
  | { type: 'share'; share: Pick<Share, 'itemType' | 'itemId'> }
  | { type: 'team'; teamId: string }
  | { type: 'user'; userId: string }
  | { type: 'collection'; collectionId: string }
  | { type: 'account'; accountId: string };

/** Ids of existing accounts whose effective access or Okta app can depend on `ref`. */
export function accountsReachedBy(ws: WorkspaceIndex, ref: ReachRef): Set<string> {
  const reached = new Set<string>();
  const addItem = (share: Pick<Share, 'itemType' | 'itemId'>): void => {
    if (share.itemType === 'account') {
      if (ws.accounts.has(share.itemId)) reached.add(share.itemId);
    } else {
      for (const accountId of accountIdsIn(ws, share.itemId)) reached.add(accountId);
    }
  };
  switch (ref.type) {
    case 'share':
      addItem(ref.share);
      break;
    case 'collection':
      addItem({ itemType: 'collection', itemId: ref.collectionId });
      break;
    case 'account':
      addItem({ itemType: 'account', itemId: ref.accountId });
      break;
    case 'team':
      for (const share of sharesHeldBy(ws, 'team', ref.teamId)) addItem(share);
      break;
    case 'user':
      for (const share of sharesHeldBy(ws, 'user', ref.userId)) addItem(share);
      for (const teamId of teamIdsOf(ws, ref.userId)) {
        for (const share of sharesHeldBy(ws, 'team', teamId)) addItem(share);
      }
      break;
  }
  return reached;
}
