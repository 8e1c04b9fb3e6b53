import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppReplica, type SyncCall, startAppReplica } from '../../../dev/stack/app-replica';
import { OKTA_IDS, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import type { TokenResult } from '../../../main/services/session/session-service';
import { updateAccount } from '../../../renderer/src/replica/writes';

// The app's replica stack in Node (renderer replica + main's dispatch and sync proxy) against a
// real sync server: what the scale-out bench runs in each of its RxDB client processes.
describe('the app replica in Node against a real sync server', () => {
  let world: SyncWorld;
  let ada: AppReplica;
  const calls: SyncCall[] = [];

  beforeAll(async () => {
    world = await startSyncWorld('pglite');
    ada = await startAppReplica({
      syncServerUrl: world.server.url,
      tokens: {
        accessToken: async (): Promise<TokenResult> => ({ ok: true, value: await world.token('ada') }),
        refreshNow: async (): Promise<TokenResult> => ({ ok: true, value: await world.token('ada') }),
      },
      deviceId: 'device-ada-node',
      subject: OKTA_IDS.ada,
      observe: (call) => calls.push(call),
    });
  });
  afterAll(async () => {
    await ada?.close();
    await world?.close();
  });

  it('pulls what the user may see, pushes an edit made through writes.ts, takes a change made elsewhere and converges', async () => {
    await ada.sync();
    const accounts = await ada.docs('accounts');
    expect([...accounts.keys()].sort()).toEqual(['acct-in-coll', 'acct-private', 'acct-shared']);

    await updateAccount(ada.handle, 'acct-shared', { labels: ['social', 'from-ada'] });
    await ada.sync();
    expect(ada.handle.pending.count()).toBe(0);
    const push = calls.find((c) => c.channel === 'sync:push' && c.collection === 'accounts');
    expect(push?.result).toMatchObject({ ok: true, value: { ok: true, value: { conflicts: [] } } });
    const bobSees = await world.api('bob', 'GET', '/api/v1/replication/accounts/pull?limit=100');
    const shared = bobSees.body.documents.find((d: { id: string }) => d.id === 'acct-shared');
    expect(shared.labels).toEqual(['social', 'from-ada']);

    // Bob adds a label from another device: the live stream brings it to Ada's replica.
    const arrived = firstValueFrom(
      ada.handle.replica.collections.accounts
        .findOne('acct-shared')
        .$.pipe(filter((doc) => doc?.labels.includes('from-bob') === true)),
    );
    const answer = await world.api('bob', 'POST', '/api/v1/replication/accounts/push', [
      { newDocumentState: { ...shared, labels: [...shared.labels, 'from-bob'] }, assumedMasterState: shared },
    ]);
    expect(answer).toMatchObject({ status: 200, body: { conflicts: [] } });
    await arrived;

    await ada.sync();
    expect(await ada.divergedFromServer()).toEqual([]);
    expect(ada.issues).toEqual([]);
  });
});
