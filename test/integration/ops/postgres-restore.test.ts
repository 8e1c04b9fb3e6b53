/**
 * README's PostgreSQL backup recipe, run as written: `pg_dump` while the server runs, changes,
 * then — servers stopped — `pg_restore --clean --if-exists --no-owner` and the one `update
 * store_epoch`. A replica that pulled after the dump is told `resync` and, starting over, ends
 * with exactly the restored view.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { removeRecords, seedRecords } from '../../../dev/stack/seed-records';
import { startSyncServer, type TestSyncServer } from '../../../dev/stack/sync-server';
import { type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { makeAccount, makeShare } from '../../../dev/stack/workspace-factory';
import { type Checkpoint, checkpointParams, type Tombstone } from '../../../domain/wire/replication';
import { pullFromTheStart } from '../../../domain/wire/start-over';

const run = promisify(execFile);

interface Page {
  documents: ({ id: string; _deleted: false } | Tombstone)[];
  checkpoint: Checkpoint;
  resync?: true;
}

let root: string;
let database: TestDatabase;
let world: SyncWorld;
let server: TestSyncServer;
// One key for every server of the store, as production shares a key file.
const credentialsKey = randomBytes(32).toString('base64');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'latchkey-pg-backup-'));
  database = await createTestDatabase();
  world = await startSyncWorld('postgres', { databaseUrl: database.url, credentialsKey });
  server = world.server;
});
afterAll(async () => {
  await server?.close();
  await world?.sim.close();
  await database?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function pull(checkpoint: Checkpoint | null, limit = 500): Promise<Page> {
  const query = new URLSearchParams({ limit: String(limit), ...checkpointParams(checkpoint) });
  const res = await fetch(`${server.url}/api/v1/replication/accounts/pull?${query}`, {
    headers: { authorization: `Bearer ${await world.token('ada')}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

const liveIds = (page: { documents: Page['documents'] }): string[] =>
  page.documents
    .filter((d) => !d._deleted)
    .map((d) => d.id)
    .sort();

describe("README's pg_dump / pg_restore recipe", () => {
  it('restores the dumped state, and a replica from after the dump starts over onto it', async () => {
    const before = await pull(null);
    const file = join(root, 'latchkey.dump');
    await run('pg_dump', ['--format=custom', `--file=${file}`, database.url]);

    const made = makeAccount({ id: 'acct-after-dump', name: 'Made after the dump' });
    await seedRecords(server, {
      accounts: [made],
      shares: [makeShare({ account: made.id }, { user: world.users.ada }, 'owner', 'sh-ada-after-dump')],
    });
    await removeRecords(server, 'accounts', ['acct-private']);
    const after = await pull(before.checkpoint);
    expect(liveIds(after)).toEqual(['acct-after-dump']);
    const held = ['acct-after-dump', 'acct-in-coll', 'acct-shared'];

    await server.close();
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${database.url}`, file]);
    await run('psql', [
      database.url,
      '-c',
      'update store_epoch set epoch = gen_random_uuid()::text',
      '-c',
      'update records set tx = 0',
    ]);
    server = await startSyncServer({
      store: 'postgres',
      databaseUrl: database.url,
      credentialsKey,
      issuer: world.sim.issuer,
      audience: world.sim.audience,
    });

    const answer = await pull(after.checkpoint);
    expect(answer.resync).toBe(true);
    expect(answer.checkpoint.epoch).not.toBe(after.checkpoint.epoch);
    const startedOver = await pullFromTheStart({
      from: answer.checkpoint,
      pageSize: 2,
      pull: (checkpoint, limit) => pull(checkpoint, limit),
      localIds: async () => held,
    });
    const replica = new Set(held);
    for (const doc of startedOver.documents) {
      if (doc._deleted) replica.delete(doc.id);
      else replica.add(doc.id);
    }
    expect([...replica].sort()).toEqual(['acct-in-coll', 'acct-private', 'acct-shared']);
    expect(liveIds(await pull(null))).toEqual([...replica].sort());
  });
});
