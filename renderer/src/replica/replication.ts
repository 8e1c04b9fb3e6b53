/**
 * Live replication of every replica collection with the sync server, through the host
 * (RxDB `replicateRxCollection`, docs-src/docs/replication-http.md): pull by checkpoint, push with
 * the assumed master state, and `pull.stream$` fed by the host's `sync:event` — a `change` event
 * re-pulls the named collections, `RESYNC` (sent after every reconnect) re-pulls all of them.
 */
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication';
import { combineLatest, filter, map, Subject } from 'rxjs';
import type { Connectivity, LatchkeyApi } from '../../../domain/ipc-contract';
import {
  COLLECTION_NAMES,
  type CollectionName,
  READ_ONLY_COLLECTIONS,
  type RecordOf,
} from '../../../domain/wire/collections';
import { PULL_LIMIT_DEFAULT } from '../../../domain/wire/replication';
import type { Replica } from './open-replica';
import { isLocalOwnerShare } from './owner-share';
import type { PendingChanges } from './pending-changes';
import { isOfflineCause } from './sync-errors';
import { type HandlerDeps, pullHandler, pushHandler, type Refusals, type SyncIssue } from './sync-handlers';

export interface ReplicationDeps {
  api: LatchkeyApi;
  pending: PendingChanges;
  refusals: Refusals;
  report: (issue: SyncIssue) => void;
  onConnectivity: (state: Connectivity) => void;
  onSyncing: (syncing: boolean) => void;
  onError: (error: { code: string; reason: string } | null) => void;
}

export interface Replication {
  /** Resolves when every collection has pushed what it holds and pulled what the server has. */
  awaitInSync(): Promise<void>;
  /**
   * Resolves once the collection's first replication of this session is done: until then an
   * empty collection means "not pulled yet", not "the server has none".
   */
  firstPull(name: CollectionName): Promise<void>;
  resync(): void;
  stop(): Promise<void>;
}

const PUSH_BATCH = 100;

export function startReplication(replica: Replica, deps: ReplicationDeps): Replication {
  const wake = new Subject<CollectionName | 'ALL'>();
  let connectivity: Connectivity = 'unknown';
  const onlineWaiters = new Set<() => void>();
  const setConnectivity = (state: Connectivity) => {
    connectivity = state;
    deps.onConnectivity(state);
    if (state === 'online') {
      for (const resolve of onlineWaiters) resolve();
      onlineWaiters.clear();
    }
  };
  const handlerDeps: HandlerDeps = {
    invoke: deps.api.invoke,
    pending: deps.pending,
    report: deps.report,
    onlineOrAfter: (ms) =>
      new Promise<void>((resolve) => {
        if (connectivity === 'online') return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          onlineWaiters.delete(done);
          resolve();
        }
        onlineWaiters.add(done);
      }),
    localIds: async (name) => {
      const docs = await replica.collections[name].find().exec();
      return docs.map((doc) => doc.primary);
    },
  };

  const states = COLLECTION_NAMES.map((name) => replicate(name));
  function replicate<C extends CollectionName>(name: C): RxReplicationState<RecordOf[C], unknown> {
    const state = replicateRxCollection<RecordOf[C], unknown>({
      replicationIdentifier: `latchkey-sync-${name}`,
      collection: replica.collections[name] as never,
      deletedField: '_deleted',
      live: true,
      retryTime: 500,
      waitForLeadership: false,
      toggleOnDocumentVisible: false,
      autoStart: true,
      pull: {
        handler: pullHandler(name, handlerDeps) as never,
        batchSize: PULL_LIMIT_DEFAULT,
        stream$: wake.pipe(
          filter((target) => target === 'ALL' || target === name),
          map(() => 'RESYNC' as const),
        ),
      },
      // Users and teams come from Okta through SCIM: the replica only reads them.
      push: READ_ONLY_COLLECTIONS.has(name)
        ? undefined
        : {
            handler: pushHandler(name, handlerDeps, deps.refusals) as never,
            batchSize: PUSH_BATCH,
            // RxDB skips a document whose push modifier returns null.
            modifier:
              name === 'shares'
                ? (doc: { id: string; _deleted?: boolean }) => (isLocalOwnerShare(doc) ? null : doc)
                : undefined,
          },
    });
    state.error$.subscribe((error) => {
      const cause = (error.parameters?.errors?.[0] ?? {}) as { name?: string; code?: string; message?: string };
      if (isOfflineCause(cause)) return;
      deps.onError({ code: cause.code ?? error.code, reason: cause.message ?? error.message });
    });
    state.received$.subscribe(() => deps.onError(null));
    state.sent$.subscribe(() => deps.onError(null));
    return state;
  }

  const activity = combineLatest(states.map((state) => state.active$)).subscribe((active) =>
    deps.onSyncing(active.some(Boolean)),
  );
  const stopEvents = deps.api.on('sync:event', (event) => {
    if (event.type === 'RESYNC') wake.next('ALL');
    else for (const name of event.collections) if (isCollection(name)) wake.next(name);
  });
  const stopConnectivity = deps.api.on('sync:connectivity-changed', (state) => {
    setConnectivity(state);
    if (state === 'online') wake.next('ALL');
  });
  void deps.api.invoke('sync:connectivity').then((answer) => {
    if (answer.ok) setConnectivity(answer.value);
  });

  return {
    async awaitInSync() {
      await Promise.all(states.map((state) => state.awaitInSync()));
    },
    async firstPull(name) {
      await states[COLLECTION_NAMES.indexOf(name)]?.awaitInitialReplication();
    },
    resync: () => wake.next('ALL'),
    async stop() {
      stopEvents();
      stopConnectivity();
      activity.unsubscribe();
      await Promise.all(states.map((state) => state.cancel()));
    },
  };
}

function isCollection(name: string): name is CollectionName {
  return (COLLECTION_NAMES as readonly string[]).includes(name);
}
