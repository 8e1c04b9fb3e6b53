/**
 * What the SCIM service needs from storage, as one interface. The implementation
 * (`records-adapter.ts`) writes through the sync server's records repository, so every SCIM
 * change bumps the replication sequence, runs the change hooks (the Okta outbox) in the same
 * transaction and reaches desktop replicas after commit.
 */
import type { Account, Share, Team, User, WorkspaceSnapshot } from '../../domain/records';
import type { Queryable } from '../store/db';
import type { RowSlice, SqlCondition } from '../store/directory-queries';
import type { AttributeMap } from './filter-sql';

/** A record with what SCIM `meta` needs beyond the record itself. */
export interface Stored<T> {
  record: T;
  /** ISO instant of the first write. */
  created: string;
  /** Changes on every write (the replication sequence); rendered as the weak ETag. */
  version: string;
}

export interface ScimStore {
  /**
   * A write transaction. It takes the repository's write lock first, before any row lock, so a
   * check-then-write (is this userName free?) cannot interleave with another writer's, and row
   * locks are always taken in the same order as the repository's own writes (no deadlock).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** For reads of one statement each: no BEGIN/COMMIT round trips on the hot lookup path. */
  read<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** SQL expressions a filter may use, for `filterToSql`. */
  readonly userAttributes: AttributeMap;
  readonly teamAttributes: AttributeMap;

  /** Users not removed (`removedAt` null); `lock` takes a row lock for a read-modify-write. */
  getUser(tx: Queryable, id: string, opts?: { lock?: boolean }): Promise<Stored<User> | null>;
  /** Case-insensitive, index-backed, among users not removed. */
  findUserByUserName(tx: Queryable, userName: string): Promise<Stored<User> | null>;
  /** Live users whose externalId (Okta user id) is `externalId`. */
  findUserByExternalId(tx: Queryable, externalId: string): Promise<Stored<User> | null>;
  /** Active, live users with the workspace role Owner (a handful). */
  activeOwners(tx: Queryable): Promise<User[]>;
  /** A page of users not removed: `page` is a SCIM request's 1-based `startIndex` and `count` (list.ts), translated. */
  listUsers(
    tx: Queryable,
    where: SqlCondition | null,
    page: RowSlice,
  ): Promise<{ rows: Stored<User>[]; total: number }>;
  /** Which of `ids` are users not removed. */
  existingUserIds(tx: Queryable, ids: readonly string[]): Promise<Set<string>>;
  putUser(tx: Queryable, user: User): Promise<Stored<User>>;

  getTeam(tx: Queryable, id: string, opts?: { lock?: boolean }): Promise<Stored<Team> | null>;
  findTeamByDisplayName(tx: Queryable, displayName: string): Promise<Stored<Team> | null>;
  listTeams(
    tx: Queryable,
    where: SqlCondition | null,
    page: RowSlice,
  ): Promise<{ rows: Stored<Team>[]; total: number }>;
  putTeam(tx: Queryable, team: Team): Promise<Stored<Team>>;
  deleteTeam(tx: Queryable, id: string): Promise<void>;
  /** Teams whose members include `userId`. */
  teamsWithMember(tx: Queryable, userId: string): Promise<Team[]>;

  /** The records deprovisioning reasons about: everything that can grant `userId` access. */
  accessSnapshot(tx: Queryable, userId: string): Promise<WorkspaceSnapshot>;
  putAccount(tx: Queryable, account: Account): Promise<void>;
  deleteShare(tx: Queryable, share: Share): Promise<void>;
  /** Shares whose grantee is the given user or team. */
  sharesHeldBy(tx: Queryable, granteeType: Share['granteeType'], granteeId: string): Promise<Share[]>;

  /** An audit event beyond the per-record ones the repository writes. */
  audit(tx: Queryable, event: { action: string; subjectId: string; details: Record<string, unknown> }): Promise<void>;
}
