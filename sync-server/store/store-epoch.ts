/**
 * The store's epoch (migration 0006): read once per opened store, since it changes only at a
 * restore, which needs every server of the store stopped (store/backup.ts, README: Backups).
 */
import type { Queryable } from './db';

const epochs = new WeakMap<Queryable, Promise<string>>();

export function storeEpoch(db: Queryable): Promise<string> {
  let epoch = epochs.get(db);
  if (epoch === undefined) {
    epoch = readEpoch(db);
    // A failed read (store unreachable) is not remembered: the next pull asks again.
    epoch.catch(() => epochs.delete(db));
    epochs.set(db, epoch);
  }
  return epoch;
}

async function readEpoch(db: Queryable): Promise<string> {
  const [row] = await db.query<{ epoch: string }>('select epoch from store_epoch');
  if (row === undefined) throw new Error('the store has no epoch: its migrations have not run');
  return row.epoch;
}

/**
 * Gives the store a new epoch: every replica's checkpoint from before becomes one to start over
 * from. Restored rows keep their order but lose their transaction ids (they may come from another
 * cluster, whose ids run ahead of this one's): all of them are final.
 */
export async function renewStoreEpoch(db: Queryable): Promise<string> {
  // A backup from before write positions has no `tx` yet: its migration gives every row 0.
  await db.query(`do $$ begin
    if exists (select 1 from information_schema.columns where table_name = 'records' and column_name = 'tx') then
      update records set tx = 0 where tx <> 0;
    end if;
  end $$`);
  const [row] = await db.query<{ epoch: string }>(
    'update store_epoch set epoch = gen_random_uuid()::text returning epoch',
  );
  if (row === undefined) throw new Error('the store has no epoch: its migrations have not run');
  epochs.delete(db);
  return row.epoch;
}
