/**
 * The store epoch in pull checkpoints (a restore makes replicas start over) opens nothing: a
 * caller without a token learns neither rows nor the epoch, and a caller who forges an epoch or
 * a checkpoint beyond the store gets `resync` and then, starting over, exactly their own view —
 * never another user's records, never a record they were not shown before. Over real HTTP, on PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { type Checkpoint, checkpointParams, type Tombstone } from '../../domain/wire/replication';
import { pullFromTheStart } from '../../domain/wire/start-over';

type Page = { documents: ({ id: string; _deleted: false } | Tombstone)[]; checkpoint: Checkpoint; resync?: true };

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

async function pull(query: string, token: string | null): Promise<{ status: number; text: string }> {
  const res = await fetch(`${world.server.url}/api/v1/replication/accounts/pull?${query}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: res.status, text: await res.text() };
}

describe('pull checkpoints with a store epoch', () => {
  it('without a token: 401 whatever the checkpoint or epoch, and the epoch is not told', async () => {
    const bob = JSON.parse((await pull('', await world.token('bob'))).text) as Page;
    const epoch = bob.checkpoint.epoch ?? '';
    expect(epoch).not.toBe('');
    for (const query of [
      `checkpoint=5&epoch=${epoch}`,
      'checkpoint=5&epoch=00000000-0000-0000-0000-000000000000',
      'checkpoint=999999999',
    ]) {
      const answer = await pull(query, null);
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(epoch);
      expect(answer.text).not.toContain('acct-');
    }
  });

  it('a forged epoch or a checkpoint beyond the store: resync, then only the caller’s own view', async () => {
    const token = await world.token('bob');
    const own = JSON.parse((await pull('', token)).text) as Page;
    const ownIds = own.documents.map((d) => d.id).sort();
    expect(ownIds).toEqual(['acct-shared']);

    for (const query of ['checkpoint=3&epoch=00000000-0000-0000-0000-000000000000', 'checkpoint=999999999']) {
      const answer = JSON.parse((await pull(query, token)).text) as Page;
      expect(answer).toEqual({
        documents: [],
        checkpoint: { tx: 0, seq: 0, epoch: own.checkpoint.epoch },
        resync: true,
      });
      const startedOver = await pullFromTheStart({
        from: answer.checkpoint,
        pageSize: 1,
        pull: async (checkpoint, limit) => {
          const q = new URLSearchParams({ limit: String(limit), ...checkpointParams(checkpoint) });
          return JSON.parse((await pull(q.toString(), token)).text) as Page;
        },
        // The forger claims to hold another user's private account: it is only dropped, never sent.
        localIds: async () => ['acct-private'],
      });
      expect(startedOver.documents).toEqual([
        expect.objectContaining({ id: 'acct-shared', _deleted: false }),
        { id: 'acct-private', _deleted: true },
      ]);
      expect(JSON.stringify(startedOver.documents)).not.toContain('Private vendor');
    }
  });

  it('an epoch that is not an id is refused as bad input, before any pull', async () => {
    const answer = await pull("checkpoint=1&epoch=';drop table store_epoch;--", await world.token('bob'));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'bad_request' } });
  });
});
