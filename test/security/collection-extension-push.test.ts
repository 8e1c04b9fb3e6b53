/**
 * Whether a collection is extended to Okta is the server's: only the collection command
 * (`POST|DELETE /api/v1/collections/:id/extend`, collection Owners, feature on, Okta configured)
 * sets it. A replicated push cannot — not by its Owner editing the flag on or off, not by creating
 * a collection already extended, not by marking an account as extended through its collection,
 * not by someone without a role. Each refused attempt leaves the store exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { makeCollection } from '../../dev/stack/workspace-factory';
import type { Account, Collection } from '../../domain/records';
import { fingerprint } from './support/store-fingerprint';

const SEED = { type: 'system', name: 'test-seed' } as const;

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

const live = (doc: object) => ({ ...doc, _deleted: false });
const push = async (person: Person, collection: string, rows: unknown[]) => {
  const res = await fetch(`${world.server.url}/api/v1/replication/${collection}/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await world.token(person)}` },
    body: JSON.stringify(rows),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { conflicts: { reason?: string; document: { id: string } }[] };
};
const stored = async <T>(collection: 'accounts' | 'collections', id: string) =>
  (await world.server.repo.get(world.server.db, collection, id)) as T;

describe('extending a collection through a push', () => {
  it('its Owner pushing the collection with the flag on is refused as a server-owned field', async () => {
    const before = await fingerprint(world.server.db);
    const coll = live(await stored<Collection>('collections', 'coll-team'));
    const res = await push('ada', 'collections', [
      {
        assumedMasterState: coll,
        newDocumentState: { ...coll, extended: true, extendedAt: '2026-02-01T09:00:00.000Z' },
      },
    ]);
    expect(res.conflicts).toMatchObject([{ reason: 'server_owned_field', document: { id: 'coll-team' } }]);
    expect(await fingerprint(world.server.db)).toEqual(before);
  });

  it('someone without a role on the collection is refused before the content is looked at', async () => {
    const before = await fingerprint(world.server.db);
    const coll = live(await stored<Collection>('collections', 'coll-team'));
    const res = await push('bob', 'collections', [
      { assumedMasterState: coll, newDocumentState: { ...coll, extended: true } },
    ]);
    expect(res.conflicts).toHaveLength(1);
    expect(res.conflicts[0]?.reason).not.toBe('server_owned_field');
    expect(await fingerprint(world.server.db)).toEqual(before);
    expect((await world.api('bob', 'DELETE', '/api/v1/collections/coll-team/extend')).status).toBe(403);
  });

  it('a collection pushed as new and already extended is stored not extended', async () => {
    const forged = makeCollection({
      id: 'coll-forged',
      name: 'Forged',
      extended: true,
      extendedAt: '2026-02-01T09:00:00.000Z',
    });
    expect(await push('ada', 'collections', [{ assumedMasterState: null, newDocumentState: live(forged) }])).toEqual({
      conflicts: [],
    });
    expect(await stored<Collection>('collections', 'coll-forged')).toMatchObject({
      name: 'Forged',
      extended: false,
      extendedAt: null,
    });
  });

  it('an account cannot be marked as extended through its collection, and an extended collection cannot be switched off by a push', async () => {
    const before = await fingerprint(world.server.db);
    const account = live(await stored<Account>('accounts', 'acct-in-coll'));
    const forgedAccount = await push('ada', 'accounts', [
      {
        assumedMasterState: account,
        newDocumentState: { ...account, extendedByCollection: true },
      },
    ]);
    expect(forgedAccount.conflicts).toMatchObject([{ reason: 'server_owned_field' }]);
    expect(await fingerprint(world.server.db)).toEqual(before);

    // Extended by the server (as the command would), the flag cannot be pushed off either.
    const coll = await stored<Collection>('collections', 'coll-team');
    await world.server.db.transaction((tx) =>
      world.server.repo.put(
        tx,
        'collections',
        { ...coll, extended: true, extendedAt: '2026-02-01T09:00:00.000Z' },
        SEED,
      ),
    );
    const extended = live(await stored<Collection>('collections', 'coll-team'));
    const off = await push('ada', 'collections', [
      { assumedMasterState: extended, newDocumentState: { ...extended, extended: false, extendedAt: null } },
    ]);
    expect(off.conflicts).toMatchObject([{ reason: 'server_owned_field' }]);
    // A rename is the Owner's, and keeps the standing extension.
    expect(
      await push('ada', 'collections', [
        { assumedMasterState: extended, newDocumentState: { ...extended, name: 'Team EU' } },
      ]),
    ).toEqual({ conflicts: [] });
    expect(await stored<Collection>('collections', 'coll-team')).toMatchObject({ name: 'Team EU', extended: true });
  });
});
