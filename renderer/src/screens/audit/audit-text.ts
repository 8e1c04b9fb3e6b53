/**
 * The audit log as people read it: the query for the filters (domain/wire/audit.ts) and one
 * sentence per entry — "Olivia Owner shared Brand Instagram with team Marketing as Collaborator" —
 * with names from the replica. A record the replica no longer holds reads as "a deleted account",
 * never as its id; an action this app does not know yet still gets a sentence (who, the kind of
 * record, the changed field names) so nothing is hidden.
 */
import type { z } from 'zod';
import { DRIFT_AUDIT_ACTION, driftSentence, SWEEP_AUDIT_ACTION, sweepSentence } from '../../../../domain/okta-drift';
import type { Share } from '../../../../domain/records';
import type { AuditEntry, AuditKind, AuditQuery, AuditShare } from '../../../../domain/wire/audit';
import type { SortDirection } from '../../components/sort-header';
import { roleName } from '../access-text';

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

export type AuditQueryInput = z.input<typeof AuditQuery>;

/** The audit route's query (domain/wire/api/audit.ts) for the filters set, the page and its size. */
export function auditQuery(filters: AuditFilters, before: string | null, limit = 50): AuditQueryInput {
  return {
    ...(filters.kind === '' ? {} : { kind: filters.kind }),
    ...(filters.userId === '' ? {} : { userId: filters.userId }),
    ...(filters.recordId === '' ? {} : { recordId: filters.recordId }),
    ...(before === null ? {} : { before }),
    limit,
  };
}

/** Why a launch was refused, after "was refused … because". */
const REASONS: Record<string, string> = {
  login_only: 'Login-only users cannot log in to accounts',
  no_item_role: 'they have no access to this account',
  user_inactive: 'they are deactivated',
  user_unknown: 'they are not a workspace member',
  user_not_provisioned: 'they are not provisioned from Okta',
  item_unknown: 'the account no longer exists',
  feature_off: 'Extended account access is off',
};

/** The replica's names by id; undefined when the replica does not hold the record (any more). */
export interface Names {
  user(id: string): string | undefined;
  team(id: string): string | undefined;
  account(id: string): string | undefined;
  collection(id: string): string | undefined;
  share(id: string): Share | undefined;
}

export interface AuditLine {
  /** Who acted, for the CSV's actor column. */
  who: string;
  /** The whole entry as one sentence, ending with a full stop. */
  sentence: string;
}

/** Ids are never shown: a record the replica no longer holds gets one of these. */
const GONE = {
  user: 'a removed member',
  team: 'a deleted team',
  account: 'a deleted account',
  collection: 'a deleted collection',
} as const;

function actorName(entry: AuditEntry, names: Names): string {
  if (entry.actorType === 'scim') return 'Okta (SCIM)';
  if (entry.actorType === 'system') {
    if (entry.actorId === 'okta-sync') return 'Okta sync';
    if (entry.actorId === 'cli') return 'An operator (server command line)';
    return 'Latchkey';
  }
  if (entry.actorId === null) return 'Someone not in the workspace';
  return names.user(entry.actorId) ?? 'A removed member';
}

/** The phrase for the record an entry is about, e.g. "Brand Instagram" or "team Marketing". */
function recordPhrase(collection: string | null, id: string | null, names: Names): string {
  if (id === null) return 'a record';
  switch (collection) {
    case 'accounts':
    case 'credentials': // a credentials record has its account's id
      return names.account(id) ?? GONE.account;
    case 'users':
      return names.user(id) ?? GONE.user;
    case 'teams': {
      const team = names.team(id);
      return team === undefined ? GONE.team : `team ${team}`;
    }
    case 'collections': {
      const name = names.collection(id);
      return name === undefined ? GONE.collection : `collection ${name}`;
    }
    case 'shares':
      return 'a share';
    case 'settings':
      return 'the workspace settings';
    default:
      return `a ${collection ?? 'record'} record`;
  }
}

