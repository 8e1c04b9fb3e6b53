/**
 * When a change alters WHO may see other records (a share, a team's members, a user's role,
 * activeness or personal All-Access Mode, an account moving between collections), those records get a fresh seq in
 * the same transaction. Pulls are by seq, so every replica re-evaluates them on its next pull:
 * the user who gained access receives them, the user who lost it receives a tombstone.
 * Re-sequencing touches no content and writes no audit event.
 */
import type { Account, Share, Team, User } from '../../domain/records';
import type { CollectionName } from '../../domain/wire/collections';
import type { Change } from './change';
import type { Queryable } from './db';

type ItemRef = { type: Share['itemType']; id: string };
const ITEM_COLLECTIONS: CollectionName[] = ['accounts', 'collections', 'shares', 'credentials'];

/** Returns the collections whose rows were re-sequenced. */
export async function bumpVisibility(tx: Queryable, change: Change): Promise<CollectionName[]> {
  const items = await affectedItems(tx, change);
  if (items === 'all') {
    await tx.query("update records set seq = nextval('record_seq') where collection = any($1)", [ITEM_COLLECTIONS]);
    return ITEM_COLLECTIONS;
  }
  if (items.length === 0) return [];
  return bumpItems(tx, items);
}

async function affectedItems(tx: Queryable, change: Change): Promise<ItemRef[] | 'all'> {
  switch (change.collection) {
    case 'shares': {
      const shares = [change.before, change.after].filter((s): s is Share => s !== null);
      return shares.map((s) => ({ type: s.itemType, id: s.itemId }));
    }
    case 'teams': {
      const before = change.before as Team | null;
      const after = change.after as Team | null;
      if (sameMembers(before?.memberIds ?? [], after?.memberIds ?? [])) return [];
      return itemsSharedWith(tx, 'team', [(after ?? before)?.id ?? '']);
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
      ) {
        return [];
      }
      // Someone whose own All-Access Mode is (or was) on sees (or saw) every item: turning it on
      // must bring them everything, turning it off (or losing the role that holds it) must send
      // tombstones for all they no longer see.
      if (before?.allAccess === true || after?.allAccess === true) return 'all';
      const id = (after ?? before)?.id ?? '';
      const teams = await tx.query<{ id: string }>(
        "select id from records where collection = 'teams' and not deleted and doc->'memberIds' ? $1",
        [id],
      );
      return [
        ...(await itemsSharedWith(tx, 'user', [id])),
        ...(await itemsSharedWith(
          tx,
          'team',
          teams.map((t) => t.id),
        )),
      ];
    }
    case 'accounts': {
      const before = change.before as Account | null;
      const after = change.after as Account | null;
      if (before === null || after === null || before.collectionId === after.collectionId) return [];
      return [{ type: 'account', id: after.id }];
    }
    default:
      return [];
  }
}

async function bumpItems(tx: Queryable, items: ItemRef[]): Promise<CollectionName[]> {
  const collectionIds = [...new Set(items.filter((i) => i.type === 'collection').map((i) => i.id))];
  const accountIds = new Set(items.filter((i) => i.type === 'account').map((i) => i.id));
  if (collectionIds.length > 0) {
    await tx.query("update records set seq = nextval('record_seq') where collection = 'collections' and id = any($1)", [
      collectionIds,
    ]);
    const inCollections = await tx.query<{ id: string }>(
      "select id from records where collection = 'accounts' and doc->>'collectionId' = any($1)",
      [collectionIds],
    );
    for (const row of inCollections) accountIds.add(row.id);
  }
  const accounts = [...accountIds];
  await tx.query(
    "update records set seq = nextval('record_seq') where collection in ('accounts', 'credentials') and id = any($1)",
    [accounts],
  );
  await tx.query(
    "update records set seq = nextval('record_seq') where collection = 'shares' and doc->>'itemId' = any($1)",
    [[...accounts, ...collectionIds]],
  );
  return ITEM_COLLECTIONS;
}

async function itemsSharedWith(
  tx: Queryable,
  granteeType: Share['granteeType'],
  granteeIds: string[],
): Promise<ItemRef[]> {
  if (granteeIds.length === 0) return [];
  const rows = await tx.query<{ type: Share['itemType']; id: string }>(
    `select doc->>'itemType' as type, doc->>'itemId' as id from records
     where collection = 'shares' and not deleted and doc->>'granteeType' = $1 and doc->>'granteeId' = any($2)`,
    [granteeType, granteeIds],
  );
  return rows;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
