/**
 * The workspace (everything but credentials) held in memory and indexed for the domain's RBAC
 * functions, refreshed incrementally from the global write sequence: each call reads only the
 * rows written since the cached seq. The index is rebuilt only when a change can alter access
 * (anything but an account's own content), so a burst of label edits costs no rebuild; the
 * index's account objects may then lag in fields no access decision reads.
 *
 * State is immutable and swapped whole, so concurrent refreshes need no lock (a lock here could
 * deadlock with PGlite's single connection while a transaction waits on it).
 */
import { type Visibility, visibleTo } from '../../domain/access';
import {
  type Account,
  type Collection,
  type Share,
  type Team,
  type User,
  WORKSPACE_SETTINGS_ID,
  type WorkspaceSettings,
} from '../../domain/records';
import type { CollectionName } from '../../domain/wire/collections';
import { indexWorkspace, type WorkspaceIndex } from '../../domain/workspace-index';
import type { Queryable } from '../store/db';
import type { RecordsRepo, StoredRow } from '../store/records-repo';

interface Maps {
  users: Map<string, User>;
  teams: Map<string, Team>;
  collections: Map<string, Collection>;
  accounts: Map<string, Account>;
  shares: Map<string, Share>;
  settings: WorkspaceSettings;
}

export interface WorkspaceState {
  /** Every row with seq ≤ this is reflected; pulls serve rows only up to here. */
  seq: number;
  index: WorkspaceIndex;
  /** Users by Okta user id (SCIM external ID), for mapping a token's subject. */
  usersByExternalId: ReadonlyMap<string, User>;
  visibility(userId: string): Visibility;
}

/** Until an admin names the workspace; written at first start (bootstrap.ts). */
export const DEFAULT_SETTINGS: WorkspaceSettings = {
  id: WORKSPACE_SETTINGS_ID,
  name: 'Latchkey',
  extendedAccessEnabled: false,
  allAccessMode: false,
  updatedAt: new Date(0).toISOString(),
};

const EMPTY: Maps = {
  users: new Map(),
  teams: new Map(),
  collections: new Map(),
  accounts: new Map(),
  shares: new Map(),
  settings: DEFAULT_SETTINGS,
};

export class WorkspaceCache {
  private maps: Maps = EMPTY;
  private state: WorkspaceState = makeState(0, EMPTY);

  constructor(private readonly repo: RecordsRepo) {}

  /** The workspace as of the latest committed write visible to `q`. */
  async current(q: Queryable): Promise<WorkspaceState> {
    const base = this.state;
    const baseMaps = this.maps;
    // Writers hold one lock from seq to commit, so once `head` is visible every smaller seq is
    // committed: the state below is exact up to `head`, credentials included.
    const head = await this.repo.headSeq(q);
    if (head <= base.seq) return base;
    const rows = await this.repo.structureSince(q, base.seq, head);
    const maps = copy(baseMaps);
    let structural = false;
    for (const row of rows) structural = apply(maps, row) || structural;
    const seq = head;
    // Another refresh may have moved further meanwhile; never go back.
    if (this.state.seq >= seq) return this.state;
    this.maps = maps;
    this.state = structural ? makeState(seq, maps) : { ...base, seq };
    return this.state;
  }
}

function makeState(seq: number, maps: Maps): WorkspaceState {
  const index = indexWorkspace({
    settings: maps.settings,
    users: [...maps.users.values()],
    teams: [...maps.teams.values()],
    collections: [...maps.collections.values()],
    accounts: [...maps.accounts.values()],
    shares: [...maps.shares.values()],
  });
  const usersByExternalId = new Map<string, User>();
  for (const user of maps.users.values()) if (user.externalId !== null) usersByExternalId.set(user.externalId, user);
  const visible = new Map<string, Visibility>();
  return {
    seq,
    index,
    usersByExternalId,
    visibility(userId) {
      let v = visible.get(userId);
      if (v === undefined) {
        v = visibleTo(index, userId);
        visible.set(userId, v);
      }
      return v;
    },
  };
}

function copy(m: Maps): Maps {
  return {
    users: new Map(m.users),
    teams: new Map(m.teams),
    collections: new Map(m.collections),
    accounts: new Map(m.accounts),
    shares: new Map(m.shares),
    settings: m.settings,
  };
}

/** Applies one row; true when it may change access (so the index must be rebuilt). */
function apply(maps: Maps, row: StoredRow): boolean {
  const collection: CollectionName = row.collection;
  if (collection === 'settings') {
    const next = row.deleted ? DEFAULT_SETTINGS : (row.doc as WorkspaceSettings);
    const changed =
      next.allAccessMode !== maps.settings.allAccessMode ||
      next.extendedAccessEnabled !== maps.settings.extendedAccessEnabled ||
      next.name !== maps.settings.name;
    maps.settings = next;
    return changed;
  }
  if (collection === 'credentials') return false;
  const map = maps[collection] as Map<string, StoredRow['doc']>;
  const previous = map.get(row.id);
  if (row.deleted) return map.delete(row.id);
  map.set(row.id, row.doc);
  // Re-sequenced rows (visibility-bumps.ts) arrive unchanged and change nothing.
  if (previous !== undefined && JSON.stringify(previous) === JSON.stringify(row.doc)) return false;
  if (collection !== 'accounts' || previous === undefined) return true;
  return (previous as Account).collectionId !== (row.doc as Account).collectionId;
}
