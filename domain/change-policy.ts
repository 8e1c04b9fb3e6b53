/**
 * Is this pushed change allowed, and what exactly does the server store? The one mapping from a
 * replicated change to policy actions: the sync server's push (sync-server/replication/push.ts)
 * asks it for every row. Pure: the decisions are the domain policy's (`decide`), this file only
 * maps a change to the policy's actions and keeps server-owned fields out of clients' hands.
 *
 * Per collection:
 * - accounts: create (any member but Login-only; into a collection only as its owner), edit
 *   labels (owners and collaborators), edit details or move (owners), delete (owners). Okta state
 *   (`extensionState`, `extendedByCollection`, `extendedAt`, `lastError`…), rotation and
 *   timestamps are the server's: a change to them is refused with `server_owned_field`. Extending
 *   is a command of its own (`POST|DELETE /api/v1/accounts/:id/extend`), which stamps
 *   `extendedAt` and clears `lastError` as one write. A created or moved account takes its
 *   collection's standing extension (collection-extension.ts `withExtension`), in the same
 *   stored document.
 * - collections: create (never already extended), rename (owners), delete (owners). Whether a
 *   collection is extended is the server's: only `POST|DELETE /api/v1/collections/:id/extend`.
 * - shares: add, change role, remove (item owners; Super Admins and Owners with their own
 *   All-Access Mode on). A share's
 *   item and grantee never change: remove it and add another.
 * - credentials: create, edit, delete (account owners and collaborators, not Login-only).
 * - settings: the name (`workspace.editSettings`). Whether Extended account access is on is the
 *   server's: only `PUT /api/v1/workspace/extended-access`.
 * - users, teams: read-only (SCIM and the server's commands write them; a user's All-Access
 *   Mode only through `PUT /api/v1/me/all-access`).
 *
 * Authorise before comparing: a change to a record the caller may not see is refused with one
 * answer that depends only on its id, never on whether the pushed content matches the stored
 * one — otherwise "no conflict" would confirm a guessed password, URL, name or role.
 */
import { withExtension } from './collection-extension';
import { type Decision, decide, type ItemRef } from './policy';
import type { Action } from './policy-table';
import {
  type Account,
  type Collection,
  type Credentials,
  NEW_ACCOUNT_STATE,
  NEW_COLLECTION_STATE,
  type Share,
  type WorkspaceSettings,
} from './records';
import { type CollectionName, type Doc, READ_ONLY_COLLECTIONS } from './wire/collections';
import { sameValue } from './wire/conflict-merge';
import type { ConflictReason } from './wire/replication';
import type { WorkspaceIndex } from './workspace-index';

export type ChangeVerdict =
  | { ok: true; kind: 'create' | 'update'; doc: Doc; action: string }
  | { ok: true; kind: 'delete'; action: string }
  | { ok: true; kind: 'noop' }
  | { ok: false; reason: ConflictReason; message: string };

const ACCOUNT_DETAILS = ['name', 'appName', 'loginUrl', 'username', 'loginSelectors', 'collectionId'] as const;
/**
 * What a client may change on an account; every other field (Okta state, rotation, timestamps,
 * and any field added later) is the server's. A whitelist, so a new server field is safe by default.
 * Okta state has one write path, the REST commands (sync-server/okta/routes.ts).
 */
const ACCOUNT_CLIENT_FIELDS: ReadonlySet<string> = new Set(['id', 'labels', ...ACCOUNT_DETAILS]);
const COLLECTION_CLIENT_FIELDS: ReadonlySet<string> = new Set(['id', 'name']);
const SETTINGS_CLIENT_FIELDS: ReadonlySet<string> = new Set(['id', 'name']);

/**
 * `before` is the live server record (null if none); `after` null means delete. `seesBefore`:
 * whether a pull would show this caller `before` (the server's visibility,
 * sync-server/replication/view.ts). `at`: the server's time, stamped as `extendedAt` when a
 * create or a move into an extended collection extends an account.
 */
