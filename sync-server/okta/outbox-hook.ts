/**
 * The records repository's change hook that keeps the outbox complete: every committed write
 * that can alter an account's Okta app (domain/access-impact.ts `oktaImpactOf`) queues that
 * account in the same transaction.
 */
import { oktaImpactOf } from '../../domain/access-impact';
import { reachedItems } from '../store/impact-queries';
import type { RecordsRepo } from '../store/records-repo';
import { enqueue, enqueueAllExtended } from './outbox';

/** Registers the hook; `onQueued` runs (inside the transaction) when something was queued. */
export function registerOutboxHook(repo: RecordsRepo, onQueued?: () => void): () => void {
  return repo.onChange(async (tx, change) => {
    const refs = oktaImpactOf(change);
    const queued = refs.all
      ? await enqueueAllExtended(tx)
      : await enqueue(tx, (await reachedItems(tx, refs)).accountIds);
    if (queued > 0) onQueued?.();
  });
}
