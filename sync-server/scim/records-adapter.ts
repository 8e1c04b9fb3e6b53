/**
 * `ScimStore` over the sync server's `records` table: reads with index-backed SQL (migration
 * 0101 adds the indexes SCIM lookups need), writes only through `RecordsRepo`, so sequence,
 * audit, change hooks (Okta outbox) and live notification happen as for any other write.
 */
import { settleAllAccess } from '../../domain/access';
import type { Team, User } from '../../domain/records';
import type { CollectionName } from '../../domain/wire/collections';
import type { Db, Queryable, SqlParam } from '../store/db';
import { sharesHeldBy, teamsWithMember } from '../store/record-queries';
import { type Actor, type RecordsRepo, RecordValidationError } from '../store/records-repo';
import { membersAffected, settleGroupRoles } from '../users/group-roles';
import { readAccessSnapshot } from '../workspace/workspace-reader';
import { badRequest } from './errors';
import type { AttributeMap, SqlCondition } from './filter-sql';
import type { RowSlice, ScimStore, Stored } from './scim-store';

const SCIM: Actor = { type: 'scim' };

// Each predicate matches a partial index of migration 0101 (or 0001) so the planner can use it.
const LIVE_USERS = "collection = 'users' and not deleted and (doc->>'removedAt') is null";
const LIVE_TEAMS = "collection = 'teams' and not deleted";

const USER_ATTRIBUTES: AttributeMap = {
  id: { sql: 'id', type: 'string', caseExact: true },
  username: { sql: "(doc->>'userName')", type: 'string', caseExact: false },
  'emails.value': { sql: "(doc->>'userName')", type: 'string', caseExact: false },
  externalid: { sql: "(doc->>'externalId')", type: 'string', caseExact: true },
  displayname: {
    sql: "coalesce(nullif(concat_ws(' ', nullif(doc->>'givenName', ''), nullif(doc->>'familyName', '')), ''), doc->>'userName')",
    type: 'string',
    caseExact: false,
  },
  'name.givenname': { sql: "(doc->>'givenName')", type: 'string', caseExact: false },
  'name.familyname': { sql: "(doc->>'familyName')", type: 'string', caseExact: false },
  active: { sql: "(doc->>'active')::boolean", type: 'boolean', caseExact: true },
  'meta.lastmodified': { sql: "(doc->>'updatedAt')", type: 'datetime', caseExact: true },
  'meta.created': { sql: 'created_at', type: 'datetime', caseExact: true },
};

const TEAM_ATTRIBUTES: AttributeMap = {
  id: { sql: 'id', type: 'string', caseExact: true },
  displayname: { sql: "(doc->>'displayName')", type: 'string', caseExact: false },
  externalid: { sql: "(doc->>'oktaGroupId')", type: 'string', caseExact: true },
  'meta.lastmodified': { sql: "(doc->>'updatedAt')", type: 'datetime', caseExact: true },
  'meta.created': { sql: 'created_at', type: 'datetime', caseExact: true },
};

interface Row {
  doc: Record<string, unknown>;
  seq: number;
  created_at: string;
  total?: number;
}

const COLUMNS = 'doc, seq, created_at';

