/**
 * Audit rows for drift (domain/okta-drift.ts): one per change an Okta admin made that a sync
 * overwrote, and one per finished drift sweep, written by the system actor `okta-sync` so the
 * audit log lists them as Okta events. `detail` holds the drift itself (labels, group names,
 * Okta logins: what Okta already shows every admin, never a secret); the audit screen turns it
 * into the sentence `driftSentence` makes.
 */
import { DRIFT_AUDIT_ACTION, type OktaDrift, SWEEP_AUDIT_ACTION, type SweepSummary } from '../../domain/okta-drift';
import { auditRecordEvents } from '../store/audit-write';
import type { Queryable } from '../store/db';
import { OKTA_ACTOR } from './sync-status';

const ACTOR_ID = OKTA_ACTOR.type === 'system' ? OKTA_ACTOR.name : 'okta-sync';

export async function recordDrift(tx: Queryable, accountId: string, drift: readonly OktaDrift[]): Promise<void> {
  if (drift.length === 0) return;
  // At the account record's seq: the drift concerns that version of it.
  await auditRecordEvents(
    tx,
    { actor: OKTA_ACTOR, action: DRIFT_AUDIT_ACTION, collection: 'accounts', recordId: accountId },
    drift.map((d) => ({ fields: [], drift: d })),
  );
}

export async function recordSweep(tx: Queryable, summary: SweepSummary): Promise<void> {
  await tx.query(
    `insert into audit_events (actor_type, actor_id, action, collection, record_id, seq, detail)
     values ('system', $1, $2, 'settings', 'workspace', 0, jsonb_build_object('fields', '[]'::jsonb, 'sweep', $3::jsonb))`,
    [ACTOR_ID, SWEEP_AUDIT_ACTION, JSON.stringify(summary)],
  );
}
