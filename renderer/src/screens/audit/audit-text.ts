/**
 * The audit log as people read it: the query path for the filters (domain/wire/audit.ts) and one
 * line per entry — who, what, on which item — with names from the replica. Unknown actions fall
 * back to their code so nothing is hidden.
 */
import { DRIFT_AUDIT_ACTION, driftSentence, SWEEP_AUDIT_ACTION, sweepSentence } from '../../../../domain/okta-drift';
import type { AuditEntry, AuditKind } from '../../../../domain/wire/audit';
import type { SortDirection } from '../../components/sort-header';

export const KIND_LABELS: Record<AuditKind, string> = {
  change: 'Change',
  scim: 'SCIM',
  okta: 'Okta push',
  launch: 'Launch',
  refusal: 'Refusal',
};

export interface AuditFilters {
  kind: AuditKind | '';
  userId: string;
  recordId: string;
}

export const NO_FILTERS: AuditFilters = { kind: '', userId: '', recordId: '' };

export function auditPath(filters: AuditFilters, before: string | null, limit = 50): string {
  const query = new URLSearchParams();
  if (filters.kind !== '') query.set('kind', filters.kind);
  if (filters.userId !== '') query.set('userId', filters.userId);
  if (filters.recordId !== '') query.set('recordId', filters.recordId);
  if (before !== null) query.set('before', before);
  query.set('limit', String(limit));
  return `/api/v1/audit?${query.toString()}`;
}

const ACTIONS: Record<string, string> = {
  'account.launch': 'Logged in from an Okta chiclet',
  'account.create': 'Created the account',
  'account.delete': 'Deleted the account',
  'account.editDetails': 'Edited the account',
  'account.editLabels': 'Edited labels',
  'account.extend': 'Extended the account to Okta',
  'account.unextend': 'Removed the account from Okta',
  'account.unextend.all': 'Removed from Okta (remove all)',
  'account.unextend.collection': 'Removed from Okta with its collection',
  'account.extend.collection': 'Extended to Okta through its collection',
  'account.leaveDeletedCollection': 'Left a deleted collection',
  'collection.extend': 'Extended the collection to Okta (accounts added later are extended too)',
  'collection.unextend': 'Un-extended the collection from Okta',
  'account.syncNow': 'Asked for a manual Okta sync',
  'account.oktaSync': 'Okta app brought up to date',
  'settings.extendedAccess.on': 'Turned Extended account access on',
  'settings.extendedAccess.off': 'Turned Extended account access off',
  'workspace.editSettings': 'Changed workspace settings',
  'scim.user.deprovisioned': 'Deprovisioned by Okta',
  'scim.share.removeOnDeprovision': 'Share removed on deprovisioning',
  'scim.account.rotationRequired': 'Password rotation required',
  'account.rotated': 'Rotated the password (rotation no longer required)',
  'credentials.edit': 'Changed credentials',
  'user.setRole': 'Changed a member’s workspace role',
  'team.mapRole': 'Mapped an Okta team to a workspace role for its members',
  'user.roleFromGroup': 'Workspace role changed by an Okta group mapping',
  'user.erase': 'Permanently deleted a deactivated member’s data',
  'share.removeOnErase': 'Share removed on permanent deletion',
  'team.leaveOnErase': 'Member left the team on permanent deletion',
  'account.recoverOwner': 'Gave an account with no Owner left a new Owner',
  'account.setLogo': 'Set the account’s logo (its Okta chiclet icon)',
  'account.removeLogo': 'Removed the account’s logo',
  'user.allAccessOn': 'Turned their All-Access Mode on (sees every account and collection)',
  'user.allAccessOff': 'Turned their All-Access Mode off',
};

const REASONS: Record<string, string> = {
  login_only: 'Login-only users cannot log in to accounts',
  no_item_role: 'no access to this account',
  user_inactive: 'the user is deactivated',
  user_unknown: 'not a workspace member',
  user_not_provisioned: 'not provisioned from Okta',
  item_unknown: 'the account no longer exists',
  feature_off: 'Extended account access is off',
};

const NOUNS: Record<string, string> = {
  users: 'a member',
  teams: 'a team',
  accounts: 'an account',
  collections: 'a collection',
  shares: 'a share',
  credentials: 'credentials',
  settings: 'workspace settings',
};

/** "users.update" → "Updated a member: active" — the generic write names of records-repo.ts. */
function genericWrite(action: string, fields: readonly string[]): string | undefined {
  const match = /^(\w+)\.(create|update|delete)$/.exec(action);
  if (!match) return undefined;
  const noun = NOUNS[match[1] ?? ''] ?? match[1];
  if (match[2] === 'create') return `Created ${noun}`;
  if (match[2] === 'delete') return `Deleted ${noun}`;
  return fields.length > 0 ? `Updated ${noun}: ${fields.join(', ')}` : `Updated ${noun}`;
}

export interface AuditLine {
  who: string;
  what: string;
  item: string;
}

export interface Names {
  user(id: string): string | undefined;
  record(collection: string | null, id: string): string | undefined;
}

export function describeEntry(entry: AuditEntry, names: Names): AuditLine {
  const who =
    entry.actorType === 'scim'
      ? 'Okta (SCIM)'
      : entry.actorType === 'system'
        ? entry.actorId === 'okta-sync'
          ? 'Okta sync'
          : `System (${entry.actorId ?? 'unknown'})`
        : entry.actorId === null
          ? 'Someone not in the workspace'
          : (names.user(entry.actorId) ?? entry.actorId);
  const fields = entry.fields.filter((f) => f !== 'updatedAt');
  let what = ACTIONS[entry.action] ?? genericWrite(entry.action, fields) ?? entry.action;
  if (entry.action === DRIFT_AUDIT_ACTION && entry.drift) {
    what = driftSentence(entry.drift);
  } else if (entry.action === SWEEP_AUDIT_ACTION && entry.sweep) {
    what = sweepSentence(entry.sweep);
  } else if (entry.kind === 'refusal') {
    what = `Login refused: ${entry.reason ? (REASONS[entry.reason] ?? entry.reason) : 'no reason recorded'}`;
  } else if (what === entry.action && fields.length > 0) {
    what = `${entry.action} (${fields.join(', ')})`;
  }
  const item =
    entry.recordId === null
      ? '—'
      : (names.record(entry.collection, entry.recordId) ?? `${entry.collection ?? 'record'} ${entry.recordId}`);
  return { who, what, item };
}

export type AuditSort = 'when' | 'kind' | 'who';
export interface DescribedEntry {
  entry: AuditEntry;
  line: AuditLine;
}

const byText = new Intl.Collator('en');

/**
 * The loaded events sorted by a column header: When (the server's order is newest first), Kind by
 * its label, Who by the name shown; ties stay newest first.
 */
export function sortEntries(
  rows: readonly DescribedEntry[],
  by: AuditSort,
  direction: SortDirection,
): DescribedEntry[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const newestFirst = (a: DescribedEntry, b: DescribedEntry) =>
    b.entry.at.localeCompare(a.entry.at) || b.entry.id.localeCompare(a.entry.id);
  const column = (a: DescribedEntry, b: DescribedEntry) =>
    by === 'when'
      ? -newestFirst(a, b)
      : by === 'kind'
        ? byText.compare(KIND_LABELS[a.entry.kind], KIND_LABELS[b.entry.kind])
        : byText.compare(a.line.who, b.line.who);
  return [...rows].sort((a, b) => sign * column(a, b) || newestFirst(a, b));
}
