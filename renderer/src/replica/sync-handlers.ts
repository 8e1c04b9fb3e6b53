/**
 * RxDB replication handlers that go through the host (`sync:pull`, `sync:push`): main adds the
 * bearer token, the renderer never holds one. Main also parses the server's answers with the wire
 * schemas (domain/wire/replication.ts) where they enter, so a page arrives here already typed
 * (`PullResponse`, `PushResponse`) and is not parsed again: a cold start at 20,000 accounts pulls
 * pages of thousands of records. An answer outside the wire contract arrives as main's
 * `bad_response` failure.
 *
 * Push conflicts follow the wire contract: a conflict WITH a `reason` is a refused change (policy,
 * read-only field…): RxDB takes the server's state and the user is told why. Without a reason it
 * is a stale write: merged field by field (domain/wire/conflict-merge.ts) and pushed again. Either
 * way the user is told; nothing is dropped silently.
 */
import type { RxConflictHandler, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import type { LatchkeyApi, ServiceFailure } from '../../../domain/ipc-contract';
import { type CollectionName, type RecordOf, referencedRecords } from '../../../domain/wire/collections';
import { mergeConflict, sameValue } from '../../../domain/wire/conflict-merge';
import type { Checkpoint } from '../../../domain/wire/replication';
import { pullFromTheStart } from '../../../domain/wire/start-over';
import { callService } from '../bridge/call-service';
import type { PendingChanges } from './pending-changes';
import { failureToError, SyncOfflineError } from './sync-errors';

export type SyncIssueKind = 'refused' | 'merged';

export interface SyncIssue {
  kind: SyncIssueKind;
  collection: CollectionName;
  docId: string;
  /** What the user would call the item: an account's name, a collection's name… */
  label: string;
  reason: string | null;
  message: string;
}

export interface HandlerDeps {
  invoke: LatchkeyApi['invoke'];
  pending: PendingChanges;
  report: (issue: SyncIssue) => void;
  /** Resolves when the host says it is online again, or after `ms`; used to retry soon after a reconnect. */
  onlineOrAfter: (ms: number) => Promise<void>;
  /** Ids of the records the replica holds in `collection`, for starting over after a restore. */
  localIds: (collection: CollectionName) => Promise<readonly string[]>;
}

type Row<C extends CollectionName> = RxReplicationWriteToMasterRow<RecordOf[C]>;

/** Refusals seen in push answers, consumed by the conflict handler to take the server's state. */
export function createRefusals() {
  const refused = new Set<string>();
  return {
    mark: (collection: CollectionName, id: string) => refused.add(`${collection}:${id}`),
    take: (collection: CollectionName, id: string) => refused.delete(`${collection}:${id}`),
  };
}
export type Refusals = ReturnType<typeof createRefusals>;

/**
 * A `resync` answer (the server was restored from a backup) is handled here, inside one call of
 * the handler: every page again from the new epoch's start, and tombstones for what the replica
 * holds that did not come back (domain/wire/start-over.ts). RxDB just sees a large page.
 */
export function pullHandler<C extends CollectionName>(collection: C, deps: HandlerDeps) {
  const pullPage = async (checkpoint: Checkpoint | null, limit: number) => {
    const answer = await callService(deps, 'sync:pull', { collection, checkpoint, limit });
    if (!answer.ok) throw await failed(answer, deps);
    return answer.value;
  };
  return async (checkpoint: Checkpoint | undefined, batchSize: number) => {
    let page = await pullPage(checkpoint ?? null, batchSize);
    if (page.resync) {
      page = await pullFromTheStart({
        from: page.checkpoint,
        pageSize: batchSize,
        pull: pullPage,
        // What the user changed and has not pushed yet is not dropped: its push is judged by the server.
        localIds: async () => (await deps.localIds(collection)).filter((id) => !deps.pending.has(collection, id)),
      });
    }
    return {
      documents: page.documents as unknown as WithDeleted<RecordOf[C]>[],
      checkpoint: page.checkpoint,
    };
  };
}

/**
 * How long a push waits for the records it refers to. Only a stale pending mark (one RxDB no longer
 * has to push) could hold it longer; then the row goes anyway and the server decides, as always.
 */
const REFERENCED_WAIT_MS = 15_000;

export function pushHandler<C extends CollectionName>(collection: C, deps: HandlerDeps, refusals: Refusals) {
  return async (rows: Row<C>[]): Promise<WithDeleted<RecordOf[C]>[]> => {
    // Collections push independently: a new account's credentials or shares must not reach the
    // server before the account does, or they are refused and what the user typed is lost.
    const referenced = rows.flatMap((row) =>
      row.newDocumentState._deleted ? [] : referencedRecords(collection, row.newDocumentState as RecordOf[C]),
    );
    await deps.pending.settled(referenced, REFERENCED_WAIT_MS);
    const answer = await callService(deps, 'sync:push', { collection, rows });
    if (!answer.ok) throw await failed(answer, deps);
    const { conflicts } = answer.value;
    const sent = new Map(rows.map((row) => [row.newDocumentState.id as string, row.newDocumentState]));
    for (const conflict of conflicts) {
      const id = conflict.document.id;
      const label = labelOf((sent.get(id) ?? conflict.document) as Record<string, unknown>, id);
      if (conflict.reason !== undefined) {
        refusals.mark(collection, id);
        deps.report({
          kind: 'refused',
          collection,
          docId: id,
          label,
          reason: conflict.reason,
          message: conflict.message ?? `The server refused this change (${conflict.reason}).`,
        });
      } else {
        deps.report({
          kind: 'merged',
          collection,
          docId: id,
          label,
          reason: null,
          message:
            'Someone changed this at the same time on another device. Both changes were merged where they did not overlap; where they did, the other change was kept.',
        });
      }
    }
    deps.pending.settle(collection, [...sent.keys()]);
    return conflicts.map((conflict) => conflict.document) as unknown as WithDeleted<RecordOf[C]>[];
  };
}

/** The replica's conflict handler: server state for refusals, a three-way merge for stale writes. */
export function conflictHandler<C extends CollectionName>(
  collection: C,
  refusals: Refusals,
): RxConflictHandler<RecordOf[C]> {
  return {
    isEqual: (a, b) => sameValue(withoutMeta(a), withoutMeta(b)),
    resolve: async (input) => {
      const refused = refusals.take(collection, input.realMasterState.id as string);
      return mergeConflict(
        input as unknown as Parameters<typeof mergeConflict<Record<string, unknown> & { id: string }>>[0],
        refused,
      ) as unknown as WithDeleted<RecordOf[C]>;
    },
  };
}

async function failed(answer: ServiceFailure, deps: HandlerDeps): Promise<Error> {
  const error = failureToError(answer);
  // Offline: wait (bounded) for the host to see the server again, so RxDB's retry comes right after a reconnect.
  if (error instanceof SyncOfflineError) await deps.onlineOrAfter(2_000);
  return error;
}

function labelOf(doc: Record<string, unknown>, id: string): string {
  for (const key of ['name', 'displayName', 'userName']) {
    const value = doc[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return id;
}

/** `updatedAt` is the server's stamp: two states differing only in it are the same content. */
function withoutMeta(doc: object): Record<string, unknown> {
  const { _meta, _rev, _attachments, updatedAt, ...rest } = doc as Record<string, unknown>;
  return rest;
}
