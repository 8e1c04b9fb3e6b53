/**
 * A push (RxDB `push.handler`): each row is checked against the server's current state and
 * the domain policy; the accepted ones are applied in one transaction with their audit events,
 * visibility re-sequencing and change hooks (under load, one transaction for several pushes:
 * push-batches.ts). The answer lists conflicts only, as RxDB expects:
 * - stale: `assumedMasterState` differs from what this user sees now → the server's state;
 * - refused: policy says no → the server's state plus `reason` and `message`.
 * Content is compared without `updatedAt`: the server stamps it, so a replica's copy of its
 * own accepted write may carry an older one.
 */
import { createHash } from 'node:crypto';
import { authorizeChange, type ChangeVerdict } from '../../domain/change-policy';
import { withExtension } from '../../domain/collection-extension';
import type { Account, Credentials, Share } from '../../domain/records';
import { isPasswordRotation, rotatedAccount } from '../../domain/rotation';
import type { CollectionName, Doc } from '../../domain/wire/collections';
import { sameValue } from '../../domain/wire/conflict-merge';
import type { ServerPushConflict, WireDoc } from '../../domain/wire/replication';
import type { Principal } from '../auth/authenticate';
import type { Db, Queryable } from '../store/db';
import { liveAccountsInCollection, shareIdsOnItem } from '../store/record-queries';
import { refKey } from '../store/records-reader';
import type { Actor, PutItem, RecordsRepo } from '../store/records-repo';
import type { WorkspaceCache } from '../workspace/workspace-cache';
import { wireView } from './view';

export interface PushRow {
  newDocumentState: WireDoc<CollectionName> | (Doc & { _deleted: boolean });
  assumedMasterState?: WireDoc<CollectionName> | (Doc & { _deleted: boolean }) | null | undefined;
}

export interface PushDeps {
  db: Db;
  repo: RecordsRepo;
  cache: WorkspaceCache;
}

/** One push: a user's rows of one collection. */
export interface PushRequest {
  principal: Principal;
  collection: CollectionName;
  rows: readonly PushRow[];
}

/**
 * Applies pushes in one transaction, in order, each judged as if the ones before it had
 * committed on their own (push-batches.ts groups them); one push alone is the common case.
 * Returns each push's conflicts. A refused or stale row writes nothing and is answered as a
 * conflict; anything thrown fails every push of the transaction.
 */
