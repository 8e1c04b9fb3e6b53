/**
 * The open replica of the signed-in user, opened on sign-in and removed when main ends the session
 * (`wipeReplica`). The handle lives here so screens can reach it; the records themselves are read
 * through RxDB queries (replica/use-workspace.ts), never copied into zustand — but for the Accounts
 * list's first screen, read once as the replica opens (first-screen.ts) and shown only until the
 * whole workspace is read.
 */
import { create } from 'zustand';
import type { LatchkeyApi, SessionStatus } from '../../../domain/ipc-contract';
import { COLLECTION_NAMES, type CollectionName } from '../../../domain/wire/collections';
import { callService } from '../bridge/call-service';
import { reportIssue, type SyncState, useSync } from '../stores/sync-store';
import { type FirstScreen, readFirstScreen } from './first-screen';
import { openReplica, type Replica } from './open-replica';
import { createPendingChanges, type PendingChanges } from './pending-changes';
import { type Replication, startReplication } from './replication';
import { conflictHandler, createRefusals } from './sync-handlers';
import { createMeResolver } from './who-am-i';
import { removeBrowserData } from './wipe-local-data';

export interface ReplicaHandle {
  replica: Replica;
  replication: Replication;
  pending: PendingChanges;
  api: LatchkeyApi;
  /** The signed-in user's Okta subject and email, to find their user record offline. */
  subject: string;
  email: string | null;
}

export type ReplicaState =
  | { phase: 'closed' }
  | { phase: 'opening'; subject: string }
  | {
      phase: 'ready';
      handle: ReplicaHandle;
      /** The signed-in user's id as the server named it (this session, or cached from an earlier one). */
      meId: string | null;
      /** The session's e-mail to find "me" by while the server has not answered and no id is cached. */
      fallbackEmail: string | null;
      /** Collections whose first pull of this session is done (Replication.firstPull). */
      pulled: ReadonlySet<CollectionName>;
      /** The Accounts list's first screen, read before replication started. */
      firstScreen: FirstScreen;
    }
  | { phase: 'failed'; message: string };

export const useReplica = create<ReplicaState>(() => ({ phase: 'closed' }));

/** Bumped by every close and wipe: an open still in flight then closes what it opened. */
let generation = 0;
/** The replica last opened here, kept until a wipe removes it (RxDB removes a closed database too). */
let lastOpened: Replica | null = null;
let opening: Promise<void> = Promise.resolve();
let closing: Promise<void> = Promise.resolve();

export async function openReplicaFor(api: LatchkeyApi, status: SessionStatus): Promise<void> {
  const subject = status.user?.subject;
  if (!subject) return;
  if (openOrOpening(subject)) return;
  await closeReplica();
  // A close started elsewhere (the lock) may still be running: the same database cannot be
  // opened beside it, and an unlock can be quicker than closing a large replica.
  await closing;
  // Another call may have started the open while this one waited.
  if (openOrOpening(subject)) return;
  const mine = generation;
  useReplica.setState({ phase: 'opening', subject }, true);
  const opened = openFor(api, status, subject, mine);
  opening = opened;
  await opened;
}

function openOrOpening(subject: string): boolean {
  const current = useReplica.getState();
  return (
    (current.phase === 'opening' && current.subject === subject) ||
    (current.phase === 'ready' && current.handle.subject === subject)
  );
}

