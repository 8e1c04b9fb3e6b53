/**
 * Search and filters of the Accounts screen, as one pure function so it is tested without a
 * browser. Search matches name, app, username and labels, case- and accent-insensitively.
 */
import type { Account, ItemRole } from '../../../domain/records';
import { foldedBy, matchesTerms, queryTerms } from './search-text';

export interface AccountFilter {
  search: string;
  label: string | null;
  collectionId: string | null;
  /** 'owner' | 'collaborator' | 'none' (visible only through the viewer's own All-Access Mode), or null for all. */
  role: ItemRole | 'none' | null;
  /** Only accounts whose password must change because someone with access left. */
  needsRotation: boolean;
}

export const NO_FILTER: AccountFilter = {
  search: '',
  label: null,
  collectionId: null,
  role: null,
  needsRotation: false,
};

const searchedText = foldedBy((account: Account) =>
  [account.name, account.appName, account.username, ...account.labels].join(' '),
);

export function filterAccounts(
  accounts: readonly Account[],
  filter: AccountFilter,
  roleOf: (accountId: string) => ItemRole | null,
): Account[] {
  const terms = queryTerms(filter.search);
  return accounts.filter((account) => {
    if (filter.needsRotation && !account.rotationRequired) return false;
    if (filter.label !== null && !account.labels.includes(filter.label)) return false;
    if (filter.collectionId !== null && account.collectionId !== filter.collectionId) return false;
    if (filter.role !== null && (roleOf(account.id) ?? 'none') !== filter.role) return false;
    if (terms.length === 0) return true;
    return matchesTerms(searchedText(account), terms);
  });
}

/** How many accounts wait for a new password, for the "Needs rotation (n)" filter. */
export function rotationCount(accounts: readonly Pick<Account, 'rotationRequired'>[]): number {
  return accounts.filter((account) => account.rotationRequired).length;
}

/** Every label in use, sorted, for the label filter. */
export function labelsIn(accounts: readonly Account[]): string[] {
  return [...new Set(accounts.flatMap((account) => account.labels))].sort((a, b) => a.localeCompare(b, 'en'));
}

/** "a, b ,, c" → ["a", "b", "c"], without duplicates. */
export function parseLabels(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean),
    ),
  ];
}
