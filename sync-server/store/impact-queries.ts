/**
 * The bulk half of "which records does this change affect": the refs the domain names
 * (domain/access-impact.ts) expanded to accounts and collections with SQL over `records`, inside
 * the writer's transaction so the expansion sees the change itself. One expansion for both
 * listeners: visibility re-sequencing (visibility-bumps.ts) and the Okta outbox
 * (okta/outbox-hook.ts).
 */
import type { ImpactRefs } from '../../domain/access-impact';
import type { Queryable } from './db';

export interface ReachedItems {
  /** Accounts named, shared with a named user or team, or in a reached collection. */
  accountIds: string[];
  /** Collections named, or shared with a named user or team. */
  collectionIds: string[];
}

export async function reachedItems(tx: Queryable, refs: Omit<ImpactRefs, 'all'>): Promise<ReachedItems> {
  const accounts = new Set(refs.accountIds);
  const collections = new Set(refs.collectionIds);
  const teams = new Set(refs.teamIds);
  const add = (kind: string, id: string): void => {
    if (kind === 'account') accounts.add(id);
    else if (kind === 'collection') collections.add(id);
    else if (kind === 'team') teams.add(id);
  };
  if (refs.userIds.length > 0) {
    const rows = await tx.query<{ kind: string; id: string }>(
      `select 'team' as kind, id from records
        where collection = 'teams' and not deleted and doc->'memberIds' ?| $1::text[]
       union all
       select doc->>'itemType' as kind, doc->>'itemId' as id from records
        where collection = 'shares' and not deleted and doc->>'granteeType' = 'user' and doc->>'granteeId' = any($1::text[])`,
      [refs.userIds],
    );
    for (const r of rows) add(r.kind, r.id);
  }
  if (teams.size > 0) {
    const rows = await tx.query<{ kind: string; id: string }>(
      `select doc->>'itemType' as kind, doc->>'itemId' as id from records
        where collection = 'shares' and not deleted and doc->>'granteeType' = 'team' and doc->>'granteeId' = any($1::text[])`,
      [[...teams]],
    );
    for (const r of rows) add(r.kind, r.id);
  }
  if (collections.size > 0) {
    const rows = await tx.query<{ id: string }>(
      `select id from records where collection = 'accounts' and doc->>'collectionId' = any($1::text[])`,
      [[...collections]],
    );
    for (const r of rows) accounts.add(r.id);
  }
  return { accountIds: [...accounts], collectionIds: [...collections] };
}
