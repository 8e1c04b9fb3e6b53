/**
 * The desktop app's own replica stack, run in Node against a real sync server: the renderer's
 * `openReplica` (RxDB on Dexie, with fake-indexeddb standing in for the browser's IndexedDB, as
 * the renderer's unit tests do), `startReplication` with the app's sync handlers and conflict
 * rule, and `writes.ts` through the returned handle — fed by a `LatchkeyApi` whose `sync:*`
 * channels go through main's IPC dispatch (input and output parsed against the contract) to
 * main's sync proxy (bearer token, refresh on 401, live stream with its reconnect backoff).
 * Only the transport between renderer and main (Electron IPC or the browser host's WebSocket)
 * and the session service (the token source is passed in) are left out.
 *
 * Unlike dev/stack/rxdb-replica.ts (a generic RxDB replica with its own handlers), nothing
 * here is a copy of the app's replication code.
 *
 * RxDB's open core allows 13 open collections per process and the app opens 7: one replica per
 * process (the scale-out bench runs each in a child process of its own).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { Connectivity, IpcEvent, IpcEventPayload, IpcResult, LatchkeyApi } from '../../domain/ipc-contract';
import { COLLECTION_NAMES, type CollectionName } from '../../domain/wire/collections';
import { sameValue } from '../../domain/wire/conflict-merge';
import type { Checkpoint } from '../../domain/wire/replication';
import { createDispatch, type IpcHandlers } from '../../main/ipc/dispatch';
import { createIpcHandlers } from '../../main/ipc/handlers';
import { createAppInfoService } from '../../main/services/app-info';
import type { TokenSource } from '../../main/services/sync-proxy/authed-request';
import type { BackoffPolicy } from '../../main/services/sync-proxy/backoff';
import { createSyncProxy, type SyncProxy } from '../../main/services/sync-proxy/sync-proxy';
import { openReplica } from '../../renderer/src/replica/open-replica';
import { createPendingChanges } from '../../renderer/src/replica/pending-changes';
import type { ReplicaHandle } from '../../renderer/src/replica/replica-store';
import { startReplication } from '../../renderer/src/replica/replication';
import { conflictHandler, createRefusals, type SyncIssue } from '../../renderer/src/replica/sync-handlers';

type Plain = Record<string, unknown> & { id: string };
export interface PushRow {
  newDocumentState: Plain;
  assumedMasterState?: Plain | null | undefined;
}

/** One `sync:pull` or `sync:push` as the renderer made it, with main's answer and how long it took. */
export type SyncCall =
  | { channel: 'sync:pull'; collection: CollectionName; ms: number; result: IpcResult<unknown> }
  | {
      channel: 'sync:push';
      collection: CollectionName;
      rows: readonly PushRow[];
      ms: number;
      result: IpcResult<unknown>;
    };

export interface AppReplicaOptions {
  syncServerUrl: string;
  tokens: TokenSource;
  deviceId: string;
  /** The Okta subject the app keys its databases by. */
  subject: string;
  /** Sees every pull and push the replication makes (benches count and time them). */
  observe?: (call: SyncCall) => void;
  /** The live stream's reconnect backoff (main's default when absent). */
  backoff?: BackoffPolicy;
}

export interface AppReplica {
  /** What screens get: writes.ts takes this. */
  handle: ReplicaHandle;
  proxy: SyncProxy;
  /** Refused and merged pushes, as the sync indicator would show them. */
  issues: SyncIssue[];
  /** Live stream connections so far (each one opens with RESYNC): more than one means it reconnected. */
  streamConnections(): number;
  /** Pulls to the server's head (a RESYNC, as after a reconnect) and pushes what is pending. */
  sync(): Promise<void>;
  /** The replica's documents of a collection, without RxDB's own fields, by id. */
  docs(collection: CollectionName): Promise<Map<string, Plain>>;
  /**
   * How the replica differs from a fresh full pull through the same proxy, per collection (none:
   * converged). Content is compared without `updatedAt`, by the app's and the server's own rule
   * (sync-handlers.ts `isEqual`, sync-server/replication/push.ts): the server stamps every write,
   * and RxDB keeps its own copy of an accepted push when the pulled state differs only in the stamp.
   */
  divergedFromServer(collections?: readonly CollectionName[]): Promise<Divergence[]>;
  close(): Promise<void>;
}

/** Ids the replica lacks, holds but the server does not give this user, and holds in another state. */
export interface Divergence {
  collection: CollectionName;
  missing: string[];
  extra: string[];
  changed: string[];
}

const FRESH_PULL_LIMIT = 500;

