/**
 * When a change alters WHO may see other records (domain/access-impact.ts `visibilityImpactOf`:
 * a share, a team's members, a user's role, activeness or personal All-Access Mode, an account
 * moving between collections), those records get a fresh position in the same transaction. Pulls
 * are by position, so every replica re-evaluates them on its next pull: the user who gained access
 * receives them, the user who lost it receives a tombstone. Re-sequencing touches no content and
 * writes no audit event.
 */
import { visibilityImpactOf } from '../../domain/access-impact';
import type { CollectionName } from '../../domain/wire/collections';
import type { Change } from './change';
import type { Queryable } from './db';
import { reachedItems } from './impact-queries';

const ITEM_COLLECTIONS: CollectionName[] = ['accounts', 'collections', 'shares', 'credentials'];

/**
 * Returns the collections whose rows were re-positioned, and whether the change alters every
 * item's visibility for someone (`all`).
 */
export async function bumpVisibility(
  tx: Queryable,
  change: Change,
): Promise<{ collections: CollectionName[]; all: boolean }> {
  const collections = await bump(tx, change);
  return { collections, all: visibilityImpactOf(change).all };
}

async function bump(tx: Queryable, change: Change): Promise<CollectionName[]> {
  const refs = visibilityImpactOf(change);
  if (refs.all) {
    await tx.query(
      "update records set tx = pg_current_xact_id()::text::bigint, seq = nextval('record_seq') where collection = any($1)",
      [ITEM_COLLECTIONS],
    );
    return ITEM_COLLECTIONS;
  }
  const named = refs.accountIds.length + refs.collectionIds.length + refs.teamIds.length + refs.userIds.length;
  if (named === 0) return [];
  const { accountIds, collectionIds } = await reachedItems(tx, refs);
  if (accountIds.length === 0 && collectionIds.length === 0) return [];
  await tx.query(
    "update records set tx = pg_current_xact_id()::text::bigint, seq = nextval('record_seq') where collection = 'collections' and id = any($1)",
    [collectionIds],
  );
  await tx.query(
    "update records set tx = pg_current_xact_id()::text::bigint, seq = nextval('record_seq') where collection in ('accounts', 'credentials') and id = any($1)",
    [accountIds],
  );
  await tx.query(
    "update records set tx = pg_current_xact_id()::text::bigint, seq = nextval('record_seq') where collection = 'shares' and doc->>'itemId' = any($1)",
    [[...accountIds, ...collectionIds]],
  );
  return ITEM_COLLECTIONS;
}
