/**
 * Every change the screens make goes into the replica (works offline; replication pushes it)
 * and is counted as pending until the server answers. Inputs are parsed with the domain's
 * record schemas first, so the replica never holds what the server would reject as malformed.
 * Authorisation is the server's: the UI disables what `decide` refuses, and a change refused
 * anyway comes back as a conflict with its reason (replica/sync-handlers.ts).
 */
import { z } from 'zod';
import { Account, Collection, Credentials, type ItemRole, NEW_ACCOUNT_STATE, Share } from '../../../domain/records';
import { sameValue } from '../../../domain/wire/conflict-merge';
import { ownerShareId } from './owner-share';
import type { ReplicaHandle } from './replica-store';

export const AccountDraft = z.object({
  name: Account.shape.name,
  appName: Account.shape.appName,
  loginUrl: Account.shape.loginUrl,
  username: Account.shape.username,
  labels: Account.shape.labels,
  collectionId: Account.shape.collectionId,
  password: Credentials.shape.password,
  totpSecret: Credentials.shape.totpSecret,
});
export type AccountDraft = z.infer<typeof AccountDraft>;

export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`;
}

const now = () => new Date().toISOString();

/** Creates the account, its credentials and the creator's Owner share. Returns the new id. */
export async function createAccount(h: ReplicaHandle, meId: string, draft: AccountDraft): Promise<string> {
  const d = AccountDraft.parse(draft);
  const id = newId('acc');
  const account = Account.parse({
    id,
    name: d.name,
    appName: d.appName,
    loginUrl: d.loginUrl,
    username: d.username,
    labels: d.labels,
    collectionId: d.collectionId,
    loginSelectors: null,
    ...NEW_ACCOUNT_STATE,
    updatedAt: now(),
  });
  await h.replica.collections.accounts.insert(account);
  h.pending.add('accounts', id);
  await insertOwnerShare(h, 'account', id, meId);
  await h.replica.collections.credentials.insert(
    Credentials.parse({ id, accountId: id, password: d.password, totpSecret: d.totpSecret, updatedAt: now() }),
  );
  h.pending.add('credentials', id);
  return id;
}

type AccountPatch = Partial<Pick<Account, 'name' | 'appName' | 'loginUrl' | 'username' | 'labels' | 'collectionId'>>;

export async function updateAccount(h: ReplicaHandle, id: string, patch: AccountPatch): Promise<void> {
  const doc = await h.replica.collections.accounts.findOne(id).exec();
  if (!doc) throw new ReplicaWriteError('not_found', `Account ${id} is not in the replica.`);
  const current = doc.toJSON() as Account;
  const next = Account.parse({ ...current, ...patch });
  const changed = (Object.keys(patch) as (keyof AccountPatch)[]).filter((key) => !sameValue(current[key], next[key]));
  if (changed.length === 0) return;
  await doc.incrementalPatch(Object.fromEntries(changed.map((key) => [key, next[key]])));
  h.pending.add('accounts', id);
}

export async function updateCredentials(
  h: ReplicaHandle,
  accountId: string,
  patch: { password?: string; totpSecret?: string | null },
): Promise<void> {
  const doc = await h.replica.collections.credentials.findOne(accountId).exec();
  const base = doc ? (doc.toJSON() as Credentials) : { id: accountId, accountId, password: '', totpSecret: null };
  const next = Credentials.parse({ ...base, ...patch, updatedAt: now() });
  await h.replica.collections.credentials.upsert(next);
  h.pending.add('credentials', accountId);
}

export async function deleteAccount(h: ReplicaHandle, id: string): Promise<void> {
  await h.replica.collections.accounts.findOne(id).remove();
  h.pending.add('accounts', id);
}

export async function shareItem(
  h: ReplicaHandle,
  item: { type: 'account' | 'collection'; id: string },
  grantee: { type: 'user' | 'team'; id: string },
  role: ItemRole,
): Promise<void> {
  const share = Share.parse({
    id: newId('shr'),
    itemType: item.type,
    itemId: item.id,
    granteeType: grantee.type,
    granteeId: grantee.id,
    role,
    updatedAt: now(),
  });
  await h.replica.collections.shares.insert(share);
  h.pending.add('shares', share.id);
}

export async function unshare(h: ReplicaHandle, shareId: string): Promise<void> {
  await h.replica.collections.shares.findOne(shareId).remove();
  h.pending.add('shares', shareId);
}

export async function createCollection(h: ReplicaHandle, meId: string, name: string): Promise<string> {
  const id = newId('col');
  await h.replica.collections.collections.insert(Collection.parse({ id, name: name.trim(), updatedAt: now() }));
  h.pending.add('collections', id);
  await insertOwnerShare(h, 'collection', id, meId);
  return id;
}

/** Not counted as pending and never pushed: the server writes the same share (replica/owner-share.ts). */
async function insertOwnerShare(h: ReplicaHandle, itemType: 'account' | 'collection', itemId: string, meId: string) {
  await h.replica.collections.shares.insert(
    Share.parse({
      id: await ownerShareId(itemType, itemId),
      itemType,
      itemId,
      granteeType: 'user',
      granteeId: meId,
      role: 'owner',
      updatedAt: now(),
    }),
  );
}

export class ReplicaWriteError extends Error {
  override readonly name = 'ReplicaWriteError';
  constructor(
    readonly code: 'not_found',
    message: string,
  ) {
    super(message);
  }
}
