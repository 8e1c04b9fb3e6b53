/**
 * What the Accounts screen lists: the workspace once it is read whole, and until then the first
 * screen read as the replica opened (replica/first-screen.ts). Both give the same count, the same
 * first accounts in the same order and the same roles, so the list does not move when the
 * complete one takes over: the screen keeps its elements, scroll position and focused card.
 *
 * Before then, only what the first screen cannot answer waits: filters (their result needs every
 * account) and the label choices.
 */
import { decide } from '../../../domain/policy';
import type { Account, Collection, ItemRole, User } from '../../../domain/records';
import type { WorkspaceIndex } from '../../../domain/workspace-index';
import type { FirstScreen } from '../replica/first-screen';
import type { WorkspaceView } from '../replica/use-workspace';
import { type AccountFilter, filterAccounts, labelsIn } from './account-filter';
import { queryTerms } from './search-text';

export interface AccountList {
  /** False while the list is the first screen: a page of the accounts, not all of them. */
  complete: boolean;
  /** Every account in list order, or the first screen's first page. */
  accounts: readonly Account[];
  /** How many accounts the list has in all. */
  total: number;
  /** Every account waiting for a new password (both ways: the first screen reads them all). */
  rotationRequired: readonly Account[];
  /** Decides for every account above. */
  index: WorkspaceIndex;
  me: User | null;
  collections: readonly Collection[];
  /** Labels to filter by: those of every account, so none until the list is complete. */
  labels: readonly string[];
}

/** The first screen and who "me" is in it (screens/app-context.ts). */
export interface FirstScreenView {
  screen: FirstScreen;
  me: User | null;
}

/** Null while there is nothing to list yet (the replica is still opening). */
export function accountList(view: WorkspaceView, me: User | null, first: FirstScreenView | null): AccountList | null {
  if (!view.loading) {
    return {
      complete: true,
      accounts: view.accounts,
      total: view.accounts.length,
      rotationRequired: view.accounts.filter((account) => account.rotationRequired),
      index: view.index,
      me,
      collections: view.collections,
      labels: labelsIn(view.accounts),
    };
  }
  if (first === null) return null;
  return {
    complete: false,
    accounts: first.screen.accounts,
    total: first.screen.accountTotal,
    rotationRequired: first.screen.rotationRequired,
    index: first.screen.index,
    me: first.me,
    collections: first.screen.collections,
    labels: [],
  };
}

export type ShownAccounts =
  /** The first `accounts` of the `count` the list shows: all of them once `complete`. */
  | { kind: 'list'; accounts: readonly Account[]; count: number; complete: boolean }
  /** A filter is set that needs every account, and not every account is read yet. */
  | { kind: 'waiting' };

export function shownAccounts(
  list: AccountList,
  filter: AccountFilter,
  roleOf: (accountId: string) => ItemRole | null,
): ShownAccounts {
  // Accounts waiting for a new password are all read either way: that filter is answered at once.
  const candidates = list.complete ? list.accounts : filter.needsRotation ? list.rotationRequired : null;
  if (candidates !== null) {
    const accounts = filterAccounts(candidates, filter, roleOf);
    return { kind: 'list', accounts, count: accounts.length, complete: true };
  }
  if (filters(filter)) return { kind: 'waiting' };
  return { kind: 'list', accounts: list.accounts, count: list.total, complete: false };
}

/** The start-up notice counts only what this user can fix: accounts whose credentials they edit. */
export function rotationsForMe(list: AccountList): number {
  const { me, index } = list;
  if (!me) return 0;
  return list.rotationRequired.filter(
    (account) => decide(index, me.id, 'credentials.edit', { type: 'account', id: account.id }).allowed,
  ).length;
}

/** Whether the filter leaves any account out (a search of spaces does not). */
function filters(filter: AccountFilter): boolean {
  return (
    filter.needsRotation ||
    filter.label !== null ||
    filter.collectionId !== null ||
    filter.role !== null ||
    queryTerms(filter.search).length > 0
  );
}
