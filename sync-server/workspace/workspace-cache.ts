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
  DEFAULT_SETTINGS,
  type Share,
  type Team,
  type User,
  type WorkspaceSettings,
} from '../../domain/records';
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

const EMPTY: Maps = {
  users: new Map(),
  teams: new Map(),
  collections: new Map(),
  accounts: new Map(),
  shares: new Map(),
  settings: DEFAULT_SETTINGS,
};

export class WorkspaceCache {
  private state: WorkspaceState = makeState(0, EMPTY);

  constructor(private readonly repo: RecordsRepo) {}

  private inflight: { q: Queryable; head: number; promise: Promise<WorkspaceState> } | undefined;

  /** The workspace as of the latest committed write visible to `q`. */
  async current(q: Queryable): Promise<WorkspaceState> {
    const head = await this.repo.headSeq(q);
    if (head <= this.state.seq) return this.state;
    // Many replicas pull at once after a change (the stream tells them to): one refresh that
    // reaches at least our head serves them all. Only callers on the same connection share it;
    // a transaction never waits on a refresh PGlite's single connection cannot run meanwhile.
    const running = this.inflight;
    if (running !== undefined && running.q === q && running.head >= head) return running.promise;
    const promise = this.read(q, this.state, head).then((next) => {
      // Another refresh may have moved further meanwhile; never go back.
      if (next.seq > this.state.seq) this.state = next;
      return this.state;
    });
    const entry = { q, head, promise };
    this.inflight = entry;
    const clear = (): void => {
      if (this.inflight === entry) this.inflight = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  /**
   * `base` advanced by rows `q` sees, WITHOUT caching the result: for a transaction that reads
   * its own uncommitted writes (a rollback must not leave them in the cache).
   */
  async derive(q: Queryable, base: WorkspaceState): Promise<WorkspaceState> {
    return this.read(q, base, await this.repo.headSeq(q));
  }

  /**
   * Writers hold one lock from seq to commit, so once `head` is visible every smaller seq is
   * committed: the state returned is exact up to `head`, credentials included.
   */
  private async read(q: Queryable, base: WorkspaceState, head: number): Promise<WorkspaceState> {
    if (head <= base.seq) return base;
    const rows = await this.repo.structureSince(q, base.seq, head);
    const baseMaps = MAPS.get(base) ?? EMPTY;
    // Each row is judged against the state the rows before it left, not against `base`: a record
    // changed and then changed back within one refresh must end at its latest state.
    let maps: Maps | undefined;
    for (const row of rows) {
      if (!changesAccess(maps ?? baseMaps, row)) continue;
      maps ??= copy(baseMaps);
      apply(maps, row);
    }
    if (maps === undefined) {
      const moved = { ...base, seq: head };
      MAPS.set(moved, baseMaps);
      return moved;
    }
    return makeState(head, maps);
  }
}

const MAPS = new WeakMap<WorkspaceState, Maps>();

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
  const state: WorkspaceState = {
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
  MAPS.set(state, maps);
  return state;
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

/**
 * Whether a row can change an access decision. An account's own content (name, labels…) cannot,
 * so such rows are not applied at all: the index's account objects may lag in fields no
 * access decision reads, and a burst of edits costs no copy and no rebuild.
 */
function changesAccess(maps: Maps, row: StoredRow): boolean {
  switch (row.collection) {
    case 'credentials':
      return false;
    case 'settings': {
      const next = row.deleted ? DEFAULT_SETTINGS : (row.doc as WorkspaceSettings);
      return next.extendedAccessEnabled !== maps.settings.extendedAccessEnabled || next.name !== maps.settings.name;
    }
    case 'accounts': {
      const previous = maps.accounts.get(row.id);
      if (previous === undefined || row.deleted) return previous !== undefined || !row.deleted;
      return previous.collectionId !== (row.doc as Account).collectionId;
    }
    default: {
      const previous = (maps[row.collection] as Map<string, unknown>).get(row.id);
      if (previous === undefined || row.deleted) return previous !== undefined || !row.deleted;
      // Re-sequenced rows (visibility-bumps.ts) arrive unchanged and change nothing.
      return JSON.stringify(previous) !== JSON.stringify(row.doc);
    }
  }
}

function apply(maps: Maps, row: StoredRow): void {
  if (row.collection === 'credentials') return;
  if (row.collection === 'settings') {
    maps.settings = row.deleted ? DEFAULT_SETTINGS : (row.doc as WorkspaceSettings);
    return;
  }
  const map = maps[row.collection] as Map<string, StoredRow['doc']>;
  if (row.deleted) map.delete(row.id);
  else map.set(row.id, row.doc);
}