export async function startAppReplica(opts: AppReplicaOptions): Promise<AppReplica> {
  const proxy = createSyncProxy({
    syncServerUrl: opts.syncServerUrl,
    tokens: opts.tokens,
    deviceId: async () => opts.deviceId,
    ...(opts.backoff ? { backoff: opts.backoff } : {}),
  });
  // Main's handler map and dispatch, with the sync channels wired to this proxy as
  // desktop-ipc-handlers.ts wires them to the desktop services' proxy.
  const handlers: IpcHandlers = {
    ...createIpcHandlers({ appInfo: createAppInfoService('browser') }),
    'sync:pull': (input) => proxy.pull(input),
    'sync:push': (input) => proxy.push(input),
    'sync:connectivity': () => proxy.connectivity(),
  };
  const dispatch = createDispatch(handlers, (message, context) => console.error(message, context));
  const listeners = new Map<IpcEvent, Set<(payload: unknown) => void>>();
  const emit = <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const invoke = async (channel: unknown, input?: unknown): Promise<IpcResult<unknown>> => {
    const started = performance.now();
    const result = await dispatch(channel, input);
    if (opts.observe && (channel === 'sync:pull' || channel === 'sync:push')) {
      // The dispatch has parsed it against the contract: a pull or push input.
      const call = input as { collection: CollectionName; rows?: readonly PushRow[] };
      const ms = performance.now() - started;
      opts.observe(
        channel === 'sync:pull'
          ? { channel, collection: call.collection, ms, result }
          : { channel, collection: call.collection, rows: call.rows ?? [], ms, result },
      );
    }
    return result;
  };
  const on = (event: IpcEvent, listener: (payload: unknown) => void): (() => void) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  };
  // The same cast the preload and the WebSocket bridge make: one untyped function behind the typed interface.
  const api = { invoke, on } as LatchkeyApi;

  // What desktop-services.ts does for a signed-in session: relay the stream and connectivity.
  let resyncs = 0;
  const stopStream = proxy.subscribe((message) => {
    if (message.type === 'RESYNC') resyncs += 1;
    emit('sync:event', message);
  });
  const stopConnectivity = proxy.onConnectivity((state: Connectivity) => emit('sync:connectivity-changed', state));

  const refusals = createRefusals();
  const replica = await openReplica({
    userKey: opts.subject,
    encryptionKey: null,
    conflictHandler: (name) => conflictHandler(name, refusals),
    indexedDB: { indexedDB, IDBKeyRange },
  });
  const pending = createPendingChanges(memoryStorage(), `latchkey.pending.${opts.subject}`);
  const issues: SyncIssue[] = [];
  const replication = startReplication(replica, {
    api,
    pending,
    refusals,
    report: (issue) => issues.push(issue),
    onConnectivity: () => undefined,
    onSyncing: () => undefined,
    onError: () => undefined,
  });
  const handle: ReplicaHandle = { replica, replication, pending, api, subject: opts.subject, email: null };

  const docs = async (collection: CollectionName): Promise<Map<string, Plain>> => {
    const found = await replica.collections[collection].find().exec();
    return new Map(found.map((doc) => [doc.primary, withoutRxFields(doc.toJSON() as Plain)]));
  };

  const freshPull = async (collection: CollectionName): Promise<Map<string, Plain>> => {
    const fresh = new Map<string, Plain>();
    let checkpoint: Checkpoint | null = null;
    for (;;) {
      const answer = await proxy.pull({ collection, checkpoint, limit: FRESH_PULL_LIMIT });
      if (!answer.ok) throw new Error(`fresh pull of ${collection}: ${answer.code} ${answer.reason}`);
      for (const doc of answer.value.documents as unknown as Plain[]) {
        if (doc._deleted === true) fresh.delete(doc.id);
        else fresh.set(doc.id, withoutRxFields(doc));
      }
      checkpoint = answer.value.checkpoint;
      if (answer.value.documents.length < FRESH_PULL_LIMIT) return fresh;
    }
  };

  return {
    handle,
    proxy,
    issues,
    streamConnections: () => resyncs,
    async sync() {
      replication.resync();
      await replication.awaitInSync();
    },
    docs,
    async divergedFromServer(collections = COLLECTION_NAMES) {
      const diverged: Divergence[] = [];
      for (const collection of collections) {
        const [mine, fresh] = await Promise.all([docs(collection), freshPull(collection)]);
        const missing = [...fresh.keys()].filter((id) => !mine.has(id));
        const extra = [...mine.keys()].filter((id) => !fresh.has(id));
        const changed = [...fresh].flatMap(([id, doc]) => {
          const held = mine.get(id);
          if (!held) return [];
          const keys = [...new Set([...Object.keys(doc), ...Object.keys(held)])].filter((k) => k !== 'updatedAt');
          const differ = keys.filter((k) => !sameValue(doc[k], held[k]));
          return differ.length === 0 ? [] : [`${id}(${differ.join(',')})`];
        });
        if (missing.length + extra.length + changed.length > 0) diverged.push({ collection, missing, extra, changed });
      }
      return diverged;
    },
    async close() {
      stopStream();
      stopConnectivity();
      await replication.stop();
      await replica.remove();
      proxy.close();
    },
  };
}

/** RxDB's bookkeeping and the wire's deletion flag: not part of a record's content. */
function withoutRxFields(doc: Plain): Plain {
  const { _rev: _r, _meta: _m, _attachments: _a, _deleted: _d, ...rest } = doc;
  return rest as Plain;
}

/** localStorage's two methods the pending-changes counter uses, kept in memory. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}
