/**
 * The server's in-memory workspace, refreshed from the write sequence. A refresh that reads
 * several rows for one record must end at the record's latest state, even when a later row puts
 * it back the way it was before the refresh (off then on again, moved and moved back).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../domain/records';
import type { Queryable } from '../../../sync-server/store/db';
import type { StoredRow } from '../../../sync-server/store/records-reader';
import type { RecordsRepo } from '../../../sync-server/store/records-repo';
import { WorkspaceCache } from '../../../sync-server/workspace/workspace-cache';
import { makeAccount, makeCollection } from '../../support/workspace-factory';

/** The two reads the cache makes, over an in-memory log of committed rows. */
function fakeRepo(log: StoredRow[]): RecordsRepo {
  const repo = {
    headSeq: async () => log.at(-1)?.seq ?? 0,
    structureSince: async (_q: Queryable, after: number, upTo: number) =>
      log.filter((row) => row.seq > after && row.seq <= upTo && row.collection !== 'credentials'),
  };
  return repo as unknown as RecordsRepo;
}

const db: Queryable = { query: async () => [] };
const row = (seq: number, collection: StoredRow['collection'], doc: StoredRow['doc']): StoredRow => ({
  collection,
  id: doc.id,
  seq,
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
    expect(state.seq).toBe(3);
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
});
