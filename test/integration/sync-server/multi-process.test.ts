/**
 * Several server processes on one PostgreSQL database: a write through one reaches replicas
 * streaming from another (LISTEN/NOTIFY), and sequence order stays commit order.
 */
import { randomBytes } from 'node:crypto';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { startSyncServer, type TestSyncServer } from '../../../dev/stack/sync-server';
import { type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { StreamEvent } from '../../../domain/wire/replication';

let database: TestDatabase;
let world: SyncWorld;
let second: TestSyncServer;
const credentialsKey = randomBytes(32).toString('base64');

beforeAll(async () => {
  database = await createTestDatabase();
  world = await startSyncWorld('postgres', { databaseUrl: database.url, credentialsKey });
  second = await startSyncServer({
    store: 'postgres',
    databaseUrl: database.url,
    credentialsKey,
    issuer: world.sim.issuer,
    audience: world.sim.audience,
  });
});
afterAll(async () => {
  await second?.close();
  await world?.close();
  await database?.drop();
});

describe('two server processes on one database', () => {
  it('streams a change written through one server to a client of the other, which pulls it', async () => {
    const token = await world.token('bob');
    const events: StreamEvent[] = [];
    const source = new EventSource(`${second.url}/api/v1/replication/stream`, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
    });
    const changed = new Promise<void>((resolve) => {
      source.onmessage = (m) => {
        const event = StreamEvent.parse(JSON.parse(m.data));
        events.push(event);
        if (event.type === 'change' && event.collections.includes('accounts')) resolve();
      };
    });
    await new Promise<void>((resolve) => {
      source.onopen = () => resolve();
    });

    const adaToken = await world.token('ada');
    const current = await world.server.repo.get(world.server.db, 'accounts', 'acct-shared');
    const doc = { ...current, _deleted: false };
    const res = await fetch(`${world.server.url}/api/v1/replication/accounts/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adaToken}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ newDocumentState: { ...doc, labels: ['from-server-one'] }, assumedMasterState: doc }]),
    });
    expect(await res.json()).toEqual({ conflicts: [] });
    await changed;
    source.close();
    expect(events[0]).toEqual({ type: 'RESYNC' });

    const pulled = await fetch(`${second.url}/api/v1/replication/accounts/pull`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await pulled.json()) as { documents: { id: string; labels: string[] }[] };
    expect(body.documents.find((d) => d.id === 'acct-shared')?.labels).toEqual(['from-server-one']);
    // Secrets written through one process open in the other (shared key, shared database).
    const creds = await second.repo.get(second.db, 'credentials', 'acct-shared');
    expect(creds?.password).toBe('secret-of-acct-shared');
  });
});
