/**
 * The named reads of the directory — users and teams — that SCIM provisioning answers Okta from
 * (scim/records-adapter.ts): by id (optionally row-locked for a read-modify-write), by the fields
 * Okta looks them up by, and a page of a filtered list. A user is in the directory until SCIM
 * removes them (not deleted, `removedAt` null), a team while it is not deleted. Each statement
 * keeps the predicate of a partial index of migration 0101 (or 0001), so the planner can use it;
 * writes go through records-repo.ts.
 */
import type { Team, User } from '../../domain/records';
import type { Queryable, SqlParam } from './db';

const DIRECTORY_USERS = "collection = 'users' and not deleted and (doc->>'removedAt') is null";
const LIVE_TEAMS = "collection = 'teams' and not deleted";

const COLUMNS = 'doc, seq, created_at';

/** A stored user or team with what SCIM's `meta` shows beside it. */
export interface WithMeta<T> {
  doc: T;
  /** The row's seq: it changes on every write (SCIM renders it as the weak ETag). */
  seq: number;
  /** ISO instant of the record's first write. */
  createdAt: string;
}

/**
 * A condition on a `records` row with its parameters, numbered from `$1` (scim/filter-sql.ts
 * makes them from SCIM filters). It is and-ed to the directory's own predicate.
 */
export interface SqlCondition {
  where: string;
  params: SqlParam[];
}

/** The rows a page holds: skip `offset` (0-based), then at most `limit`. */
export interface RowSlice {
  offset: number;
  limit: number;
}

/** The user in the directory with `id`; `lock` takes its row lock (`for update`). */
export function directoryUser(q: Queryable, id: string, opts?: { lock?: boolean }): Promise<WithMeta<User> | null> {
  return one<User>(q, `select ${COLUMNS} from records where ${DIRECTORY_USERS} and id = $1${lockClause(opts)}`, [id]);
}

/**
 * The user in the directory with `userName`, compared case-insensitively: migration 0102's
 * function, the same predicate as the unique index on `lower(userName)`, with its plan cached
 * (Okta asks this before every user it provisions).
 */
export function directoryUserByUserName(q: Queryable, userName: string): Promise<WithMeta<User> | null> {
  return one<User>(q, 'select doc, seq, created_at from scim_user_by_name($1)', [userName]);
}

/** A user in the directory whose `externalId` (Okta user id) is `externalId`. */
export function directoryUserByExternalId(q: Queryable, externalId: string): Promise<WithMeta<User> | null> {
  return one<User>(q, `select ${COLUMNS} from records where ${DIRECTORY_USERS} and doc->>'externalId' = $1 limit 1`, [
    externalId,
  ]);
}

/** Which of `ids` are users in the directory. */
export async function directoryUserIds(q: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const rows = await q.query<{ id: string }>(`select id from records where ${DIRECTORY_USERS} and id = any($1)`, [
    [...ids],
  ]);
  return new Set(rows.map((r) => r.id));
}

/** The active users in the directory whose workspace role is Owner (a handful). */
export async function activeOwners(q: Queryable): Promise<User[]> {
  const rows = await q.query<{ doc: User }>(
    `select doc from records where ${DIRECTORY_USERS} and doc->>'role' = 'owner' and (doc->>'active')::boolean`,
  );
  return rows.map((r) => r.doc);
}

/** One page of the users in the directory that meet `where` (all without one), and how many do. */
export function directoryUsersPage(
  q: Queryable,
  where: SqlCondition | null,
  slice: RowSlice,
): Promise<{ rows: WithMeta<User>[]; total: number }> {
  return page<User>(q, DIRECTORY_USERS, where, slice);
}

/** The live team with `id`; `lock` takes its row lock (`for update`). */
export function liveTeam(q: Queryable, id: string, opts?: { lock?: boolean }): Promise<WithMeta<Team> | null> {
  return one<Team>(q, `select ${COLUMNS} from records where ${LIVE_TEAMS} and id = $1${lockClause(opts)}`, [id]);
}

/** The live team named `displayName`, compared case-insensitively (the first by id if several are). */
export function liveTeamByDisplayName(q: Queryable, displayName: string): Promise<WithMeta<Team> | null> {
  return one<Team>(
    q,
    `select ${COLUMNS} from records where ${LIVE_TEAMS} and lower(doc->>'displayName') = lower($1) order by id limit 1`,
    [displayName],
  );
}

/** One page of the live teams that meet `where` (all without one), and how many do. */
export function liveTeamsPage(
  q: Queryable,
  where: SqlCondition | null,
  slice: RowSlice,
): Promise<{ rows: WithMeta<Team>[]; total: number }> {
  return page<Team>(q, LIVE_TEAMS, where, slice);
}

/** The stored user or team of `id`, whatever its state: what a write just made of it. */
export function directoryRecord<T extends User | Team>(
  q: Queryable,
  collection: 'users' | 'teams',
  id: string,
): Promise<WithMeta<T> | null> {
  return one<T>(q, `select ${COLUMNS} from records where collection = $1 and id = $2`, [collection, id]);
}

interface Row {
  doc: unknown;
  seq: number;
  created_at: string;
  total?: number;
}

function withMeta<T>(row: Row): WithMeta<T> {
  return { doc: row.doc as T, seq: row.seq, createdAt: row.created_at };
}

async function one<T>(q: Queryable, sql: string, params: readonly SqlParam[]): Promise<WithMeta<T> | null> {
  const rows = await q.query<Row>(sql, params);
  return rows[0] ? withMeta<T>(rows[0]) : null;
}

function lockClause(opts: { lock?: boolean } | undefined): string {
  return opts?.lock ? ' for update' : '';
}

async function page<T>(
  q: Queryable,
  live: string,
  where: SqlCondition | null,
  slice: RowSlice,
): Promise<{ rows: WithMeta<T>[]; total: number }> {
  const condition = where ? `${live} and ${where.where}` : live;
  const params = where?.params ?? [];
  const n = params.length;
  // Ordered by id: immutable and unique, so pages stay stable while records change.
  const rows = await q.query<Row>(
    `select ${COLUMNS}, count(*) over () as total from records where ${condition} order by id offset $${n + 1} limit $${n + 2}`,
    [...params, slice.offset, slice.limit],
  );
  let total = Number(rows[0]?.total ?? 0);
  // A page past the end (or of none) has no row to carry the count: count on its own.
  if (rows.length === 0 && (slice.offset > 0 || slice.limit === 0)) {
    const counted = await q.query<{ total: number }>(
      `select count(*) as total from records where ${condition}`,
      params,
    );
    total = Number(counted[0]?.total ?? 0);
  }
  return { rows: rows.map((r) => withMeta<T>(r)), total };
}