async function openFor(api: LatchkeyApi, status: SessionStatus, subject: string, mine: number): Promise<void> {
  try {
    performance.mark('latchkey:replica-opening');
    const key = await callService(api, 'replica:key');
    const encryptionKey = key.ok ? key.value.key : null;
    const refusals = createRefusals();
    const meKey = `latchkey.me.${subject}`;
    let handle: ReplicaHandle | null = null;
    const me = createMeResolver(api, (answer) => {
      const meId = answer.kind === 'me' ? answer.me.id : null;
      if (meId === null) window.localStorage.removeItem(meKey);
      else window.localStorage.setItem(meKey, meId);
      const state = useReplica.getState();
      if (state.phase === 'ready' && state.handle === handle) useReplica.setState({ meId, fallbackEmail: null });
    });
    const replica = await openReplica({
      userKey: subject,
      encryptionKey,
      conflictHandler: (name) => conflictHandler(name, refusals),
    });
    lastOpened = replica;
    if (mine !== generation) {
      await replica.close();
      return;
    }
    performance.mark('latchkey:replica-open');
    const pending = createPendingChanges(window.localStorage, `latchkey.pending.${subject}`);
    useSync.setState({ pending: pending.count() });
    pending.subscribe((count) => useSync.setState({ pending: count }));
    // The first screen, read before replication starts competing for IndexedDB: a page of the
    // accounts and what their cards need, not the whole workspace (bench/desktop.ts cold start).
    const firstScreen = await readFirstScreen(replica);
    performance.mark('latchkey:first-screen-read');
    if (mine !== generation) {
      await replica.close();
      return;
    }
    const replication = startReplication(replica, {
      api,
      pending,
      refusals,
      report: reportIssue,
      // Replication reports per document; the indicator re-renders only when what it shows changes.
      onConnectivity: (connectivity) => {
        setSyncIfChanged({ connectivity });
        // Offline at start: the server is asked who "me" is once it can answer.
        if (connectivity === 'online') void me.ask();
      },
      onSyncing: (syncing) => setSyncIfChanged({ syncing }),
      onError: (error) => setSyncIfChanged({ error }),
    });
    handle = { replica, replication, pending, api, subject, email: status.user?.email ?? null };
    const cachedMeId = window.localStorage.getItem(meKey);
    useReplica.setState(
      {
        phase: 'ready',
        handle,
        meId: cachedMeId,
        fallbackEmail: cachedMeId === null ? handle.email : null,
        pulled: new Set<CollectionName>(),
        firstScreen,
      },
      true,
    );
    const current = handle;
    for (const name of COLLECTION_NAMES) {
      // Waits while offline; a replication stopped on sign-out may reject: only the current
      // handle is ever marked.
      replication.firstPull(name).then(
        () => {
          const state = useReplica.getState();
          if (state.phase === 'ready' && state.handle === current)
            useReplica.setState({ pulled: new Set([...state.pulled, name]) });
        },
        () => undefined,
      );
    }
    void me.ask();
  } catch (error) {
    if (mine !== generation) return;
    useReplica.setState(
      {
        phase: 'failed',
        message: `The local replica could not be opened: ${error instanceof Error ? error.message : String(error)}`,
      },
      true,
    );
  }
}

function setSyncIfChanged(patch: Partial<Pick<SyncState, 'connectivity' | 'syncing' | 'error'>>): void {
  const current = useSync.getState();
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).some(
    (key) => JSON.stringify(current[key]) !== JSON.stringify(patch[key]),
  );
  if (changed) useSync.setState(patch);
}

export async function closeReplica(): Promise<void> {
  generation += 1;
  const current = useReplica.getState();
  useReplica.setState({ phase: 'closed' }, true);
  if (current.phase !== 'ready') return;
  const closed = (async () => {
    performance.mark('latchkey:replica-closing');
    await current.handle.replication.stop();
    await current.handle.replica.close();
    performance.mark('latchkey:replica-closed');
  })();
  closing = closed.catch(() => undefined);
  await closed;
}

/**
 * Main ended the session (`session:wipe`): stop replicating, remove the replica — records and
 * credentials, on disk or in memory — and whatever else the app keeps in this browser profile.
 * Safe to call at any phase and more than once; an open still in flight is waited for.
 */
export async function wipeReplica(): Promise<void> {
  await closeReplica();
  await Promise.all([opening.catch(() => undefined), closing]);
  const replica = lastOpened;
  lastOpened = null;
  await replica?.remove();
  await removeBrowserData({ indexedDB: window.indexedDB, localStorage: window.localStorage });
}
