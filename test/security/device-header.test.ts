/**
 * `X-Latchkey-Device` is whatever the client says. A member who sends another person's device
 * id (or any id) gains nothing by it: access comes from the token alone, and the id is only
 * recorded, as the device the client reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { AuditPage } from '../../domain/wire/audit';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

async function call(person: Person, path: string, init: { method?: string; body?: unknown; device?: string } = {}) {
  const res = await fetch(`${world.server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${await world.token(person)}`,
      ...(init.device === undefined ? {} : { 'x-latchkey-device': init.device }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("a claimed device id grants nothing and is recorded only as the client's report", () => {
  it("pulls and pushes exactly as without it, even when it names the Owner's device", async () => {
    const plain = await call('cy', '/api/v1/replication/credentials/pull');
    const spoofed = await call('cy', '/api/v1/replication/credentials/pull', { device: 'ada-laptop' });
    expect(spoofed).toEqual(plain);
    const push = await call('cy', '/api/v1/replication/credentials/push', {
      method: 'POST',
      device: 'ada-laptop',
      body: [
        {
          newDocumentState: {
            id: 'acct-private',
            accountId: 'acct-private',
            password: 'taken over',
            totpSecret: null,
            updatedAt: new Date().toISOString(),
            _deleted: false,
          },
          assumedMasterState: null,
        },
      ],
    });
    expect(push.body).toMatchObject({ conflicts: [{ reason: 'no_item_role' }] });
  });

  it('records the reported id on the audit entry of an accepted change', async () => {
    const account = (await world.server.repo.get(world.server.db, 'accounts', 'acct-shared')) as Record<
      string,
      unknown
    >;
    const push = await call('bob', '/api/v1/replication/accounts/push', {
      method: 'POST',
      device: 'whatever-bob-says',
      body: [
        {
          newDocumentState: { ...account, labels: ['social', 'tagged'], _deleted: false },
          assumedMasterState: { ...account, _deleted: false },
        },
      ],
    });
    expect(push.body).toEqual({ conflicts: [] });
    const audit = (await call('ada', '/api/v1/audit?recordId=acct-shared')).body as unknown as AuditPage;
    expect(audit.entries[0]).toMatchObject({ actorId: world.users.bob.id, deviceId: 'whatever-bob-says' });
  });
});