function itemPhrase(share: AuditShare, names: Names): string {
  return share.itemType === 'account'
    ? recordPhrase('accounts', share.itemId, names)
    : recordPhrase('collections', share.itemId, names);
}

function granteePhrase(share: AuditShare, names: Names): string {
  return share.granteeType === 'user'
    ? recordPhrase('users', share.granteeId, names)
    : recordPhrase('teams', share.granteeId, names);
}

/** The share an entry is about: from the entry (servers that record it) or from the replica. */
function shareOf(entry: AuditEntry, names: Names): AuditShare | undefined {
  if (entry.share) return entry.share;
  return entry.collection === 'shares' && entry.recordId !== null ? names.share(entry.recordId) : undefined;
}

/** "shared Brand Instagram with team Marketing as Collaborator" / "removed …'s access to …". */
function sharePredicate(entry: AuditEntry, removed: boolean, why: string, names: Names): string {
  const share = shareOf(entry, names);
  if (share === undefined) return removed ? `removed a share${why}` : `shared an item${why}`;
  const item = itemPhrase(share, names);
  const grantee = granteePhrase(share, names);
  return removed
    ? `removed the access of ${grantee} to ${item}${why}`
    : `shared ${item} with ${grantee} as ${roleName(share.role)}${why}`;
}

const fieldList = (fields: readonly string[]): string => (fields.length > 0 ? ` (${fields.join(', ')})` : '');

/** One clause of an action ("account.editLabels"), after the actor's name. */
function predicate(action: string, entry: AuditEntry, names: Names): string {
  const target = recordPhrase(entry.collection, entry.recordId, names);
  const fields = entry.fields.filter((f) => f !== 'updatedAt');
  switch (action) {
    case 'account.create':
      return `created the account ${target}`;
    case 'account.delete':
      return target === GONE.account ? 'deleted an account' : `deleted the account ${target}`;
    case 'account.editDetails':
      return `edited the details of ${target}${fieldList(fields.filter((f) => f !== 'labels'))}`;
    case 'account.editLabels':
      return `edited the labels of ${target}`;
    case 'collection.edit':
      return `moved ${target} into a collection`;
    case 'account.extend':
      return `extended ${target} to Okta`;
    case 'account.unextend':
      return `removed ${target} from Okta`;
    case 'account.unextend.all':
      return `removed ${target} from Okta (remove all)`;
    case 'account.unextend.collection':
      return `removed ${target} from Okta with its collection`;
    case 'account.extend.collection':
      return `extended ${target} to Okta through its collection`;
    case 'account.leaveDeletedCollection':
      return `took ${target} out of a deleted collection`;
    case 'account.syncNow':
      return `asked for a manual Okta sync of ${target}`;
    case 'account.oktaSync':
      return `brought the Okta app of ${target} up to date`;
    case 'account.rotated':
      return `rotated the password of ${target} (rotation no longer required)`;
    case 'account.recoverOwner':
      return `gave ${target}, which had no Owner left, a new Owner`;
    case 'account.setLogo':
      return `set the logo of ${target} (its Okta chiclet icon)`;
    case 'account.removeLogo':
      return `removed the logo of ${target}`;
    case 'account.launch':
      return entry.kind === 'refusal'
        ? `was refused a login to ${target} because ${entry.reason ? (REASONS[entry.reason] ?? entry.reason) : 'no reason was recorded'}`
        : `logged in to ${target} from an Okta chiclet`;
    case 'collection.create':
      return `created ${target}`;
    case 'collection.delete':
      return target === GONE.collection ? 'deleted a collection' : `deleted ${target}`;
    case 'collection.extend':
      return `extended ${target} to Okta (accounts added later are extended too)`;
    case 'collection.unextend':
      return `un-extended ${target} from Okta`;
    case 'credentials.edit':
      return `changed the credentials of ${target}${fieldList(fields.filter((f) => f !== 'id' && f !== 'accountId'))}`;
    case 'credentials.delete':
    case 'credentials.deleteWithAccount':
      return `deleted the credentials of ${target}`;
    case 'item.share':
      return sharePredicate(entry, false, '', names);
    case 'item.shareWithCreator':
      return sharePredicate(entry, false, ' (its creator)', names);
    case 'item.unshare':
    case 'shares.delete':
      return sharePredicate(entry, true, '', names);
    case 'shares.create':
      return sharePredicate(entry, false, '', names);
    case 'shares.update':
      return sharePredicate(entry, false, ' (a changed role)', names);
    case 'share.deleteWithItem':
      return sharePredicate(entry, true, ' when the item was deleted', names);
    case 'share.removeOnErase':
      return sharePredicate(entry, true, ' on permanent deletion of a member', names);
    case 'share.removeOnDeactivation':
      return sharePredicate(entry, true, ' on deactivation', names);
    case 'scim.share.removeOnDeprovision':
      return sharePredicate(entry, true, ' on deprovisioning', names);
    case 'scim.user.deprovisioned':
      return `deprovisioned ${target}`;
    case 'scim.user.remove':
      return `removed ${target} from the workspace`;
    case 'scim.user.externalIdRefused':
      return `tried to change the Okta link of ${target} (refused)`;
    case 'scim.account.rotationRequired':
      return `required a password rotation of ${target}`;
    case 'user.firstOwner':
      return `made ${target} the workspace Owner (the first member)`;
    case 'user.setRole':
      return `changed the workspace role of ${target}`;
    case 'user.roleFromGroup':
      return `changed the workspace role of ${target} through an Okta group mapping`;
    case 'user.unlinkOkta':
      return `unlinked ${target} from Okta`;
    case 'user.erase':
      return `permanently deleted the data of ${target}`;
    case 'user.allAccessOn':
      return 'turned their All-Access Mode on (sees every account and collection)';
    case 'user.allAccessOff':
      return 'turned their All-Access Mode off';
    case 'team.mapRole':
      return `mapped ${target} to a workspace role for its members`;
    case 'team.leaveOnErase':
      return `took a permanently deleted member out of ${target}`;
    case 'settings.extendedAccess.on':
      return 'turned Extended account access on';
    case 'settings.extendedAccess.off':
      return 'turned Extended account access off';
    case 'workspace.editSettings':
      return `changed the workspace settings${fieldList(fields)}`;
    default:
      return genericPredicate(action, target, fields);
  }
}

