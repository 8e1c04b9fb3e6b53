/**
 * Shutdown drains: a request already being handled when the server is told to stop still gets
 * its full answer, and the store closes only after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.sim.close();
});

describe('close()', () => {
  it('answers the in-flight pull in full, then closes the store and refuses new connections', async () => {
    const token = await world.token('ada');
    let closing: Promise<void> | undefined;
    // Stop as soon as the request has been accepted, while it is being handled.
    world.server.built.app.server.once('request', () => {
      closing = world.server.close();
    });
    const res = await fetch(`${world.server.url}/api/v1/replication/accounts/pull`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { documents: { id: string }[] };
    expect(body.documents.map((d) => d.id).sort()).toEqual(['acct-in-coll', 'acct-private', 'acct-shared']);
    await closing;
    await expect(fetch(`${world.server.url}/healthz`)).rejects.toThrow();
  });
});
