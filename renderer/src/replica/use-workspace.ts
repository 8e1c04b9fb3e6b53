/**
 * The replica as the screens read it: live RxDB queries over every record collection, indexed
 * once per change with the domain's `indexWorkspace`, so RBAC questions (`decide`,
 * `effectiveRole`) are answered with the same code the server runs.
 */
import { useEffect, useMemo, useState } from 'react';
import type { RxCollection } from 'rxdb';
import { combineLatest, debounceTime } from 'rxjs';
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
    const subscription = combineLatest({
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
        setRaw({
          accounts: docs.accounts.map((d) => strip<Account>(d)).filter(isLive),
          collections: docs.collections.map((d) => strip<Collection>(d)).filter(isLive),
          users: docs.users.map((d) => strip<User>(d)).filter(isLive),
          teams: docs.teams.map((d) => strip<Team>(d)).filter(isLive),
          shares: docs.shares.map((d) => strip<Share>(d)).filter(isLive),
          settings: docs.settings.map((d) => strip<WorkspaceSettings>(d)).filter(isLive),
        });
      });
    return () => subscription.unsubscribe();
  }, [collections]);

  return useMemo(() => {
    const data = raw ?? { accounts: [], collections: [], users: [], teams: [], shares: [], settings: [] };
    const settings = workspaceSettings(data.settings[0]);
    const accounts = [...data.accounts].sort((a, b) => a.name.localeCompare(b.name, 'en'));
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