export function authorizeChange(
  ws: WorkspaceIndex,
  userId: string,
  collection: CollectionName,
  before: Doc | null,
  after: Doc | null,
  seesBefore: boolean,
  at: string = new Date().toISOString(),
): ChangeVerdict {
  if (READ_ONLY_COLLECTIONS.has(collection)) {
    return refuse('read_only_collection', `${capital(collection)} come from Okta and cannot be changed here.`);
  }
  const check = (action: Action, item?: ItemRef): Decision => decide(ws, userId, action, item);
  if (before !== null && !seesBefore) return hidden(check, collection, before);
  if (before === null && after === null) return { ok: true, kind: 'noop' };
  switch (collection) {
    case 'accounts':
      return account(ws, check, before as Account | null, after as Account | null, at);
    case 'collections':
      return collectionChange(check, before as Collection | null, after as Collection | null);
    case 'shares':
      return share(ws, check, before as Share | null, after as Share | null);
    case 'credentials':
      return credentials(check, before as Credentials | null, after as Credentials | null);
    case 'settings':
      return settings(check, before as WorkspaceSettings | null, after as WorkspaceSettings | null);
    default:
      return refuse('read_only_collection', 'This collection cannot be changed here.');
  }
}

type Check = (action: Action, item?: ItemRef) => Decision;

function account(
  ws: WorkspaceIndex,
  check: Check,
  before: Account | null,
  after: Account | null,
  at: string,
): ChangeVerdict {
  const collectionOf = (id: string | null) => (id === null ? null : ws.collections.get(id));
  if (after === null) {
    return all([check('account.delete', { type: 'account', id: before?.id ?? '' })], {
      ok: true,
      kind: 'delete',
      action: 'account.delete',
    });
  }
  if (before === null) {
    // A new account starts outside Okta with no server state; its creator becomes its owner.
    const doc = withExtension({ ...after, ...NEW_ACCOUNT_STATE }, collectionOf(after.collectionId), at);
    const decisions = [check('account.create')];
    if (after.collectionId !== null)
      decisions.push(check('collection.edit', { type: 'collection', id: after.collectionId }));
    return all(decisions, { ok: true, kind: 'create', doc, action: 'account.create' });
  }
  const owned = serverOwnedChange(before, after, ACCOUNT_CLIENT_FIELDS);
  if (owned !== null) return serverOwned(owned);
  const item: ItemRef = { type: 'account', id: before.id };
  const decisions: Decision[] = [];
  const actions: string[] = [];
  const need = (action: Action, ref: ItemRef = item): void => {
    decisions.push(check(action, ref));
    actions.push(action);
  };
  if (!sameValue(before.labels, after.labels)) need('account.editLabels');
  if (ACCOUNT_DETAILS.some((f) => !sameValue(before[f], after[f]))) need('account.editDetails');
  if (after.collectionId !== null && after.collectionId !== before.collectionId) {
    need('collection.edit', { type: 'collection', id: after.collectionId });
  }
  let doc: Account = { ...before, labels: after.labels };
  for (const f of ACCOUNT_DETAILS) doc = { ...doc, [f]: after[f] };
  // A move takes the target collection's standing extension, or leaves the one it came from.
  doc = withExtension(doc, collectionOf(after.collectionId), at);
  if (decisions.length === 0) return { ok: true, kind: 'noop' };
  return all(decisions, { ok: true, kind: 'update', doc, action: actions.join('+') });
}

function collectionChange(check: Check, before: Collection | null, after: Collection | null): ChangeVerdict {
  if (after === null) {
    return all([check('collection.delete', { type: 'collection', id: before?.id ?? '' })], {
      ok: true,
      kind: 'delete',
      action: 'collection.delete',
    });
  }
  if (before === null) {
    // Extending is a command of its own (and needs Okta): a new collection starts not extended.
    const doc: Collection = { ...after, ...NEW_COLLECTION_STATE };
    return all([check('collection.create')], { ok: true, kind: 'create', doc, action: 'collection.create' });
  }
  const owned = serverOwnedChange(before, after, COLLECTION_CLIENT_FIELDS);
  if (owned !== null) return serverOwned(owned);
  if (before.name === after.name) return { ok: true, kind: 'noop' };
  return all([check('collection.edit', { type: 'collection', id: before.id })], {
    ok: true,
    kind: 'update',
    doc: { ...before, name: after.name },
    action: 'collection.edit',
  });
}

