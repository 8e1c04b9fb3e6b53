/**
 * Every user still in the workspace (not removed by Okta), read inside the caller's transaction:
 * role changes decide on these rather than on the cached index, so two changes that each keep an
 * Owner cannot together leave none (the caller holds the directory lock, records-repo.ts).
 */
import type { User } from '../../domain/records';
import type { Queryable } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';

export async function liveUsers(q: Queryable, repo: RecordsRepo): Promise<User[]> {
  const rows = await repo.allRows(q, 'users');
  return rows
    .filter((r) => !r.deleted && (r.doc as User).removedAt === null)
    .map((r) => r.doc as User)
    .sort((a, b) => a.userName.localeCompare(b.userName));
}
