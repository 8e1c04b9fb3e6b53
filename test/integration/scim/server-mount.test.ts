/**
 * SCIM inside the real sync server (`buildApp`): a workspace owner manages the SCIM token over
 * `/api/v1/scim-token` with their OIDC access token, SCIM works with it at `/scim/v2`, and what
 * SCIM changes reaches a desktop replica live (RxDB replication + SSE stream).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Replica, startReplica } from '../../../dev/stack/rxdb-replica';
import { patchOp, SCIM_JSON, STORES } from '../../../dev/stack/scim-harness';
import { type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';

describe.each(STORES)('SCIM mounted in the sync server (%s)', (store) => {
  let world: SyncWorld;
  let replica: Replica | undefined;
  let scimToken = '';

  beforeAll(async () => {
    world = await startSyncWorld(store);
  });
  afterAll(async () => {
    await replica?.close();
    await world?.close();
  });

  const api = async (method: string, person: 'ada' | 'bob' | null) =>
    fetch(`${world.server.url}/api/v1/scim-token`, {
      method,
      headers: person ? { authorization: `Bearer ${await world.token(person)}` } : {},
    });
  const scim = (method: string, path: string, body?: unknown, token = scimToken) =>
    fetch(`${world.server.url}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': SCIM_JSON } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('lets only a workspace owner create the SCIM token, shown once', async () => {
    expect((await api('POST', null)).status).toBe(401);
    const denied = await api('POST', 'bob');
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe('not_workspace_owner');

    const created = await api('POST', 'ada');
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    scimToken = (await created.json()).token;
    expect(scimToken).toMatch(/^lks_scim_/);
    const info = await (await api('GET', 'ada')).json();
    expect(info).toMatchObject({ exists: true, createdBy: world.users.ada.id });
    expect(JSON.stringify(info)).not.toContain(scimToken);

    const list = await scim('GET', '/Users');
    expect(list.status).toBe(200);
    expect((await list.json()).totalResults).toBe(4);
  });

  it("carries a SCIM deactivation to the Okta outbox and to the owner's replica: user disabled, account flagged", async () => {
    replica = await startReplica({
      url: world.server.url,
      token: () => world.token('ada'),
      deviceId: 'dev-ada',
      collections: ['users', 'accounts', 'shares'],
    });
    await replica.sync();
    const bobInReplica = async () => (await replica?.docs('users'))?.find((u) => u.id === world.users.bob.id);
    expect((await bobInReplica())?.active).toBe(true);

    // acct-shared is extended into Okta: bob's assignment to its app must be re-evaluated.
    const { db, repo } = world.server;
    const shared = await repo.get(db, 'accounts', 'acct-shared');
    if (!shared) throw new Error('acct-shared is not seeded');
    await db.transaction((tx) =>
      repo.put(tx, 'accounts', { ...shared, extensionState: 'synced' }, { type: 'system', name: 'test' }),
    );
    await db.query('delete from okta_outbox');

    const res = await scim(
      'PATCH',
      `/Users/${world.users.bob.id}`,
      patchOp({ op: 'replace', value: { active: false } }),
    );
    expect(res.status).toBe(200);
    // The Okta projection follows: the account is queued in the same transaction (outbox).
    const queued = await db.query<{ account_id: string }>('select account_id from okta_outbox');
    expect(queued.map((r) => r.account_id)).toContain('acct-shared');

    // No manual sync: the live stream tells the replica to pull.
    await expect.poll(async () => (await bobInReplica())?.active, { timeout: 10_000 }).toBe(false);
    await expect
      .poll(async () => (await replica?.docs('accounts'))?.find((a) => a.id === 'acct-shared')?.rotationRequired, {
        timeout: 10_000,
      })
      .toBe(true);
    await expect
      .poll(async () => (await replica?.docs('shares'))?.some((s) => s.id === 'sh-bob-shared'), { timeout: 10_000 })
      .toBe(false);
  });

  it('revoking the token locks SCIM out at once; rotating issues a new one and retires the old', async () => {
    const rotated = await api('POST', 'ada');
    const next = (await rotated.json()).token;
    expect((await scim('GET', '/Users', undefined, scimToken)).status).toBe(401);
    expect((await scim('GET', '/Users', undefined, next)).status).toBe(200);
    expect((await api('DELETE', 'bob')).status).toBe(403);
    expect((await api('DELETE', 'ada')).status).toBe(204);
    expect((await scim('GET', '/Users', undefined, next)).status).toBe(401);
    expect((await api('DELETE', 'ada')).status).toBe(404);
  });
});
