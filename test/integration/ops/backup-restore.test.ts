/**
 * `npm run server -- backup` and `restore` on the PGlite store, as an operator runs them (real CLI
 * child processes beside a real server), and what a replica that pulled after the backup sees
 * once the store is restored: its checkpoint is from another store epoch, the server says
 * `resync`, and the replica, starting over (domain/wire/start-over.ts, as the renderer does),
 * ends with exactly the restored store's view — the record made after the backup gone, the one
 * deleted after it back — rather than pulling on from a position the restored sequence never had.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOneLine, run } from '../../../dev/stack/cli-process';
import { startReplica } from '../../../dev/stack/rxdb-replica';
import { removeRecords, seedRecords } from '../../../dev/stack/seed-records';
import { startSyncServer, type TestSyncServer } from '../../../dev/stack/sync-server';
import { type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { makeAccount, makeShare } from '../../../dev/stack/workspace-factory';
import { type Checkpoint, checkpointParams, type Tombstone } from '../../../domain/wire/replication';
import { pullFromTheStart } from '../../../domain/wire/start-over';

const SERVER = 'sync-server/cli.ts';

interface Page {
  documents: ({ id: string; _deleted: false } | Tombstone)[];
  checkpoint: Checkpoint;
  resync?: true;
}

let root: string;
let dataDir: string;
let world: SyncWorld;
let server: TestSyncServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'latchkey-backup-'));
  dataDir = join(root, 'store');
  // A data folder of the test's own, so stopping the server keeps it.
  world = await startSyncWorld('pglite', { dataDir });
  server = world.server;
});
afterAll(async () => {
  await server?.close();
  await world?.sim.close();
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

/** What a replica holding `held` holds after applying a page. */
function heldAfter(page: { documents: Page['documents'] }, held: readonly string[]): string[] {
  const ids = new Set(held);
  for (const doc of page.documents) {
    if (doc._deleted) ids.delete(doc.id);
    else ids.add(doc.id);
  }
  return [...ids].sort();
}

async function restartServer(): Promise<void> {
  server = await startSyncServer({ store: 'pglite', issuer: world.sim.issuer, audience: world.sim.audience, dataDir });
}

