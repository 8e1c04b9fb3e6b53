/**
 * A filtered pull (RxDB `pull.handler`): rows of one collection after the checkpoint, in seq
 * order, as this user may see them. A row they may not see is skipped, or sent as a tombstone
 * if their replicas once held it (access ended, or the record was deleted). The page is
 * filled to `limit` documents because RxDB stops pulling at the first short page.
 */
import type { CollectionName } from '../../domain/wire/collections';
import type { PullResponse, WireDoc } from '../../domain/wire/replication';
import type { Queryable } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import type { WorkspaceState } from '../workspace/workspace-cache';
import { liveView, tombstone } from './view';

export async function pullFor<C extends CollectionName>(
  deps: { db: Queryable; repo: RecordsRepo },
  state: WorkspaceState,
  userId: string,
  collection: C,
  query: { checkpoint?: number | undefined; limit: number },
): Promise<PullResponse<C>> {
  const documents: WireDoc<C>[] = [];
  let cursor = query.checkpoint ?? 0;
  // Rows written after the workspace state was read are left for the next pull: judging them
  // with older access rules could skip a row the user just gained.
  const range = { upToSeq: state.seq };
  while (documents.length < query.limit && cursor < state.seq) {
    const rows = await deps.repo.rowsSince(deps.db, collection, { afterSeq: cursor, ...range }, query.limit);
    if (rows.length === 0) {
      cursor = state.seq;
      break;
    }
    const views = rows.map((row) => ({ row, live: liveView(state, userId, row) }));
    const held = await heldIds(
      deps.db,
      userId,
      collection,
      views.filter((v) => v.live === null).map((v) => v.row.id),
    );
    const sent: string[] = [];
    for (const { row, live } of views) {
      if (documents.length >= query.limit) break;
      cursor = row.seq;
      if (live !== null) {
        documents.push(live as WireDoc<C>);
        sent.push(row.id);
      } else if (held.has(row.id)) {
        documents.push(tombstone(row.id));
      }
    }
    await recordHoldings(deps.db, userId, collection, sent);
  }
  return { documents, checkpoint: { seq: Math.max(cursor, query.checkpoint ?? 0) } };
}

async function heldIds(db: Queryable, userId: string, collection: CollectionName, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ record_id: string }>(
    'select record_id from replica_holdings where user_id = $1 and collection = $2 and record_id = any($3)',
    [userId, collection, ids],
  );
  return new Set(rows.map((r) => r.record_id));
}

async function recordHoldings(db: Queryable, userId: string, collection: CollectionName, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `insert into replica_holdings (user_id, collection, record_id)
     select $1, $2, unnest($3::text[]) on conflict do nothing`,
    [userId, collection, ids],
  );
}
