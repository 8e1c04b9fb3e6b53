/**
 * `ScimStore` over the sync server's `records` table: reads are the named directory queries of
 * store/directory-queries.ts (index-backed; migration 0101 adds the indexes SCIM lookups need),
 * writes go only through `RecordsRepo`, so sequence, audit, change hooks (Okta outbox) and live
 * notification happen as for any other write.
 */
import { settleAllAccess } from '../../domain/access';
import type { Team, User } from '../../domain/records';
import type { CollectionName } from '../../domain/wire/collections';
import { auditRecordEvents } from '../store/audit-write';
import type { Db, Queryable } from '../store/db';
import {
  activeOwners,
  directoryRecord,
  directoryUser,
  directoryUserByExternalId,
  directoryUserByUserName,
  directoryUserIds,
  directoryUsersPage,
  liveTeam,
  liveTeamByDisplayName,
  liveTeamsPage,
  type WithMeta,
} from '../store/directory-queries';
import { sharesHeldBy, storedUser, teamsWithMember } from '../store/record-queries';
import { type Actor, type RecordsRepo, RecordValidationError } from '../store/records-repo';
import { membersAffected, settleGroupRoles } from '../users/group-roles';
import { readAccessSnapshot } from '../workspace/workspace-reader';
import { badRequest } from './errors';
import { TEAM_ATTRIBUTES, USER_ATTRIBUTES } from './filter-attributes';
import type { ScimStore, Stored } from './scim-store';

const SCIM: Actor = { type: 'scim' };

function stored<T>(row: WithMeta<T>): Stored<T> {
  return { record: row.doc, created: row.createdAt, version: String(row.seq) };
}

function storedOrNull<T>(row: WithMeta<T> | null): Stored<T> | null {
  return row === null ? null : stored(row);
}

function storedPage<T>(page: { rows: WithMeta<T>[]; total: number }): { rows: Stored<T>[]; total: number } {
  return { rows: page.rows.map((r) => stored(r)), total: page.total };
}

export function recordsScimStore(db: Db, repo: RecordsRepo): ScimStore {
  const put = async <C extends CollectionName>(tx: Queryable, collection: C, doc: never, action?: string) => {
    try {
      return await repo.put(tx, collection, doc, SCIM, action);
    } catch (err) {
      // The SCIM mapping validates first; this is the last line, so nothing invalid is stored.
      if (err instanceof RecordValidationError) throw badRequest('invalidValue', err.message);
      throw err;
    }
  };

  const reread = async <T extends User | Team>(tx: Queryable, collection: 'users' | 'teams', id: string) => {
    const row = await directoryRecord<T>(tx, collection, id);
    if (!row) throw new Error(`record ${collection}/${id} vanished inside its own transaction`);
    return stored(row);
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

    getUser: async (tx, id, opts) => storedOrNull(await directoryUser(tx, id, opts)),
    findUserByUserName: async (tx, userName) => storedOrNull(await directoryUserByUserName(tx, userName)),
    findUserByExternalId: async (tx, externalId) => storedOrNull(await directoryUserByExternalId(tx, externalId)),
    listUsers: async (tx, where, page) => storedPage(await directoryUsersPage(tx, where, page)),
    activeOwners,
    existingUserIds: directoryUserIds,
    async putUser(tx, user) {
      const action = user.removedAt ? 'scim.user.remove' : undefined;
      // Deactivation and removal clear All-Access Mode in the same write, so it does not come
      // back on by itself when Okta reactivates the user. SCIM never sets roles: the stored ones
      // win over the caller's copy, which deprovisioning's team changes may have made stale.
      const before = await storedUser(tx, user.id);
      const roles = before ? { role: before.role, manualRole: before.manualRole } : {};
      await put(tx, 'users', settleAllAccess({ ...user, ...roles }) as never, action);
      return reread<User>(tx, 'users', user.id);
    },

    getTeam: async (tx, id, opts) => storedOrNull(await liveTeam(tx, id, opts)),
    findTeamByDisplayName: async (tx, displayName) => storedOrNull(await liveTeamByDisplayName(tx, displayName)),
    listTeams: async (tx, where, page) => storedPage(await liveTeamsPage(tx, where, page)),
    // Okta's membership changes set the roles mapped teams give, in the same transaction.
    async putTeam(tx, team) {
      const before = await liveTeam(tx, team.id);
      await put(tx, 'teams', team as never);
      await settleGroupRoles(tx, repo, membersAffected(before?.doc ?? null, team), SCIM);
      return reread<Team>(tx, 'teams', team.id);
    },
    async deleteTeam(tx, id) {
      const before = await liveTeam(tx, id);
      await repo.remove(tx, 'teams', id, SCIM);
      await settleGroupRoles(tx, repo, membersAffected(before?.doc ?? null, null), SCIM);
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
      await auditRecordEvents(
        tx,
        { actor: SCIM, action: event.action, collection: 'users', recordId: event.subjectId },
        [event.details],
      );
    },
  };
}
