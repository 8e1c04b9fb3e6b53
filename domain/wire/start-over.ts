/**
 * What a replica does when a pull is answered with `resync` (domain/wire/replication.ts): the
 * store was restored from a backup, so the replica's checkpoint means nothing. It pulls every
 * page again from the answer's checkpoint, and every record it holds that did not come back
 * live becomes a tombstone, as if the server had deleted it: it converges to the restored store,
 * keeping nothing the restore took away and missing nothing written again below its old
 * checkpoint. Used by the renderer's pull handler and by the Node test replica alike.
 */
import type { Checkpoint, Tombstone } from './replication';

export interface PulledPage<D> {
  documents: (D | Tombstone)[];
  checkpoint: Checkpoint;
  resync?: true | undefined;
}

export class StoreRestoredAgainError extends Error {
  override name = 'StoreRestoredAgainError';
  readonly code = 'resync';
  constructor() {
    super('The sync server was restored again while this replica started over; it starts over on the next pull.');
  }
}

export async function pullFromTheStart<D extends { id: string; _deleted: boolean }>(opts: {
  /** The `resync` answer's checkpoint: the start of the store's new epoch. */
  from: Checkpoint;
  pageSize: number;
  pull: (checkpoint: Checkpoint, pageSize: number) => Promise<PulledPage<D>>;
  /** Ids of the records the replica holds now (not deleted). */
  localIds: () => Promise<readonly string[]>;
}): Promise<{ documents: (D | Tombstone)[]; checkpoint: Checkpoint }> {
  const documents: (D | Tombstone)[] = [];
  let checkpoint = opts.from;
  for (;;) {
    const page = await opts.pull(checkpoint, opts.pageSize);
    // A second restore while paging: what was gathered belongs to neither epoch.
    if (page.resync) throw new StoreRestoredAgainError();
    documents.push(...page.documents);
    checkpoint = page.checkpoint;
    // The server fills every page but the last (replication/pull.ts).
    if (page.documents.length < opts.pageSize) break;
  }
  // Whatever the pages named is settled by them (live, or the server's own tombstone).
  const named = new Set(documents.map((doc) => doc.id));
  const gone = (await opts.localIds()).filter((id) => !named.has(id));
  return { documents: [...documents, ...gone.map((id): Tombstone => ({ id, _deleted: true }))], checkpoint };
}
