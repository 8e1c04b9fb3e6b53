/**
 * A real RxDB replica in Node (memory storage) replicating with a sync server over HTTP, as the
 * renderer does: pull by checkpoint, push with assumed master state, the SSE stream as
 * `pull.stream$`, and the conflict rule of domain/wire/conflict-merge.ts. `goOffline()` pauses
 * replication and closes the stream; `goOnline()` reconnects (the server says RESYNC).
 */
import { EventSource } from 'eventsource';
import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type WithDeleted } from 'rxdb';
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Subject } from 'rxjs';
import type { CollectionName } from '../../domain/wire/collections';
import { mergeConflict, sameValue } from '../../domain/wire/conflict-merge';
import {
  type Checkpoint,
  checkpointParams,
  type PushConflict,
  PushResponse,
  pullResponseSchema,
  StreamEvent,
} from '../../domain/wire/replication';
import { pullFromTheStart } from '../../domain/wire/start-over';

type AnyDoc = Record<string, unknown> & { id: string };

export interface Replica {
  name: string;
  db: RxDatabase;
  collections: Record<CollectionName, RxCollection<AnyDoc>>;
  /** Refused changes the server reported (reason + message), in order. */
  refusals: PushConflict[];
  /** Every HTTP status the replica received that was not 2xx. */
  httpErrors: number[];
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  /** Resolves once every collection has pushed local writes and pulled to the server's head. */
  sync(): Promise<void>;
  docs(collection: CollectionName): Promise<AnyDoc[]>;
  close(): Promise<void>;
}

const SCHEMA: RxJsonSchema<AnyDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 } },
  required: ['id'],
};

let counter = 0;

export async function startReplica(opts: {
  /** The server's URL; a function when the server may come back elsewhere (a restart on port 0). */
  url: string | (() => string);
  token: () => Promise<string>;
  deviceId: string;
  collections: readonly CollectionName[];
  pullBatchSize?: number;
}): Promise<Replica> {
  counter += 1;
  const name = `replica${counter}${Date.now().toString(36)}`;
  const url = opts.url;
  const urlOf = typeof url === 'string' ? () => url : url;
  const refused = new Set<string>();
  const refusals: PushConflict[] = [];
  const httpErrors: number[] = [];
  const db = await createRxDatabase({ name, storage: getRxStorageMemory(), multiInstance: false, eventReduce: true });
  const specs = Object.fromEntries(
    opts.collections.map((c) => [
      c,
      {
        schema: SCHEMA,
        conflictHandler: {
          isEqual: (a: AnyDoc, b: AnyDoc) => sameValue(withoutStamp(a), withoutStamp(b)),
          resolve: async (input: {
            assumedMasterState?: AnyDoc;
            realMasterState: AnyDoc;
            newDocumentState: AnyDoc;
          }) => {
            const wasRefused = refused.delete(`${c}/${input.realMasterState.id}`);
            return mergeConflict(input, wasRefused);
          },
        },
      },
    ]),
  );
  const added = (await db.addCollections(specs)) as Record<CollectionName, RxCollection<AnyDoc>>;

  const call = async (path: string, init: RequestInit = {}): Promise<unknown> => {
    const res = await fetch(`${urlOf()}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${await opts.token()}`,
        'x-latchkey-device': opts.deviceId,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
    if (!res.ok) {
      httpErrors.push(res.status);
      throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status}`);
    }
    return res.json();
  };

  const streams = new Map<CollectionName, Subject<'RESYNC'>>();
  const states = new Map<CollectionName, RxReplicationState<AnyDoc, Checkpoint>>();
  for (const c of opts.collections) {
    const stream$ = new Subject<'RESYNC'>();
    streams.set(c, stream$);
    const state = replicateRxCollection<AnyDoc, Checkpoint>({
      collection: added[c],
      replicationIdentifier: `latchkey:${urlOf()}:${c}`,
      live: true,
      retryTime: 100,
      waitForLeadership: false,
      autoStart: false,
      deletedField: '_deleted',
      pull: {
        batchSize: opts.pullBatchSize ?? 200,
        stream$: stream$.asObservable(),
        handler: async (checkpoint, batchSize) => {
          const pullPage = async (from: Checkpoint | undefined, limit: number) => {
            const q = new URLSearchParams({ limit: String(limit), ...checkpointParams(from) });
            return pullResponseSchema(c).parse(await call(`/api/v1/replication/${c}/pull?${q}`));
          };
          let body = await pullPage(checkpoint, batchSize);
          // The store was restored from a backup: start over, as the renderer does.
          if (body.resync) {
            body = await pullFromTheStart({
              from: body.checkpoint,
              pageSize: batchSize,
              pull: pullPage,
              localIds: async () => (await added[c].find().exec()).map((doc) => doc.primary),
            });
          }
          return { documents: body.documents as WithDeleted<AnyDoc>[], checkpoint: body.checkpoint };
        },
      },
      push: {
        batchSize: 100,
        handler: async (rows) => {
          const body = PushResponse.parse(
            await call(`/api/v1/replication/${c}/push`, { method: 'POST', body: JSON.stringify(rows) }),
          );
          for (const conflict of body.conflicts) {
            if (conflict.reason !== undefined) {
              refused.add(`${c}/${conflict.document.id}`);
              refusals.push(conflict);
            }
          }
          return body.conflicts.map((conflict) => conflict.document as WithDeleted<AnyDoc>);
        },
      },
    });
    states.set(c, state);
  }

  let source: EventSource | undefined;
  const openStream = async (): Promise<void> => {
    const token = await opts.token();
    source = new EventSource(`${urlOf()}/api/v1/replication/stream`, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
    });
    source.onmessage = (message) => {
      const event = StreamEvent.safeParse(JSON.parse(message.data));
      if (!event.success) return;
      const targets = event.data.type === 'RESYNC' ? opts.collections : event.data.collections;
      for (const t of targets) streams.get(t as CollectionName)?.next('RESYNC');
    };
  };

  const replica: Replica = {
    name,
    db,
    collections: added,
    refusals,
    httpErrors,
    async goOffline() {
      source?.close();
      source = undefined;
      await Promise.all([...states.values()].map((s) => s.pause()));
    },
    async goOnline() {
      await Promise.all([...states.values()].map((s) => s.start()));
      await openStream();
    },
    async sync() {
      for (const s of states.values()) s.reSync();
      await Promise.all([...states.values()].map((s) => s.awaitInSync()));
    },
    async docs(collection) {
      const found = await added[collection].find().exec();
      return found.map((d) => d.toMutableJSON() as AnyDoc).sort((a, b) => a.id.localeCompare(b.id));
    },
    async close() {
      source?.close();
      await Promise.all([...states.values()].map((s) => s.cancel()));
      await db.remove();
    },
  };
  await replica.goOnline();
  return replica;
}

function withoutStamp(doc: AnyDoc): Record<string, unknown> {
  const { updatedAt: _u, _meta: _m, _rev: _r, _attachments: _a, ...rest } = doc;
  return rest;
}
