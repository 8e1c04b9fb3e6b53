/**
 * A filtered pull (RxDB `pull.handler`): rows of one collection after the checkpoint, in
 * position order (records-reader.ts `Position`), as this user may see them. A row they may not see is skipped, or sent as a tombstone
 * if their replicas once held it (access ended, or the record was deleted). The page is
 * filled to `limit` documents because RxDB stops pulling at the first short page.
 *
 * The answer is built as JSON text: documents that need no redaction or decryption go out as
 * stored, without a parse and re-serialise per document (the 20,000-account initial pull).
 *
 * Checkpoints carry the store's epoch (store/store-epoch.ts). A checkpoint from another epoch —
 * the store was restored from a backup since — is answered with `resync` instead of rows: it is
 * a position in an order that went back, so pulling on from it would skip the rows written again
 * below it and never tell the replica about rows the restore took away. So is a checkpoint
 * without `tx` (taken before write positions existed).
 */
import type { CollectionName } from '../../domain/wire/collections';
import type { Queryable } from '../store/db';
import { type Position, START } from '../store/records-reader';
import type { JsonRow, RecordsRepo } from '../store/records-repo';
import { storeEpoch } from '../store/store-epoch';
import type { WorkspaceState } from '../workspace/workspace-cache';
import { liveView, maySee, tombstone, visibleIdsOf } from './view';

/**
 * Collections whose stored document is exactly what every user who may see it receives. Not
 * users or teams (their Okta links reach admins only) nor credentials (sealed at rest).
 */
const AS_STORED: ReadonlySet<CollectionName> = new Set(['accounts', 'collections', 'shares', 'settings']);

export interface PullPage {
  /** The PullResponse (domain/wire/replication.ts) as JSON text. */
  json: string;
  count: number;
  checkpoint: { tx: number; seq: number; epoch: string };
  /** The replica must start over (see above). */
  resync: boolean;
}

export async function pullFor(
  deps: { db: Queryable; repo: RecordsRepo },
  state: WorkspaceState,
  userId: string,
  collection: CollectionName,
  query: { tx?: number | undefined; checkpoint?: number | undefined; epoch?: string | undefined; limit: number },
): Promise<PullPage> {
  const epoch = await storeEpoch(deps.db);
  if (query.checkpoint !== undefined && (query.tx === undefined || query.epoch !== epoch)) {
    const checkpoint = { ...START, epoch };
    return {
      json: JSON.stringify({ documents: [], checkpoint, resync: true }),
      count: 0,
      checkpoint,
      resync: true,
    };
  }
  const from: Position = query.checkpoint === undefined ? START : { tx: query.tx ?? 0, seq: query.checkpoint };
  const documents: string[] = [];
  let cursor = from;
  // Only rows below the state's horizon: their transactions have ended, so no row can later
  // appear before them, and the state judging them holds every access change up to them.
  const horizon = state.horizon;
  const reader = { userId, visible: visibleIds(state, userId, collection) };
  while (documents.length < query.limit && cursor.tx < horizon) {
    const range = { after: cursor, horizon };
    const rows = await deps.repo.jsonRowsSince(deps.db, collection, range, query.limit, reader);
    if (rows.length === 0) {
      // Nothing more below the horizon, now or ever: the next pull starts there.
      cursor = { tx: horizon, seq: 0 };
      break;
    }
    const sent: string[] = [];
    for (const row of rows) {
      if (documents.length >= query.limit) break;
      cursor = { tx: row.tx, seq: row.seq };
      if (!row.deleted && maySee(state, userId, collection, row.id)) {
        documents.push(liveJson(deps.repo, state, userId, row));
        if (!row.held) sent.push(row.id);
      } else if (row.held) {
        documents.push(JSON.stringify(tombstone(row.id)));
      }
    }
    await recordHoldings(deps.db, userId, collection, sent);
    // A short page was the last one below the horizon: no need to ask again to learn that.
    if (rows.length < query.limit && documents.length < query.limit) cursor = { tx: horizon, seq: 0 };
  }
  const checkpoint = { ...later(cursor, from), epoch };
  return {
    json: `{"documents":[${documents.join(',')}],"checkpoint":${JSON.stringify(checkpoint)}}`,
    count: documents.length,
    checkpoint,
    resync: false,
  };
}

/**
 * The ids of `collection` the user may see, for the store to leave out the rest; null (no such
 * filter) for collections every member sees whole, and for views too large to be worth sending.
 */
function visibleIds(state: WorkspaceState, userId: string, collection: CollectionName): string[] | null {
  const ids = visibleIdsOf(state, userId, collection);
  return ids === null || ids.size > VISIBLE_FILTER_MAX ? null : [...ids];
}

/** Above this many ids the filter costs more to send than the rows it leaves out. */
const VISIBLE_FILTER_MAX = 2_000;

function later(a: Position, b: Position): Position {
  return a.tx > b.tx || (a.tx === b.tx && a.seq >= b.seq) ? a : b;
}

function liveJson(repo: RecordsRepo, state: WorkspaceState, userId: string, row: JsonRow): string {
  if (AS_STORED.has(row.collection) && row.json.startsWith('{') && row.json.length > 2) {
    return `{"_deleted":false,${row.json.slice(1)}`;
  }
  return JSON.stringify(liveView(state, userId, repo.parseJsonRow(row)));
}

/**
 * Remembers that the user's replicas were sent these records (they were not before), before the
 * pull answers: a later deletion or move out of their view must reach them.
 */
async function recordHoldings(db: Queryable, userId: string, collection: CollectionName, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `insert into replica_holdings (user_id, collection, record_id)
     select $1, $2, unnest($3::text[]) on conflict do nothing`,
    [userId, collection, ids],
  );
}
