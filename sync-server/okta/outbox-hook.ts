/**
 * The records repository's change hook that keeps the outbox complete: every committed write
 * that can alter an account's Okta app queues that account in the same transaction.
 */
import type { RecordsRepo } from '../store/records-repo';
import { affectedBy, resolveAccounts } from './affected';
import { enqueue, enqueueAllExtended } from './outbox';

/** Registers the hook; `onQueued` runs (inside the transaction) when something was queued. */
export function registerOutboxHook(repo: RecordsRepo, onQueued?: () => void): () => void {
  return repo.onChange(async (tx, change) => {
    const refs = affectedBy(change);
    const queued = refs.all ? await enqueueAllExtended(tx) : await enqueue(tx, await resolveAccounts(tx, refs));
    if (queued > 0) onQueued?.();
  });
}
