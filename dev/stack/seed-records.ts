/**
 * Writes records straight into a test server's store through the records repository (as SCIM
 * or an admin tool would), bypassing replication. Until SCIM provisions users, tests seed them here.
 */
import type { CollectionName, RecordOf } from '../../domain/wire/collections';
import type { Db } from '../../sync-server/store/db';
import type { RecordsRepo } from '../../sync-server/store/records-repo';

export type SeedRecords = { [C in CollectionName]?: readonly RecordOf[C][] };

/** Records per `putMany`: one statement writes them all (a bench seeds 60,000 records). */
const BATCH = 500;

/** Seeds in dependency order, one transaction. */
export async function seedRecords(target: { db: Db; repo: RecordsRepo }, records: SeedRecords): Promise<void> {
  const order: CollectionName[] = ['settings', 'users', 'teams', 'collections', 'accounts', 'credentials', 'shares'];
  await target.db.transaction(async (tx) => {
    for (const collection of order) {
      const docs = records[collection] ?? [];
      for (let i = 0; i < docs.length; i += BATCH) {
        const items = docs.slice(i, i + BATCH).map((doc) => ({ doc }));
        await target.repo.putMany(tx, collection, items, { type: 'system', name: 'test-seed' });
      }
    }
  });
}

/** Deletes records (as SCIM or an admin tool would). */
export async function removeRecords(
  target: { db: Db; repo: RecordsRepo },
  collection: CollectionName,
  ids: readonly string[],
): Promise<void> {
  await target.db.transaction(async (tx) => {
    for (const id of ids) await target.repo.remove(tx, collection, id, { type: 'system', name: 'test-seed' });
  });
}
