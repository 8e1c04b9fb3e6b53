/**
 * Which policy actions a pushed record change needs, so the sync server authorises every
 * replicated write with the same table the UI shows (policy-table.ts) instead of its own rules.
 *
 * Only what a client may ask for is mapped here. Server-owned fields (`updatedAt`,
 * `extendedAt`, `lastSyncedAt`, `lastError`, `oktaAppId`, `rotationRequired`, extension states
 * other than a request for `pending` or `off`) are the server's to reject before it asks this;
 * a change that touches only them needs no action here.
 */
import { type Decision, decide, type ItemRef } from './policy';
import type { Action } from './policy-table';
import type { Account, Collection, Credentials, Share, WorkspaceSettings } from './records';
import type { WorkspaceIndex } from './workspace-index';

export type RecordChange =
  | { collection: 'accounts'; before: Account | null; after: Account | null }
  | { collection: 'collections'; before: Collection | null; after: Collection | null }
  | { collection: 'shares'; before: Share | null; after: Share | null }
  | { collection: 'credentials'; before: Credentials | null; after: Credentials | null }
  | { collection: 'settings'; before: WorkspaceSettings | null; after: WorkspaceSettings | null };

export interface Requirement {
  action: Action;
  item?: ItemRef;
}

/** Account fields only an owner may change: where and how the account logs in, and who shares it. */
const DETAIL_FIELDS = ['name', 'appName', 'loginUrl', 'username', 'collectionId', 'loginSelectors'] as const;

export function requirementsFor(change: RecordChange): Requirement[] {
  switch (change.collection) {
    case 'accounts':
      return accountRequirements(change.before, change.after);
    case 'collections': {
      const { before, after } = change;
      if (before === null) return [{ action: 'collection.create' }];
      const item: ItemRef = { type: 'collection', id: before.id };
      if (after === null) return [{ action: 'collection.delete', item }];
      return after.name === before.name ? [] : [{ action: 'collection.edit', item }];
    }
    case 'shares': {
      // Changing a share's role or grantee is unsharing the old grant and sharing the new one.
      const { before, after } = change;
      if (before !== null && after !== null && sameGrant(before, after)) return [];
      const out: Requirement[] = [];
      if (before !== null) out.push({ action: 'item.unshare', item: { type: before.itemType, id: before.itemId } });
      if (after !== null) out.push({ action: 'item.share', item: { type: after.itemType, id: after.itemId } });
      return out;
    }
    case 'credentials': {
      const accountId = (change.after ?? change.before)?.accountId;
      return accountId === undefined ? [] : [{ action: 'credentials.edit', item: { type: 'account', id: accountId } }];
    }
    case 'settings': {
      const { before, after } = change;
      if (before === null || after === null) return [{ action: 'workspace.editSettings' }];
      const out: Requirement[] = [];
      if (before.extendedAccessEnabled !== after.extendedAccessEnabled)
        out.push({ action: 'workspace.toggleExtendedAccess' });
      if (before.name !== after.name) out.push({ action: 'workspace.editSettings' });
      return out;
    }
  }
}

/**
 * Allowed when every requirement is; otherwise the first refusal, with its reason and message.
 * Creation of an account or collection is checked before the item exists, so it needs only the
 * create action (plus, for an account placed in a collection, ownership of that collection —
 * placing an account there shares it with everyone who holds the collection).
 */
export function authorizeChange(ws: WorkspaceIndex, userId: string, change: RecordChange): Decision {
  for (const { action, item } of requirementsFor(change)) {
    const decision = decide(ws, userId, action, item);
    if (!decision.allowed) return decision;
  }
  return { allowed: true };
}

function accountRequirements(before: Account | null, after: Account | null): Requirement[] {
  if (after === null)
    return before === null ? [] : [{ action: 'account.delete', item: { type: 'account', id: before.id } }];
  const intoCollection: Requirement[] =
    after.collectionId !== null && after.collectionId !== before?.collectionId
      ? [{ action: 'collection.edit', item: { type: 'collection', id: after.collectionId } }]
      : [];
  if (before === null) return [{ action: 'account.create' }, ...intoCollection];

  const item: ItemRef = { type: 'account', id: before.id };
  const out: Requirement[] = [];
  if (DETAIL_FIELDS.some((field) => !sameValue(before[field], after[field])))
    out.push({ action: 'account.editDetails', item });
  out.push(...intoCollection);
  if (!sameValue(before.labels, after.labels)) out.push({ action: 'account.editLabels', item });
  const wasExtended = before.extensionState !== 'off';
  const isExtended = after.extensionState !== 'off';
  if (!wasExtended && isExtended) out.push({ action: 'account.extend', item });
  if (wasExtended && !isExtended) out.push({ action: 'account.unextend', item });
  return out;
}

function sameGrant(a: Share, b: Share): boolean {
  return (
    a.itemType === b.itemType &&
    a.itemId === b.itemId &&
    a.granteeType === b.granteeType &&
    a.granteeId === b.granteeId &&
    a.role === b.role
  );
}

/** Structural equality for the plain JSON values records hold. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