describe('backup and restore of the PGlite store', () => {
  it('refuses both while the server holds the folder, saying to stop it', async () => {
    const backup = await run(SERVER, ['backup', '--to', join(root, 'early.tar.gz'), '--data', dataDir]);
    expect(backup.code).toBe(1);
    expect(expectOneLine(backup.stderr)).toContain('is in use by the Latchkey sync server');
    expect(backup.stderr).toContain('stop the sync server first, then back up');
    await expect(stat(join(root, 'early.tar.gz'))).rejects.toMatchObject({ code: 'ENOENT' });

    await writeFile(join(root, 'some-backup.tar.gz'), 'not read: the folder is refused first');
    const restore = await run(SERVER, ['restore', '--from', join(root, 'some-backup.tar.gz'), '--data', dataDir]);
    expect(restore.code).toBe(1);
    expect(expectOneLine(restore.stderr)).toContain('stop the sync server first, then restore into its folder');
  });

  it('a replica that pulled after the backup starts over on the restored store and converges to it', async () => {
    const before = await pull(null);
    expect(liveIds(before)).toEqual(['acct-in-coll', 'acct-private', 'acct-shared']);
    expect(before.checkpoint.epoch).toMatch(/^[0-9a-f-]{36}$/);

    await server.close();
    const file = join(root, 'store.tar.gz');
    const backup = await run(SERVER, ['backup', '--to', file, '--data', dataDir]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain('The credentials key is not in it');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // A backup never overwrites one.
    const again = await run(SERVER, ['backup', '--to', file, '--data', dataDir]);
    expect(again.code).toBe(1);

    // After the backup: an account is made and another deleted; the replica pulls both changes.
    await restartServer();
    const made = makeAccount({ id: 'acct-after-backup', name: 'Made after the backup' });
    await seedRecords(server, {
      accounts: [made],
      shares: [makeShare({ account: made.id }, { user: world.users.ada }, 'owner', 'sh-ada-after')],
    });
    await removeRecords(server, 'accounts', ['acct-private']);
    const after = await pull(before.checkpoint);
    expect(liveIds(after)).toEqual(['acct-after-backup']);
    expect(after.documents).toContainEqual({ id: 'acct-private', _deleted: true });
    const held = ['acct-after-backup', 'acct-in-coll', 'acct-shared'];
    // A real RxDB replica too (the app's replication protocol in Node), in sync after the change.
    const replica = await startReplica({
      url: () => server.url,
      token: () => world.token('ada'),
      deviceId: 'device-restore',
      collections: ['accounts'],
    });
    await replica.sync();
    expect((await replica.docs('accounts')).map((d) => d.id)).toEqual(held);
    await replica.goOffline();

    // Restore: refused into a folder with a store, done with --force (the credentials key stays).
    await server.close();
    const refused = await run(SERVER, ['restore', '--from', file, '--data', dataDir]);
    expect(refused.code).toBe(1);
    expect(expectOneLine(refused.stderr)).toContain('is not empty: restore will not overwrite a store');
    const restored = await run(SERVER, ['restore', '--from', file, '--data', dataDir, '--force']);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    await expect(stat(join(dataDir, 'credentials.key'))).resolves.toBeTruthy();

    await restartServer();
    // Written after the restore, so the store's sequence moves on again: the position alone
    // could look valid; the epoch tells.
    const later = makeAccount({ id: 'acct-after-restore', name: 'Made after the restore' });
    await seedRecords(server, {
      accounts: [later],
      shares: [makeShare({ account: later.id }, { user: world.users.ada }, 'owner', 'sh-ada-later')],
    });

    const answer = await pull(after.checkpoint);
    expect(answer.resync).toBe(true);
    expect(answer.documents).toEqual([]);
    expect(answer.checkpoint.seq).toBe(0);
    expect(answer.checkpoint.epoch).not.toBe(after.checkpoint.epoch);

    // The replica starts over with small pages, as the renderer's pull handler does.
    const startedOver = await pullFromTheStart({
      from: answer.checkpoint,
      pageSize: 2,
      pull: (checkpoint, limit) => pull(checkpoint, limit),
      localIds: async () => held,
    });
    const restoredView = ['acct-after-restore', 'acct-in-coll', 'acct-private', 'acct-shared'];
    expect(heldAfter(startedOver, held)).toEqual(restoredView);
    expect(liveIds(await pull(null))).toEqual(restoredView);

    // From its new checkpoint the replica pulls on normally.
    const next = await pull(startedOver.checkpoint);
    expect(next.resync).toBeUndefined();
    expect(next.documents).toEqual([]);

    // The RxDB replica, back online against the restored server, converges to the same view.
    await replica.goOnline();
    await replica.sync();
    expect((await replica.docs('accounts')).map((d) => d.id)).toEqual(restoredView);
    expect(replica.httpErrors).toEqual([]);
    await replica.close();
  }, 180_000); // four CLI runs and three server starts: minutes on a busy machine

  it('a checkpoint without an epoch (a replica older than epochs) beyond the store starts over too', async () => {
    const res = await fetch(`${server.url}/api/v1/replication/accounts/pull?checkpoint=999999999`, {
      headers: { authorization: `Bearer ${await world.token('ada')}` },
    });
    const page = (await res.json()) as Page;
    expect(page.resync).toBe(true);
  });

  it('refuses PostgreSQL, pointing to pg_dump', async () => {
    const result = await run(
      SERVER,
      ['backup', '--to', join(root, 'pg.tar.gz')],
      cleanEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' }),
    );
    expect(result.code).toBe(1);
    expect(expectOneLine(result.stderr)).toContain('use pg_dump and pg_restore');
  });
});