export function recordsScimStore(db: Db, repo: RecordsRepo): ScimStore {
  const stored = <T>(row: Row): Stored<T> => ({
    record: row.doc as T,
    created: row.created_at,
    version: String(row.seq),
  });

  const one = async <T>(tx: Queryable, sql: string, params: SqlParam[]): Promise<Stored<T> | null> => {
    const rows = await tx.query<Row>(sql, params);
    return rows[0] ? stored<T>(rows[0]) : null;
  };

  const list = async <T>(tx: Queryable, live: string, where: SqlCondition | null, page: RowSlice) => {
    const condition = where ? `${live} and ${where.where}` : live;
    const params = where?.params ?? [];
    const n = params.length;
    // Ordered by id: immutable and unique, so pages stay stable while records change.
    const rows = await tx.query<Row>(
      `select ${COLUMNS}, count(*) over () as total from records where ${condition} order by id offset $${n + 1} limit $${n + 2}`,
      [...params, page.offset, page.limit],
    );
    let total = Number(rows[0]?.total ?? 0);
    if (rows.length === 0 && (page.offset > 0 || page.limit === 0)) {
      const counted = await tx.query<{ total: number }>(
        `select count(*) as total from records where ${condition}`,
        params,
      );
      total = Number(counted[0]?.total ?? 0);
    }
    return { rows: rows.map((r) => stored<T>(r)), total };
  };

  const put = async <C extends CollectionName>(tx: Queryable, collection: C, doc: never, action?: string) => {
    try {
      return await repo.put(tx, collection, doc, SCIM, action);
    } catch (err) {
      // The SCIM mapping validates first; this is the last line, so nothing invalid is stored.
      if (err instanceof RecordValidationError) throw badRequest('invalidValue', err.message);
      throw err;
    }
  };

  const reread = async <T>(tx: Queryable, collection: CollectionName, id: string): Promise<Stored<T>> => {
    const row = await one<T>(tx, `select ${COLUMNS} from records where collection = $1 and id = $2`, [collection, id]);
    if (!row) throw new Error(`record ${collection}/${id} vanished inside its own transaction`);
    return row;
  };

  return {
    transaction: (fn) =>
      db.transaction(async (tx) => {
        await repo.lockDirectory(tx);
        return fn(tx);
      }),
    read: (fn) => fn(db),
    userAttributes: USER_ATTRIBUTES,
    teamAttributes: TEAM_ATTRIBUTES,

    getUser: (tx, id, opts) =>
      one<User>(
        tx,
        `select ${COLUMNS} from records where ${LIVE_USERS} and id = $1${opts?.lock ? ' for update' : ''}`,
        [id],
      ),
    // Migration 0102: the same predicate as LIVE_USERS, with its plan cached.
    findUserByUserName: (tx, userName) =>
      one<User>(tx, 'select doc, seq, created_at from scim_user_by_name($1)', [userName]),
    findUserByExternalId: (tx, externalId) =>
      one<User>(tx, `select ${COLUMNS} from records where ${LIVE_USERS} and doc->>'externalId' = $1 limit 1`, [
        externalId,
      ]),
    listUsers: (tx, where, page) => list<User>(tx, LIVE_USERS, where, page),
    async activeOwners(tx) {
      const rows = await tx.query<{ doc: User }>(
        `select doc from records where ${LIVE_USERS} and doc->>'role' = 'owner' and (doc->>'active')::boolean`,
      );
      return rows.map((r) => r.doc);
    },
    async existingUserIds(tx, ids) {
      const rows = await tx.query<{ id: string }>(`select id from records where ${LIVE_USERS} and id = any($1)`, [
        [...ids],
      ]);
      return new Set(rows.map((r) => r.id));
    },
    async putUser(tx, user) {
      const action = user.removedAt ? 'scim.user.remove' : undefined;
      // Deactivation and removal clear All-Access Mode in the same write, so it does not come
      // back on by itself when Okta reactivates the user. SCIM never sets roles: the stored ones
      // win over the caller's copy, which deprovisioning's team changes may have made stale.
      const stored = await one<User>(tx, `select ${COLUMNS} from records where collection = 'users' and id = $1`, [
        user.id,
      ]);
      const roles = stored ? { role: stored.record.role, manualRole: stored.record.manualRole } : {};
      await put(tx, 'users', settleAllAccess({ ...user, ...roles }) as never, action);
      return reread<User>(tx, 'users', user.id);
    },

    getTeam: (tx, id, opts) =>
      one<Team>(
        tx,
        `select ${COLUMNS} from records where ${LIVE_TEAMS} and id = $1${opts?.lock ? ' for update' : ''}`,
        [id],
      ),
    findTeamByDisplayName: (tx, displayName) =>
      one<Team>(
        tx,
        `select ${COLUMNS} from records where ${LIVE_TEAMS} and lower(doc->>'displayName') = lower($1) order by id limit 1`,
        [displayName],
      ),
    listTeams: (tx, where, page) => list<Team>(tx, LIVE_TEAMS, where, page),
    // Okta's membership changes set the roles mapped teams give, in the same transaction.
    async putTeam(tx, team) {
      const before = await one<Team>(tx, `select ${COLUMNS} from records where ${LIVE_TEAMS} and id = $1`, [team.id]);
      await put(tx, 'teams', team as never);
      await settleGroupRoles(tx, repo, membersAffected(before?.record ?? null, team), SCIM);
      return reread<Team>(tx, 'teams', team.id);
    },
    async deleteTeam(tx, id) {
      const before = await one<Team>(tx, `select ${COLUMNS} from records where ${LIVE_TEAMS} and id = $1`, [id]);
      await repo.remove(tx, 'teams', id, SCIM);
      await settleGroupRoles(tx, repo, membersAffected(before?.record ?? null, null), SCIM);
    },
    teamsWithMember,

    accessSnapshot: readAccessSnapshot,
    async putAccount(tx, account) {
      await put(tx, 'accounts', account as never, 'scim.account.rotationRequired');
    },
    async deleteShare(tx, share) {
      await repo.remove(tx, 'shares', share.id, SCIM, 'scim.share.removeOnDeprovision');
    },
    sharesHeldBy,
    async audit(tx, event) {
      const seq = (
        await tx.query<{ seq: number }>("select seq from records where collection = 'users' and id = $1", [
          event.subjectId,
        ])
      )[0]?.seq;
      await tx.query(
        `insert into audit_events (actor_type, actor_id, device_id, action, collection, record_id, seq, detail)
         values ('scim', null, null, $1, 'users', $2, $3, $4)`,
        [event.action, event.subjectId, seq ?? 0, JSON.stringify(event.details)],
      );
    },
  };
}
