/**
 * Starting over after a restore (domain/wire/start-over.ts): every page of the new epoch, the
 * server's tombstones passed on, each held record that did not come back dropped once, and a
 * second restore while paging is an error RxDB retries rather than a mix of two epochs.
 */
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../../../domain/wire/replication';
import { type PulledPage, pullFromTheStart, StoreRestoredAgainError } from '../../../../domain/wire/start-over';

type Doc = { id: string; _deleted: false; name: string };
const EPOCH = '11111111-2222-3333-4444-555555555555';
const doc = (id: string): Doc => ({ id, _deleted: false, name: id });

function server(pages: PulledPage<Doc>[]) {
  const asked: Checkpoint[] = [];
  return {
    asked,
    pull: async (checkpoint: Checkpoint) => {
      asked.push(checkpoint);
      const page = pages.shift();
      if (!page) throw new Error('pulled past the last page');
      return page;
    },
  };
}

describe('pullFromTheStart', () => {
  it('pages until a short page, keeps the server’s tombstones and drops each held record the pages did not name', async () => {
    const s = server([
      { documents: [doc('a'), { id: 'gone-on-server', _deleted: true }], checkpoint: { seq: 5, epoch: EPOCH } },
      { documents: [doc('b')], checkpoint: { seq: 8, epoch: EPOCH } },
    ]);
    const result = await pullFromTheStart({
      from: { seq: 0, epoch: EPOCH },
      pageSize: 2,
      pull: s.pull,
      localIds: async () => ['a', 'gone-on-server', 'only-here'],
    });
    expect(s.asked).toEqual([
      { seq: 0, epoch: EPOCH },
      { seq: 5, epoch: EPOCH },
    ]);
    expect(result).toEqual({
      documents: [doc('a'), { id: 'gone-on-server', _deleted: true }, doc('b'), { id: 'only-here', _deleted: true }],
      checkpoint: { seq: 8, epoch: EPOCH },
    });
  });

  it('a second restore while paging is an error, not a mix of two epochs', async () => {
    const s = server([
      { documents: [doc('a')], checkpoint: { seq: 1, epoch: EPOCH } },
      { documents: [], checkpoint: { seq: 0, epoch: '99999999-2222-3333-4444-555555555555' }, resync: true },
    ]);
    await expect(
      pullFromTheStart({ from: { seq: 0, epoch: EPOCH }, pageSize: 1, pull: s.pull, localIds: async () => [] }),
    ).rejects.toBeInstanceOf(StoreRestoredAgainError);
  });
});
