/**
 * The server reads the workspace two ways (the incremental cache for access checks, a fresh read
 * for Okta, orphaned accounts and SCIM deprovisioning). Where no settings row exists, or it was
 * deleted, they must agree on the settings, or the Okta path and the access checks would disagree
 * on whether extended access is on.
 */
import { describe, expect, it } from 'vitest';
import { makeAccount, makeUser } from '../../../../dev/stack/workspace-factory';
import { DEFAULT_SETTINGS, workspaceSnapshotOf } from '../../../../domain/records';
import type { Queryable } from '../../../../sync-server/store/db';
import type { StoredRow } from '../../../../sync-server/store/records-reader';
import type { RecordsRepo } from '../../../../sync-server/store/records-repo';
import { WorkspaceCache } from '../../../../sync-server/workspace/workspace-cache';
import { readAccessSnapshot, readWorkspace } from '../../../../sync-server/workspace/workspace-reader';

const empty: Queryable = { query: async () => [] };

function cacheOver(log: StoredRow[]): WorkspaceCache {
  const repo = { structureFrom: async () => ({ horizon: log.length + 1, rows: log }) };
  return new WorkspaceCache(repo as unknown as RecordsRepo);
}

describe('workspace readers', () => {
  it('agree on the default settings when the store holds none', async () => {
    const cached = (await cacheOver([]).current(empty)).index.settings;
    expect(cached).toEqual(DEFAULT_SETTINGS);
    expect((await readWorkspace(empty)).settings).toEqual(cached);
    expect((await readAccessSnapshot(empty, 'user-1')).settings).toEqual(cached);
  });

  it('go back to the default settings when the settings row is deleted', async () => {
    const on = { ...DEFAULT_SETTINGS, name: 'Acme', extendedAccessEnabled: true };
    const settings = (tx: number, deleted: boolean): StoredRow => ({
      collection: 'settings',
      id: on.id,
      tx,
      seq: tx,
      deleted,
      doc: on,
    });
    const log = [settings(1, false)];
    const cache = cacheOver(log);
    expect((await cache.current(empty)).index.settings.extendedAccessEnabled).toBe(true);
    log.push(settings(2, true));
    expect((await cache.current(empty)).index.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('assemble stored documents by collection, leaving credentials out', () => {
    const user = makeUser({ id: 'u1' });
    const account = makeAccount({ id: 'a1' });
    const snapshot = workspaceSnapshotOf([
      { collection: 'users', doc: user },
      { collection: 'accounts', doc: account },
      { collection: 'credentials', doc: { id: 'a1', password: 'secret' } },
    ]);
    expect(snapshot.users).toEqual([user]);
    expect(snapshot.accounts).toEqual([account]);
    expect(snapshot.settings).toEqual(DEFAULT_SETTINGS);
    expect(JSON.stringify(snapshot)).not.toContain('secret');
  });
});
