/**
 * Reads the audit log: record writes (audit_events, migration 0002) and launch authorisations
 * (launch_events, migration 0300) as one newest-first list with keyset paging. The kind of a
 * write is derived from who made it and what it was, so no migration is needed:
 *
 * - scim: written by Okta's SCIM client (actor_type 'scim')
 * - okta: the reconciler's status writes (system actor 'okta-sync') and people's extend,
 *   un-extend, sync and feature switches — everything that queued or reported an Okta push
 * - change: every other write
 * - launch / refusal: launch_events by outcome
 *
 * Older servers wrote the reconciler's progress counter onto the settings document, one audit row
 * per write; those rows are bookkeeping, not events, and stay hidden (progress is no record now).
 */
import { OktaDrift, SweepSummary } from '../../domain/okta-drift';
import { type AuditEntry, type AuditKind, type AuditPage, type AuditQuery, AuditShare } from '../../domain/wire/audit';
import type { Queryable, SqlParam } from '../store/db';

const OKTA_SYSTEM_ACTOR = 'okta-sync';
const PROGRESS_ACTION = 'settings.oktaSyncProgress';

interface Row {
  at: string;
  at_key: string;
  src: 'a' | 'l';
  id: number;
  kind: AuditKind;
  action: string;
  actor_type: 'user' | 'scim' | 'system';
  actor_id: string | null;
  device_id: string | null;
  collection: string | null;
  record_id: string | null;
  fields: unknown;
  reason: string | null;
  drift: unknown;
  sweep: unknown;
  share: unknown;
}

// Microseconds in the cursor: rows of one transaction share `at`, and a JavaScript Date would
// round it to milliseconds and skip rows between pages.
const AT_KEY = `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const EVENTS = `
  select at, ${AT_KEY} as at_key, 'a' as src, id,
    case
      when actor_type = 'scim' then 'scim'
      when (actor_type = 'system' and actor_id = '${OKTA_SYSTEM_ACTOR}')
        or action in ('account.extend', 'account.syncNow', 'settings.extendedAccess.on', 'settings.extendedAccess.off')
        or action like 'account.unextend%' then 'okta'
      else 'change'
    end as kind,
    action, actor_type, actor_id, device_id, collection, record_id,
    coalesce(detail->'fields', '[]'::jsonb) as fields, null::text as reason,
    detail->'drift' as drift, detail->'sweep' as sweep, detail->'share' as share
  from audit_events
  where action <> '${PROGRESS_ACTION}'
  union all
  select at, ${AT_KEY} as at_key, 'l' as src, id,
    case when outcome = 'allowed' then 'launch' else 'refusal' end as kind,
    'account.launch' as action, 'user' as actor_type, user_id as actor_id, device_id,
    'accounts' as collection, account_id as record_id, '[]'::jsonb as fields, reason,
    null::jsonb as drift, null::jsonb as sweep, null::jsonb as share
  from launch_events`;

export async function readAudit(q: Queryable, query: AuditQuery): Promise<AuditPage> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const param = (value: SqlParam): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.kind !== undefined) where.push(`kind = ${param(query.kind)}`);
  if (query.userId !== undefined) where.push(`actor_id = ${param(query.userId)}`);
  if (query.recordId !== undefined) where.push(`record_id = ${param(query.recordId)}`);
  if (query.before !== undefined) {
    const [at = '', src = '', id = '0'] = query.before.split('|');
    where.push(`(at, src, id) < (${param(at)}::timestamptz, ${param(src)}::text, ${param(Number(id))}::bigint)`);
  }
  const sql = `select * from (${EVENTS}) e ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
    order by at desc, src desc, id desc limit ${param(query.limit + 1)}`;
  const rows = await q.query<Row>(sql, params);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    entries: page.map(toEntry),
    next: rows.length > query.limit && last !== undefined ? `${last.at_key}|${last.src}|${last.id}` : null,
  };
}

function toEntry(row: Row): AuditEntry {
  return {
    id: `${row.src}${row.id}`,
    at: row.at,
    kind: row.kind,
    action: row.action,
    actorType: row.actor_type,
    actorId: row.actor_id,
    deviceId: row.device_id,
    collection: row.collection,
    recordId: row.record_id,
    fields: Array.isArray(row.fields) ? row.fields.filter((f): f is string => typeof f === 'string') : [],
    reason: row.reason,
    // Written by this server (drift-audit.ts); parsed so a malformed row shows as a plain entry.
    drift: OktaDrift.safeParse(row.drift).data ?? null,
    sweep: SweepSummary.safeParse(row.sweep).data ?? null,
    share: AuditShare.safeParse(row.share).data ?? null,
  };
}
