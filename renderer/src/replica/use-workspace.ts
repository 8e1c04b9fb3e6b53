/**
 * The replica as the screens read it: live RxDB queries over every record collection, indexed
 * once per change with the domain's `indexWorkspace`, so RBAC questions (`decide`,
 * `effectiveRole`) are answered with the same code the server runs. Accounts come in the
 * Accounts list's order (account-order.ts).
 *
 * The whole workspace is read after the first screen (first-screen.ts) has painted: at 20,000
 * accounts the read holds the page for about a second, and the first screen does not need it.
 */
import { useEffect, useMemo, useState } from 'react';
import type { RxCollection } from 'rxdb';
import { combineLatest, debounceTime, type Subscription } from 'rxjs';
import {
  type Account,
  type Collection,
  type Share,
  type Team,
  type User,
  type WorkspaceSettings,
  workspaceSettings,
} from '../../../domain/records';
import type { CollectionName, RecordOf } from '../../../domain/wire/collections';
import { indexWorkspace, type WorkspaceIndex } from '../../../domain/workspace-index';
import { inListOrder } from './account-order';
import type { ReplicaCollections } from './open-replica';

export interface WorkspaceView {
  loading: boolean;
  index: WorkspaceIndex;
  accounts: Account[];
  collections: Collection[];
  users: User[];
  teams: Team[];
  shares: Share[];
}

interface Raw {
  accounts: Account[];
  collections: Collection[];
  users: User[];
  teams: Team[];
  shares: Share[];
  settings: WorkspaceSettings[];
}

const strip = <T>(doc: { toJSON(): unknown }): T => doc.toJSON() as T;

export function useWorkspaceView(collections: ReplicaCollections | null): WorkspaceView {
  const [raw, setRaw] = useState<Raw | null>(null);
  useEffect(() => {
    if (!collections) return;
    let subscription: Subscription | null = null;
    const cancel = afterNextPaint(() => {
      subscription = followWorkspace(collections, setRaw);
    });
    return () => {
      cancel();
      subscription?.unsubscribe();
    };
  }, [collections]);

  return useMemo(() => {
    const data = raw ?? { accounts: [], collections: [], users: [], teams: [], shares: [], settings: [] };
    const settings = workspaceSettings(data.settings[0]);
    const accounts = inListOrder(data.accounts);
    return {
      loading: raw === null,
      index: indexWorkspace({ ...data, accounts, settings }),
      accounts,
      collections: [...data.collections].sort((a, b) => a.name.localeCompare(b.name, 'en')),
      users: data.users,
      teams: data.teams,
      shares: data.shares,
    };
  }, [raw]);
}

/** Every record collection, live; `onRead` gets them once per burst of changes. */
function followWorkspace(collections: ReplicaCollections, onRead: (raw: Raw) => void): Subscription {
  return (
    combineLatest({
      accounts: collections.accounts.find().$,
      collections: collections.collections.find().$,
      users: collections.users.find().$,
      teams: collections.teams.find().$,
      shares: collections.shares.find().$,
      settings: collections.settings.find().$,
    })
      // A pull writes hundreds of documents at once: index once per burst, not per document.
      .pipe(debounceTime(16))
      .subscribe((docs) => {
        // Start-up timeline for bench/desktop.ts (Performance API marks; nothing else reads them).
        if (performance.getEntriesByName('latchkey:workspace-read').length === 0)
          performance.mark('latchkey:workspace-read');
        onRead({
          accounts: docs.accounts.map((d) => strip<Account>(d)).filter(isLive),
          collections: docs.collections.map((d) => strip<Collection>(d)).filter(isLive),
          users: docs.users.map((d) => strip<User>(d)).filter(isLive),
          teams: docs.teams.map((d) => strip<Team>(d)).filter(isLive),
          shares: docs.shares.map((d) => strip<Share>(d)).filter(isLive),
          settings: docs.settings.map((d) => strip<WorkspaceSettings>(d)).filter(isLive),
        });
      })
  );
}

/**
 * Runs `run` once the page has painted what it holds now: after the next frame, or after
 * `HIDDEN_MS` in a hidden page, where frames do not come.
 */
function afterNextPaint(run: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A frame's callbacks run before its paint; a task queued from one runs after it.
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(once, 0);
  });
  const hidden = setTimeout(once, HIDDEN_MS);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    clearTimeout(hidden);
  };
}

const HIDDEN_MS = 250;

/** A tombstone pulled for an item never seen holds only `id`: not a record to show. */
function isLive(doc: { updatedAt?: unknown }): boolean {
  return typeof doc.updatedAt === 'string';
}

/**
 * One document of the replica, live (credentials decrypted): undefined while loading, null when
 * the replica holds none, as for an account the user can no longer see.
 */
export function useReplicaDocument<C extends CollectionName>(
  collections: ReplicaCollections | null,
  collection: C,
  id: string | null,
): RecordOf[C] | null | undefined {
  const [value, setValue] = useState<RecordOf[C] | null | undefined>(undefined);
  useEffect(() => {
    setValue(undefined);
    if (!collections || id === null) return;
    const subscription = (collections[collection] as RxCollection<RecordOf[C]>)
      .findOne(id)
      .$.subscribe((doc) => setValue(doc ? (doc.toJSON() as RecordOf[C]) : null));
    return () => subscription.unsubscribe();
  }, [collections, collection, id]);
  return value;
}