export async function pushAll(deps: PushDeps, requests: readonly PushRequest[]): Promise<ServerPushConflict[][]> {
  // One transaction: the accepted rows, their audit events and hooks commit together (one
  // commit, not one per row or per push).
  return deps.db.transaction(async (tx) => {
    // The pushed records are locked before they are read: a concurrent write of one of them
    // waits, so the assumed-master comparison below is against what is really there. Accounts
    // lock their collections first (as extending a collection does, so the two never deadlock):
    // an account moved into a collection being extended is judged after that extension, or
    // before it and then seen by it. Other records are not locked; every write locks its own.
    const locked = deps.repo.lockRefs(
      tx,
      requests.flatMap(({ collection, rows }) => [
        ...(collection === 'accounts' ? collectionsNamed(rows).map((id) => ['collections', id] as const) : []),
        ...rows.map((r) => [collection, r.newDocumentState.id] as const),
      ]),
    );
    // The read is sent right behind the lock, without waiting for it (one round trip): a
    // connection runs its statements in the order sent, and each statement of a READ COMMITTED
    // transaction reads from a snapshot taken when it starts, so it runs once the locks are
    // held and sees every write committed before. Nothing is written yet in this transaction,
    // so it reads committed state only: the workspace, and every pushed row's stored state (a
    // row this transaction writes is read again after).
    const read = deps.cache.within(
      tx,
      requests.flatMap(({ collection, rows }) => rows.map((r) => [collection, r.newDocumentState.id] as const)),
    );
    // The lock's failure (a deadlock, a request to run again) is the one to report.
    const [lock, reads] = await Promise.allSettled([locked, read]);
    if (lock.status === 'rejected') throw lock.reason;
    if (reads.status === 'rejected') throw reads.reason;
    let state = reads.value.state;
    const known = reads.value.rows;
    // Accepted writes of one collection that change no access and touch nothing else, written
    // together (one statement for all, whoever pushed them) and not waited for: the statements
    // after them run after them, and their failure fails the commit. Flushed before anything
    // that reads the workspace or writes elsewhere, so later rows are judged as before.
    let batch: { collection: CollectionName; actor: Actor; items: PutItem<CollectionName>[] } | undefined;
    const flush = async (): Promise<void> => {
      if (batch === undefined) return;
      const { collection, actor, items } = batch;
      batch = undefined;
      await deps.repo.sendMany(tx, collection, items, actor);
    };
    const written = new Set<string>();
    // Set once a cascade, owner share or rotation was written: from then on every row is read afresh.
    let reread = false;
    const answers: ServerPushConflict[][] = [];
    for (const { principal, collection, rows } of requests) {
      const actor: Actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId };
      const conflicts: ServerPushConflict[] = [];
      answers.push(conflicts);
      // Accounts whose password this push changed: their rotation mark clears with it.
      const rotated = new Set<string>();
      for (const row of rows) {
        const id = row.newDocumentState.id;
        const key = refKey(collection, id);
        if (written.has(key)) await flush();
        const stored =
          reread || written.has(key) ? await deps.repo.getRow(tx, collection, id) : (known.get(key) ?? null);
        const serverView = wireView(state, principal.user.id, id, stored);
        if (!sameContent(row.assumedMasterState ?? null, serverView)) {
          conflicts.push({ document: serverView });
          continue;
        }
        const before = stored === null || stored.deleted ? null : stored.doc;
        const { _deleted: deleted, ...fields } = row.newDocumentState;
        const after = deleted ? null : (fields as Doc);
        const verdict = authorizeChange(
          state.index,
          principal.user.id,
          collection,
          before,
          after,
          !serverView._deleted,
          new Date().toISOString(),
        );
        if (!verdict.ok) {
          conflicts.push({ document: serverView, reason: verdict.reason, message: verdict.message });
          continue;
        }
        if (verdict.kind === 'noop') continue;
        written.add(key);
        if (
          collection === 'credentials' &&
          verdict.kind !== 'delete' &&
          isPasswordRotation(before as Credentials | null, verdict.doc as Credentials)
        ) {
          rotated.add((verdict.doc as Credentials).accountId);
        }
        const changesAccess = mayChangeAccess(collection, verdict, before);
        if (verdict.kind !== 'delete' && !changesAccess && !createsOwnerShare(collection, verdict, actor)) {
          if (batch !== undefined && batch.collection !== collection) await flush();
          batch ??= { collection, actor, items: [] };
          // Locked, read above and not written since: the write need not read it again.
          batch.items.push({ doc: verdict.doc, action: verdict.action, stored, actor });
          continue;
        }
        await flush();
        await apply(tx, deps.repo, collection, id, verdict, actor);
        reread = true;
        // Later rows are judged with this one applied (e.g. a new account, then its credentials).
        if (changesAccess) state = await deps.cache.derive(tx, state);
      }
      if (rotated.size > 0) {
        await flush();
        for (const accountId of rotated) await clearRotation(tx, deps.repo, accountId, actor);
        reread = true;
      }
    }
    await flush();
    return answers;
  });
}

/**
 * A new password is the rotation a departure asked for: the account's mark clears in the same
 * transaction, audited as the pushing user's `account.rotated` (the audit log shows who rotated).
 * Only a user allowed `credentials.edit` got this far, so no further decision is needed.
 */
async function clearRotation(tx: Queryable, repo: RecordsRepo, accountId: string, actor: Actor): Promise<void> {
  const row = await repo.getRow(tx, 'accounts', accountId);
  if (row === null || row.deleted) return;
  const account = row.doc as Account;
  if (!account.rotationRequired) return;
  await repo.put(tx, 'accounts', rotatedAccount(account), actor, 'account.rotated');
}

