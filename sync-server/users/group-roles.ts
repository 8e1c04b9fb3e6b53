/**
 * Role from an Okta group, on the server: after anything that changes a team's members, mapping or
 * existence, or a user's manual role, the affected users' effective `role` is recomputed
 * (withGroupRole, domain/workspace-roles.ts) in the same transaction, so no reader ever sees a role
 * that disagrees with the teams. A change is one audited write (`user.roleFromGroup`); a role
 * falling below Super Admin clears All-Access Mode in that write. Callers hold the write lock.
 */
import { settleAllAccess } from '../../domain/access';
import type { Team, User } from '../../domain/records';
import { withGroupRole } from '../../domain/workspace-roles';
import type { Queryable } from '../store/db';
import { liveTeams, liveUsers } from '../store/record-queries';
import type { Actor, RecordsRepo } from '../store/records-repo';

/** Writes the users of `userIds` whose effective role changed; returns them as written. */
export async function settleGroupRoles(
  tx: Queryable,
  repo: RecordsRepo,
  userIds: Iterable<string>,
  actor: Actor,
): Promise<User[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  const teams = await liveTeams(tx);
  const changed: User[] = [];
  for (const user of await liveUsers(tx, ids)) {
    const next = withGroupRole(user, teams);
    if (next === user) continue;
    const settled = settleAllAccess(next);
    await repo.put(tx, 'users', settled, actor, 'user.roleFromGroup');
    changed.push(settled);
  }
  return changed;
}

/**
 * Did Okta push this team? Okta's Push Groups sends no externalId, so `oktaGroupId` is often null
 * for a pushed team: what tells is that SCIM wrote it (every write is audited with its actor).
 */
export async function pushedByOkta(q: Queryable, team: Team): Promise<boolean> {
  if (team.oktaGroupId !== null) return true;
  const rows = await q.query<{ one: number }>(
    "select 1 as one from audit_events where collection = 'teams' and record_id = $1 and actor_type = 'scim' limit 1",
    [team.id],
  );
  return rows.length > 0;
}

/** Members of either version of a team whose role the change may move (none when neither maps a role). */
export function membersAffected(before: Team | null, after: Team | null): string[] {
  const maps = (t: Team | null) => t !== null && t.mappedRole !== null;
  if (!maps(before) && !maps(after)) return [];
  return [...new Set([...(before?.memberIds ?? []), ...(after?.memberIds ?? [])])];
}
