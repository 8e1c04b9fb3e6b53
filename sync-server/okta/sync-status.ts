/**
 * The extension status people see on an account (view-the-status-of-an-extended-account: off,
 * pending, synced, error with extendedAt and lastSyncedAt) and the progress of a long sync.
 * Written through the records repository so replicas receive them live like any other change.
 */
import type { Account, WorkspaceSettings } from '../../domain/records';
import type { Db, Queryable } from '../store/db';
import type { Actor, RecordsRepo } from '../store/records-repo';
import type { OktaCallError } from './okta-client';
import { readRunState, type SyncProgress } from './outbox';

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

/** Writes the run's progress onto the settings document when it changed. */
export async function writeProgress(
  tx: Queryable,
  repo: RecordsRepo,
  progress: SyncProgress,
  running: boolean,
): Promise<void> {
  const settings = await repo.getForUpdate(tx, 'settings', 'workspace');
  if (settings === null) return;
  const value: WorkspaceSettings['oktaSyncProgress'] = running ? progress : null;
  if (JSON.stringify(settings.oktaSyncProgress ?? null) === JSON.stringify(value)) return;
  await repo.put(tx, 'settings', { ...settings, oktaSyncProgress: value }, OKTA_ACTOR, 'settings.oktaSyncProgress');
}

/**
 * Publishes the current run's progress (and whether one runs) onto the settings document, unless
 * it is `last`, what this caller published before (a worker polls often). The state is read again
 * under the settings row lock, in one statement: a publisher never mixes two moments (the progress
 * from before a run started, the queue from after: "0 of 0"), and concurrent publishers (a
 * worker's ticker and its batch, other servers) write in order, never an older state last.
 * Returns what it published, for the next call's `last`.
 */
export async function publishProgress(db: Db, repo: RecordsRepo, last: string | null): Promise<string> {
  const runState = async (q: Queryable) => {
    const { progress, pending } = await readRunState(q);
    return { progress, running: pending > 0 };
  };
  const seen = JSON.stringify(await runState(db));
  if (seen === last) return seen;
  return db.transaction(async (tx) => {
    await repo.getForUpdate(tx, 'settings', 'workspace');
    const state = await runState(tx);
    await writeProgress(tx, repo, state.progress, state.running);
    return JSON.stringify(state);
  });
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
