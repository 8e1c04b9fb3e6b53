/**
 * A departure marks accounts for a new password; the mark clears when someone allowed to edit the
 * credentials pushes a new password, in the same transaction, audited as theirs. A TOTP-only
 * change leaves it, and a refused push changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import type { Account, Credentials } from '../../../domain/records';
import { flagForRotation } from '../../../domain/rotation';

const SEED = { type: 'system', name: 'test-seed' } as const;
const LEFT_AT = '2026-02-01T09:00:00.000Z';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

const push = async (person: Person, collection: string, rows: unknown[]) => {
  const res = await fetch(`${world.server.url}/api/v1/replication/${collection}/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await world.token(person)}` },
    body: JSON.stringify(rows),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { conflicts: { reason?: string; document: { id: string } }[] };
};
const account = async (id: string): Promise<Account> => {
  const found = await world.server.repo.get(world.server.db, 'accounts', id);
  if (found === null) throw new Error(`expected account ${id} on the server`);
  return found;
};
const credentials = async (id: string): Promise<Credentials> => {
  const found = await world.server.repo.get(world.server.db, 'credentials', id);
  if (found === null) throw new Error(`expected credentials ${id} on the server`);
  return found;
};
const live = (doc: object) => ({ ...doc, _deleted: false });
/** Marks an account as the deprovisioning plan does when `userId` leaves. */
const markForRotation = async (id: string, userId: string) => {
  const marked = flagForRotation(await account(id), userId, LEFT_AT);
  await world.server.db.transaction((tx) => world.server.repo.put(tx, 'accounts', marked, SEED));
};
const rotatedEvents = (id: string) =>
  world.server.db.query<{ actor_id: string; collection: string }>(
    "select actor_id, collection from audit_events where action = 'account.rotated' and record_id = $1",
    [id],
  );

describe('password rotation after a departure', () => {
  it('a TOTP-only change keeps the mark', async () => {
    await markForRotation('acct-shared', 'user-cy');
    const before = live(await credentials('acct-shared'));
    const { conflicts } = await push('bob', 'credentials', [
      { newDocumentState: { ...before, totpSecret: 'KRSXG5CTMVRXEZLU' }, assumedMasterState: before },
    ]);
    expect(conflicts).toEqual([]);
    expect((await credentials('acct-shared')).totpSecret).toBe('KRSXG5CTMVRXEZLU');
    expect(await account('acct-shared')).toMatchObject({
      rotationRequired: true,
      rotationRequiredAt: LEFT_AT,
      rotationDepartedUserIds: ['user-cy'],
    });
    expect(await rotatedEvents('acct-shared')).toEqual([]);
  });

  it('a Login-only member cannot rotate: the push is refused and the mark stays', async () => {
    const before = live(await credentials('acct-shared'));
    const { conflicts } = await push('lou', 'credentials', [
      { newDocumentState: { ...before, password: 'lou-tries' }, assumedMasterState: before },
    ]);
    expect(conflicts.map((c) => c.document.id)).toEqual(['acct-shared']);
    expect((await credentials('acct-shared')).password).toBe('secret-of-acct-shared');
    expect((await account('acct-shared')).rotationRequired).toBe(true);
  });

  it('a new password from a collaborator clears the mark, audited as theirs', async () => {
    const before = live(await credentials('acct-shared'));
    const { conflicts } = await push('bob', 'credentials', [
      { newDocumentState: { ...before, password: 'rotated-by-bob' }, assumedMasterState: before },
    ]);
    expect(conflicts).toEqual([]);
    expect((await credentials('acct-shared')).password).toBe('rotated-by-bob');
    expect(await account('acct-shared')).toMatchObject({
      rotationRequired: false,
      rotationRequiredAt: null,
      rotationDepartedUserIds: [],
    });
    expect(await rotatedEvents('acct-shared')).toEqual([{ actor_id: 'user-bob', collection: 'accounts' }]);
    // The cleared account reaches replicas like any change: it is the latest account row.
    const pulled = await fetch(`${world.server.url}/api/v1/replication/accounts/pull?limit=1000`, {
      headers: { authorization: `Bearer ${await world.token('ada')}` },
    });
    const body = (await pulled.json()) as { documents: Account[] };
    expect(body.documents.find((d) => d.id === 'acct-shared')?.rotationRequired).toBe(false);
  });

  it('a new password on an account not waiting for rotation writes no rotation', async () => {
    const before = live(await credentials('acct-private'));
    const { conflicts } = await push('ada', 'credentials', [
      { newDocumentState: { ...before, password: 'just-changed' }, assumedMasterState: before },
    ]);
    expect(conflicts).toEqual([]);
    expect(await rotatedEvents('acct-private')).toEqual([]);
  });
});
