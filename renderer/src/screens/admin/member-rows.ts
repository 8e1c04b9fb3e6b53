/**
 * The All members table as data (troubleshooting-extended-account-access.md, "View the SCIM
 * external ID of a user"): role, SCIM external ID, Active or Deactivated, and the accounts each
 * person holds a role on among those the viewing admin's replica holds.
 */
import { itemsWithRole } from '../../../../domain/access';
import type { Account, User, WorkspaceRole } from '../../../../domain/records';
import { isErased } from '../../../../domain/user-erasure';
import { displayName, hasWorkspaceRole, type WorkspaceIndex } from '../../../../domain/workspace-index';
import type { SortDirection } from '../../components/sort-header';

export type MemberStatus = 'Active' | 'Deactivated' | 'Removed' | 'Deleted';

export interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  externalId: string | null;
  status: MemberStatus;
  accounts: number;
}

/**
 * Removed = SCIM DELETE (kept for admins as disabled); Deactivated = SCIM active:false; Deleted =
 * an Owner permanently deleted the user's data (the record is an anonymised tombstone).
 */
export function memberStatus(user: Pick<User, 'active' | 'removedAt' | 'erasedAt'>): MemberStatus {
  if (isErased(user)) return 'Deleted';
  if (user.removedAt !== null) return 'Removed';
  return user.active ? 'Active' : 'Deactivated';
}

export function memberRows(index: WorkspaceIndex, users: readonly User[], accounts: readonly Account[]): MemberRow[] {
  const listed = new Set(accounts.map((a) => a.id));
  // One pass over each member's own shares, not every member × every account.
  const held = (userId: string) => {
    let count = 0;
    for (const accountId of itemsWithRole(index, userId).accounts) if (listed.has(accountId)) count += 1;
    return count;
  };
  return users
    .map((user) => ({
      id: user.id,
      name: displayName(user),
      // A deleted user's e-mail is a made-up placeholder: nothing to show or search.
      email: isErased(user) ? '' : user.userName,
      role: user.role,
      externalId: user.externalId,
      status: memberStatus(user),
      accounts: held(user.id),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.email.localeCompare(b.email, 'en'));
}

export type StatusFilter = 'all' | 'active' | 'inactive' | 'noExternalId';

export function filterMembers(rows: readonly MemberRow[], text: string, status: StatusFilter): MemberRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter((row) => {
    if (status === 'active' && row.status !== 'Active') return false;
    if (status === 'inactive' && row.status === 'Active') return false;
    if (status === 'noExternalId' && row.externalId !== null) return false;
    if (needle === '') return true;
    return [row.name, row.email, row.externalId ?? ''].some((v) => v.toLowerCase().includes(needle));
  });
}

export type MemberSort = 'name' | 'role' | 'status';

/** Active first, then the ways of leaving in the order they happen. */
const STATUS_ORDER: readonly MemberStatus[] = ['Active', 'Deactivated', 'Removed', 'Deleted'];
const byText = new Intl.Collator('en');

const compareRole = (a: WorkspaceRole, b: WorkspaceRole) =>
  hasWorkspaceRole(a, b) ? (hasWorkspaceRole(b, a) ? 0 : 1) : -1;

/**
 * The table sorted by a column header: roles by rank (Login only up to Owner), statuses Active
 * first; ties stay by name then e-mail, whichever way the column runs.
 */
export function sortMembers(rows: readonly MemberRow[], by: MemberSort, direction: SortDirection): MemberRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const byName = (a: MemberRow, b: MemberRow) => byText.compare(a.name, b.name) || byText.compare(a.email, b.email);
  const column = (a: MemberRow, b: MemberRow) =>
    by === 'role'
      ? compareRole(a.role, b.role)
      : by === 'status'
        ? STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status)
        : byName(a, b);
  return [...rows].sort((a, b) => sign * column(a, b) || byName(a, b));
}
