/**
 * The audit events of record writes (table `audit_events`, migration 0002), one per change,
 * inserted in the writer's transaction. Several changes go in one statement: a push of 100
 * edits costs one round trip here, not 100. `detail` names changed fields, never their values
 * (they may be secrets). Events about a record that no write carries go through
 * `auditRecordEvents`.
 */
import type { Share } from '../../domain/records';
import type { AuditShare } from '../../domain/wire/audit';
import type { CollectionName, Doc } from '../../domain/wire/collections';
import type { Actor, Change } from './change';
import type { Queryable } from './db';

export interface AuditEntry {
  change: Change;
  action: string;
}

/**
 * The audit events of `entries` as the JSON `auditInsertSql` reads: one statement for any number
 * of changes.
 */
export function auditRowsJson(entries: readonly AuditEntry[]): string {
  return JSON.stringify(
    entries.map(({ change, action }) => ({
      actor_type: change.actor.type,
      actor_id: actorId(change.actor),
      device_id: change.actor.type === 'user' ? change.actor.deviceId : null,
      action,
      collection: change.collection,
      record_id: (change.after ?? change.before)?.id ?? '',
      detail: { fields: changedFields(change.before, change.after), ...shareDetail(change) },
    })),
  );
}

/**
 * The insert of the events in the JSON parameter `param` (from `auditRowsJson`), as a
 * data-modifying CTE of the statement that writes the records: `written` names that write's
 * `returning id, seq`, so each event carries the seq its record got, in the same round trip.
 * `ordinality` keeps the events' ids in the order of the changes.
 */
export function auditInsertSql(param: string, written: string): string {
  return `insert into audit_events (actor_type, actor_id, device_id, action, collection, record_id, seq, detail)
     select e->>'actor_type', e->>'actor_id', e->>'device_id', e->>'action', e->>'collection', e->>'record_id',
            w.seq, e->'detail'
       from jsonb_array_elements(${param}::jsonb) with ordinality as t(e, n)
       join ${written} w on w.id = e->>'record_id'
       order by n`;
}

/**
 * Audit events about a record that no write of it carries (SCIM's deprovisioning summary, drift
 * an Okta sync overwrote, a logo change), one per entry of `details` in its order, each at the
 * record's current seq (0 without a row): the version of the record the event concerns. The seq
 * is read inside the insert: one round trip.
 */
export async function auditRecordEvents(
  q: Queryable,
  event: { actor: Actor; action: string; collection: CollectionName; recordId: string },
  details: readonly Record<string, unknown>[],
): Promise<void> {
  const { actor, action, collection, recordId } = event;
  await q.query(
    `insert into audit_events (actor_type, actor_id, device_id, action, collection, record_id, seq, detail)
     select $1, $2, $3, $4, $5, $6, coalesce((select seq from records where collection = $5 and id = $6), 0), d
       from jsonb_array_elements($7::jsonb) with ordinality as t(d, n) order by n`,
    [
      actor.type,
      actorId(actor),
      actor.type === 'user' ? actor.deviceId : null,
      action,
      collection,
      recordId,
      JSON.stringify(details),
    ],
  );
}

/** A share write names its item, grantee and role (ids, not secrets) so the log can say who got what. */
function shareDetail(change: Change): { share?: AuditShare } {
  if (change.collection !== 'shares') return {};
  const doc = (change.after ?? change.before) as Share | null;
  if (doc === null) return {};
  const { itemType, itemId, granteeType, granteeId, role } = doc;
  return { share: { itemType, itemId, granteeType, granteeId, role } };
}

function actorId(actor: Actor): string | null {
  return actor.type === 'user' ? actor.userId : actor.type === 'system' ? actor.name : null;
}

function changedFields(before: Doc | null, after: Doc | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  keys.delete('updatedAt');
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}