function mayChangeAccess(collection: CollectionName, verdict: ChangeVerdict, before: Doc | null): boolean {
  if (collection === 'credentials' || !verdict.ok || verdict.kind === 'noop') return false;
  if (collection !== 'accounts' || verdict.kind !== 'update') return true;
  return (before as Account).collectionId !== (verdict.doc as Account).collectionId;
}

async function apply(
  tx: Queryable,
  repo: RecordsRepo,
  collection: CollectionName,
  id: string,
  verdict: Extract<ChangeVerdict, { ok: true }>,
  actor: Actor,
): Promise<void> {
  if (verdict.kind === 'noop') return;
  if (verdict.kind === 'delete') {
    await repo.remove(tx, collection, id, actor, verdict.action);
    await cascadeDelete(tx, repo, collection, id, actor);
    return;
  }
  await repo.put(tx, collection, verdict.doc, actor, verdict.action);
  if (
    verdict.kind === 'create' &&
    (collection === 'accounts' || collection === 'collections') &&
    actor.type === 'user'
  ) {
    // The creator owns what they create; without this share they could not see it.
    const itemType = collection === 'accounts' ? 'account' : 'collection';
    const owner: Share = {
      id: ownerShareId(itemType, id),
      itemType,
      itemId: id,
      granteeType: 'user',
      granteeId: actor.userId,
      role: 'owner',
      updatedAt: new Date().toISOString(),
    };
    await repo.put(tx, 'shares', owner, actor, 'item.shareWithCreator');
  }
}

function createsOwnerShare(collection: CollectionName, verdict: ChangeVerdict, actor: Actor): boolean {
  return (
    verdict.ok &&
    verdict.kind === 'create' &&
    (collection === 'accounts' || collection === 'collections') &&
    actor.type === 'user'
  );
}

/** What goes with a deleted item: its secrets and shares; a deleted collection's accounts stay, outside it. */
async function cascadeDelete(
  tx: Queryable,
  repo: RecordsRepo,
  collection: CollectionName,
  id: string,
  actor: Actor,
): Promise<void> {
  if (collection !== 'accounts' && collection !== 'collections') return;
  if (collection === 'accounts') await repo.remove(tx, 'credentials', id, actor, 'credentials.deleteWithAccount');
  const shares = await shareIdsOnItem(tx, collection === 'accounts' ? 'account' : 'collection', id);
  for (const shareId of shares) await repo.remove(tx, 'shares', shareId, actor, 'share.deleteWithItem');
  if (collection === 'collections') {
    const accounts = await liveAccountsInCollection(tx, id);
    // Their standing extension through it ends with it (unless extended on their own).
    const at = new Date().toISOString();
    for (const doc of accounts)
      await repo.put(
        tx,
        'accounts',
        withExtension({ ...doc, collectionId: null }, null, at),
        actor,
        'account.leaveDeletedCollection',
      );
  }
}

/** Deterministic, so two devices creating offline cannot produce two owner shares. */
export function ownerShareId(itemType: Share['itemType'], itemId: string): string {
  return `own-${createHash('sha256').update(`${itemType}:${itemId}`).digest('base64url').slice(0, 32)}`;
}

function sameContent(assumed: PushRow['assumedMasterState'], server: WireDoc<CollectionName>): boolean {
  if (assumed === null || assumed === undefined || assumed._deleted) return server._deleted;
  if (server._deleted) return false;
  const { updatedAt: _a, ...a } = assumed as Doc & { _deleted: boolean };
  const { updatedAt: _b, ...b } = server as Doc & { _deleted: boolean };
  return sameValue(a, b);
}

/** The collections pushed accounts name (where they go). */
function collectionsNamed(rows: readonly PushRow[]): string[] {
  const ids = new Set<string>();
  for (const { newDocumentState: doc } of rows) {
    const collectionId = (doc as { collectionId?: unknown }).collectionId;
    if (typeof collectionId === 'string') ids.add(collectionId);
  }
  return [...ids];
}
