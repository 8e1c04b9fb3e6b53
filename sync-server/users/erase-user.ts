/**
 * The writes of a permanent deletion (see domain/user-erasure.ts), inside the caller's
 * transaction and write lock:
 *
 * - the user record becomes the anonymised tombstone (audited once as `user.erase`);
 * - shares granted to the user are removed and the user leaves every team, through the records
 *   repository like any write, so replicas and the Okta projection follow;
 * - rows kept only for the user go: which records their devices hold (`replica_holdings`);
 * - rows that must stay for the workspace's history keep the user's id but lose what names them:
 *   audit details (SCIM rows carry the userName), Okta subjects of launch events, Okta errors
 *   queued for retry.
 *
 * Launch nonces are bound to an account, not a person, and hold nothing to remove.
 */
import type { User } from '../../domain/records';
import {
  erasedUser,
  mentions,
  type PersonalTerms,
  personalTermsOf,
  scrubJson,
  scrubText,
} from '../../domain/user-erasure';
import type { Actor } from '../store/change';
import type { Queryable } from '../store/db';
import { shareIdsGrantedToUser, teamsWithMember } from '../store/record-queries';
import type { RecordsRepo } from '../store/records-repo';

export interface ErasureReport {
  user: User;
  removedShareIds: string[];
  leftTeamIds: string[];
}

export async function eraseUser(
  tx: Queryable,
  repo: RecordsRepo,
  user: User,
  actor: Actor,
  at: string,
): Promise<ErasureReport> {
  const terms = personalTermsOf(user);

  const shareIds = await shareIdsGrantedToUser(tx, user.id);
  for (const id of shareIds) await repo.remove(tx, 'shares', id, actor, 'share.removeOnErase');

  const teams = await teamsWithMember(tx, user.id);
  if (teams.length > 0) {
    await repo.putMany(
      tx,
      'teams',
      teams.map((doc) => ({
        doc: { ...doc, memberIds: doc.memberIds.filter((m) => m !== user.id) },
        action: 'team.leaveOnErase',
      })),
      actor,
    );
  }

  const tombstone = erasedUser(user, at);
  await repo.put(tx, 'users', tombstone, actor, 'user.erase');

  await tx.query('delete from replica_holdings where user_id = $1', [user.id]);
  await tx.query('update launch_events set okta_subject = null where user_id = $1 or okta_subject = any($2)', [
    user.id,
    user.externalId === null ? [] : [user.externalId],
  ]);
  await scrubAuditDetails(tx, terms);
  await scrubOutboxErrors(tx, terms);

  return { user: tombstone, removedShareIds: shareIds, leftTeamIds: teams.map((t) => t.id) };
}

/** The SQL preselects rows whose text mentions a term; the exact rule is the domain's `mentions`. */
function candidates(column: string, terms: PersonalTerms): { where: string; params: string[] } {
  const all = [...terms.contained, ...terms.whole].map((t) => t.toLowerCase());
  return {
    where: `exists (select 1 from unnest($1::text[]) t where position(t in lower(${column})) > 0)`,
    params: all,
  };
}

async function scrubAuditDetails(tx: Queryable, terms: PersonalTerms): Promise<void> {
  const { where, params } = candidates('detail::text', terms);
  const rows = await tx.query<{ id: string; detail: unknown }>(`select id, detail from audit_events where ${where}`, [
    params,
  ]);
  for (const row of rows) {
    const scrubbed = scrubJson(row.detail, terms);
    if (JSON.stringify(scrubbed) === JSON.stringify(row.detail)) continue;
    await tx.query('update audit_events set detail = $2::jsonb where id = $1', [row.id, JSON.stringify(scrubbed)]);
  }
}

async function scrubOutboxErrors(tx: Queryable, terms: PersonalTerms): Promise<void> {
  const { where, params } = candidates('last_error', terms);
  const rows = await tx.query<{ account_id: string; last_error: string }>(
    `select account_id, last_error from okta_outbox where last_error is not null and ${where}`,
    [params],
  );
  for (const row of rows) {
    if (!mentions(row.last_error, terms)) continue;
    await tx.query('update okta_outbox set last_error = $2 where account_id = $1', [
      row.account_id,
      scrubText(row.last_error, terms),
    ]);
  }
}
