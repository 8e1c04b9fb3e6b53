/**
 * Standing collection extension: extending a collection marks the collection, not a snapshot of
 * its accounts. Accounts added to it later are extended; accounts moved out (or the collection
 * un-extended or deleted) leave Okta unless their owner extended them on their own.
 *
 * The one rule is `isExtended`. Its answer is kept on each account as `extensionState` (off, or
 * pending/synced/error while extended): every writer that changes one of the rule's inputs — the
 * owner's own extend/un-extend, a move between collections, the collection's extend/un-extend or
 * deletion — stores `withExtension(...)` in the same write, so the outbox, the reconciler's status
 * and replicas all read one stored answer and the Okta projection (okta-projection.ts) agrees.
 */
import type { Account, Collection } from './records';

type CollectionFlag = Pick<Collection, 'extended'> | null | undefined;

/** Extended on its own: its owner asked, not (only) its collection. */
export function extendedOnItsOwn(account: Pick<Account, 'extensionState' | 'extendedByCollection'>): boolean {
  return account.extensionState !== 'off' && !account.extendedByCollection;
}

/** The rule: an account is extended when its owner extended it, or its collection is extended. */
export function isExtended(
  account: Pick<Account, 'extensionState' | 'extendedByCollection'>,
  collection: CollectionFlag,
): boolean {
  return extendedOnItsOwn(account) || collection?.extended === true;
}

/** The account as an un-extend leaves it: off, its Okta status cleared. */
export function unextended(account: Account): Account {
  return {
    ...account,
    extensionState: 'off',
    extendedByCollection: false,
    extendedAt: null,
    lastSyncedAt: null,
    lastError: null,
  };
}

/**
 * The account with its extension fields agreeing with the rule after an input changed. An
 * account that becomes extended through its collection starts `pending` (the reconciler makes it
 * `synced` or `error`); one that stops being extended is `off` with its Okta status cleared, as
 * an un-extend does. Returns the same object when nothing changes, so callers can skip a write.
 */
export function withExtension(account: Account, collection: CollectionFlag, at: string): Account {
  const own = extendedOnItsOwn(account);
  if (!isExtended(account, collection)) {
    if (account.extensionState === 'off' && !account.extendedByCollection) return account;
    return unextended(account);
  }
  if (account.extensionState !== 'off') {
    return account.extendedByCollection === !own ? account : { ...account, extendedByCollection: !own };
  }
  return { ...account, extensionState: 'pending', extendedByCollection: true, extendedAt: at, lastError: null };
}

/** The owner extends the account on its own: it stays extended whatever its collection does. */
export function extendOnItsOwn(account: Account, at: string): Account {
  if (account.extensionState === 'off')
    return { ...account, extensionState: 'pending', extendedByCollection: false, extendedAt: at, lastError: null };
  return account.extendedByCollection ? { ...account, extendedByCollection: false } : account;
}

/**
 * Why the owner's own un-extend cannot take the account out of Okta, or null when it can: an
 * account in an extended collection is extended by the collection whatever its owner says.
 */
export function unextendRefusal(account: Pick<Account, 'name'>, collection: Collection | null | undefined) {
  if (collection?.extended !== true) return null;
  return `“${account.name}” is extended to Okta through its collection “${collection.name}”. Move it out of the collection, or un-extend the collection.`;
}

export type CollectionExtensionState = 'off' | 'extended' | 'pending' | 'error';

export interface CollectionExtensionStatus {
  state: CollectionExtensionState;
  /** How many of its accounts are in each state (an extended collection's accounts are never off). */
  counts: { synced: number; pending: number; error: number };
  total: number;
}

/**
 * The collection's status as its owners see it: off while not extended; otherwise `error` when
 * any of its accounts failed, `pending` while any waits for Okta, `extended` when all are synced.
 */
export function collectionExtensionStatus(
  collection: Pick<Collection, 'extended'>,
  accounts: readonly Pick<Account, 'extensionState'>[],
): CollectionExtensionStatus {
  const counts = { synced: 0, pending: 0, error: 0 };
  for (const a of accounts) if (a.extensionState !== 'off') counts[a.extensionState] += 1;
  const state: CollectionExtensionState = !collection.extended
    ? 'off'
    : counts.error > 0
      ? 'error'
      : counts.pending > 0
        ? 'pending'
        : 'extended';
  return { state, counts, total: accounts.length };
}
