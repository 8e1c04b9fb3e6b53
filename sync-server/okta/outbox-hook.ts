/**
 * The records repository's change hook that keeps the outbox complete: every committed write
 * that can alter an account's Okta app (domain/access-impact.ts `oktaImpactOf`) queues that
 * account in the same transaction.
 */
import { oktaImpactOf } from '../../domain/access-impact';
import { reachedItems } from '../store/impact-queries';
import type { RecordsRepo } from '../store/records-repo';
import { enqueue, enqueueAllExtended } from './outbox';

/** Registers the hook (enqueueing notifies the workers once the transaction commits). */
export function registerOutboxHook(repo: RecordsRepo): () => void {
  return repo.onChange(async (tx, change) => {
    const refs = oktaImpactOf(change);
    if (refs.all) await enqueueAllExtended(tx);
    else await enqueue(tx, (await reachedItems(tx, refs)).accountIds);
  });
}
