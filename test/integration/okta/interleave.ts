/**
 * Deterministic interleaving of two transactions on PostgreSQL, for read-modify-write races:
 * `interleaved` runs another write right after a chosen read of a transaction, and `concurrently`
 * starts that write and waits until it has committed or is queued behind the write lock.
 */

import { eventually } from '../../../dev/stack/eventually';
import type { Db, Queryable } from '../../../sync-server/store/db';

/** Wraps queryables so that `meanwhile` runs once, right after the first query matching `after`. */
function afterFirst(after: RegExp, meanwhile: () => Promise<void>): (q: Queryable) => Queryable {
  let done = false;
  return (q) => ({
    async query(sql, params) {
      const rows = await q.query(sql, params);
      if (!done && after.test(sql)) {
        done = true;
        await meanwhile();
      }
      return rows as never;
    },
  });
}

/** `tx` that runs `meanwhile` right after its first query matching `after`, then goes on. */
export function interleaved(tx: Queryable, meanwhile: () => Promise<void>, after: RegExp): Queryable {
  return afterFirst(after, meanwhile)(tx);
}

/** The same for code that takes the whole `Db` (its own queries and its transactions'). */
export function interleavedDb(db: Db, meanwhile: () => Promise<void>, after: RegExp): Db {
  const wrap = afterFirst(after, meanwhile);
  const direct = wrap(db);
  return {
    kind: db.kind,
    query: (sql, params) => direct.query(sql, params),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    listen: (channel, onPayload) => db.listen(channel, onPayload),
    close: () => db.close(),
  };
}

/** Starts `write` in its own transaction and waits until it has committed or is queued behind a lock. */
export async function concurrently(
  db: Db,
  write: (tx: Queryable) => Promise<unknown>,
): Promise<{ finished: Promise<void> }> {
  let committed = false;
  const running = db.transaction(write).then(() => {
    committed = true;
  });
  await eventually(
    async () => {
      if (committed) return true;
      const [row] = await db.query<{ n: number }>(
        "select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted",
      );
      return (row?.n ?? 0) > 0;
    },
    10_000,
    'the other write to commit or wait for the write lock',
  );
  return { finished: running };
}