/** The repository's own write names ("users.update") and actions this app does not know yet. */
function genericPredicate(action: string, target: string, fields: readonly string[]): string {
  const match = /^(\w+)\.(create|update|delete)$/.exec(action);
  if (match?.[2] === 'create') return `created ${target}`;
  if (match?.[2] === 'delete') return `deleted ${target}`;
  if (match?.[2] === 'update') return `updated ${target}${fieldList(fields)}`;
  return `did “${action}” on ${target}${fieldList(fields)}`;
}

export function describeEntry(entry: AuditEntry, names: Names): AuditLine {
  const who = actorName(entry, names);
  let rest: string;
  if (entry.action === DRIFT_AUDIT_ACTION && entry.drift) rest = `: ${driftSentence(entry.drift)}`;
  else if (entry.action === SWEEP_AUDIT_ACTION && entry.sweep) rest = `: ${sweepSentence(entry.sweep)}`;
  else
    rest = ` ${entry.action
      .split('+')
      .map((action) => predicate(action, entry, names))
      .join(' and ')}`;
  return { who, sentence: `${who}${rest}.` };
}

export type AuditSort = 'when' | 'kind';
export interface DescribedEntry {
  entry: AuditEntry;
  line: AuditLine;
}

const byText = new Intl.Collator('en');

/**
 * The loaded events sorted by a column header: When (the server's order is newest first) or Kind
 * by its label; ties stay newest first.
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
    by === 'when' ? -newestFirst(a, b) : byText.compare(KIND_LABELS[a.entry.kind], KIND_LABELS[b.entry.kind]);
  return [...rows].sort((a, b) => sign * column(a, b) || newestFirst(a, b));
}
