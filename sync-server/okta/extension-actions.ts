/**
 * The Extended account access actions people take, as transactions over the records
 * repository: the outbox hook queues the Okta work in the same transaction, and replicas see
 * the new status live. Authorisation (domain/policy.ts `decide`) happens in routes.ts before
 * any of these run.
 */
import { extendOnItsOwn, unextended, withExtension } from '../../domain/collection-extension';
import type { Account, Collection } from '../../domain/records';
import type { Queryable } from '../store/db';
import { accountIdsInCollection } from '../store/record-queries';
import type { Actor, RecordsRepo } from '../store/records-repo';
import { countLinks } from './app-links';
import { enqueue } from './outbox';

/** The owner extends the account on its own (it then stays extended whatever its collection does). */
export async function extendAccount(tx: Queryable, repo: RecordsRepo, account: Account, actor: Actor, at: string) {
  const next = extendOnItsOwn(account, at);
  if (next === account) return account;
  return (await repo.put(tx, 'accounts', next, actor, 'account.extend')).after ?? next;
}

export async function unextendAccount(
  tx: Queryable,
  repo: RecordsRepo,
  account: Account,
  actor: Actor,
  action = 'account.unextend',
) {
  if (account.extensionState === 'off') return account;
  const next = unextended(account);
  return (await repo.put(tx, 'accounts', next, actor, action)).after ?? next;
}

/**
 * Extends (or un-extends) a collection as a standing choice: the collection is marked, and each
 * account in it now takes the rule's answer (collection-extension.ts), in one transaction. Later
 * moves in and out apply the same rule where they are written (domain/change-policy.ts, and a
 * deleted collection's accounts in sync-server/replication/push.ts). Returns the collection after and how many accounts changed.
 */
export async function setCollectionExtended(
  tx: Queryable,
  repo: RecordsRepo,
  collectionId: string,
  extended: boolean,
  actor: Actor,
  at: string,
): Promise<{ collection: Collection; accounts: number } | null> {
  const before = await repo.getForUpdate(tx, 'collections', collectionId);
  if (before === null) return null;
  // Every record is locked before the first write: a write queues Okta work, which holds the
  // account's queue row until commit, and the worker locks an account before it removes that row.
  const members: Account[] = [];
  for (const id of await accountIdsInCollection(tx, collectionId)) {
    const account = await repo.getForUpdate(tx, 'accounts', id);
    if (account !== null) members.push(account);
  }
  let collection = before;
  if (before.extended !== extended) {
    const next: Collection = { ...before, extended, extendedAt: extended ? at : null };
    const action = extended ? 'collection.extend' : 'collection.unextend';
    collection = (await repo.put(tx, 'collections', next, actor, action)).after ?? next;
  }
  let accounts = 0;
  for (const account of members) {
    const next = withExtension(account, collection, at);
    if (next === account) continue;
    const action = extended ? 'account.extend.collection' : 'account.unextend.collection';
    await repo.put(tx, 'accounts', next, actor, action);
    accounts += 1;
  }
  return { collection, accounts };
}

/** "Sync account manually": queue it even though nothing changed, and show it as pending. */
export async function syncAccountNow(tx: Queryable, repo: RecordsRepo, account: Account, actor: Actor) {
  await enqueue(tx, [account.id]);
  if (account.extensionState === 'pending') return account;
  const next: Account = { ...account, extensionState: 'pending' };
  return (await repo.put(tx, 'accounts', next, actor, 'account.syncNow')).after ?? next;
}

export async function setFeature(tx: Queryable, repo: RecordsRepo, enabled: boolean, actor: Actor) {
  const settings = await repo.getForUpdate(tx, 'settings', 'workspace');
  if (settings === null) throw new Error('the workspace settings document is missing');
  if (settings.extendedAccessEnabled === enabled) return settings;
  const action = enabled ? 'settings.extendedAccess.on' : 'settings.extendedAccess.off';
  return (
    (await repo.put(tx, 'settings', { ...settings, extendedAccessEnabled: enabled }, actor, action)).after ?? settings
  );
}

/** What the admin is told when turning the feature off (extended-account-access.md: updates stop). */
export async function featureOffNotice(q: Queryable): Promise<string> {
  const apps = await countLinks(q);
  if (apps === 0) return 'Extended account access is off. Latchkey has no apps in Okta, so nothing stays behind.';
  return (
    `Extended account access is off. The ${apps} app${apps === 1 ? '' : 's'} Latchkey created in Okta stay there with ` +
    'their current assignments, but no longer update: people who lose access in Latchkey keep the chiclet until you ' +
    'remove it, and their login from it is still refused by Latchkey. To remove them all, an admin can use ' +
    '"Remove all extended accounts from Okta" (POST /api/v1/workspace/remove-all-extensions), which works while the ' +
    'feature is off; or turn the feature back on to bring Okta up to date.'
  );
}
