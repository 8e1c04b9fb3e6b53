/**
 * A pull reads only rows its user may see or once held (the store leaves the rest out), yet its
 * pages must be exactly what filtering every row would give: every visible record once, in
 * position order, pages filled to the limit, a tombstone for a record the user held and lost,
 * and nothing at all about records the user never held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreKind } from '../../../dev/stack/stack';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { makeAccount, makeShare } from '../../../dev/stack/workspace-factory';

const SYSTEM = { type: 'system', name: 'pull-pages test' } as const;

interface Page {
  documents: { id: string; _deleted: boolean }[];
  checkpoint: { tx: number; seq: number; epoch: string };
}

describe.each<StoreKind>(['pglite', 'postgres'])('pulls by page among other users’ records (%s)', (store) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(store);
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Every page from `from` to the head, as `person`, `limit` documents at a time. */
  const pullAll = async (person: Person, from: Page['checkpoint'] | null, limit: number) => {
    const pages: Page[] = [];
    let checkpoint = from;
    for (;;) {
      const q = new URLSearchParams({ limit: String(limit) });
      if (checkpoint !== null) {
        q.set('tx', String(checkpoint.tx));
        q.set('checkpoint', String(checkpoint.seq));
        q.set('epoch', checkpoint.epoch);
      }
      const { status, body } = await world.api(person, 'GET', `/api/v1/replication/accounts/pull?${q}`);
      expect(status).toBe(200);
      const page = body as Page;
      pages.push(page);
      checkpoint = page.checkpoint;
      if (page.documents.length < limit) return { pages, checkpoint };
    }
  };

  it('brings every record the user may see once, in order, in full pages, and nothing else', async () => {
    const { checkpoint: start } = await pullAll('bob', null, 500);
    // 24 accounts written one after another; bob may see every third one.
    const ids = Array.from({ length: 24 }, (_, i) => `acct-page-${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) {
      await world.server.db.transaction(async (tx) => {
        await world.server.repo.put(tx, 'accounts', makeAccount({ id, name: `Page ${i}` }), SYSTEM);
        if (i % 3 === 0) {
          await world.server.repo.put(
            tx,
            'shares',
            makeShare({ account: id }, { user: world.users.bob }, 'collaborator', `sh-page-${i}`),
            SYSTEM,
          );
        }
      });
    }
    const seen = ids.filter((_, i) => i % 3 === 0);

    const { pages, checkpoint } = await pullAll('bob', start, 3);
    expect(pages.map((p) => p.documents.length)).toEqual([3, 3, 2]);
    expect(pages.flatMap((p) => p.documents.map((d) => d.id))).toEqual(seen);
    // From the head, nothing more.
    expect((await pullAll('bob', checkpoint, 3)).pages.flatMap((p) => p.documents)).toEqual([]);

    // Bob loses one of them; cy, who never held any, hears of none.
    const { checkpoint: cyStart } = await pullAll('cy', start, 500);
    await world.server.db.transaction((tx) => world.server.repo.remove(tx, 'shares', 'sh-page-3', SYSTEM));
    const after = await pullAll('bob', checkpoint, 3);
    expect(after.pages.flatMap((p) => p.documents)).toEqual([{ id: 'acct-page-03', _deleted: true }]);
    expect((await pullAll('cy', cyStart, 3)).pages.flatMap((p) => p.documents)).toEqual([]);
  });
});
