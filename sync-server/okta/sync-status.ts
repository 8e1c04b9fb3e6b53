/**
 * The extension status people see on an account (view-the-status-of-an-extended-account: off,
 * pending, synced, error with extendedAt and lastSyncedAt), written through the records
 * repository so replicas receive it live like any other change. The progress of a long sync is
 * not a record: `GET /api/v1/okta/status` reads it from the queue (outbox.ts `readRunState`).
 */
import type { Account } from '../../domain/records';
import type { Queryable } from '../store/db';
import type { Actor, RecordsRepo } from '../store/records-repo';
import type { OktaCallError } from './okta-client';

export const OKTA_ACTOR: Actor = { type: 'system', name: 'okta-sync' };

export type StatusPatch = Pick<Account, 'lastError'> & {
  /** Undefined keeps the recorded app id. */
  oktaAppId?: string | null;
  /** The state after a successful pass, or 'error'; never overrides an un-extend made meanwhile. */
  outcome: 'synced' | 'removed' | 'error';
  at: string;
};

export async function writeStatus(tx: Queryable, repo: RecordsRepo, accountId: string, p: StatusPatch): Promise<void> {
  const account = await repo.getForUpdate(tx, 'accounts', accountId);
  if (account === null) return;
  const extended = account.extensionState !== 'off';
  const next: Account = {
    ...account,
    oktaAppId: p.oktaAppId === undefined ? account.oktaAppId : p.oktaAppId,
    lastError: p.lastError,
    extensionState: !extended ? 'off' : p.outcome === 'error' ? 'error' : 'synced',
    lastSyncedAt: p.outcome === 'error' ? account.lastSyncedAt : p.at,
  };
  const same =
    next.oktaAppId === account.oktaAppId &&
    next.lastError === account.lastError &&
    next.extensionState === account.extensionState &&
    next.lastSyncedAt === account.lastSyncedAt;
  if (!same) await repo.put(tx, 'accounts', next, OKTA_ACTOR, 'account.oktaSync');
}

/** A reason a person can act on, without secrets or raw Okta internals. */
export function describeFailure(err: OktaCallError): string {
  switch (err.code) {
    case 'unauthorized':
      return `Okta refused Latchkey's API credentials (HTTP ${err.status}). Ask a workspace admin to check the Okta API token or service app configured on the Latchkey server.`;
    case 'rejected':
      return `Okta rejected a change for this account: ${err.message}. Sync the account manually; if it fails again, ask your IT admin to check the Okta app.`;
    case 'not_found':
      return `Okta could not find something this account needs (${err.message}). A person with access may no longer exist in Okta: ask your IT admin to check their Okta user, then sync the account manually.`;
    case 'rate_limited':
      return 'Okta is limiting how fast Latchkey may call it. Latchkey retries automatically; nothing to do.';
    default:
      return `Okta could not be reached (${err.message}). Latchkey retries automatically; you can also sync the account manually.`;
  }
}

export function isTransient(err: OktaCallError): boolean {
  return err.code === 'transport' || err.code === 'server_error' || err.code === 'rate_limited';
}
