/**
 * Which records a change can affect, for the two things the server keeps in step inside the
 * writer's transaction: replicas' views (re-sequencing what someone gained or lost sight of) and
 * Okta (re-projecting what someone gained or lost a chiclet of). Pure: each answer names the
 * records to start from (`ImpactRefs`); the server expands them to accounts and collections with
 * SQL over the stored records (sync-server/store/impact-queries.ts), because that expansion must
 * see the change itself and the workspace as the transaction does.
 *
 * Expanding refs means: every item shared with a named user or team (or a team the user is in),
 * every named collection, and every account in a reached collection.
 */
import { mayHoldChiclet } from './okta-projection';
import type { Account, Collection, Share, Team, User, WorkspaceSettings } from './records';
import type { CollectionName, Doc } from './wire/collections';

export interface ImpactRefs {
  accountIds: string[];
  collectionIds: string[];
  teamIds: string[];
  userIds: string[];
  /** Every item (visibility) or every extended account (Okta). */
  all: boolean;
}

/** A committed record write: `before` null on creation, `after` null on deletion. */
export interface RecordChange {
  collection: CollectionName;
  before: Doc | null;
  after: Doc | null;
}

const none = (): ImpactRefs => ({ accountIds: [], collectionIds: [], teamIds: [], userIds: [], all: false });

/**
 * Whose view of other records a change alters: a share (its item), a team's members, a user's
 * role, activeness or own All-Access Mode (which shows or hides every item), an account moving
 * between collections.
 */
export function visibilityImpactOf(change: RecordChange): ImpactRefs {
  const refs = none();
  switch (change.collection) {
    case 'shares':
      addItems(refs, change.before as Share | null, change.after as Share | null);
      break;
    case 'teams': {
      const team = membershipChange(change.before as Team | null, change.after as Team | null);
      if (team !== null) refs.teamIds.push(team);
      break;
    }
    case 'users': {
      const before = change.before as User | null;
      const after = change.after as User | null;
      if (
        before !== null &&
        after !== null &&
        before.role === after.role &&
        before.active === after.active &&
        before.removedAt === after.removedAt &&
        before.allAccess === after.allAccess
      )
        break;
      // Someone whose own All-Access Mode is (or was) on sees (or saw) every item: turning it on
      // must bring them everything, turning it off (or losing the role that holds it) must send
      // tombstones for all they no longer see.
      if (before?.allAccess === true || after?.allAccess === true) refs.all = true;
      else refs.userIds.push((after ?? before)?.id ?? '');
      break;
    }
    case 'accounts': {
      const before = change.before as Account | null;
      const after = change.after as Account | null;
      if (before !== null && after !== null && before.collectionId !== after.collectionId)
        refs.accountIds.push(after.id);
      break;
    }
    default:
      break;
  }
  return refs;
}

/** Account fields that change the projection; server-written status fields are not among them. */
const PROJECTED_ACCOUNT_FIELDS = ['name', 'appName', 'collectionId'] as const;

/**
 * Which accounts' Okta apps a change can alter: shares through a user, team, collection or team
 * on a collection; team membership from SCIM; a user gaining or losing a chiclet (okta-projection.ts
 * `mayHoldChiclet`) or changing Okta identity; an extended account's name, app name or collection
 * (moving into or out of an extended collection extends or un-extends it in the same write);
 * its removal; extend and un-extend of an account or a collection; the feature turned back on.
 */
export function oktaImpactOf(change: RecordChange): ImpactRefs {
  const refs = none();
  switch (change.collection) {
    case 'accounts': {
      const b = change.before as Account | null;
      const a = change.after as Account | null;
      const id = (a ?? b)?.id;
      if (id === undefined) break;
      const extendedChanged = isExtended(b) !== isExtended(a);
      const projectedChanged = b === null || a === null || PROJECTED_ACCOUNT_FIELDS.some((f) => b[f] !== a[f]);
      if (extendedChanged || (projectedChanged && (isExtended(a) || isExtended(b)))) refs.accountIds.push(id);
      break;
    }
    case 'shares':
      addItems(refs, change.before as Share | null, change.after as Share | null);
      break;
    case 'teams': {
      const team = membershipChange(change.before as Team | null, change.after as Team | null);
      if (team !== null) refs.teamIds.push(team);
      break;
    }
    case 'users': {
      const b = change.before as User | null;
      const a = change.after as User | null;
      const id = (a ?? b)?.id;
      if (id !== undefined && chicletHolder(b) !== chicletHolder(a)) refs.userIds.push(id);
      break;
    }
    case 'collections': {
      const b = change.before as Collection | null;
      const a = change.after as Collection | null;
      // Deleting a collection ends every share through it; extending or un-extending it changes
      // which of its accounts have an app (collection-extension.ts).
      if (b !== null && (a === null || a.extended !== b.extended)) refs.collectionIds.push(b.id);
      break;
    }
    case 'settings': {
      const b = change.before as WorkspaceSettings | null;
      const a = change.after as WorkspaceSettings | null;
      // Off freezes Okta as it is (nothing to queue); back on catches up with everything.
      if (a?.extendedAccessEnabled === true && b?.extendedAccessEnabled !== true) refs.all = true;
      break;
    }
    default:
      // Credentials: secrets never reach Okta.
      break;
  }
  return refs;
}

function addItems(refs: ImpactRefs, ...shares: (Share | null)[]): void {
  for (const share of shares) {
    if (share === null) continue;
    if (share.itemType === 'account') refs.accountIds.push(share.itemId);
    else refs.collectionIds.push(share.itemId);
  }
}

/** The team's id when its members changed (a rename changes nobody's access). */
function membershipChange(before: Team | null, after: Team | null): string | null {
  const b = new Set(before?.memberIds ?? []);
  const a = new Set(after?.memberIds ?? []);
  const changed = b.size !== a.size || [...b].some((m) => !a.has(m));
  return changed ? ((after ?? before)?.id ?? null) : null;
}

function isExtended(a: Account | null): boolean {
  return a !== null && a.extensionState !== 'off';
}

/** The Okta user who holds this user's chiclets, or null when they may hold none. */
function chicletHolder(u: User | null): string | null {
  return u !== null && mayHoldChiclet(u) ? u.externalId : null;
}
