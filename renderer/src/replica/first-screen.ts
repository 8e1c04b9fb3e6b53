/**
 * The Accounts list's first screen, read from the replica as it opens: how many accounts there
 * are, the first page of them in list order (account-order.ts), and exactly what their cards need
 * — every share on them and on their collections, all users, teams, collections and the settings
 * — so their roles and "Log in" buttons are decided as the complete workspace would decide them.
 * Accounts waiting for a new password come too, all of them, since the list's notice and filter
 * count them.
 *
 * Why: reading the whole workspace of a large replica (every account, every share) takes about a
 * second at 20,000 accounts, and the list used to wait for it. This read costs about the same at 20
 * accounts as at 20,000; the whole workspace is read after the first screen is on it
 * (use-workspace.ts), and the list becomes the live one without moving (screens/account-list.ts).
 *
 * It asks the storage directly — accounts and shares through the indexes it keeps for this
 * (list-indexes.ts), the rest with `storageInstance.query`, the count is IndexedDB's — for rows,
 * not RxDB documents, since nothing here stays live.
 */
import type { MangoQuery, RxCollection } from 'rxdb';
import {
  type Account,
  type Collection,
  type Share,
  type User,
  type WorkspaceSettings,
  workspaceSettings,
} from '../../../domain/records';
import { indexWorkspace, type WorkspaceIndex } from '../../../domain/workspace-index';
import { liveRecords } from './list-indexes';
import type { Replica } from './open-replica';

/** Enough cards for the first viewport of a large window, with the rows the list mounts beyond it. */
export const FIRST_PAGE = 100;

export interface FirstScreen {
  /** The accounts the replica holds: the list's count before the rest is read. */
  accountTotal: number;
  /** The first accounts in list order (`FIRST_PAGE`, or all when there are fewer). */
  accounts: Account[];
  /** Every account that waits for a new password, in list order. */
  rotationRequired: Account[];
  /** Decides for the accounts above as the whole workspace would (not for any other account). */
  index: WorkspaceIndex;
  users: User[];
  collections: Collection[];
}

export async function readFirstScreen(replica: Replica, pageSize = FIRST_PAGE): Promise<FirstScreen> {
  const { collections, listIndexes } = replica;
  const [accountTotal, accounts, rotationRequired, users, teams, collectionRows, settings] = await Promise.all([
    collections.accounts.count().exec(),
    listIndexes.firstAccounts(pageSize),
    listIndexes.rotationAccounts(),
    rows(collections.users, {}),
    rows(collections.teams, {}),
    rows(collections.collections, {}),
    rows(collections.settings, {}),
  ]);
  const listed = new Map([...accounts, ...rotationRequired].map((account) => [account.id, account]));
  const collectionIds = new Set<string>();
  for (const account of listed.values()) if (account.collectionId !== null) collectionIds.add(account.collectionId);
  // One indexed read per item: a handful of rows each, however many shares the replica holds.
  const shares = await listIndexes.sharesOn([...listed.keys(), ...collectionIds]);
  // Ids are unique per collection only: an account and a collection may share one.
  const isListed = (share: Share) =>
    share.itemType === 'account' ? listed.has(share.itemId) : collectionIds.has(share.itemId);
  return {
    accountTotal,
    accounts,
    rotationRequired,
    index: indexWorkspace({
      accounts: [...listed.values()],
      collections: collectionRows,
      users,
      teams,
      shares: shares.filter(isListed),
      settings: workspaceSettings(settings[0] as WorkspaceSettings | undefined),
    }),
    users,
    collections: [...collectionRows].sort((a, b) => a.name.localeCompare(b.name, 'en')),
  };
}

/**
 * The rows a query matches, as records: prepared by RxDB as its own `exec()` would (deleted
 * documents left out), answered by the storage, and no RxDB document made for them.
 */
async function rows<T>(collection: RxCollection<T>, query: MangoQuery<T>): Promise<T[]> {
  const { documents } = await collection.storageInstance.query(collection.find(query).getPreparedQuery());
  return liveRecords<T>(documents);
}
