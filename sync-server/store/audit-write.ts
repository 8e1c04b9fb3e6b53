/**
 * The audit events of record writes (table `audit_events`, migration 0002), one per change,
 * inserted in the writer's transaction. Several changes go in one statement: a push of 100
 * edits costs one round trip here, not 100. `detail` names changed fields, never their values
 * (they may be secrets).
 */
import type { Doc } from '../../domain/wire/collections';
import type { Actor, Change } from './change';
import type { Queryable } from './db';

export interface AuditEntry {
  change: Change;
  seq: number;
  action: string;
}

export async function insertAuditEvents(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(({ change, seq, action }) => ({
    actor_type: change.actor.type,
    actor_id: actorId(change.actor),
    device_id: change.actor.type === 'user' ? change.actor.deviceId : null,
    action,
    collection: change.collection,
    record_id: (change.after ?? change.before)?.id ?? '',
    seq,
    detail: { fields: changedFields(change.before, change.after) },
  }));
  // `ordinality` keeps the events' ids in the order of the changes.
  await tx.query(
    `insert into audit_events (actor_type, actor_id, device_id, action, collection, record_id, seq, detail)
     select e->>'actor_type', e->>'actor_id', e->>'device_id', e->>'action', e->>'collection', e->>'record_id',
            (e->>'seq')::bigint, e->'detail'
       from jsonb_array_elements($1::jsonb) with ordinality as t(e, n) order by n`,
    [JSON.stringify(rows)],
  );
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
