/**
 * The rotation mark a departure leaves on an account clears only with a new password pushed by
 * someone allowed to edit its credentials. Nobody clears it any other way: not by pushing the
 * account with the mark off (a server-owned field), not as a Login-only member or a member
 * without a role pushing a password, not with a forged token. Each refused attempt leaves the
 * store exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { Account, Credentials } from '../../domain/records';
import { flagForRotation, rotatedAccount } from '../../domain/rotation';
import { fingerprint } from './support/store-fingerprint';

const SEED = { type: 'system', name: 'test-seed' } as const;

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  const marked = flagForRotation(
    (await world.server.repo.get(world.server.db, 'accounts', 'acct-shared')) as Account,
    'user-gone',
    '2026-02-01T09:00:00.000Z',
  );
  await world.server.db.transaction((tx) => world.server.repo.put(tx, 'accounts', marked, SEED));
});
afterAll(async () => {
  await world?.close();
});

const live = (doc: object) => ({ ...doc, _deleted: false });
const pushAs = async (token: string, collection: string, rows: unknown[]) => {
  const res = await fetch(`${world.server.url}/api/v1/replication/${collection}/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(rows),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as unknown };
};
const push = async (person: Person, collection: string, rows: unknown[]) =>
  pushAs(await world.token(person), collection, rows);
const stored = async <T>(collection: 'accounts' | 'credentials', id: string) =>
  (await world.server.repo.get(world.server.db, collection, id)) as T;

describe('clearing a rotation mark', () => {
  it('an owner pushing the account with the mark off is refused as a server-owned field', async () => {
    const before = await fingerprint(world.server.db);
    const stillMarked = await stored<Account>('accounts', 'acct-shared');
    const account = live(stillMarked);
    const res = await push('ada', 'accounts', [
      {
        newDocumentState: { ...account, ...rotatedAccount(stillMarked), _deleted: false },
        assumedMasterState: account,
      },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ conflicts: [{ reason: 'server_owned_field' }] });
    expect(await fingerprint(world.server.db)).toEqual(before);
  });

  it.each(['lou', 'cy'] as const)('%s (Login-only, or without a role) cannot push a new password', async (person) => {
    const before = await fingerprint(world.server.db);
    const creds = live(await stored<Credentials>('credentials', 'acct-shared'));
    const res = await push(person, 'credentials', [
      { newDocumentState: { ...creds, password: `${person}-was-here` }, assumedMasterState: creds },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ conflicts: [{ document: { id: 'acct-shared' } }] });
    expect(await fingerprint(world.server.db)).toEqual(before);
    expect((await stored<Account>('accounts', 'acct-shared')).rotationRequired).toBe(true);
  });

  it('a forged token pushes nothing', async () => {
    const before = await fingerprint(world.server.db);
    const creds = live(await stored<Credentials>('credentials', 'acct-shared'));
    const real = await world.token('ada');
    const [head, payload] = real.split('.');
    const res = await pushAs(`${head}.${payload}.${'A'.repeat(43)}`, 'credentials', [
      { newDocumentState: { ...creds, password: 'forged' }, assumedMasterState: creds },
    ]);
    expect(res.status).toBe(401);
    expect(await fingerprint(world.server.db)).toEqual(before);
  });
});