function share(ws: WorkspaceIndex, check: Check, before: Share | null, after: Share | null): ChangeVerdict {
  if (after === null) {
    const s = before as Share;
    return all([check('item.unshare', { type: s.itemType, id: s.itemId })], {
      ok: true,
      kind: 'delete',
      action: 'item.unshare',
    });
  }
  if (before !== null) {
    const moved = (['itemType', 'itemId', 'granteeType', 'granteeId'] as const).some((f) => before[f] !== after[f]);
    if (moved) return refuse('invalid_change', "A share's item and grantee cannot change. Remove it and share again.");
    if (before.role === after.role) return { ok: true, kind: 'noop' };
  } else {
    const grantee = after.granteeType === 'user' ? ws.users.get(after.granteeId) : ws.teams.get(after.granteeId);
    if (grantee === undefined)
      return refuse('invalid_change', `The ${after.granteeType} to share with does not exist.`);
  }
  return all([check('item.share', { type: after.itemType, id: after.itemId })], {
    ok: true,
    kind: before === null ? 'create' : 'update',
    doc: after,
    action: 'item.share',
  });
}

function credentials(check: Check, before: Credentials | null, after: Credentials | null): ChangeVerdict {
  const doc = after ?? before;
  if (doc === null) return { ok: true, kind: 'noop' };
  if (doc.id !== doc.accountId) return refuse('invalid_change', "Credentials' id must be their account's id.");
  const decision = check('credentials.edit', { type: 'account', id: doc.accountId });
  // Refused before the secrets are compared, so an unchanged guess is no "noop" oracle.
  if (!decision.allowed) return refuse(decision.reason, decision.message);
  if (after === null) return { ok: true, kind: 'delete', action: 'credentials.delete' };
  if (before !== null && before.password === after.password && before.totpSecret === after.totpSecret)
    return { ok: true, kind: 'noop' };
  return all([decision], {
    ok: true,
    kind: before === null ? 'create' : 'update',
    doc: after,
    action: 'credentials.edit',
  });
}

function settings(check: Check, before: WorkspaceSettings | null, after: WorkspaceSettings | null): ChangeVerdict {
  if (before === null || after === null) {
    return refuse('invalid_change', 'The workspace settings cannot be created or deleted.');
  }
  const owned = serverOwnedChange(before, after, SETTINGS_CLIENT_FIELDS);
  if (owned !== null) return serverOwned(owned);
  if (before.name === after.name) return { ok: true, kind: 'noop' };
  // Only the name comes from the client; server fields (the feature switch, Okta sync progress) stay.
  const doc: WorkspaceSettings = { ...before, name: after.name };
  return all([check('workspace.editSettings')], { ok: true, kind: 'update', doc, action: 'workspace.editSettings' });
}

/**
 * The one answer to a change of a record the caller cannot see: the policy's refusal for seeing
 * it (credentials: Login-only or no role; an account or collection: no role), or "no access" for
 * a share. It is computed from the record's id alone — the pushed content is never looked at.
 */
function hidden(check: Check, collection: CollectionName, before: Doc): ChangeVerdict {
  const denial = (d: Decision): ChangeVerdict | null => (d.allowed ? null : refuse(d.reason, d.message));
  const refused =
    collection === 'credentials'
      ? denial(check('credentials.view', { type: 'account', id: before.id }))
      : collection === 'accounts'
        ? denial(check('account.view', { type: 'account', id: before.id }))
        : collection === 'collections'
          ? denial(check('collection.view', { type: 'collection', id: before.id }))
          : null;
  return refused ?? refuse('no_item_role', 'You do not have access to this record.');
}

function all(decisions: Decision[], verdict: ChangeVerdict): ChangeVerdict {
  for (const d of decisions) if (!d.allowed) return refuse(d.reason, d.message);
  return verdict;
}

function refuse(reason: ConflictReason, message: string): ChangeVerdict {
  return { ok: false, reason, message };
}

function serverOwned(field: string): ChangeVerdict {
  return refuse('server_owned_field', `'${field}' is set by the server and cannot be changed here.`);
}

/** The first field outside `clientFields` (and `updatedAt`) that differs, or null. */
function serverOwnedChange(before: object, after: object, clientFields: ReadonlySet<string>): string | null {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === 'updatedAt' || clientFields.has(key)) continue;
    if (!sameValue(b[key] ?? null, a[key] ?? null)) return key;
  }
  return null;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
