/**
 * The server's in-memory workspace, refreshed by write position. A refresh that reads several
 * rows for one record must end at the record's latest state, even when a later row puts it back
 * the way it was before the refresh (off then on again, moved and moved back). Rows of
 * transactions above the horizon count for the answer but are never cached: an older
 * transaction may still commit before them.
 */
import { describe, expect, it } from 'vitest';
import { makeAccount, makeCollection } from '../../../../dev/stack/workspace-factory';
import { DEFAULT_SETTINGS } from '../../../../domain/records';
import type { Queryable } from '../../../../sync-server/store/db';
import { refKey, type StoredRow } from '../../../../sync-server/store/records-reader';
import type { RecordsRepo } from '../../../../sync-server/store/records-repo';
import { WorkspaceCache } from '../../../../sync-server/workspace/workspace-cache';

/**
 * The read the cache makes, over an in-memory log of committed rows. The horizon is one above the
 * last transaction unless a test holds it back (an older transaction still running).
 */
function fakeRepo(log: StoredRow[], heldAt: { tx?: number } = {}): RecordsRepo {
  const repo = {
    structureFrom: async (_q: Queryable, fromTx: number) => ({
      horizon: heldAt.tx ?? Math.max(0, ...log.map((r) => r.tx)) + 1,
      rows: log
        .filter((row) => row.tx >= fromTx && row.collection !== 'credentials')
        .sort((a, b) => a.tx - b.tx || a.seq - b.seq),
    }),
    structureRowsFrom: async (q: Queryable, fromTx: number) => (await repo.structureFrom(q, fromTx)).rows,
    structureRowsAndRecords: async (q: Queryable, fromTx: number, refs: readonly (readonly [string, string])[]) => ({
      structure: await repo.structureRowsFrom(q, fromTx),
      records: new Map(
        log
          .filter((r) => refs.some(([c, id]) => r.collection === c && r.id === id))
          .map((r) => [refKey(r.collection, r.id), r]),
      ),
    }),
  };
  return repo as unknown as RecordsRepo;
}

const db: Queryable = { query: async () => [] };
/** A row written alone by transaction `tx`. */
const row = (tx: number, collection: StoredRow['collection'], doc: StoredRow['doc']): StoredRow => ({
  collection,
  id: doc.id,
  tx,
  seq: tx,
  deleted: false,
  doc,
});

describe('workspace cache', () => {
  it('ends at the latest settings when one refresh reads them turned off and then on again', async () => {
    const on = { ...DEFAULT_SETTINGS, extendedAccessEnabled: true };
    const log = [row(1, 'settings', on)];
    const cache = new WorkspaceCache(fakeRepo(log));
    expect((await cache.current(db)).index.settings.extendedAccessEnabled).toBe(true);

    log.push(row(2, 'settings', { ...on, extendedAccessEnabled: false }));
    log.push(row(3, 'settings', { ...on, oktaSyncProgress: null }));
    const state = await cache.current(db);
    expect(state.horizon).toBe(4);
    expect(state.index.settings.extendedAccessEnabled).toBe(true);
  });

  it('ends with an account in its latest collection when it moved away and back within one refresh', async () => {
    const a = makeCollection({ id: 'col-a', name: 'A' });
    const b = makeCollection({ id: 'col-b', name: 'B' });
    const account = makeAccount({ id: 'acct-1', collectionId: 'col-a' });
    const log = [row(1, 'collections', a), row(2, 'collections', b), row(3, 'accounts', account)];
    const cache = new WorkspaceCache(fakeRepo(log));
    await cache.current(db);

    log.push(row(4, 'accounts', { ...account, collectionId: 'col-b' }));
    log.push(row(5, 'accounts', { ...account, collectionId: 'col-a' }));
    const state = await cache.current(db);
    expect(state.index.accounts.get('acct-1')?.collectionId).toBe('col-a');
  });

  it('sees a committed write above the horizon at once, and keeps it only once the horizon passes it', async () => {
    const a = makeCollection({ id: 'col-a', name: 'A' });
    const log = [row(1, 'collections', a)];
    const held: { tx?: number } = {};
    const cache = new WorkspaceCache(fakeRepo(log, held));
    await cache.current(db);

    // Transaction 5 is still running; 6 committed a new collection.
    held.tx = 5;
    log.push(row(6, 'collections', makeCollection({ id: 'col-b', name: 'B' })));
    const during = await cache.current(db);
    expect(during.index.collections.has('col-b')).toBe(true);
    expect(during.horizon).toBe(5);

    // 5 commits a collection too: both are there, and the horizon moves past them.
    log.push(row(5, 'collections', makeCollection({ id: 'col-c', name: 'C' })));
    held.tx = undefined;
    const after = await cache.current(db);
    expect([...after.index.collections.keys()].sort()).toEqual(['col-a', 'col-b', 'col-c']);
    expect(after.horizon).toBe(7);
  });

  it("judges a write by every committed row and its own, without keeping them for anyone else's read", async () => {
    const log = [row(1, 'collections', makeCollection({ id: 'col-a', name: 'A' }))];
    const held: { tx?: number } = {};
    const cache = new WorkspaceCache(fakeRepo(log, held));
    await cache.current(db);
    // Transaction 2 still runs; 3 committed a collection, and the writing transaction 4 added one.
    held.tx = 2;
    log.push(row(3, 'collections', makeCollection({ id: 'col-b', name: 'B' })));
    log.push(row(4, 'collections', makeCollection({ id: 'col-x', name: 'X' })));
    const within = await cache.within(db, [['collections', 'col-b']]);
    expect([...within.state.index.collections.keys()].sort()).toEqual(['col-a', 'col-b', 'col-x']);
    expect([...within.rows.keys()]).toEqual(['collections/col-b']);
    // The writer rolls back: no later read sees its collection.
    log.pop();
    expect([...(await cache.current(db)).index.collections.keys()].sort()).toEqual(['col-a', 'col-b']);
  });

  it('forgets a row above the horizon that was rolled back', async () => {
    const log = [row(1, 'collections', makeCollection({ id: 'col-a', name: 'A' }))];
    const held: { tx?: number } = { tx: 2 };
    const cache = new WorkspaceCache(fakeRepo(log, held));
    // The transaction's own read sees its uncommitted row…
    log.push(row(3, 'collections', makeCollection({ id: 'col-x', name: 'X' })));
    expect((await cache.current(db)).index.collections.has('col-x')).toBe(true);
    // …which it then rolls back.
    log.pop();
    held.tx = undefined;
    expect((await cache.current(db)).index.collections.has('col-x')).toBe(false);
  });
});
