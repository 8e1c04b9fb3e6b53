/**
 * The workspace (everything but credentials) held in memory and indexed for the domain's RBAC
 * functions, refreshed incrementally by write position: each call reads only the rows written by
 * transactions at or above the cached horizon (records-reader.ts `Position`). What is below the
 * horizon is final and cached; committed rows above it (transactions that finished while an
 * older one still runs) are applied on top for that call only, so a decision always sees every
 * committed write, while the cached part never holds a row that an older transaction could
 * still precede. The index is rebuilt only when a change can alter access
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
  type WorkspaceSettings,
  workspaceSettings,
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
  /** The stored settings; null when none exists (the readers' default applies). */
  settings: WorkspaceSettings | null;
}

export interface WorkspaceState {
  /**
   * Every row of a transaction below this is reflected (and maybe later ones): pulls serve rows
   * only below it, so they never judge a row with access rules older than the row.
   */
  horizon: number;
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
  settings: null,
};

export class WorkspaceCache {
  private state: WorkspaceState = makeState(0, EMPTY);

  constructor(private readonly repo: RecordsRepo) {}

  /** The refresh running now, and the one that will start after it, per connection. */
  private running: Refresh | undefined;
  private next: Refresh | undefined;

  /**
   * The workspace with every write `q` sees: committed ones, and `q`'s own when it is a
   * transaction that wrote (those are never cached: its transaction is still running, so it is
   * above the horizon, and a rollback leaves nothing behind).
   *
   * Many replicas pull at once after a change (the stream tells them to): callers on the same
   * connection share a refresh, but only one that starts after they called — one already under
   * way may have read before the write they were told about. A transaction never waits on a
   * refresh PGlite's single connection cannot run meanwhile (only same-connection callers share).
   */
  async current(q: Queryable): Promise<WorkspaceState> {
    if (this.next?.q === q) return this.next.promise;
    const before = this.running?.q === q ? this.running.promise.then(noop, noop) : Promise.resolve();
    const entry: Refresh = {
      q,
      promise: before.then(() => {
        if (this.next === entry) this.next = undefined;
        this.running = entry;
        return this.refresh(q);
      }),
    };
    this.next = entry;
    const clear = (): void => {
      if (this.running === entry) this.running = undefined;
    };
    entry.promise.then(clear, clear);
    return entry.promise;
  }

  /**
   * The workspace with every write transaction `tx` sees now, read on top of the cached state
   * without moving it (no horizon to compute: a write's decisions need every committed row, not
   * which of them are final). For a write that refreshed the cache just before (its request's
   * authentication did), this reads the few rows since. The same statement reads the stored
   * rows of `refs` (what a push is about to judge), keyed by `refKey`.
   */
  async within(
    tx: Queryable,
    refs: readonly (readonly [CollectionName, string])[],
  ): Promise<{ state: WorkspaceState; rows: Map<string, StoredRow> }> {
    const base = this.state;
    const { structure, records } = await this.repo.structureRowsAndRecords(tx, base.horizon, refs);
    return { state: this.overlaid(base, structure), rows: records };
  }

  /** `base` advanced by every row `q` sees, without caching (a transaction's own writes). */
  async derive(q: Queryable, base: WorkspaceState): Promise<WorkspaceState> {
    return advance(base, await this.repo.structureRowsFrom(q, base.horizon), base.horizon);
  }

  private async refresh(q: Queryable): Promise<WorkspaceState> {
    const base = this.state;
    const { horizon, rows } = await this.repo.structureFrom(q, base.horizon);
    const final = rows.filter((r) => r.tx < horizon);
    const recent = rows.filter((r) => r.tx >= horizon);
    let cached = base;
    if (horizon > base.horizon) {
      cached = advance(base, final, horizon);
      // Another refresh may have moved further meanwhile; never go back.
      if (cached.horizon > this.state.horizon) this.state = cached;
    }
    return this.overlaid(cached, recent);
  }

  /** `cached` with `recent` (rows at or above its horizon) applied, for this call only. */
  private overlaid(cached: WorkspaceState, recent: readonly StoredRow[]): WorkspaceState {
    if (recent.length === 0) return cached;
    // Under load some transaction nearly always runs, so the same few rows sit above the
    // horizon for many calls in a row: apply them once (an index rebuild when they change access).
    const key = recent.map((r) => `${r.collection}/${r.id}@${r.tx}.${r.seq}`).join(' ');
    if (this.overlay?.base === cached && this.overlay.key === key) return this.overlay.state;
    const state = advance(cached, recent, cached.horizon);
    this.overlay = { base: cached, key, state };
    return state;
  }

  private overlay: { base: WorkspaceState; key: string; state: WorkspaceState } | undefined;
}

/** `base` with `rows` applied in order, at `horizon`. */
function advance(base: WorkspaceState, rows: readonly StoredRow[], horizon: number): WorkspaceState {
  const baseMaps = MAPS.get(base) ?? EMPTY;
  // Each row is judged against the state the rows before it left, not against `base`: a record
  // changed and then changed back within one refresh must end at its latest state.
  let maps: Maps | undefined;
  for (const row of rows) {
    if (!changesAccess(maps ?? baseMaps, row)) continue;
    maps ??= copy(baseMaps);
    apply(maps, row);
  }
  if (maps !== undefined) return makeState(horizon, maps);
  if (horizon === base.horizon) return base;
  const moved = { ...base, horizon };
  MAPS.set(moved, baseMaps);
  return moved;
}

interface Refresh {
  q: Queryable;
  promise: Promise<WorkspaceState>;
}

const noop = (): void => {};

const MAPS = new WeakMap<WorkspaceState, Maps>();

function makeState(horizon: number, maps: Maps): WorkspaceState {
  const index = indexWorkspace({
    settings: workspaceSettings(maps.settings),
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
    horizon,
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
      const next = workspaceSettings(row.deleted ? null : (row.doc as WorkspaceSettings));
      const now = workspaceSettings(maps.settings);
      return next.extendedAccessEnabled !== now.extendedAccessEnabled || next.name !== now.name;
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
    maps.settings = row.deleted ? null : (row.doc as WorkspaceSettings);
    return;
  }
  const map = maps[row.collection] as Map<string, StoredRow['doc']>;
  if (row.deleted) map.delete(row.id);
  else map.set(row.id, row.doc);
}
